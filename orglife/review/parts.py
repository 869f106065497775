"""The parts of a material a reviewer comments on, in printed order, with their labels.

The same function lists the parts of the live material (when it is submitted, to
record which live part is the n-th of its kind) and of a frozen revision rebuilt in
memory (material_from_data), so the two line up by kind and place.
"""

from __future__ import annotations

from dataclasses import dataclass

from orglife.common.ordinals import item_ordinal, section_ordinal
from orglife.materials.document.assembly import load_material, numbered_problems
from orglife.materials.models import Material

KINDS = ("section", "problem", "cause", "direction", "measure")


@dataclass(frozen=True)
class Part:
    kind: str
    pk: int  # the row's id: the live part's, or a frozen copy's made-up one
    label: str  # 思想方面·一是, 原因（一）, 措施（二）一是
    text: str
    heading: str = ""  # the part of the document it belongs to: 存在的问题, 原因剖析…


def material_parts(material: Material) -> list[Part]:
    """Every part of `material` a comment may be anchored to, in printed order."""
    load_material(material)
    parts = [Part("section", s.pk, s.heading, s.body, "其他部分") for s in material.sections.all()]
    categories = {c.pk: c for c in material.cycle.categories.all()}
    parts += [
        Part("problem", p.pk, f"{categories[p.category_id].heading_text}·{item_ordinal(n)}", p.text, "存在的问题")
        for p, n in numbered_problems(material)
    ]
    parts += [
        Part("cause", c.pk, f"原因{section_ordinal(n)}", f"{c.heading}\n{c.body}".strip(), "原因剖析")
        for n, c in enumerate(material.causes.all(), 1)
    ]
    for n, direction in enumerate(material.directions.all(), 1):
        text = f"{direction.heading}\n{direction.intro}".strip()
        parts.append(Part("direction", direction.pk, f"努力方向{section_ordinal(n)}", text, "整改措施"))
        parts += [
            Part("measure", m.pk, f"措施{section_ordinal(n)}{item_ordinal(k)}", m.text, "整改措施")
            for k, m in enumerate(direction.measures.all(), 1)
        ]
    return parts


def part_ids(material: Material) -> dict[str, list[int]]:
    """The live parts' ids by kind, in printed order (kept with a submission)."""
    ids: dict[str, list[int]] = {kind: [] for kind in KINDS}
    for part in material_parts(material):
        ids[part.kind].append(part.pk)
    return ids


def frozen_parts(snapshot: Material, ids: dict[str, list[int]]) -> list[Part]:
    """The parts of a frozen revision, each under the id of the live part it was made
    from (`ids`, kept when it was submitted)."""
    seen: dict[str, int] = {}
    parts = []
    for part in material_parts(snapshot):
        n = seen.get(part.kind, 0)
        seen[part.kind] = n + 1
        live = ids.get(part.kind, [])
        if n < len(live):
            parts.append(Part(part.kind, live[n], part.label, part.text, part.heading))
    return parts
