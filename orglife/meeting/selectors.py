"""Reads of the meeting: who is expected, the roll and the quorum, the minutes as one document."""

from __future__ import annotations

from dataclasses import dataclass, field

from orglife.materials.models import Material
from orglife.meeting.models import AgendaItem, Attendance, CriticismRemark, CriticismTurn, Meeting
from orglife.orgs.access import branch_members
from orglife.orgs.models import Membership, User


@dataclass
class Member:
    """A member of the branch as the meeting sees them: probationary members have no vote."""

    user: User
    roles: list[str] = field(default_factory=list)
    voting: bool = False
    attendance: Attendance | None = None

    @property
    def role_label(self) -> str:
        return "、".join(self.roles)


def meeting_members(meeting: Meeting) -> list[Member]:
    """The branch's members (every role but reviewer) in the branch's order, each once,
    with their attendance; two queries."""
    rows = (
        Membership.objects.filter(organisation_id=meeting.cycle.branch_id)
        .exclude(role=Membership.Role.REVIEWER)
        .select_related("user")
        .order_by("position", "id")
    )
    members: dict[int, Member] = {}
    for row in rows:
        member = members.setdefault(row.user_id, Member(user=row.user))
        member.roles.append(row.get_role_display())
        if row.role != Membership.Role.PROBATIONARY:
            member.voting = True
    for attendance in Attendance.objects.filter(meeting=meeting, user_id__in=members).select_related("recorded_by"):
        members[attendance.user_id].attendance = attendance
    return list(members.values())


@dataclass(frozen=True)
class Roll:
    """Attendance counts: 应到 (every member), 实到, 请假, 缺席 (neither), and the quorum:
    more than half of the members with a vote present."""

    members: list[Member]
    expected: int
    present: int
    leave: int
    absent: int
    voting: int
    voting_present: int

    @property
    def quorate(self) -> bool:
        return self.voting_present * 2 > self.voting

    @property
    def needed(self) -> int:
        """Members with a vote who must be present for the quorum."""
        return self.voting // 2 + 1

    def with_status(self, status: str) -> list[Member]:
        return [m for m in self.members if m.attendance is not None and m.attendance.status == status]

    @property
    def present_members(self) -> list[Member]:
        return self.with_status(Attendance.Status.PRESENT)

    @property
    def leave_members(self) -> list[Member]:
        return self.with_status(Attendance.Status.LEAVE)

    @property
    def absentees(self) -> list[Member]:
        return [m for m in self.members if m.attendance is None]


def meeting_roll(meeting: Meeting) -> Roll:
    members = meeting_members(meeting)
    present = [m for m in members if m.attendance and m.attendance.status == Attendance.Status.PRESENT]
    leave = [m for m in members if m.attendance and m.attendance.status == Attendance.Status.LEAVE]
    return Roll(
        members=members,
        expected=len(members),
        present=len(present),
        leave=len(leave),
        absent=len(members) - len(present) - len(leave),
        voting=sum(m.voting for m in members),
        voting_present=sum(m.voting for m in present),
    )


def agenda(meeting: Meeting) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))


@dataclass
class Turn:
    """A member's place in 批评与自我批评, with the stored turn when there is one."""

    member: Member
    turn: CriticismTurn | None
    material: Material | None


def criticism_turns(meeting: Meeting, members: list[Member]) -> list[Turn]:
    """Each member's turn (stored or not yet), their remarks and personal material; three queries."""
    turns = {t.member_id: t for t in CriticismTurn.objects.filter(meeting=meeting).prefetch_related("remarks__speaker")}
    materials = {
        m.author_id: m
        for m in Material.objects.filter(cycle_id=meeting.cycle_id, kind=Material.Kind.PERSONAL).order_by("-pk")
    }
    return [Turn(member=m, turn=turns.get(m.user.pk), material=materials.get(m.user.pk)) for m in members]


def minutes_snapshot(meeting: Meeting) -> dict:
    """The minutes as data: what a signed version stores and what the prints show."""
    roll = meeting_roll(meeting)
    return {
        "items": [
            {"kind": i.kind, "title": i.title, "points": i.points, "conclusion": i.conclusion} for i in agenda(meeting)
        ],
        "turns": [
            {
                "member": t.member.user.get_full_name(),
                "self_criticism": t.turn.self_criticism if t.turn else "",
                "remarks": [{"speaker": r.speaker.get_full_name(), "text": r.text} for r in t.turn.remarks.all()]
                if t.turn
                else [],
                "response": t.turn.response if t.turn else "",
            }
            for t in criticism_turns(meeting, roll.members)
        ],
        "higher_comments": meeting.higher_comments,
        "present": [
            m.user.get_full_name()
            + (f"（{m.attendance.get_method_display()}）" if m.attendance.method != Attendance.Method.QR else "")
            for m in roll.present_members
        ],
        "leave": [
            {"name": m.user.get_full_name(), "reason": m.attendance.reason}
            for m in roll.with_status(Attendance.Status.LEAVE)
        ],
        "absent": [m.user.get_full_name() for m in roll.absentees],
        "counts": {"expected": roll.expected, "present": roll.present, "leave": roll.leave, "absent": roll.absent},
    }


def member_users(meeting: Meeting):
    """The branch's members as users (for fetching one by id in a URL)."""
    return branch_members(meeting.cycle.branch)


def remarks(meeting: Meeting):
    return CriticismRemark.objects.filter(turn__meeting=meeting).select_related("turn")
