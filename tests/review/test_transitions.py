"""Every move of the review, allowed and refused, per role, through the views."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from orglife.models import Review, Transition
from orglife.orgs.services import organisation_create
from orglife.review.models import TRANSITIONS, State
from orglife.review.services import review_approve, review_submit
from tests.factories import make_member, make_returned, make_submitted

WRITER_ROLES = ("secretary", "committee", "member", "reviewer", "outsider")


def state(material) -> str:
    review = Review.objects.filter(material=material).first()
    return review.state if review else State.DRAFT


def post(client_for, user, name, material, data=None):
    return client_for(user).post(reverse(name, args=[material.pk]), data or {}).status_code


def test_the_transition_table_is_the_issue_s_state_machine():
    assert TRANSITIONS == {
        ("draft", "submitted"): "submit",
        ("returned", "submitted"): "submit",
        ("submitted", "returned"): "return",
        ("submitted", "approved"): "approve",
    }


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("draft", "approved"),
        ("draft", "returned"),
        ("approved", "submitted"),
        ("returned", "approved"),
        ("approved", "draft"),
    ],
)
def test_the_database_refuses_a_transition_outside_the_table(world, committee, source, target):
    review = Review.objects.create(material=committee)
    with pytest.raises(IntegrityError), transaction.atomic():
        Transition.objects.create(review=review, from_state=source, to_state=target, by=world.reviewer)


def test_the_database_refuses_a_submission_without_its_frozen_revision(world, committee):
    review = Review.objects.create(material=committee)
    with pytest.raises(IntegrityError), transaction.atomic():
        Transition.objects.create(review=review, from_state="draft", to_state="submitted", by=world.secretary)


@pytest.mark.parametrize(
    ("who", "status", "after"),
    [
        ("secretary", 302, "submitted"),
        ("committee", 302, "submitted"),
        ("member", 403, "draft"),
        ("reviewer", 403, "draft"),
        ("outsider", 404, "draft"),
    ],
)
def test_submit_the_committee_material_per_role(world, committee, client_for, who, status, after):
    assert post(client_for, getattr(world, who), "review_submit", committee) == status
    assert state(committee) == after


@pytest.mark.parametrize(
    ("who", "status", "after"),
    [
        ("secretary", 403, "submitted"),
        ("committee", 403, "submitted"),
        ("member", 403, "submitted"),
        ("reviewer", 302, "approved"),
        ("outsider", 404, "submitted"),
    ],
)
def test_approve_the_committee_material_per_role(world, committee, client_for, who, status, after):
    make_submitted(material=committee, by=world.secretary)
    assert post(client_for, getattr(world, who), "review_approve", committee) == status
    assert state(committee) == after


@pytest.mark.parametrize(
    ("who", "status", "after"),
    [
        ("secretary", 403, "submitted"),
        ("member", 403, "submitted"),
        ("reviewer", 302, "returned"),
        ("outsider", 404, "submitted"),
    ],
)
def test_return_the_committee_material_per_role(world, committee, client_for, who, status, after):
    make_submitted(material=committee, by=world.secretary)
    data = {"comment": "请按意见修改。"}
    assert post(client_for, getattr(world, who), "review_return", committee, data) == status
    assert state(committee) == after


def test_a_reviewer_of_another_district_gets_404_and_changes_nothing(world, committee, client_for):
    other = organisation_create(name="中共另一区委", kind="committee", code="district-2")
    elsewhere = make_member(username="elsewhere", full_name="钱审核", organisation=other, role="reviewer")
    make_submitted(material=committee, by=world.secretary)
    client = client_for(elsewhere)

    assert client.get(reverse("review_material", args=[committee.pk])).status_code == 404
    assert post(client_for, elsewhere, "review_approve", committee) == 404
    assert post(client_for, elsewhere, "review_comment", committee, {"part": "whole", "text": "x"}) == 404
    assert client.get(reverse("review_queue")).context["rows"] == []
    assert state(committee) == "submitted"


def test_a_refused_move_in_the_wrong_state_records_nothing(world, committee, client_for):
    reviewer = client_for(world.reviewer)

    response = reviewer.post(reverse("review_approve", args=[committee.pk]), follow=True)  # still a draft

    assert [str(m) for m in response.context["messages"]] == ["材料尚未报送。"]
    assert Transition.objects.count() == 0


def test_submitting_twice_records_one_submission(world, committee, client_for):
    secretary = client_for(world.secretary)
    secretary.post(reverse("review_submit", args=[committee.pk]), follow=True)
    response = secretary.post(reverse("review_submit", args=[committee.pk]), follow=True)

    assert [str(m) for m in response.context["messages"]] == ["材料已报送，正在审核，不能重复报送。"]
    assert Transition.objects.filter(to_state="submitted").count() == 1


def test_returning_without_a_comment_or_a_note_is_refused(world, committee, client_for):
    make_submitted(material=committee, by=world.secretary)

    response = client_for(world.reviewer).post(reverse("review_return", args=[committee.pk]), follow=True)

    assert [str(m) for m in response.context["messages"]] == ["退回修改时，请至少提出一条审核意见或填写退回说明。"]
    assert state(committee) == "submitted"


def test_the_whole_cycle_of_states_is_recorded_with_who_when_and_comment(world, committee):
    make_returned(material=committee, writer=world.secretary, reviewer=world.reviewer)
    review_submit(material=committee, by=world.committee, comment="已按意见修改。")
    review_approve(material=committee, by=world.reviewer, comment="同意。")

    rows = list(
        Transition.objects.order_by("at", "id").values_list("from_state", "to_state", "by__username", "comment")
    )
    assert rows == [
        ("draft", "submitted", "secretary", ""),
        ("submitted", "returned", "reviewer", ""),
        ("returned", "submitted", "committee", "已按意见修改。"),
        ("submitted", "approved", "reviewer", "同意。"),
    ]
    review = Review.objects.get(material=committee)
    assert (review.state, review.round) == ("approved", 2)


# --- Personal materials ---


@pytest.mark.parametrize(
    ("who", "status", "after"),
    [("member", 302, "submitted"), ("secretary", 403, "draft"), ("reviewer", 403, "draft"), ("outsider", 404, "draft")],
)
def test_a_member_submits_their_own_personal_material(world, personal, client_for, who, status, after):
    assert post(client_for, getattr(world, who), "review_submit", personal) == status
    assert state(personal) == after


@pytest.mark.parametrize(
    ("who", "status", "after"),
    [
        ("secretary", 302, "approved"),
        ("committee", 302, "approved"),
        ("member", 403, "submitted"),
        ("reviewer", 403, "submitted"),
        ("outsider", 404, "submitted"),
    ],
)
def test_the_branch_committee_decides_a_member_s_personal_material(world, personal, client_for, who, status, after):
    make_submitted(material=personal, by=world.member)
    assert post(client_for, getattr(world, who), "review_approve", personal) == status
    assert state(personal) == after


@pytest.mark.parametrize(
    ("who", "status", "after"),
    [("reviewer", 302, "approved"), ("committee", 403, "submitted"), ("secretary", 403, "submitted")],
)
def test_the_higher_organisation_decides_the_secretary_s_personal_material(
    world, secretary_personal, client_for, who, status, after
):
    make_submitted(material=secretary_personal, by=world.secretary)
    assert post(client_for, getattr(world, who), "review_approve", secretary_personal) == status
    assert state(secretary_personal) == after
