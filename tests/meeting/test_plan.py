"""The notice and plan: the agenda generated from the cycle, editing it, sending the notice."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from orglife.cycles.steps import cycle_step_cards
from orglife.meeting.models import Meeting
from orglife.opinions.publishing import summary_publish
from tests.factories import make_campaign, make_meeting


def _plan(world, **changes):
    data = {
        "date": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
        "start_time": "14:30",
        "place": "三楼会议室",
        "chair": world.secretary.pk,
        "recorder": world.committee.pk,
        "higher_attendee": "区委组织部 周审核",
        "attendees": "支部全体党员",
        "requirements": "",
        **changes,
    }
    return data


def test_plan_creates_the_meeting_with_the_generated_agenda(world, client_for):
    client = client_for(world.secretary)

    response = client.post(f"/cycles/{world.cycle.pk}/meeting/plan/", _plan(world))
    again = client.post(f"/cycles/{world.cycle.pk}/meeting/plan/", _plan(world, place="党员活动室"))

    meeting = Meeting.objects.get(cycle=world.cycle)
    assert (response.status_code, again.status_code) == (302, 302)
    assert meeting.place == "党员活动室"
    assert [(i.position, i.kind, i.title) for i in meeting.items.order_by("position")] == [
        (1, "report", "党支部书记代表支部委员会作对照检查，宣读班子对照检查材料"),
        (2, "report", "通报征求意见建议情况"),
        (3, "report", "通报上年度组织生活会整改措施落实情况"),
        (4, "criticism", "党员逐一发言，开展批评和自我批评"),
        (5, "higher", "上级指导人员点评讲话"),
        (6, "evaluation", "开展民主评议党员"),
    ]


def test_plan_agenda_reads_out_a_published_summary(world):
    campaign = make_campaign(cycle=world.cycle)
    summary_publish(campaign=campaign, by=world.secretary)

    meeting = make_meeting(cycle=world.cycle, chair=world.secretary, recorder=world.committee)

    assert meeting.items.get(position=2).title == "通报征求意见建议情况（宣读意见建议汇总表）"


def test_plan_refuses_a_chair_from_another_branch(world, client_for):
    response = client_for(world.secretary).post(
        f"/cycles/{world.cycle.pk}/meeting/plan/", _plan(world, chair=world.outsider.pk)
    )

    assert response.status_code == 200
    assert "chair" in response.context["form"].errors
    assert Meeting.objects.count() == 0


def test_agenda_items_are_added_moved_renamed_and_deleted(world, client_for):
    meeting = make_meeting(cycle=world.cycle, chair=world.secretary, recorder=world.committee)
    client = client_for(world.secretary)
    base = f"/cycles/{world.cycle.pk}/meeting/agenda/"

    client.post(base + "add/", {"title": "支部书记作总结讲话"})
    last = meeting.items.get(position=7)
    client.post(f"{base}{last.pk}/", {"action": "up"})
    client.post(f"{base}{last.pk}/", {"action": "save", "title": "书记总结"})
    client.post(f"{base}{meeting.items.get(position=1).pk}/", {"action": "delete"})

    titles = list(meeting.items.order_by("position").values_list("title", flat=True))
    assert titles == [
        "通报征求意见建议情况",
        "通报上年度组织生活会整改措施落实情况",
        "党员逐一发言，开展批评和自我批评",
        "上级指导人员点评讲话",
        "书记总结",
        "开展民主评议党员",
    ]


def test_agenda_of_another_meeting_is_404(world, client_for):
    from tests.factories import make_cycle

    mine = make_meeting(cycle=world.cycle, chair=world.secretary, recorder=world.committee)
    other_cycle = make_cycle(branch=world.other_branch, year=2022, title="另一支部")
    theirs = make_meeting(cycle=other_cycle, chair=world.outsider, recorder=world.outsider)
    item = theirs.items.first()

    response = client_for(world.secretary).post(
        f"/cycles/{mine.cycle_id}/meeting/agenda/{item.pk}/", {"action": "delete"}
    )

    assert response.status_code == 302
    assert theirs.items.count() == 6


def test_notice_send_records_when_and_warns_under_ten_days(world, client_for):
    meeting = make_meeting(
        cycle=world.cycle,
        chair=world.secretary,
        recorder=world.committee,
        sent=False,
        date=timezone.localdate() + datetime.timedelta(days=6),
    )
    client = client_for(world.secretary)

    response = client.post(f"/cycles/{world.cycle.pk}/meeting/notice/send/", follow=True)

    meeting.refresh_from_db()
    assert meeting.notice_sent_by == world.secretary
    assert meeting.notice_sent_at is not None
    assert [str(m) for m in response.context["messages"]] == [
        "通知已发出，但距会议只有6天，少于10天。请确认党员来得及准备。"
    ]
    assert "通知发出时距会议只有6天，少于10天。" in response.content.decode()


def test_members_see_the_meeting_once_the_notice_is_sent(world, client_for):
    make_meeting(cycle=world.cycle, chair=world.secretary, recorder=world.committee, sent=False)
    client = client_for(world.member)
    url = f"/cycles/{world.cycle.pk}/meeting/"

    before = client.get(url).content.decode()
    client_for(world.secretary).post(f"/cycles/{world.cycle.pk}/meeting/notice/send/")
    after = client.get(url).content.decode()

    assert "党支部尚未发出会议通知。" in before and "三楼会议室" not in before
    assert "三楼会议室" in after and "通知已于" in after
    assert client.get(f"/cycles/{world.cycle.pk}/meeting/notice.pdf").status_code == 200


def test_member_may_not_get_the_notice_before_it_is_sent(world, client_for):
    make_meeting(cycle=world.cycle, chair=world.secretary, recorder=world.committee, sent=False)

    assert client_for(world.member).get(f"/cycles/{world.cycle.pk}/meeting/notice.docx").status_code == 403


@pytest.mark.parametrize(
    ("sent", "days", "state", "action", "details"),
    [
        (False, 12, "会议定于{date}召开，通知尚未发出", "发出会议通知", ()),
        (True, 12, "会议定于{date}召开", "查看会议通知", ("通知于{today}发出",)),
        (True, 5, "会议定于{date}召开", "查看会议通知", ("通知于{today}发出", "通知发出时距会议不足10天")),
    ],
)
def test_card_follows_the_meeting(world, sent, days, state, action, details):
    from orglife.common.ordinals import chinese_date

    day = timezone.localdate() + datetime.timedelta(days=days)
    make_meeting(cycle=world.cycle, chair=world.secretary, recorder=world.committee, sent=sent, date=day)

    card = next(c for c in cycle_step_cards(world.cycle, materials=[], can_edit=True) if c.key == "meeting")

    words = {"date": chinese_date(day), "today": chinese_date(timezone.localdate())}
    assert (card.state, card.action, card.details) == (
        state.format(**words),
        action,
        tuple(d.format(**words) for d in details),
    )


def test_card_without_a_meeting_links_the_committee_to_the_plan(world):
    card = next(c for c in cycle_step_cards(world.cycle, materials=[], can_edit=True) if c.key == "meeting")

    assert (card.state, card.action, card.url) == (
        "尚未制定会议方案",
        "制定会议通知和方案",
        f"/cycles/{world.cycle.pk}/meeting/plan/",
    )
