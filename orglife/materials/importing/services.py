"""Import an existing material's text into a cycle."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from orglife.common.locks import locked_cycle
from orglife.cycles.models import Cycle
from orglife.materials.importing import MAX_BYTES, ImportWarning, ParsedMaterial, fit_categories, parse_material
from orglife.materials.importing.keeping import KeepReport, keep_work
from orglife.materials.importing.models import ImportPreview
from orglife.materials.importing.traditional import to_simplified
from orglife.materials.models import Material, Measure
from orglife.materials.revisions.models import MaterialRevision
from orglife.materials.revisions.services import (
    REASON_BEFORE_IMPORT,
    categories_ensure,
    material_replace,
    material_to_data,
)
from orglife.materials.services import material_fill
from orglife.orgs.access import committee_material, may_edit_branch
from orglife.orgs.models import User

PREVIEW_LIFETIME = datetime.timedelta(hours=2)
PREVIEWS_PER_USER = 3  # at most this many waiting previews a user (of different materials); the oldest go

# Keys material_fill would set to "" when the parsed text lacked them, which the
# model refuses (a part heading or the title may not be blank): leave them as they are.
_KEEP_WHEN_EMPTY = ("title", "problems_heading", "causes_heading", "directions_heading")


@dataclass(frozen=True)
class ImportOutcome:
    material: Material
    parsed: ParsedMaterial
    revision: MaterialRevision | None  # the copy of what the import replaced; None for a new material
    created: bool


def fill_data(parsed: ParsedMaterial) -> dict[str, Any]:
    """The parsed data as material_fill should receive it."""
    return {key: value for key, value in parsed.data.items() if value or key not in _KEEP_WHEN_EMPTY}


def import_target(*, cycle: Cycle, author: User | None) -> Material | None:
    """The material an import would replace: the cycle's committee material, or `author`'s personal one."""
    if author is None:
        return committee_material(cycle)
    return cycle.materials.filter(kind=Material.Kind.PERSONAL, author=author).first()


def may_add_categories(*, cycle: Cycle, by: User | None) -> bool:
    """Whether an import by `by` may add categories to the cycle: the branch committee may,
    and so may an import with no user (the import_material command, run by an administrator)."""
    return by is None or may_edit_branch(by, cycle.branch)


def parse_for_cycle(*, cycle: Cycle, text: str, by: User | None) -> ParsedMaterial:
    """Parse `text` as it would be imported into `cycle` by `by` (no side effects).

    When `by` may not add categories, the categories the cycle lacks become extra
    parts (orglife.materials.importing.fit_categories), so the import cannot change the
    category list that the whole cycle shares.
    """
    parsed = parse_material(text)
    if may_add_categories(cycle=cycle, by=by):
        return parsed
    return fit_categories(parsed, set(cycle.categories.values_list("name", flat=True)))


def material_has_content(material: Material | None) -> bool:
    """Whether `material` holds any text an import would replace (the title aside)."""
    if material is None:
        return False
    texts = (material.preamble, material.causes_intro, material.directions_intro, material.closing)
    related = (material.sections, material.category_intros, material.problems, material.causes, material.directions)
    return any(text.strip() for text in texts) or any(manager.exists() for manager in related)


def keeping_plan(*, material: Material, parsed: ParsedMaterial) -> tuple[dict[str, Any], KeepReport]:
    """The data to import with the editor's work kept on matching parts, and what is kept and lost
    (orglife.materials.importing.keeping). No side effects."""
    old = material_to_data(material)
    usernames = {m.get("owner") for d in old["directions"] for m in d["measures"]} - {None}
    names = {u.username: u.full_name or u.username for u in User.objects.filter(username__in=usernames)}
    labels = {value: str(label) for value, label in Measure.Status.choices}
    return keep_work(old, fill_data(parsed), names=names, status_labels=labels)


@transaction.atomic
def material_import(
    *,
    cycle: Cycle,
    text: str,
    author: User | None = None,
    by: User | None = None,
    source: str = "",
    keep: bool = False,
    simplify: bool = False,
) -> ImportOutcome:
    """Parse `text` and make it the cycle's committee material, or `author`'s personal material.

    Side effects, in one transaction (on error nothing changes): locks the cycle row,
    so that concurrent imports into one cycle run one after the other; creates the
    material if it does not exist; otherwise saves a MaterialRevision of its current
    content (导入前自动保存, naming `source`) before replacing it; adds to the cycle
    the categories the text uses and the cycle lacks, only when `by` may
    (may_add_categories; otherwise they become extra parts); replaces the content
    (material_fill). With `keep`, the owners, deadlines, statuses, measure-problem
    links and adopted opinions of the replaced parts carry over to the imported
    parts with the same or nearly the same text (keeping_plan, computed here on the
    content as it is under the lock); without, they are dropped and adopted
    opinions go back to 待处理. With `simplify`, traditional characters are converted
    to simplified ones (OpenCC t2s) before the text is parsed.
    """
    cycle = locked_cycle(cycle.pk)
    parsed = parse_for_cycle(cycle=cycle, text=to_simplified(text) if simplify else text, by=by)
    data = fill_data(parsed)
    material = import_target(cycle=cycle, author=author)
    if material is not None:
        if keep:
            data, _ = keeping_plan(material=material, parsed=parsed)
        reason = f"{REASON_BEFORE_IMPORT}（导入{source}）" if source else REASON_BEFORE_IMPORT
        revision = material_replace(material=material, data=data, by=by, reason=reason[:200])
        material.refresh_from_db()
        return ImportOutcome(material, parsed, revision, created=False)
    kind = Material.Kind.PERSONAL if author else Material.Kind.COMMITTEE
    suffix = "个人对照检查材料" if author else "对照检查材料"
    material = Material.objects.create(
        cycle=cycle, kind=kind, author=author, title=parsed.data["title"] or f"{cycle.title}{suffix}"
    )
    categories_ensure(material=material, data=data)
    material_fill(material=material, data=data)
    return ImportOutcome(material, parsed, None, created=True)


def preview_store(
    *,
    owner: User,
    cycle: Cycle,
    personal: bool,
    text: str,
    source: str = "",
    warnings: list[ImportWarning] | None = None,
) -> ImportPreview:
    """Keep `text` until its import is confirmed; returns the preview, whose key the session holds.

    Side effects, in one transaction: deletes every expired preview (anyone's), the
    owner's earlier preview of the same material, and the owner's oldest previews
    beyond PREVIEWS_PER_USER; creates the ImportPreview. Refuses (ValueError) text
    over the 10 MB the importer reads, which the forms never let through.
    """
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise ValueError("import preview over 10 MB")
    now = timezone.now()
    with transaction.atomic():
        ImportPreview.objects.filter(expires_at__lte=now).delete()
        mine = ImportPreview.objects.filter(owner=owner)
        mine.filter(cycle=cycle, personal=personal).delete()
        stale = list(mine.order_by("-created_at", "-id").values_list("pk", flat=True)[PREVIEWS_PER_USER - 1 :])
        ImportPreview.objects.filter(pk__in=stale).delete()
        return ImportPreview.objects.create(
            key=secrets.token_urlsafe(32),
            owner=owner,
            cycle=cycle,
            personal=personal,
            material=import_target(cycle=cycle, author=owner if personal else None),
            created_at=now,
            expires_at=now + PREVIEW_LIFETIME,
            size=size,
            digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            text=text,
            payload={"source": source, "warnings": [w.as_dict() for w in warnings or []]},
        )


def preview_for(*, key: str | None, owner: User, cycle: Cycle, personal: bool) -> ImportPreview | None:
    """The owner's unexpired preview with `key` for this cycle's material, or None."""
    if not key:
        return None
    return ImportPreview.objects.filter(
        key=key, owner=owner, cycle=cycle, personal=personal, expires_at__gt=timezone.now()
    ).first()


class PreviewGone(Exception):
    """The preview was confirmed (or replaced) meanwhile, in another tab or by a double click."""


def preview_confirm(*, preview: ImportPreview, by: User, keep: bool, simplify: bool = False) -> ImportOutcome:
    """Import the preview's text (material_import, with `keep` and `simplify`) and delete the preview.

    Side effects, in one transaction: those of material_import; deletes the preview
    and every expired one. Raises PreviewGone, changing nothing, when the preview no longer exists (locked
    first, so two confirms of one preview import once).
    """
    with transaction.atomic():
        locked_cycle(preview.cycle_id)
        if not ImportPreview.objects.select_for_update(of=("self",)).filter(pk=preview.pk).order_by().exists():
            raise PreviewGone
        outcome = material_import(
            cycle=preview.cycle,
            text=preview.text,
            author=by if preview.personal else None,
            by=by,
            source=preview.payload.get("source", ""),
            keep=keep,
            simplify=simplify,
        )
        ImportPreview.objects.filter(Q(pk=preview.pk) | Q(expires_at__lte=timezone.now())).delete()
    return outcome
