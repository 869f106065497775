"""Differences between two versions of a document, readable for Chinese.

Paragraphs are aligned first; a changed paragraph is then compared character by
character (Chinese has no spaces to split words on), so a reader sees exactly
which characters went and came.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Op = Literal["equal", "insert", "delete", "replace"]


@dataclass
class Segment:
    op: Literal["equal", "insert", "delete"]
    text: str


@dataclass
class Row:
    op: Op
    segments: list[Segment]


def char_segments(old: str, new: str) -> list[Segment]:
    """One paragraph's changes, character by character."""
    segments = []
    for tag, a0, a1, b0, b1 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", old[a0:a1]))
        else:
            if a1 > a0:
                segments.append(Segment("delete", old[a0:a1]))
            if b1 > b0:
                segments.append(Segment("insert", new[b0:b1]))
    return segments


def diff_paragraphs(old: list[str], new: list[str]) -> list[Row]:
    """The rows of a diff between two lists of paragraphs."""
    rows: list[Row] = []
    for tag, a0, a1, b0, b1 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [Row("equal", [Segment("equal", p)]) for p in old[a0:a1]]
        elif tag == "delete":
            rows += [Row("delete", [Segment("delete", p)]) for p in old[a0:a1]]
        elif tag == "insert":
            rows += [Row("insert", [Segment("insert", p)]) for p in new[b0:b1]]
        else:
            pairs = min(a1 - a0, b1 - b0)
            rows += [Row("replace", char_segments(old[a0 + i], new[b0 + i])) for i in range(pairs)]
            rows += [Row("delete", [Segment("delete", p)]) for p in old[a0 + pairs : a1]]
            rows += [Row("insert", [Segment("insert", p)]) for p in new[b0 + pairs : b1]]
    return rows
