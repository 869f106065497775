"""The meeting is held only after the higher organisation approves the committee material:
before that it may be planned, its notice sent and leave asked for, but nobody signs in,
no attendance is recorded, no minutes are written or confirmed; the card and the pages
say why, and nothing changes on a refused write."""

from __future__ import annotations

import pytest
from django.utils import timezone

from orglife.cycles.steps import StepKind, cycle_step_cards
from orglife.meeting import services, signin
from orglife.meeting.models import Attendance, CriticismRemark, CriticismTurn, Meeting
from orglife.review.services import review_approve
from tests.factories import make_drafted, make_meeting, make_submitted

WAITING = (
    "上级党组织审核通过本支部的对照检查材料后，方可召开会议（签到、登记出席、填写和确认会议记录）。"
    "材料目前的审核状态：{state}。"
)


@pytest.fixture
def material(world):
    return make_drafted(material=world.material, categories=world.categories)


@pytest.fixture
def meeting(world, material):
    """Planned and its notice sent while the committee material is submitted, not approved."""
    make_submitted(material=material, by=world.secretary)
    return make_meeting(cycle=world.cycle, chair=world.secretary, recorder=world.committee, approved=False)


def _item(meeting: Meeting):
    return meeting.items.order_by("position").first()


def _nothing_held(meeting: Meeting) -> tuple:
    meeting.refresh_from_db()
    item = _item(meeting)
    return (
        Attendance.objects.filter(meeting=meeting, status="present").count(),
        CriticismTurn.objects.filter(meeting=meeting).count(),
        CriticismRemark.objects.filter(turn__meeting=meeting).count(),
        item.points,
        meeting.chair_signed_at,
        meeting.recorder_signed_at,
    )


def _writes(world, meeting):
    empty = services.token_of(services.block_values(None, "item"))
    return {
        "self_sign_in": lambda: services.self_sign_in(meeting=meeting, user=world.member),
        "proxy": lambda: services.attendance_record(
            meeting=meeting, user=world.member, status="present", method="proxy", by=world.committee
        ),
        "minutes": lambda: services.minutes_save(
            meeting=meeting,
            kind="item",
            key=_item(meeting).pk,
            base=empty,
            changes={"points": "书记作对照检查。", "conclusion": ""},
            by=world.committee,
        ),
        "remark": lambda: services.remark_add(
            meeting=meeting, member=world.member, speaker=world.secretary, text="学习不够。", by=world.committee
        ),
        "sign": lambda: services.minutes_sign(meeting=meeting, user=world.secretary),
    }


@pytest.mark.parametrize("write", ["self_sign_in", "proxy", "minutes", "remark", "sign"])
def test_holding_the_meeting_before_approval_is_refused_and_changes_nothing(world, meeting, write):
    before = _nothing_held(meeting)

    with pytest.raises(services.NotApproved) as refused:
        _writes(world, meeting)[write]()

    assert refused.value.message == WAITING.format(state="已报送")
    assert _nothing_held(meeting) == before == (0, 0, 0, "", None, None)


def test_without_any_review_the_state_said_is_draft(world):
    meeting = make_meeting(cycle=world.cycle, chair=world.secretary, recorder=world.committee, approved=False)

    with pytest.raises(services.NotApproved) as refused:
        services.self_sign_in(meeting=meeting, user=world.member)

    assert refused.value.message == WAITING.format(state="草稿")


def test_leave_may_be_asked_for_before_approval(world, meeting):
    services.attendance_record(
        meeting=meeting, user=world.member, status="leave", method="asked", reason="出差", by=world.member
    )

    (row,) = Attendance.objects.filter(meeting=meeting)
    assert (row.user, row.status, row.reason) == (world.member, "leave", "出差")


def test_after_approval_every_write_goes_through(world, meeting, material):
    review_approve(material=material, by=world.reviewer)

    for write in _writes(world, meeting).values():
        write()

    meeting.refresh_from_db()
    assert Attendance.objects.get(meeting=meeting, user=world.member).method == "proxy"  # the QR sign-in, replaced
    assert _item(meeting).points == "书记作对照检查。"
    assert CriticismRemark.objects.get(turn__meeting=meeting).text == "学习不够。"
    assert meeting.chair_signed_at is not None and meeting.recorder_signed_at is None


def _meeting_card(world):
    return next(c for c in cycle_step_cards(world.cycle, materials=[], can_edit=True) if c.key == "meeting")


def test_card_says_the_meeting_waits_for_the_approval_then_opens(world, meeting, material):
    from orglife.common.ordinals import chinese_date

    waiting = _meeting_card(world)
    review_approve(material=material, by=world.reviewer)
    opened = _meeting_card(world)

    sent = f"通知于{chinese_date(timezone.localtime(meeting.notice_sent_at).date())}发出"
    assert (waiting.kind, waiting.action, waiting.details) == (
        StepKind.TODO,
        "查看会议通知",
        ("对照检查材料经上级党组织审核通过后方可召开（目前：已报送）", sent),
    )
    assert (opened.kind, opened.action, opened.details) == (StepKind.ACTIVE, "查看会议通知", (sent,))


def test_card_without_a_plan_says_what_it_waits_for(world, material):
    card = _meeting_card(world)

    assert (card.state, card.kind, card.action, card.details) == (
        "尚未制定会议方案",
        StepKind.TODO,
        "制定会议通知和方案",
        ("对照检查材料经上级党组织审核通过后方可召开（目前：草稿）",),
    )


def test_pages_say_why_and_offer_no_sign_in_before_approval(world, meeting, client_for):
    client = client_for(world.secretary)
    base = f"/cycles/{world.cycle.pk}/meeting/"
    message = WAITING.format(state="已报送")

    page = client.get(base).content.decode()
    screen = client.get(base + "screen/").content.decode()
    qr = client.get(base + "screen/qr.svg")
    minutes = client.get(base + "minutes/").content.decode()
    attendance = client.get(base + "attendance/").content.decode()

    assert message in page and "会场签到屏幕" not in page and "登记请假" in page
    assert message in screen and "mt-qr" not in screen
    assert (qr.status_code, qr.content.decode()) == (409, message)
    assert message in minutes and "确认会议记录无误" not in minutes and 'id="save-state"' not in minutes
    assert message in attendance and 'value="proxy"' not in attendance and 'value="leave"' in attendance


def test_checkin_before_approval_says_why_and_signs_nobody_in(world, meeting, client_for):
    client = client_for(world.member)
    url = f"/cycles/{world.cycle.pk}/meeting/checkin/{signin.signin_code(meeting.pk)}/"

    page = client.get(url)
    posted = client.post(url, {"grant": signin.make_grant(meeting.pk, world.member.pk)})

    assert (page.status_code, posted.status_code) == (409, 409)
    assert WAITING.format(state="已报送") in page.content.decode()
    assert "确认签到" not in page.content.decode()
    assert WAITING.format(state="已报送") in posted.content.decode()
    assert Attendance.objects.filter(meeting=meeting).count() == 0


def test_minutes_autosave_before_approval_answers_423_with_the_reason(world, meeting, client_for):
    empty = services.token_of(services.block_values(None, "item"))
    response = client_for(world.committee).post(
        f"/cycles/{world.cycle.pk}/meeting/minutes/save/",
        {"kind": "item", "key": _item(meeting).pk, "base": empty, "points": "要点", "conclusion": ""},
    )

    assert (response.status_code, response.json()) == (423, {"error": WAITING.format(state="已报送")})
    assert _item(meeting).points == ""
