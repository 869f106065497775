"""Writes to the rectification ledger.

Locks follow orglife.common.locks: the cycle row first (the ledger's positions and
the one-item-per-measure rule are decided under it), then the item. Once a measure
has a ledger item, the item's status is the truth and each change here writes the
matching Measure.status (未开始→planned, 推进中 and 长期坚持→in_progress, 已完成 and
已销号→done), so the editor and next year's carry-over never disagree with the ledger.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from orglife.common.locks import locked, locked_cycle
from orglife.cycles.models import Cycle
from orglife.materials.models import Material, Measure, MeasureProblem
from orglife.orgs.access import branch_members
from orglife.orgs.models import User
from orglife.rectification import evidence
from orglife.rectification.models import OWNER_STATUSES, Evidence, ItemStatus, LedgerItem, ProgressEntry

MEASURE_STATUS = {
    ItemStatus.NOT_STARTED: Measure.Status.PLANNED,
    ItemStatus.IN_PROGRESS: Measure.Status.IN_PROGRESS,
    ItemStatus.LONG_TERM: Measure.Status.IN_PROGRESS,
    ItemStatus.DONE: Measure.Status.DONE,
    ItemStatus.CLOSED: Measure.Status.DONE,
}
FROM_MEASURE = {
    Measure.Status.PLANNED: ItemStatus.NOT_STARTED,
    Measure.Status.IN_PROGRESS: ItemStatus.IN_PROGRESS,
    Measure.Status.DONE: ItemStatus.DONE,
}
TEXT_LIMIT = 5_000  # as a measure's text (orglife.materials.limits)


def _next_position(cycle: Cycle, member_id: int | None) -> int:
    top = LedgerItem.objects.filter(cycle=cycle, member_id=member_id).aggregate(n=Max("position"))["n"]
    return (top or 0) + 1


def _locked_item(item: LedgerItem) -> LedgerItem:
    locked_cycle(item.cycle_id)
    fresh = locked(LedgerItem.objects.filter(pk=item.pk)).get()
    fresh.cycle = item.cycle
    return fresh


def _finished(item: LedgerItem) -> str:
    return "已销号" if item.status == ItemStatus.CLOSED else "已转为长期坚持"


def _sync_measure(item: LedgerItem) -> None:
    if item.measure_id is not None:
        Measure.objects.filter(pk=item.measure_id).update(status=MEASURE_STATUS[ItemStatus(item.status)])


@transaction.atomic
def ledger_build(*, cycle: Cycle, by: User) -> int:
    """Make a ledger item of every measure of the cycle's materials that has none yet;
    returns how many were made (0 when all have one: building twice adds nothing).

    The committee material's measures go to the branch list, in printed order (by
    direction, then measure), each with its owner, deadline, status and the problems
    it answers (its MeasureProblem links); each personal material's measures go to
    its author's personal list, the author as owner when none is set. An item whose
    measure was deleted (an import or restore rewrote the material) is linked to
    the new measure of the same text instead, keeping its progress and status
    (written through to the new measure). Side effects: locks the cycle; creates
    LedgerItem rows and their problem links; relinks items.
    """
    cycle = locked_cycle(cycle.pk)
    measures = (
        Measure.objects.filter(direction__material__cycle=cycle, ledger_item__isnull=True)
        .select_related("direction__material")
        .order_by("direction__material__kind", "direction__material__author_id", "direction__position", "position")
    )
    positions: dict[int | None, int] = {}
    made = []
    # Items whose measure was replaced (an import or restore rewrites the material's
    # rows): taken up again by the new measure of the same text, not duplicated.
    orphans = {
        (item.member_id, item.text): item for item in LedgerItem.objects.filter(cycle=cycle, measure__isnull=True)
    }
    relinked: list[LedgerItem] = []
    for measure in measures:
        material = measure.direction.material
        member_id = material.author_id if material.kind == Material.Kind.PERSONAL else None
        orphan = orphans.pop((member_id, measure.text), None)
        if orphan is not None:
            orphan.measure = measure
            relinked.append(orphan)
            continue
        if member_id not in positions:
            positions[member_id] = _next_position(cycle, member_id)
        made.append(
            LedgerItem(
                cycle=cycle,
                member_id=member_id,
                position=positions[member_id],
                measure=measure,
                text=measure.text,
                owner_id=measure.owner_id or member_id,
                deadline=measure.deadline,
                status=FROM_MEASURE.get(measure.status, ItemStatus.NOT_STARTED),
            )
        )
        positions[member_id] += 1
    LedgerItem.objects.bulk_create(made)
    LedgerItem.objects.bulk_update(relinked, ["measure"])
    for item in relinked:
        _sync_measure(item)
    by_measure = {item.measure_id: item.pk for item in made + relinked}
    links = MeasureProblem.objects.filter(measure_id__in=list(by_measure))
    LedgerItem.problems.through.objects.bulk_create(
        (
            LedgerItem.problems.through(ledgeritem_id=by_measure[link.measure_id], problem_id=link.problem_id)
            for link in links
        ),
        ignore_conflicts=True,
    )
    return len(made)


def _check_fields(*, cycle: Cycle, text: str, owner: User | None) -> str:
    text = text.strip()
    if not text:
        raise ValidationError("请填写整改措施。")
    if len(text) > TEXT_LIMIT:
        raise ValidationError(f"整改措施最多{TEXT_LIMIT}字，现有{len(text)}字。")
    if owner is not None and not branch_members(cycle.branch).filter(pk=owner.pk).exists():
        raise ValidationError("责任人须是本支部的党员。")
    return text


@transaction.atomic
def item_add(
    *,
    cycle: Cycle,
    by: User,
    text: str,
    problem_text: str = "",
    owner: User | None = None,
    deadline: datetime.date | None = None,
    member: User | None = None,
) -> LedgerItem:
    """Add an item by hand at the end of the branch list (or of `member`'s personal list).

    Side effects: locks the cycle; creates the LedgerItem. ValidationError, adding
    nothing, for an empty or too long text or an owner or member outside the branch.
    """
    cycle = locked_cycle(cycle.pk)
    text = _check_fields(cycle=cycle, text=text, owner=owner)
    if member is not None and not branch_members(cycle.branch).filter(pk=member.pk).exists():
        raise ValidationError("个人清单只能属于本支部的党员。")
    return LedgerItem.objects.create(
        cycle=cycle,
        member=member,
        position=_next_position(cycle, member.pk if member else None),
        text=text,
        problem_text=problem_text.strip(),
        owner=owner or member,
        deadline=deadline,
    )


@transaction.atomic
def item_update(
    *,
    item: LedgerItem,
    by: User,
    text: str,
    problem_text: str,
    owner: User | None,
    deadline: datetime.date | None,
    status: str,
) -> LedgerItem:
    """Change an item's text, problem, owner, deadline and status (未开始/推进中/已完成).

    Side effects: locks the cycle and the item; saves them; writes the status
    through to the item's measure. ValidationError, changing nothing, for a bad
    field, or a status change on an item checked off or long-term (撤销 that first).
    """
    item = _locked_item(item)
    text = _check_fields(cycle=item.cycle, text=text, owner=owner)
    finished = item.status in (ItemStatus.CLOSED, ItemStatus.LONG_TERM)
    if finished and status != item.status:
        raise ValidationError(f"此事项{_finished(item)}，请先撤销后再改状态。")
    if not finished and status not in OWNER_STATUSES:
        raise ValidationError("销号和长期坚持由支部委员会确认，请使用相应按钮。")
    item.text, item.problem_text, item.owner, item.deadline, item.status = (
        text,
        problem_text.strip(),
        owner,
        deadline,
        status,
    )
    item.save(update_fields=["text", "problem_text", "owner", "deadline", "status"])
    _sync_measure(item)
    return item


@transaction.atomic
def progress_add(
    *,
    item: LedgerItem,
    by: User,
    on: datetime.date,
    text: str,
    files: Sequence[UploadedFile] = (),
    done: bool = False,
) -> ProgressEntry:
    """Record a dated progress note on `item` with evidence files.

    Every file is checked (type by content, size) before anything is written; the
    files are then stored in the "evidence" storage and removed again if saving
    the rows fails. A note moves an item 未开始 to 推进中, and `done` marks it
    已完成 (for the committee to check off). Side effects: locks the cycle and the
    item; creates the ProgressEntry and Evidence rows; stores the files; updates the
    item's (and its measure's) status. ValidationError, saving nothing, for an empty
    or too long note, a date in the future, too many files, or a refused file.
    """
    text = text.strip()
    if not text:
        raise ValidationError("请填写进展情况。")
    if len(text) > TEXT_LIMIT:
        raise ValidationError(f"进展情况最多{TEXT_LIMIT}字，现有{len(text)}字。")
    if on > timezone.localdate():
        raise ValidationError("进展日期不能晚于今天。")
    if len(files) > settings.EVIDENCE_FILES_PER_ENTRY:
        raise ValidationError({"files": f"每次最多上传{settings.EVIDENCE_FILES_PER_ENTRY}个佐证材料。"})
    try:
        checked = [evidence.check_upload(upload) for upload in files]
    except ValidationError as exc:
        raise ValidationError({"files": exc.messages}) from None
    item = _locked_item(item)
    if item.status == ItemStatus.CLOSED:
        raise ValidationError("此事项已销号，不能再填写进展；如需继续，请支部委员先撤销销号。")
    stored: list[str] = []
    try:
        entry = ProgressEntry.objects.create(item=item, author=by, on=on, text=text)
        for file in checked:
            key = evidence.store(file)
            stored.append(key)
            Evidence.objects.create(
                entry=entry, key=key, name=file.name, content_type=file.kind.content_type, size=len(file.data)
            )
        if item.status == ItemStatus.NOT_STARTED or (done and item.status == ItemStatus.IN_PROGRESS):
            item.status = ItemStatus.DONE if done else ItemStatus.IN_PROGRESS
            item.save(update_fields=["status"])
            _sync_measure(item)
    except Exception:
        for key in stored:  # the rows go with the transaction; the files must go by hand
            evidence.storage().delete(key)
        raise
    return entry


@transaction.atomic
def item_close(*, item: LedgerItem, by: User, long_term: bool = False) -> LedgerItem:
    """Check the item off (已销号), or mark it 长期坚持 with `long_term`, recording who and when.

    Side effects: locks the cycle and the item; saves its status, closed_by and
    closed_at; writes the status through to its measure. ValidationError, changing
    nothing, when it is already checked off or long-term.
    """
    item = _locked_item(item)
    if item.status in (ItemStatus.CLOSED, ItemStatus.LONG_TERM):
        raise ValidationError(f"此事项{_finished(item)}。")
    item.status = ItemStatus.LONG_TERM if long_term else ItemStatus.CLOSED
    item.closed_by, item.closed_at = by, timezone.now()
    item.save(update_fields=["status", "closed_by", "closed_at"])
    _sync_measure(item)
    return item


@transaction.atomic
def item_reopen(*, item: LedgerItem, by: User) -> LedgerItem:
    """Undo a 销号 (back to 已完成) or a 长期坚持 (back to 推进中), forgetting who and when.

    Side effects: locks the cycle and the item; saves them; writes the status
    through to its measure. ValidationError when the item is neither.
    """
    item = _locked_item(item)
    if item.status not in (ItemStatus.CLOSED, ItemStatus.LONG_TERM):
        raise ValidationError("此事项尚未销号。")
    item.status = ItemStatus.DONE if item.status == ItemStatus.CLOSED else ItemStatus.IN_PROGRESS
    item.closed_by = item.closed_at = None
    item.save(update_fields=["status", "closed_by", "closed_at"])
    _sync_measure(item)
    return item
