"""The one "problems and causes too thin" rule, for the importer and the checks panel.

A 对照检查材料 is about its problems and their causes: they should make at least half of
what is written. The importer asks this of the parsed data (orglife.materials.importing.parser)
and the editor's checks panel of the saved rows (orglife.materials.document.checks); both
count the same fields, in characters without white space:

- the core: the category intros, the problems, the causes' intro, and each cause's
  heading and body;
- the whole: the core plus the title, the preamble, the extra sections, the three part
  headings, the directions (heading, intro, measures) and the closing.

Ordinals and headings the print adds, and the signature, are not written by the
author and count nowhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from orglife.materials.document.shape import MaterialData
from orglife.materials.models import Material

Parts = Iterator[tuple[bool, str]]  # (is it core, the text)


@dataclass(frozen=True)
class Weight:
    core: int
    total: int

    @property
    def thin(self) -> bool:
        """Problems or causes are written, and they make less than half of the text."""
        return self.core > 0 and self.core * 2 < self.total

    @property
    def message(self) -> str:
        share = round(100 * self.core / self.total) if self.total else 0
        return f"问题和原因只占全文的{share}%（{self.core}/{self.total}字），应当占一半以上。"


def weigh(parts: Iterable[tuple[bool, str]]) -> Weight:
    core = total = 0
    for is_core, text in parts:
        length = len("".join((text or "").split()))
        total += length
        if is_core:
            core += length
    return Weight(core, total)


def data_parts(data: MaterialData) -> Parts:
    """The parts of a material given as data (the import JSON shape)."""
    for key in ("title", "preamble", "problems_heading", "causes_heading", "directions_heading", "closing"):
        yield False, data.get(key, "")
    for section in data.get("extra_sections", []):
        yield False, section["heading"] + section["text"]
    for category in data.get("categories", []):
        yield True, category.get("intro", "")
        for item in category.get("items", []):
            yield True, item["text"]
    yield True, data.get("causes_intro", "")
    for cause in data.get("causes", []):
        yield True, cause["heading"] + cause["text"]
    for direction in data.get("directions", []):
        yield False, direction["heading"] + direction.get("intro", "")
        for measure in direction.get("measures", []):
            yield False, measure["text"]


def material_parts(material: Material) -> Parts:
    """The same parts of a saved material, from rows already loaded (load_material)."""
    for field in ("title", "preamble", "problems_heading", "causes_heading", "directions_heading", "closing"):
        yield False, getattr(material, field)
    for section in material.sections.all():
        yield False, section.heading + section.body
    for intro in material.category_intros.all():
        yield True, intro.text
    for problem in material.problems.all():
        yield True, problem.text
    yield True, material.causes_intro
    for cause in material.causes.all():
        yield True, cause.heading + cause.body
    for direction in material.directions.all():
        yield False, direction.heading + direction.intro
        for measure in direction.measures.all():
            yield False, measure.text
