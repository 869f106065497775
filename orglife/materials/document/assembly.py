"""Turn a material into the document's paragraphs, in the printed order.

The preview, the PDF and the Word export all read this one structure, so the
three can never disagree about the text. Each paragraph is a list of runs so that
a level-2 heading running on into its body (the sample's `(一)党性修养锤炼不够。无论是…`)
can still be printed in its own typeface.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from orglife.common.ordinals import chinese_date, item_ordinal, part_ordinal, section_ordinal
from orglife.cycles.models import Category
from orglife.materials.models import Cause, Direction, ExtraSection, Material, Measure, Problem

ParagraphKind = Literal["title", "body", "heading1", "heading2", "signature", "date"]
RunStyle = Literal["", "heading2"]

# A heading that does not already end in punctuation gets a full stop when printed.
_HEADING_END = tuple("。：:？！；")


@dataclass
class Run:
    text: str
    style: RunStyle = ""


@dataclass
class Paragraph:
    kind: ParagraphKind
    runs: list[Run] = field(default_factory=list)
    anchor: str = ""

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def split_paragraphs(text: str) -> list[str]:
    """The non-blank lines of a multi-paragraph field, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def heading_sentence(heading: str) -> str:
    heading = heading.strip()
    return heading if heading.endswith(_HEADING_END) else heading + "。"


class _Flow:
    """Builds paragraphs where items may run on inside the current one."""

    def __init__(self) -> None:
        self.paragraphs: list[Paragraph] = []
        self._open = False

    def new(self, kind: ParagraphKind, text: str, *, style: RunStyle = "", anchor: str = "") -> None:
        self.paragraphs.append(Paragraph(kind, [Run(text, style)], anchor))
        self._open = kind == "body"

    def close(self) -> None:
        self._open = False

    def body(self, text: str, *, run_on: bool, anchor: str = "", prefix: str = "") -> None:
        """Add a possibly multi-paragraph text; its first paragraph runs on if asked."""
        chunks = split_paragraphs(text) or [""]
        first, rest = prefix + chunks[0], chunks[1:]
        if run_on and self._open:
            self.paragraphs[-1].runs.append(Run(first))
        elif first:
            self.new("body", first, anchor=anchor)
        for chunk in rest:
            self.new("body", chunk, anchor=anchor)

    def heading2(self, text: str, *, run_on: bool, anchor: str = "") -> None:
        """A level-2 heading: its own paragraph, or the start of a running one."""
        kind: ParagraphKind = "body" if run_on else "heading2"
        self.paragraphs.append(Paragraph(kind, [Run(text, "heading2")], anchor))
        self._open = run_on


def load_material(
    material: Material, *, problems: QuerySet[Problem] | None = None, measures: QuerySet[Measure] | None = None
) -> Material:
    """Fetch everything assembly needs in a fixed number of queries.

    A caller that shows more than the text (the editor: opinion counts, measure
    owners and links) passes its own `problems` and `measures` querysets; they are
    ordered by position here. Lists already loaded on `material` are kept as they are.
    """
    problems = (Problem.objects.all() if problems is None else problems).order_by("position")
    measures = (Measure.objects.all() if measures is None else measures).order_by("position")
    prefetch_related_objects(
        [material],
        Prefetch("sections", queryset=ExtraSection.objects.order_by("position")),
        "category_intros",
        Prefetch("problems", queryset=problems),
        Prefetch("causes", queryset=Cause.objects.order_by("position")),
        Prefetch(
            "directions",
            queryset=Direction.objects.order_by("position").prefetch_related(Prefetch("measures", queryset=measures)),
        ),
        Prefetch("cycle__categories", queryset=Category.objects.order_by("position")),
    )
    return material


def numbered_problems(material: Material) -> list[tuple[Problem, int]]:
    """The problems in printed order (by category, then position), each with its place
    in its category: the n of its 一是/二是. Reads the material's loaded lists."""
    grouped: dict[int, list[Problem]] = {c.pk: [] for c in material.cycle.categories.all()}
    for problem in material.problems.all():
        grouped[problem.category_id].append(problem)
    return [
        (problem, n)
        for problems in grouped.values()
        for n, problem in enumerate(sorted(problems, key=lambda p: p.position), start=1)
    ]


def assemble(material: Material) -> list[Paragraph]:
    """The material as paragraphs: title, preamble, numbered parts, closing, signature."""
    load_material(material)
    run_on = material.layout == Material.Layout.RUN_ON
    half = material.brackets == Material.Brackets.HALF
    flow = _Flow()
    flow.new("title", material.title, anchor="title")
    flow.close()
    for chunk in split_paragraphs(material.preamble):
        flow.new("body", chunk, anchor="preamble")
        flow.close()

    sections = list(material.sections.all())
    before = [s for s in sections if s.placement == ExtraSection.Placement.BEFORE]
    after = [s for s in sections if s.placement == ExtraSection.Placement.AFTER]
    parts: list[tuple[str, str, Callable[[], None]]] = [
        (s.heading, f"section-{s.pk}", partial(_write_section, flow, s)) for s in before
    ]
    if material.problems.all():
        parts.append((material.problems_heading, "problems", partial(_write_problems, flow, material, run_on, half)))
    if material.causes.all() or material.causes_intro.strip():
        parts.append((material.causes_heading, "causes", partial(_write_causes, flow, material, run_on, half)))
    if material.directions.all() or material.directions_intro.strip():
        parts.append(
            (material.directions_heading, "directions", partial(_write_directions, flow, material, run_on, half))
        )
    parts += [(s.heading, f"section-{s.pk}", partial(_write_section, flow, s)) for s in after]

    for number, (heading, anchor, write) in enumerate(parts, start=1):
        flow.new("heading1", part_ordinal(number) + heading.strip(), anchor=anchor)
        flow.close()
        write()

    for chunk in split_paragraphs(material.closing):
        flow.new("body", chunk, anchor="closing")
        flow.close()
    if material.signature.strip():
        flow.new("signature", material.signature.strip(), anchor="signature")
    if material.signed_on:
        flow.new("date", chinese_date(material.signed_on), anchor="signature")
    return flow.paragraphs


def assembled_text(material: Material) -> str:
    """The whole document as plain text, one blank line between paragraphs."""
    return "\n\n".join(p.text for p in assemble(material))


def _write_section(flow: _Flow, section: ExtraSection) -> None:
    for chunk in split_paragraphs(section.body):
        flow.new("body", chunk, anchor=f"section-{section.pk}")
        flow.close()


def _write_problems(flow: _Flow, material: Material, run_on: bool, half: bool) -> None:
    intros = {intro.category_id: intro.text for intro in material.category_intros.all()}
    by_category: dict[int, list[Problem]] = {}
    for problem in material.problems.all():
        by_category.setdefault(problem.category_id, []).append(problem)
    number = 0
    for category in material.cycle.categories.all():
        problems = by_category.get(category.pk, [])
        intro = intros.get(category.pk, "")
        if not problems and not intro.strip():
            continue
        number += 1
        anchor = f"category-{category.pk}"
        flow.new(
            "heading2",
            section_ordinal(number, half_width=half) + heading_sentence(category.heading_text),
            anchor=anchor,
        )
        flow.close()
        for chunk in split_paragraphs(intro):
            flow.new("body", chunk, anchor=anchor)
        if not run_on:
            flow.close()
        for index, problem in enumerate(problems, start=1):
            flow.body(problem.text, run_on=run_on, anchor=f"problem-{problem.pk}", prefix=item_ordinal(index))
            if not run_on:
                flow.close()
        flow.close()


def _write_causes(flow: _Flow, material: Material, run_on: bool, half: bool) -> None:
    for chunk in split_paragraphs(material.causes_intro):
        flow.new("body", chunk, anchor="causes")
        flow.close()
    for number, cause in enumerate(material.causes.all(), start=1):
        anchor = f"cause-{cause.pk}"
        flow.heading2(
            section_ordinal(number, half_width=half) + heading_sentence(cause.heading), run_on=run_on, anchor=anchor
        )
        if cause.body.strip():
            flow.body(cause.body, run_on=run_on, anchor=anchor)
        flow.close()


def _write_directions(flow: _Flow, material: Material, run_on: bool, half: bool) -> None:
    for chunk in split_paragraphs(material.directions_intro):
        flow.new("body", chunk, anchor="directions")
        flow.close()
    for number, direction in enumerate(material.directions.all(), start=1):
        anchor = f"direction-{direction.pk}"
        flow.heading2(
            section_ordinal(number, half_width=half) + heading_sentence(direction.heading), run_on=run_on, anchor=anchor
        )
        if direction.intro.strip():
            flow.body(direction.intro, run_on=run_on, anchor=anchor)
        for index, measure in enumerate(direction.measures.all(), start=1):
            flow.body(measure.text, run_on=run_on, anchor=f"measure-{measure.pk}", prefix=item_ordinal(index))
        flow.close()
