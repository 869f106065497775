"""Writes of the meeting, each in one transaction.

Every write locks the meeting row first (a plan's first save locks the cycle, then
creates the meeting): writes to one meeting happen one at a time, and no writer here
holds any other row of the lock order (orglife.common.locks) when it takes it.

The minutes are saved field group by field group with a *base token* (a hash of the
fields as the recorder's page loaded them), as the material editor does: a save
whose base no longer matches what is stored raises EditConflict and changes
nothing, so two recorders at once never overwrite each other unseen. Once the chair
or the recorder has confirmed, the minutes, the attendance and the agenda take no
edit (MinutesLocked); a correction after both confirmed reopens them with a reason
and ends in a new numbered version.
"""

from __future__ import annotations

import datetime
import hashlib
import json

from django.db import transaction
from django.utils import timezone

from orglife.common.locks import locked, locked_cycle
from orglife.common.ordering import next_position, swap_with_neighbour
from orglife.cycles.models import Cycle
from orglife.meeting.models import AgendaItem, Attendance, CriticismRemark, CriticismTurn, Meeting, MinutesVersion
from orglife.meeting.selectors import meeting_members, minutes_snapshot
from orglife.opinions.models import Campaign
from orglife.orgs.models import User
from orglife.review.models import State
from orglife.review.selectors import committee_review_state

NOTICE_DAYS_AHEAD = 10


class MinutesLocked(Exception):
    """The minutes are confirmed (or being confirmed): nothing of them may change."""

    def __init__(self, message: str = "会议记录已由主持人或记录人签字确认，不能再修改。如需更正，请先申请更正。"):
        super().__init__(message)
        self.message = message


class NotApproved(MinutesLocked):
    """The committee material is not approved yet: the meeting may be planned and its
    notice sent, but not held (no sign-in, attendance, minutes or confirmation)."""

    def __init__(self, state: str):
        label = State(state).label
        super().__init__(
            f"上级党组织审核通过本支部的对照检查材料后，方可召开会议（签到、登记出席、填写和确认会议记录）。"
            f"材料目前的审核状态：{label}。"
        )
        self.state = state


class EditConflict(Exception):
    """Someone else saved these fields after this page loaded them."""

    def __init__(self, current: dict, token: str):
        super().__init__("conflict")
        self.current = current
        self.token = token


class NotAMember(Exception):
    """The user named is not a member of the meeting's branch."""


def token_of(values: dict) -> str:
    """A short hash of the stored values of one group of fields."""
    return hashlib.sha256(json.dumps(values, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def _locked_meeting(meeting_id: int) -> Meeting:
    return locked(Meeting.objects.filter(pk=meeting_id)).get()


def _unlocked(meeting_id: int) -> Meeting:
    meeting = _locked_meeting(meeting_id)
    if meeting.signing:
        raise MinutesLocked()
    return meeting


def not_approved(meeting: Meeting) -> NotApproved | None:
    """Why the meeting may not be held yet, or None once its cycle's committee material
    is approved (one query): what every write of holding it checks and every page says."""
    state = committee_review_state(meeting.cycle_id)
    return None if state == State.APPROVED else NotApproved(state)


def _held(meeting_id: int, *, locked_check: bool = True) -> Meeting:
    """The meeting, locked, for a write of holding it; raises NotApproved before the
    committee material's approval, MinutesLocked once the minutes are confirmed."""
    meeting = _unlocked(meeting_id) if locked_check else _locked_meeting(meeting_id)
    if refused := not_approved(meeting):
        raise refused
    return meeting


def generated_agenda(cycle: Cycle) -> list[tuple[str, str]]:
    """The agenda the cycle's records suggest, as (kind, title) in order."""
    K = AgendaItem.Kind
    published = Campaign.objects.filter(cycle=cycle, published_summary__isnull=False).exists()
    opinions = "通报征求意见建议情况（宣读意见建议汇总表）" if published else "通报征求意见建议情况"
    return [
        (K.REPORT, "党支部书记代表支部委员会作对照检查，宣读班子对照检查材料"),
        (K.REPORT, opinions),
        (K.REPORT, "通报上年度组织生活会整改措施落实情况"),
        (K.CRITICISM, "党员逐一发言，开展批评和自我批评"),
        (K.HIGHER, "上级指导人员点评讲话"),
        (K.EVALUATION, "开展民主评议党员"),
    ]


@transaction.atomic
def meeting_plan_save(*, cycle: Cycle, by: User, **fields) -> Meeting:
    """Create the cycle's meeting with the generated agenda, or change its plan.

    Side effects: creates the meeting and its agenda items the first time (the cycle
    row locked, so two first saves make one meeting); afterwards updates the plan's
    fields. Raises MinutesLocked when the minutes are being confirmed.
    """
    locked_cycle(cycle.pk)
    meeting = Meeting.objects.filter(cycle=cycle).first()
    if meeting is None:
        meeting = Meeting.objects.create(cycle=cycle, **fields)
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, position=n, kind=kind, title=title)
            for n, (kind, title) in enumerate(generated_agenda(cycle), start=1)
        )
        return meeting
    meeting = _unlocked(meeting.pk)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save()
    return meeting


def _item(meeting: Meeting, item_id: int) -> AgendaItem | None:
    return locked(AgendaItem.objects.filter(meeting=meeting, pk=item_id)).first()


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, title: str, by: User) -> AgendaItem:
    """Append an agenda item. Side effects: creates it. Raises MinutesLocked."""
    meeting = _unlocked(meeting.pk)
    return AgendaItem.objects.create(meeting=meeting, position=next_position(AgendaItem, meeting=meeting), title=title)


@transaction.atomic
def agenda_item_rename(*, meeting: Meeting, item_id: int, title: str, by: User) -> AgendaItem | None:
    """Change an item's title; None when the item is gone. Raises MinutesLocked."""
    meeting = _unlocked(meeting.pk)
    item = _item(meeting, item_id)
    if item is not None:
        item.title = title
        item.save(update_fields=["title"])
    return item


@transaction.atomic
def agenda_item_move(*, meeting: Meeting, item_id: int, delta: int, by: User) -> bool:
    """Swap an item with its neighbour (delta -1 up, 1 down); False when it is at the end
    or gone. Raises MinutesLocked."""
    meeting = _unlocked(meeting.pk)
    item = _item(meeting, item_id)
    if item is None:
        return False
    return swap_with_neighbour(AgendaItem.objects.filter(meeting=meeting), item, delta)


@transaction.atomic
def agenda_item_delete(*, meeting: Meeting, item_id: int, by: User) -> bool:
    """Delete an item and what the minutes say under it. Raises MinutesLocked."""
    meeting = _unlocked(meeting.pk)
    return AgendaItem.objects.filter(meeting=meeting, pk=item_id).delete()[0] > 0


def days_ahead(meeting: Meeting, *, today: datetime.date | None = None) -> int:
    return (meeting.date - (today or timezone.localdate())).days


@transaction.atomic
def notice_send(*, meeting: Meeting, by: User) -> Meeting:
    """Send the notice to the members: from now their meeting page and the cycle page
    show it. Side effects: sets 通知发出时间 and who sent it (again on a second send)."""
    meeting = _locked_meeting(meeting.pk)
    meeting.notice_sent_at = timezone.now()
    meeting.notice_sent_by = by
    meeting.save(update_fields=["notice_sent_at", "notice_sent_by", "updated_at"])
    return meeting


def _member_ids(meeting: Meeting) -> set[int]:
    return {m.user.pk for m in meeting_members(meeting)}


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, user: User, status: str, method: str, reason: str = "", by: User
) -> Attendance:
    """Record `user` present (扫码签到, 代签, 补签) or on leave (本人请假, 书记登记), replacing
    what was recorded before. Side effects: creates or updates the attendance row.
    Raises NotAMember for someone outside the branch, MinutesLocked once confirmed,
    NotApproved for a presence before the committee material's approval (leave may be
    recorded beforehand)."""
    meeting = _unlocked(meeting.pk) if status == Attendance.Status.LEAVE else _held(meeting.pk)
    if user.pk not in _member_ids(meeting):
        raise NotAMember()
    attendance, _ = Attendance.objects.update_or_create(
        meeting=meeting,
        user=user,
        defaults={"status": status, "method": method, "reason": reason, "recorded_by": by},
    )
    return attendance


@transaction.atomic
def self_sign_in(*, meeting: Meeting, user: User) -> tuple[Attendance, bool]:
    """A member's own sign-in by the screen's code; (the row, False) when already signed
    in, which it leaves as it is. Raises NotAMember, MinutesLocked, NotApproved."""
    meeting = _held(meeting.pk)
    if user.pk not in _member_ids(meeting):
        raise NotAMember()
    current = Attendance.objects.filter(meeting=meeting, user=user).first()
    if current is not None and current.status == Attendance.Status.PRESENT:
        return current, False
    attendance, _ = Attendance.objects.update_or_create(
        meeting=meeting,
        user=user,
        defaults={
            "status": Attendance.Status.PRESENT,
            "method": Attendance.Method.QR,
            "reason": "",
            "recorded_by": user,
        },
    )
    return attendance, True


@transaction.atomic
def attendance_clear(*, meeting: Meeting, user: User, by: User) -> bool:
    """Take back what was recorded for `user` (then absent). Raises MinutesLocked."""
    meeting = _unlocked(meeting.pk)
    return Attendance.objects.filter(meeting=meeting, user=user).delete()[0] > 0


# The groups of fields the minutes page saves on its own, by block name.
BLOCK_FIELDS = {
    "item": ("points", "conclusion"),
    "turn": ("self_criticism", "response"),
    "higher": ("higher_comments",),
}


def block_values(obj, kind: str) -> dict:
    return {name: getattr(obj, name) if obj is not None else "" for name in BLOCK_FIELDS[kind]}


@transaction.atomic
def minutes_save(*, meeting: Meeting, kind: str, key: int, base: str, changes: dict, by: User) -> str:
    """Save one block of the minutes (an agenda item's points and conclusion, a member's
    self-criticism and response, the higher-level comments) if it is still as `base`
    says; returns the new token.

    Side effects: updates the block (a member's turn is created on its first save).
    Raises EditConflict (changing nothing) when someone saved the block since, LookupError
    when the item or member is not the meeting's, MinutesLocked once confirmed,
    NotApproved before the committee material's approval.
    """
    meeting = _held(meeting.pk)
    if kind == "higher":
        obj = meeting
    elif kind == "item":
        obj = _item(meeting, key)
        if obj is None:
            raise LookupError("agenda item")
    else:
        if key not in _member_ids(meeting):
            raise LookupError("member")
        obj = locked(CriticismTurn.objects.filter(meeting=meeting, member_id=key)).first()
    current = block_values(obj, kind)
    if token_of(current) != base:
        raise EditConflict(current, token_of(current))
    if obj is None:
        obj = CriticismTurn(meeting=meeting, member_id=key)
    for name in BLOCK_FIELDS[kind]:
        setattr(obj, name, changes[name])
    obj.save()
    return token_of(block_values(obj, kind))


@transaction.atomic
def remark_add(*, meeting: Meeting, member: User, speaker: User, text: str, by: User) -> CriticismRemark:
    """Record a criticism `member` received from `speaker`. Side effects: creates the
    remark (and the member's turn if needed). Raises NotAMember, MinutesLocked, NotApproved."""
    meeting = _held(meeting.pk)
    members = _member_ids(meeting)
    if member.pk not in members or speaker.pk not in members:
        raise NotAMember()
    turn, _ = CriticismTurn.objects.get_or_create(meeting=meeting, member=member)
    return CriticismRemark.objects.create(
        turn=turn, position=next_position(CriticismRemark, turn=turn), speaker=speaker, text=text
    )


@transaction.atomic
def remark_delete(*, meeting: Meeting, remark_id: int, by: User) -> bool:
    meeting = _unlocked(meeting.pk)
    return CriticismRemark.objects.filter(turn__meeting=meeting, pk=remark_id).delete()[0] > 0


@transaction.atomic
def minutes_sign(*, meeting: Meeting, user: User) -> Meeting:
    """Confirm the minutes as chair and/or recorder (whichever `user` is). When both have
    confirmed, the minutes are locked and stored as the next numbered version.

    Side effects: sets the confirmation times; on the second, creates a MinutesVersion
    with the snapshot and the correction reason (then cleared). Raises NotApproved
    before the committee material's approval."""
    meeting = _held(meeting.pk, locked_check=False)
    if meeting.locked:
        return meeting
    now = timezone.now()
    if user.pk == meeting.chair_id and not meeting.chair_signed_at:
        meeting.chair_signed_at = now
    if user.pk == meeting.recorder_id and not meeting.recorder_signed_at:
        meeting.recorder_signed_at = now
    if meeting.locked:
        MinutesVersion.objects.create(
            meeting=meeting,
            number=MinutesVersion.objects.filter(meeting=meeting).count() + 1,
            snapshot=minutes_snapshot(meeting),
            reason=meeting.correction_reason,
            chair_signed_at=meeting.chair_signed_at,
            recorder_signed_at=meeting.recorder_signed_at,
        )
        meeting.correction_reason = ""
    meeting.save()
    return meeting


@transaction.atomic
def minutes_unsign(*, meeting: Meeting, user: User) -> Meeting:
    """Withdraw `user`'s confirmation while the other has not confirmed yet. Raises
    MinutesLocked when both have."""
    meeting = _locked_meeting(meeting.pk)
    if meeting.locked:
        raise MinutesLocked("会议记录已经锁定，不能撤回确认。如需修改，请申请更正。")
    if user.pk == meeting.chair_id:
        meeting.chair_signed_at = None
    if user.pk == meeting.recorder_id:
        meeting.recorder_signed_at = None
    meeting.save()
    return meeting


@transaction.atomic
def minutes_correct(*, meeting: Meeting, reason: str, by: User) -> Meeting:
    """Reopen locked minutes for a correction: the signed version stays as it was, and
    the corrected text becomes the next version once both confirm again.

    Side effects: clears both confirmations, stores the reason."""
    meeting = _locked_meeting(meeting.pk)
    if not meeting.locked:
        raise MinutesLocked("会议记录尚未锁定，可以直接修改。")
    meeting.chair_signed_at = meeting.recorder_signed_at = None
    meeting.correction_reason = reason
    meeting.save()
    return meeting
