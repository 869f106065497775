"""The demo's meeting: planned twelve days from the first load, its notice sent."""

from __future__ import annotations

import datetime

from django.utils import timezone

from orglife.cycles.models import Cycle
from orglife.meeting.models import Meeting
from orglife.meeting.services import meeting_plan_save, notice_send
from orglife.orgs.models import Membership, User


def load_meeting_demo(cycle: Cycle) -> Meeting | None:
    """The cycle's meeting, created the first time with the generated agenda and its
    notice sent; an existing meeting is left as it is (a second load changes nothing)."""
    existing = Meeting.objects.filter(cycle=cycle).first()
    if existing is not None:
        return existing
    people = Membership.objects.filter(organisation=cycle.branch).select_related("user")
    by_role = {m.role: m.user for m in people}
    chair = by_role.get(Membership.Role.SECRETARY)
    recorder = by_role.get(Membership.Role.ORGANISATION, chair)
    if chair is None:
        return None
    reviewer = User.objects.filter(
        memberships__role=Membership.Role.REVIEWER, memberships__organisation=cycle.branch.parent
    ).first()
    meeting = meeting_plan_save(
        cycle=cycle,
        by=chair,
        date=timezone.localdate() + datetime.timedelta(days=12),
        start_time=datetime.time(14, 30),
        place="委机关三楼第二会议室",
        chair=chair,
        recorder=recorder,
        higher_attendee=f"{cycle.branch.parent.name} {reviewer.get_full_name()}"
        if reviewer and cycle.branch.parent
        else "",
        attendees="支部全体党员",
        requirements="",
    )
    return notice_send(meeting=meeting, by=chair)
