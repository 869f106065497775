"""The meeting's section of the situation report (orglife.report.sources)."""

from __future__ import annotations

from orglife.common.ordinals import chinese_date
from orglife.cycles.models import Cycle
from orglife.meeting.models import Meeting
from orglife.meeting.selectors import meeting_roll
from orglife.report.sources import Part


def report_section(cycle: Cycle) -> Part | None:
    """会议召开情况: when and where, who chaired and who came from above, and the
    attendance (应到 / 实到 / 请假 with the reasons / 缺席) once anyone is recorded; a
    meeting only planned says when it is to be held. None without a meeting."""
    meeting = Meeting.objects.filter(cycle=cycle).select_related("chair").first()
    if meeting is None:
        return None
    roll = meeting_roll(meeting)
    when = f"{chinese_date(meeting.date)}{meeting.start_time:%H:%M}"
    held = meeting.chair_signed_at is not None or roll.present > 0
    if not held:
        return Part("会议召开情况", f"会议定于{when}在{meeting.place}召开，{meeting.chair.get_full_name()}主持。")
    guided = f"，{meeting.higher_attendee}到会指导" if meeting.higher_attendee else ""
    lines = [f"{when}，支部在{meeting.place}召开{cycle.title}，{meeting.chair.get_full_name()}主持{guided}。"]
    attendance = f"支部应到党员{roll.expected}名，实到{roll.present}名"
    if roll.leave:
        reasons = "、".join(
            m.user.get_full_name() + (f"（{m.attendance.reason}）" if m.attendance.reason else "")
            for m in roll.leave_members
        )
        attendance += f"，请假{roll.leave}名：{reasons}"
    if roll.absent:
        attendance += f"，缺席{roll.absent}名"
    lines.append(attendance + "。" + ("" if roll.quorate else "到会有表决权的党员未超过半数。"))
    return Part("会议召开情况", "\n".join(lines))
