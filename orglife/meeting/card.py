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
    ten days ahead); minutes confirmed by chair and recorder (done)."""
    from orglife.cycles.steps import Progress, StepKind

    facts, cycle = ctx.facts, ctx.cycle
    page = reverse("meeting", args=[cycle.pk])
    if facts.meeting_date is None:
        if not ctx.can_edit:
            return Progress("尚未制定会议方案", StepKind.TODO)
        return Progress(
            "尚未制定会议方案", StepKind.TODO, "制定会议通知和方案", reverse("meeting_plan", args=[cycle.pk])
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
    sent = facts.meeting_notice_sent_at
    if sent is None:
        state = f"会议定于{chinese_date(facts.meeting_date)}召开，通知尚未发出"
        if not ctx.can_edit:
            return Progress(state, StepKind.ACTIVE, **due)
        return Progress(state, StepKind.ACTIVE, "发出会议通知", page, **due)
    sent_on = timezone.localtime(sent).date() if isinstance(sent, datetime.datetime) else sent
    details = (f"通知于{chinese_date(sent_on)}发出",)
    if (facts.meeting_date - sent_on).days < NOTICE_DAYS_AHEAD:
        details += (f"通知发出时距会议不足{NOTICE_DAYS_AHEAD}天",)
    state = f"会议定于{chinese_date(facts.meeting_date)}召开"
    return Progress(state, StepKind.ACTIVE, "查看会议通知", page, details=details, **due)
