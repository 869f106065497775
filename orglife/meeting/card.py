"""The meeting's card on the cycle page, from figures annotated on the cycle queryset
(orglife.cycles.steps.with_step_facts), so a list of cycles costs no query per cycle."""

from __future__ import annotations

import datetime

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from orglife.common.ordinals import chinese_date
from orglife.meeting.models import Meeting

NOTICE_DAYS_AHEAD = 10


def meeting_facts() -> dict:
    """The step_meeting_… annotations: the date, when the notice went out, and the two sign-offs."""
    meeting = Meeting.objects.filter(cycle=OuterRef("pk"))
    return {
        name: Subquery(meeting.values(column)[:1])
        for name, column in (
            ("meeting_date", "date"),
            ("meeting_notice_sent_at", "notice_sent_at"),
            ("meeting_chair_signed_at", "chair_signed_at"),
            ("meeting_recorder_signed_at", "recorder_signed_at"),
        )
    }


def meeting_card(ctx):
    """No plan yet; planned, notice not sent; notice sent (with a warning if less than
    ten days ahead); minutes confirmed by chair and recorder (done). Until the committee
    material is approved the step is not open: it may be planned and its notice sent,
    but not held, and the card says so."""
    from orglife.cycles.steps import Progress, StepKind
    from orglife.review.models import State

    facts, cycle = ctx.facts, ctx.cycle
    page = reverse("meeting", args=[cycle.pk])
    approved = facts.review_state == State.APPROVED
    waiting = (
        ()
        if approved
        else (f"对照检查材料经上级党组织审核通过后方可召开（目前：{State(facts.review_state or State.DRAFT).label}）",)
    )
    if facts.meeting_date is None:
        if not ctx.can_edit:
            return Progress("尚未制定会议方案", StepKind.TODO, details=waiting)
        return Progress(
            "尚未制定会议方案",
            StepKind.TODO,
            "制定会议通知和方案",
            reverse("meeting_plan", args=[cycle.pk]),
            details=waiting,
        )
    due = {"deadline": facts.meeting_date, "deadline_label": "会议日期"}
    if facts.meeting_chair_signed_at and facts.meeting_recorder_signed_at:
        return Progress(
            "会议已召开，会议记录已确认",
            StepKind.DONE,
            "查看会议记录",
            reverse("meeting_minutes", args=[cycle.pk]),
            **due,
        )
    kind = StepKind.ACTIVE if approved else StepKind.TODO
    sent = facts.meeting_notice_sent_at
    if sent is None:
        state = f"会议定于{chinese_date(facts.meeting_date)}召开，通知尚未发出"
        if not ctx.can_edit:
            return Progress(state, kind, details=waiting, **due)
        return Progress(state, kind, "发出会议通知", page, details=waiting, **due)
    sent_on = timezone.localtime(sent).date() if isinstance(sent, datetime.datetime) else sent
    details = (f"通知于{chinese_date(sent_on)}发出",)
    if (facts.meeting_date - sent_on).days < NOTICE_DAYS_AHEAD:
        details += (f"通知发出时距会议不足{NOTICE_DAYS_AHEAD}天",)
    state = f"会议定于{chinese_date(facts.meeting_date)}召开"
    return Progress(state, kind, "查看会议通知", page, details=waiting + details, **due)
