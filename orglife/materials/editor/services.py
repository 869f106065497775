"""Edits to a material's parts, safe against concurrent editors.

Every edit form carries a *base token*: a hash of the part's fields as the editor
loaded them. A save locks the row, recomputes the token from what is stored now and
refuses with EditConflict if someone else changed the part in between, so a save
never silently overwrites another person's text. No version column is needed, and
two people who type the same text do not conflict.

Besides what each function's docstring lists, every write sets the material's
修改时间 (`_touch`), taking the material's row lock before the part's (the lock
order of every writer is in orglife.common.locks).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone

from orglife.common.deletion import delete_object
from orglife.common.locks import category_to_file_under, locked, locked_material
from orglife.common.ordering import next_position, swap_with_neighbour
from orglife.common.punctuation import fix_punctuation
from orglife.cycles.models import Category
from orglife.materials.document.shape import PartSnapshot
from orglife.materials.editor.parts import KINDS, PARTS
from orglife.materials.models import (
    CategoryIntro,
    Cause,
    Direction,
    ExtraSection,
    Material,
    Measure,
    Problem,
    UsedUndoToken,
)
from orglife.materials.revisions.services import revision_create
from orglife.opinions.models import Opinion
from orglife.orgs.access import refuse_if_approved
from orglife.orgs.models import User

REASON_BEFORE_PUNCTUATION = "一键修改标点前自动保存"
REASON_BEFORE_DIRECTION_DELETE = "删除努力方向前自动保存"


PART_KINDS = KINDS  # the registry (orglife.materials.editor.parts), under the name callers know

MATERIAL_FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    "basics": ("title", "preamble"),
    "headings": ("problems_heading", "causes_heading", "causes_intro", "directions_heading", "directions_intro"),
    "ending": ("closing", "signature", "signed_on"),
    "format": ("layout", "brackets"),
}


class EditConflict(Exception):
    """Someone else saved the part after this editor loaded it."""

    def __init__(self, current: models.Model | None, token: str):
        super().__init__("conflict")
        self.current = current  # None when the part was deleted meanwhile
        self.token = token


def field_values(obj: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    values = {}
    for name in fields:
        if name == "problem_ids":
            values[name] = sorted(p.pk for p in obj.problems.all())
        else:
            values[name] = getattr(obj, name)
    return values


def version_token(obj: models.Model, fields: tuple[str, ...]) -> str:
    """A short hash of the part's editable fields as stored."""
    payload = json.dumps(field_values(obj, fields), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _locked(model: type[models.Model], pk: int, **scope) -> models.Model | None:
    return locked(model.objects.filter(pk=pk, **scope)).first()


CATEGORY_GONE = "这个查摆方面已被删除（或不属于本次组织生活会），问题没有保存。请选择其他方面。"


def _category(material: Material, category_id: int) -> Category:
    """The category a problem is filed under, held until the write commits (lock order:
    after the material); ValidationError when it is gone."""
    category = category_to_file_under(cycle_id=material.cycle_id, category_id=category_id)
    if category is None:
        raise ValidationError(CATEGORY_GONE, code="category_gone")
    return category


def _touch(material_id: int) -> None:
    """Set the material's 修改时间 (Material.updated_at) to now, locking its row.

    Every write of the editor starts here, so that writes to one material take its
    row first and then their part's (no two orders, no deadlock), and the cycle
    page's 修改时间 follows edits of any part, not only of the material's own fields.
    """
    Material.objects.filter(pk=material_id).update(updated_at=timezone.now())
    refuse_if_approved(material_id)  # an approved material is not edited (orglife.review)


@transaction.atomic
def part_save(*, kind: str, material: Material, pk: int, base: str, changes: dict[str, Any], by: User) -> models.Model:
    """Save `changes` to one part if it still is as the editor loaded it (`base`).

    Side effects: updates the part's editable fields (for a measure, also its links to
    problems; for a problem moved to another category, its position becomes the last
    of that category). Raises EditConflict, changing nothing, when the stored part no
    longer matches `base` or was deleted, and ValidationError (CATEGORY_GONE) when a
    problem is moved to a category that is no longer the cycle's.
    """
    _touch(material.pk)
    part = PART_KINDS[kind]
    moved_to = changes.get("category_id") if kind == "problem" else None
    if moved_to is not None and not Problem.objects.filter(pk=pk, category_id=moved_to).exists():
        _category(material, moved_to)  # before the part, as the lock order says
    obj = _locked(part.model, pk, **part.of(material))
    if obj is None:
        raise EditConflict(None, "")
    current = version_token(obj, part.fields)
    if current != base:
        raise EditConflict(obj, current)
    problem_ids = changes.pop("problem_ids", None)
    if moved_to is not None and moved_to != obj.category_id:
        changes["position"] = next_position(Problem, material_id=material.pk, category_id=moved_to)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save()
    if problem_ids is not None:
        obj.problems.set(Problem.objects.filter(material=material, pk__in=problem_ids))
    return obj


@transaction.atomic
def material_fields_save(*, material: Material, group: str, base: str, changes: dict[str, Any], by: User) -> Material:
    """Save one group of the material's own fields (title and preamble, headings, ending, format).

    Side effects: updates those fields. Raises EditConflict when another editor changed
    the group since `base` was taken.
    """
    fields = MATERIAL_FIELD_GROUPS[group]
    stored = locked_material(material.pk)
    current = version_token(stored, fields)
    if current != base:
        raise EditConflict(stored, current)
    for name, value in changes.items():
        setattr(stored, name, value)
    stored.save(update_fields=[*changes, "updated_at"])
    return stored


@transaction.atomic
def problem_add(*, material: Material, category: Category, text: str, by: User) -> Problem:
    """Append a problem to a category. Side effects: creates the problem.

    Raises ValidationError (CATEGORY_GONE), creating nothing, when the category is not
    (or no longer) one of the cycle's.
    """
    _touch(material.pk)
    category = _category(material, category.pk)
    position = next_position(Problem, material=material, category=category)
    return Problem.objects.create(material=material, category=category, position=position, text=text)


@transaction.atomic
def cause_add(*, material: Material, heading: str, body: str, by: User) -> Cause:
    """Append a cause. Side effects: creates the cause."""
    _touch(material.pk)
    return Cause.objects.create(
        material=material, position=next_position(Cause, material=material), heading=heading, body=body
    )


@transaction.atomic
def direction_add(*, material: Material, heading: str, intro: str, by: User) -> Direction:
    """Append a direction. Side effects: creates the direction."""
    _touch(material.pk)
    return Direction.objects.create(
        material=material, position=next_position(Direction, material=material), heading=heading, intro=intro
    )


@transaction.atomic
def measure_add(*, direction: Direction, text: str, by: User, **fields) -> Measure:
    """Append a measure to a direction. Side effects: creates the measure and its problem links."""
    _touch(direction.material_id)
    problem_ids = fields.pop("problem_ids", [])
    measure = Measure.objects.create(
        direction=direction, position=next_position(Measure, direction=direction), text=text, **fields
    )
    measure.problems.set(Problem.objects.filter(material=direction.material, pk__in=problem_ids))
    return measure


@transaction.atomic
def section_add(*, material: Material, heading: str, body: str, placement: str, by: User) -> ExtraSection:
    """Append an extra part. Side effects: creates the section."""
    _touch(material.pk)
    return ExtraSection.objects.create(
        material=material,
        position=next_position(ExtraSection, material=material),
        heading=heading,
        body=body,
        placement=placement,
    )


@transaction.atomic
def intro_save(*, material: Material, category: Category, base: str, text: str, by: User) -> CategoryIntro | None:
    """Set (or clear, with empty text) a category's lead paragraph in this material.

    Side effects: creates, updates or deletes the CategoryIntro. Raises EditConflict
    when another editor changed it since `base` ("" meaning it did not exist).
    """
    _touch(material.pk)
    intro = locked(CategoryIntro.objects.filter(material=material, category=category)).first()
    current = version_token(intro, ("text",)) if intro else ""
    if current != base:
        raise EditConflict(intro, current)
    if not text.strip():
        if intro:
            intro.delete()
        return None
    if intro is None:
        return CategoryIntro.objects.create(material=material, category=category, text=text)
    intro.text = text
    intro.save()
    return intro


@transaction.atomic
def part_move(*, kind: str, material: Material, pk: int, delta: int, by: User) -> bool:
    """Swap a part with its neighbour before (delta=-1) or after (delta=+1) it.

    Side effects: exchanges the two parts' positions. Returns False, changing
    nothing, when the part is already first or last.
    """
    _touch(material.pk)
    part = PART_KINDS[kind]
    obj = _locked(part.model, pk, **part.of(material))
    if obj is None:
        return False
    siblings = locked(part.model.objects.filter(**{f: getattr(obj, f) for f in part.scope}))
    return swap_with_neighbour(siblings, obj, delta)


@transaction.atomic
def part_delete(*, kind: str, material: Material, pk: int, by: User, base: str = "") -> PartSnapshot | None:
    """Delete a part (and what cascades from it), if it is still as the editor saw it.

    Raises DeletionRefused when other records still use it (a problem that a measure
    answers), and EditConflict when `base` is given and someone changed the part
    since; in both cases nothing changes. Side effects: deletes the part; a
    direction with measures is first saved in a revision (删除努力方向前自动保存), then
    deleted with its measures and their links; opinions adopted into a deleted
    problem go back to 待处理. Returns a snapshot of what was deleted, for
    part_undelete, or None if it was already gone.
    """
    _touch(material.pk)
    part = PART_KINDS[kind]
    obj = _locked(part.model, pk, **part.of(material))
    if obj is None:
        return None
    if base and version_token(obj, part.fields) != base:
        raise EditConflict(obj, version_token(obj, part.fields))
    if kind == "direction" and obj.measures.exists():
        revision_create(material=material, by=by, reason=REASON_BEFORE_DIRECTION_DELETE)
    snapshot = _snapshot(kind, obj)
    if kind == "problem":
        Opinion.objects.filter(problem=obj).update(status=Opinion.Status.PENDING, problem=None)
    delete_object(obj=obj)
    return snapshot


# The text fields of each part that may hold Chinese prose.
_PROSE_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Material: ("title", "preamble", "causes_intro", "directions_intro", "closing", "signature"),
    ExtraSection: ("heading", "body"),
    CategoryIntro: ("text",),
    Problem: ("text",),
    Cause: ("heading", "body"),
    Direction: ("heading", "intro"),
    Measure: ("text",),
}


@transaction.atomic
def material_fix_punctuation(*, material: Material, by: User) -> int:
    """Replace ASCII quotes, half-width brackets and marks in Chinese text, everywhere in the material.

    Side effects: first saves a revision of the whole material (reason
    一键修改标点前自动保存), then updates every text field that changes and sets the
    material's ordinal brackets to full width. Returns how many fields changed.
    """
    _touch(material.pk)
    changed = 0
    material = locked_material(material.pk)
    revision_create(material=material, by=by, reason=REASON_BEFORE_PUNCTUATION)
    records: list[models.Model] = [material]
    records += list(material.sections.all()) + list(material.category_intros.all()) + list(material.problems.all())
    records += list(material.causes.all()) + list(material.directions.all())
    records += list(Measure.objects.filter(direction__material=material))
    for record in records:
        dirty = []
        for name in _PROSE_FIELDS[type(record)]:
            before = getattr(record, name)
            after = fix_punctuation(before)
            if after != before:
                setattr(record, name, after)
                dirty.append(name)
        if record is material and material.brackets == Material.Brackets.HALF:
            material.brackets = Material.Brackets.FULL
            dirty.append("brackets")
        if dirty:
            record.save(update_fields=dirty)
            changed += len(dirty)
    return changed


# --- Undoing a delete ------------------------------------------------------------------
#
# A delete returns a snapshot of what it removed (orglife.materials.document.shape.PartSnapshot):
# the part's fields, its place, and the links that went with it. The view hands it to the browser signed
# (orglife.materials.editor.views.part_delete), so a snapshot cannot be forged; part_undelete
# puts the part back where it was, and records the token used (UsedUndoToken) so
# that it undoes once, whichever worker answers.

UNDO_SECONDS = 3600  # how long a delete can be undone from its notice


class UndoAlreadyUsed(Exception):
    """The undo token was used before."""


def _use_undo_token(token: str) -> None:
    """Record `token` as used, or raise UndoAlreadyUsed. Side effects: inserts one
    UsedUndoToken (a concurrent use of the same token waits for this transaction, then
    fails) and deletes those older than UNDO_SECONDS, which could not be used again anyway."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    UsedUndoToken.objects.filter(used_at__lt=timezone.now() - datetime.timedelta(seconds=UNDO_SECONDS)).delete()
    try:
        with transaction.atomic():
            UsedUndoToken.objects.create(digest=digest)
    except IntegrityError as exc:
        raise UndoAlreadyUsed from exc


def _snapshot(kind: str, obj: models.Model) -> PartSnapshot:
    data: PartSnapshot = {name: getattr(obj, name) for name in PARTS[kind].snapshot}
    if kind == "problem":
        data["opinions"] = sorted(str(pk) for pk in Opinion.objects.filter(problem=obj).values_list("pk", flat=True))
    if kind == "measure":
        data["deadline"] = obj.deadline.isoformat() if obj.deadline else None
        data["problem_ids"] = sorted(obj.problems.values_list("pk", flat=True))
    if kind == "direction":
        data["measures"] = [_snapshot("measure", measure) for measure in obj.measures.order_by("position")]
    return data


def _make_room(model: type[models.Model], position: int, **scope) -> int:
    """`position` among the siblings in `scope`, freed if taken by moving those at or after
    it one on (last first, as positions are unique); past the end, the next free one."""
    siblings = locked(model.objects.filter(**scope))
    last = siblings.aggregate(m=Max("position"))["m"] or 0
    if position > last:
        return last + 1
    if not siblings.filter(position=position).exists():
        return position
    for sibling in siblings.filter(position__gte=position).order_by("-position"):
        model.objects.filter(pk=sibling.pk).update(position=sibling.position + 1)
    return position


def _put_back_measure(direction: Direction, data: PartSnapshot) -> Measure:
    owner_id = data["owner_id"] if User.objects.filter(pk=data["owner_id"]).exists() else None
    measure = Measure.objects.create(
        direction=direction,
        position=_make_room(Measure, data["position"], direction=direction),
        text=data["text"],
        owner_id=owner_id,
        deadline=datetime.date.fromisoformat(data["deadline"]) if data["deadline"] else None,
        status=data["status"],
    )
    measure.problems.set(Problem.objects.filter(material_id=direction.material_id, pk__in=data["problem_ids"]))
    return measure


@transaction.atomic
def part_undelete(*, kind: str, material: Material, data: PartSnapshot, by: User, token: str = "") -> models.Model:
    """Put a deleted part back from the snapshot part_delete returned, at its old place.

    Side effects: records `token` (the signed snapshot, when given) as used; creates
    the part (a direction with its measures), moving the parts at and after its place
    one on; a problem takes back the opinions adopted into it that are still 待处理
    (not those the committee answered, declined or adopted elsewhere since); a
    measure its links to problems that still exist, and its owner if still a user.
    Raises UndoAlreadyUsed when the token was used before, and ValidationError when
    what the part belonged to (its category or direction) is gone; in both cases
    nothing changes (the token stays unused).
    """
    _touch(material.pk)
    if token:
        _use_undo_token(token)
    if kind == "problem":
        category = category_to_file_under(cycle_id=material.cycle_id, category_id=data["category_id"])
        if category is None:
            raise ValidationError("无法撤销：这个问题所属的查摆方面已被删除。")
        position = _make_room(Problem, data["position"], material=material, category=category)
        problem = Problem.objects.create(material=material, category=category, position=position, text=data["text"])
        Opinion.objects.filter(
            pk__in=data["opinions"], campaign__cycle_id=material.cycle_id, problem=None, status=Opinion.Status.PENDING
        ).update(problem=problem, status=Opinion.Status.ADOPTED)
        return problem
    if kind == "measure":
        direction = Direction.objects.filter(pk=data["direction_id"], material=material).first()
        if direction is None:
            raise ValidationError("无法撤销：这条措施所属的努力方向已被删除。")
        return _put_back_measure(direction, data)
    model = PARTS[kind].model
    fields = {name: data[name] for name in PARTS[kind].snapshot if name != "position"}
    position = _make_room(model, data["position"], material=material)
    part = model.objects.create(material=material, position=position, **fields)
    for measure in data.get("measures", []) if kind == "direction" else []:
        _put_back_measure(part, measure)
    return part
