"""The material's content as data: the one declaration of its shape, and the mapping to rows.

One shape (the "import JSON shape") carries a material's whole content: the parser
produces it (orglife.materials.importing.parser), the fitting and the keeping of an import
rework it (orglife.materials.importing.fitting, orglife.materials.importing.keeping), material_fill saves
it (orglife.materials.services), a revision stores it (orglife.materials.revisions.services) and
a snapshot rebuilds it in memory (orglife.materials.document.snapshot). The shape is the stored
format of every MaterialRevision, so it only ever grows: keys added later are
NotRequired, and a revision saved before they existed still reads.

Where a key's name differs from its model field (an entry's "text" is a section's
or a cause's `body`), the functions below are the one place that says so.

The undo of a delete in the editor carries a different, smaller record (the part's own
fields and links, by id): PartSnapshot, at the end.
"""

from __future__ import annotations

import datetime
from typing import Any, NotRequired, TypedDict

from orglife.cycles.models import Category
from orglife.materials.models import CategoryIntro, Cause, Direction, ExtraSection, Material, Measure, Problem


class SignatureData(TypedDict):
    name: str
    date: str | None  # ISO date


class SectionData(TypedDict):
    """An extra part (基本情况, 上年度整改落实情况…)."""

    heading: str
    text: str  # ExtraSection.body
    placement: NotRequired[str]  # ExtraSection.Placement; "before" when absent
    generated: NotRequired[bool]  # made by the importer from text it could not place


class ItemData(TypedDict):
    """A problem."""

    text: str
    opinions: NotRequired[list[str]]  # ids of the opinions adopted into it (revisions)


class CategoryData(TypedDict):
    """A category's intro and problems in this material."""

    name: str
    heading: NotRequired[str]  # the printed heading when it is not name + 方面
    intro: NotRequired[str]
    items: NotRequired[list[ItemData]]
    id: NotRequired[int]  # the category it was saved from (revisions since issue 10)
    generated: NotRequired[bool]  # the importer's catch-all category


class CauseData(TypedDict):
    heading: str
    text: str  # Cause.body


class AnswerData(TypedDict):
    """A problem a measure answers, by its place: category name and item number (1-based)."""

    category: str
    item: int


class MeasureData(TypedDict):
    text: str
    owner: NotRequired[str]  # username of a member of the branch
    deadline: NotRequired[str]  # ISO date
    status: NotRequired[str]  # Measure.Status; planned when absent
    answers: NotRequired[list[AnswerData]]


class DirectionData(TypedDict):
    heading: str
    intro: NotRequired[str]
    measures: NotRequired[list[MeasureData]]


class MaterialData(TypedDict, total=False):
    """A material's whole content. Every key may be absent; material_fill then uses the default."""

    title: str
    preamble: str
    extra_sections: list[SectionData]
    problems_heading: str
    categories: list[CategoryData]
    causes_heading: str
    causes_intro: str
    causes: list[CauseData]
    directions_heading: str
    directions_intro: str
    directions: list[DirectionData]
    closing: str
    signature: SignatureData
    layout: str  # Material.Layout
    brackets: str  # Material.Brackets


# The material's own fields that the shape carries by name.
MATERIAL_DATA_FIELDS = (
    "title",
    "preamble",
    "problems_heading",
    "causes_heading",
    "causes_intro",
    "directions_heading",
    "directions_intro",
    "closing",
    "layout",
    "brackets",
)


def material_set_fields(material: Material, data: MaterialData) -> None:
    """Copy the material's own fields and signature from `data` onto `material` (not saved)."""
    for attr in MATERIAL_DATA_FIELDS:
        if attr in data:
            setattr(material, attr, data[attr] or "")
    signature = data.get("signature") or {}
    material.signature = signature.get("name") or ""
    date = signature.get("date")
    material.signed_on = datetime.date.fromisoformat(date) if isinstance(date, str) else date


def signature_data(material: Material) -> SignatureData:
    return {"name": material.signature, "date": material.signed_on.isoformat() if material.signed_on else None}


# Rows from data (unsaved; `extra` passes a pk or other fields along) ---------------------


def section_row(material: Material, position: int, entry: SectionData, **extra: Any) -> ExtraSection:
    return ExtraSection(
        material=material,
        position=position,
        heading=entry["heading"],
        body=entry.get("text", ""),
        placement=entry.get("placement", ExtraSection.Placement.BEFORE),
        **extra,
    )


def intro_row(material: Material, category: Category, entry: CategoryData, **extra: Any) -> CategoryIntro | None:
    """The category's lead paragraph, or None when the entry has none (blank counts as none)."""
    if not entry.get("intro", "").strip():
        return None
    return CategoryIntro(material=material, category=category, text=entry["intro"], **extra)


def problem_row(material: Material, category: Category, position: int, item: ItemData, **extra: Any) -> Problem:
    return Problem(material=material, category=category, position=position, text=item["text"], **extra)


def cause_row(material: Material, position: int, entry: CauseData, **extra: Any) -> Cause:
    return Cause(material=material, position=position, heading=entry["heading"], body=entry.get("text", ""), **extra)


def direction_row(material: Material, position: int, entry: DirectionData, **extra: Any) -> Direction:
    return Direction(
        material=material, position=position, heading=entry["heading"], intro=entry.get("intro", ""), **extra
    )


def measure_row(direction: Direction, position: int, entry: MeasureData, **extra: Any) -> Measure:
    """The measure's text at its place; owner, deadline and status come in `extra` when known."""
    return Measure(direction=direction, position=position, text=entry["text"], **extra)


# Data from rows --------------------------------------------------------------------------


def section_data(section: ExtraSection) -> SectionData:
    return {"heading": section.heading, "text": section.body, "placement": section.placement}


def cause_data(cause: Cause) -> CauseData:
    return {"heading": cause.heading, "text": cause.body}


# The editor's undo of a delete -------------------------------------------------------------


class PartSnapshot(TypedDict, total=False):
    """What a delete in the editor removed, signed into its undo token
    (orglife.materials.editor.services.part_delete / part_undelete). Fields by model name and ids."""

    position: int
    text: str  # problem, measure
    heading: str  # cause, direction, section
    body: str  # cause, section
    intro: str  # direction
    placement: str  # section
    category_id: int  # problem
    opinions: list[str]  # problem: the opinions adopted into it
    direction_id: int  # measure
    owner_id: int | None  # measure
    status: str  # measure
    deadline: str | None  # measure, ISO date
    problem_ids: list[int]  # measure: the problems it answered
    measures: list[PartSnapshot]  # direction
