"""Who has written their personal material: 未开始 / 起草中 / 已报送 / 退回修改 / 审核通过, with dates."""

from django.urls import reverse
from django.utils import timezone

from orglife.models import Material
from orglife.review.services import review_approve, review_submit
from tests.factories import make_material, make_member, make_returned


def test_the_committee_sees_every_member_s_state_and_date(world, client_for, personal, secretary_personal):
    zhao = make_member(username="zhao", full_name="赵党员", organisation=world.branch, role="member")
    sun = make_member(username="sun", full_name="孙党员", organisation=world.branch, role="probationary")
    sun_material = make_material(cycle=world.cycle, kind=Material.Kind.PERSONAL, author=sun, title="孙党员材料")
    review_submit(material=sun_material, by=sun)
    make_returned(material=personal, writer=world.member, reviewer=world.secretary)
    review_submit(material=secretary_personal, by=world.secretary)
    review_approve(material=secretary_personal, by=world.reviewer)

    response = client_for(world.committee).get(reverse("review_personal", args=[world.cycle.pk]))

    today = timezone.localdate()
    rows = [
        (r.member.full_name, r.state, timezone.localdate(r.since) if r.since else None)
        for r in response.context["rows"]
    ]
    assert sorted(rows) == sorted(
        [
            ("张书记", "审核通过", today),
            ("李委员", "未开始", None),
            ("王党员", "退回修改", today),
            ("赵党员", "未开始", None),
            ("孙党员", "已报送", today),
        ]
    )
    assert response.context["counts"] == {"审核通过": 1, "未开始": 2, "退回修改": 1, "已报送": 1}
    decides = {r.member.full_name: r.may_review for r in response.context["rows"]}
    assert decides == {"张书记": False, "李委员": False, "王党员": True, "赵党员": False, "孙党员": True}
    assert zhao.pk in [r.member.pk for r in response.context["rows"]]


def test_a_draft_shows_as_being_drafted_with_its_last_change(world, client_for, personal):
    rows = client_for(world.secretary).get(reverse("review_personal", args=[world.cycle.pk])).context["rows"]
    assert [(r.member.full_name, r.state) for r in rows if r.material] == [("王党员", "起草中")]


def test_the_list_costs_the_same_queries_for_few_and_many_members(world, client_for, django_assert_num_queries):
    client = client_for(world.secretary)
    url = reverse("review_personal", args=[world.cycle.pk])
    client.get(url)
    with django_assert_num_queries(9) as few:  # session, user, cycle, standing ×2, members, materials, secretaries
        client.get(url)
    for n in range(30):
        member = make_member(username=f"m{n}", full_name=f"党员{n}", organisation=world.branch, role="member")
        material = make_material(cycle=world.cycle, kind=Material.Kind.PERSONAL, author=member, title=f"材料{n}")
        if n % 2:
            review_submit(material=material, by=member)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows"]) == 33
