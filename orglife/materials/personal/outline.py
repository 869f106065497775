"""The 发言提纲: a short outline of a personal material, read out at the meeting.

Generated from the material (each problem's lead sentence under its category, each
cause's heading, each measure's lead sentence under its direction), then edited by
its author, and printed on the official page in one or two pages. Ordinals are made
from order here, never stored.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from orglife.common.ordinals import item_ordinal, part_ordinal, section_ordinal
from orglife.materials.document.assembly import load_material, numbered_problems
from orglife.materials.importing.ordinals import leading_ordinal
from orglife.materials.models import Material

PARTS = ("problems", "causes", "directions")
# The printed page: 22 lines of 28 characters (GB/T 9704); the title takes two lines
# of 22 pt and the blank line after it, about four lines of the grid.
CHARS_PER_LINE = 28
LINES_PER_PAGE = 22
TITLE_LINES = 4
MAX_PAGES = 2
POINT_LIMIT = 300
# Where a problem's or a measure's lead sentence ends: the first full stop, or where
# the details start (具体表现在…, 比如…).
_LEAD_END = re.compile(r"[。！？；;!?\n]|[，,：:]?\s*(?:具体表现|主要表现|表现在|比如|例如|譬如)")
_TRAILING = "，,、：:；;。 "


def lead_sentence(text: str) -> str:
    """The first sentence of `text`, without a typed ordinal, ending in 。."""
    text = text.strip()
    text = text[len(leading_ordinal(text)) :]
    match = _LEAD_END.search(text)
    lead = (text[: match.start()] if match else text).strip().rstrip(_TRAILING)
    return lead + "。" if lead else ""


def _heading(text: str) -> str:
    text = text.strip()
    return text[len(leading_ordinal(text)) :].strip().rstrip(_TRAILING)


def outline_from_material(material: Material) -> list[dict]:
    """The outline's sections, generated from `material` (its current content)."""
    load_material(material)
    names = {c.pk: c.heading_text for c in material.cycle.categories.all()}
    problems: dict[int, list[str]] = {}
    for problem, _n in numbered_problems(material):
        lead = lead_sentence(problem.text)
        if lead:
            problems.setdefault(problem.category_id, []).append(lead)
    sections = [
        {"part": "problems", "heading": names[category_id], "points": points}
        for category_id, points in problems.items()
    ]
    causes = [_heading(cause.heading) for cause in material.causes.all() if _heading(cause.heading)]
    if causes:
        sections.append({"part": "causes", "heading": "", "points": causes})
    for direction in material.directions.all():
        points = [lead_sentence(m.text) for m in direction.measures.all() if lead_sentence(m.text)]
        sections.append({"part": "directions", "heading": _heading(direction.heading), "points": points})
    return sections


@dataclass(frozen=True)
class Line:
    """One paragraph of the outline as shown and printed."""

    kind: str  # title, heading1, body
    text: str
    lead: str = ""  # a section's （一）heading, printed in 楷体 before the run-on points

    @property
    def full(self) -> str:
        return self.lead + self.text


def outline_title(material: Material) -> str:
    return f"{material.author.get_full_name()}同志在{material.cycle.title}上的发言提纲"


def outline_lines(material: Material, sections: list[dict]) -> list[Line]:
    """The outline in print order, numbered: 一、 parts, （一） sections, 一是 points run on.
    A category left without points is left out; a direction keeps its heading."""
    headings = {
        "problems": material.problems_heading,
        "causes": material.causes_heading,
        "directions": material.directions_heading,
    }
    lines = [Line("title", outline_title(material))]
    part_number = 0
    for part in PARTS:
        chosen = [
            s
            for s in sections
            if s.get("part") == part and (s.get("points") or (part == "directions" and s.get("heading")))
        ]
        if not chosen:
            continue
        part_number += 1
        lines.append(Line("heading1", part_ordinal(part_number) + headings[part]))
        if part == "causes":
            points = [p for s in chosen for p in s.get("points", [])]
            lines += [Line("body", section_ordinal(n) + _sentence(p)) for n, p in enumerate(points, start=1)]
            continue
        for n, section in enumerate(chosen, start=1):
            heading = section_ordinal(n) + _sentence(section.get("heading", ""))
            points = "".join(item_ordinal(m) + _sentence(p) for m, p in enumerate(section.get("points", []), start=1))
            lines.append(Line("body", points, lead=heading))
    return lines


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith(("。", "！", "？", "：")) else text + "。"


def estimated_pages(lines: list[Line]) -> int:
    """Pages the outline takes on the official page: each paragraph's characters, with
    the two-character indent, over 28 a line; 22 lines a page."""
    grid = TITLE_LINES + sum(math.ceil((len(line.full) + 2) / CHARS_PER_LINE) for line in lines if line.kind != "title")
    return max(1, math.ceil(grid / LINES_PER_PAGE))
