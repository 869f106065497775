"""The reviewer's queue: what it lists, its filters, its size-independent query count, bulk approve."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from orglife.models import Cycle, Material, MaterialRevision, Review, Transition
from orglife.review.services import review_approve
from tests.factories import make_branch, make_cycle, make_material, make_member, make_submitted


def submitted_many(branch, count: int, *, start_year: int = 1000) -> list[Review]:
    """`count` cycles of `branch` with a committee material each, submitted (rows written in bulk)."""
    cycles = Cycle.objects.bulk_create(
        Cycle(branch=branch, year=start_year + n, title=f"{start_year + n}年组织生活会") for n in range(count)
    )
    materials = Material.objects.bulk_create(Material(cycle=c, title=f"{c.year}年班子材料") for c in cycles)
    revisions = MaterialRevision.objects.bulk_create(
        MaterialRevision(material=m, reason="第1次报送审核", data={}) for m in materials
    )
    now = timezone.now()
    reviews = Review.objects.bulk_create(
        Review(material=m, state="submitted", round=1, revision=r, submitted_at=now - datetime.timedelta(days=n))
        for n, (m, r) in enumerate(zip(materials, revisions, strict=True))
    )
    secretary = branch.memberships.filter(role="secretary").first()
    Transition.objects.bulk_create(
        Transition(review=review, from_state="draft", to_state="submitted", by=secretary.user, revision=review.revision)
        for review in reviews
    )
    return reviews


@pytest.mark.parametrize("size", [10, 1000])
def test_the_queue_costs_the_same_queries_for_10_and_1000_materials(world, client_for, django_assert_num_queries, size):
    submitted_many(world.branch, size)
    client = client_for(world.reviewer)
    client.get(reverse("review_queue"))  # the session and the user, once

    with django_assert_num_queries(8):  # session, user; filter choices (3); standing, count, page
        response = client.get(reverse("review_queue"))

    assert (response.context["page"].paginator.count, len(response.context["rows"])) == (size, min(size, 25))


def test_the_queue_lists_the_longest_waiting_first_with_waiting_days_and_deadline(world, client_for):
    submitted_many(world.branch, 3)
    Cycle.objects.filter(year=1000).update(planned_date=datetime.date(2022, 11, 24))

    response = client_for(world.reviewer).get(reverse("review_queue"))
    html = response.content.decode()

    assert [(r.material.cycle.year, days) for r, days in response.context["rows"]] == [(1002, 2), (1001, 1), (1000, 0)]
    assert "2022年11月24日" in html


def test_the_queue_filters_by_state_and_organisation(world, client_for, committee):
    other = make_branch(name="第三党支部", code="branch-3", parent=world.district)
    make_member(username="third", full_name="钱书记", organisation=other, role="secretary")
    submitted_many(other, 2)
    make_submitted(material=committee, by=world.secretary)
    review_approve(material=committee, by=world.reviewer)
    client = client_for(world.reviewer)

    def listed(**query) -> list[str]:
        return [r.material.title for r, _ in client.get(reverse("review_queue"), query).context["rows"]]

    assert listed() == ["1001年班子材料", "1000年班子材料"]
    assert listed(state="approved") == ["党支部班子对照检查材料"]
    assert listed(state="", org=world.branch.pk) == ["党支部班子对照检查材料"]
    assert listed(state="submitted", org=other.pk) == ["1001年班子材料", "1000年班子材料"]


def test_the_queue_holds_members_personal_materials_for_the_branch_committee_only(world, client_for, personal):
    make_submitted(material=personal, by=world.member)

    def listed(user) -> list[str]:
        return [r.material.title for r, _ in client_for(user).get(reverse("review_queue")).context["rows"]]

    assert listed(world.secretary) == ["王党员个人材料"]
    assert listed(world.committee) == ["王党员个人材料"]
    assert listed(world.member) == []  # never their own
    assert listed(world.reviewer) == []  # the branch committee decides it
    assert listed(world.outsider) == []


def test_bulk_approve_approves_the_ticked_ones_still_waiting(world, client_for):
    first, second, third = submitted_many(world.branch, 3)
    review_approve(material=third.material, by=world.reviewer)  # someone else was quicker

    response = client_for(world.reviewer).post(
        reverse("review_bulk_approve"), {"reviews": [first.pk, second.pk, third.pk]}
    )

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "已审核通过2份材料。",
        "另有1份已不在待审核列表中（可能已由他人处理），未作改动。",
    ]
    assert sorted(Review.objects.values_list("state", flat=True)) == ["approved", "approved", "approved"]


def test_bulk_approve_skips_materials_the_user_does_not_review(world, client_for):
    outsiders = make_cycle(branch=world.other_branch, year=2022, title="另一支部")
    theirs = make_submitted(material=make_material(cycle=outsiders, title="另一支部材料"), by=world.outsider)
    (mine,) = submitted_many(world.branch, 1)

    client_for(world.secretary).post(reverse("review_bulk_approve"), {"reviews": [theirs.pk, mine.pk]})

    assert sorted(Review.objects.values_list("state", flat=True)) == ["submitted", "submitted"]
