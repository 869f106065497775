"""Import an existing material's text into a cycle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from orglife.importing import ParsedMaterial, parse_material
from orglife.models import Cycle, Material, MaterialRevision, User

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


@transaction.atomic
def material_import(
    *, cycle: Cycle, text: str, author: User | None = None, by: User | None = None, source: str = ""
) -> ImportOutcome:
    """Parse `text` and make it the cycle's committee material, or `author`'s personal material.

    Side effects, in one transaction (on error nothing changes): creates the material
    if it does not exist; otherwise saves a MaterialRevision of its current content
    (导入前自动保存, naming `source`) before replacing it; adds to the cycle the
    categories the text uses and the cycle lacks; replaces the content (material_fill).
    """
    parsed = parse_material(text)
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
