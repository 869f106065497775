"""Import an existing material's text into a cycle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from orglife.importing import ParsedMaterial, fit_categories, parse_material
from orglife.models import Cycle, Material, MaterialRevision, User
from orglife.selectors import Access, access_to_branch

from .locks import locked_cycle
from .material import material_fill
from .revision import REASON_BEFORE_IMPORT, categories_ensure, material_replace

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
        return cycle.materials.filter(kind=Material.Kind.COMMITTEE).first()
    return cycle.materials.filter(kind=Material.Kind.PERSONAL, author=author).first()


def may_add_categories(*, cycle: Cycle, by: User | None) -> bool:
    """Whether an import by `by` may add categories to the cycle: the branch committee may,
    and so may an import with no user (the import_material command, run by an administrator)."""
    return by is None or access_to_branch(by, cycle.branch) == Access.EDIT


def parse_for_cycle(*, cycle: Cycle, text: str, by: User | None) -> ParsedMaterial:
    """Parse `text` as it would be imported into `cycle` by `by` (no side effects).

    When `by` may not add categories, the categories the cycle lacks become extra
    parts (orglife.importing.fit_categories), so the import cannot change the
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


@transaction.atomic
def material_import(
    *, cycle: Cycle, text: str, author: User | None = None, by: User | None = None, source: str = ""
) -> ImportOutcome:
    """Parse `text` and make it the cycle's committee material, or `author`'s personal material.

    Side effects, in one transaction (on error nothing changes): locks the cycle row,
    so that concurrent imports into one cycle run one after the other; creates the
    material if it does not exist; otherwise saves a MaterialRevision of its current
    content (导入前自动保存, naming `source`) before replacing it; adds to the cycle
    the categories the text uses and the cycle lacks, only when `by` may
    (may_add_categories; otherwise they become extra parts); replaces the content
    (material_fill).
    """
    cycle = locked_cycle(cycle.pk)
    parsed = parse_for_cycle(cycle=cycle, text=text, by=by)
    data = fill_data(parsed)
    material = import_target(cycle=cycle, author=author)
    if material is not None:
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
