"""Text copied out of a PDF: a hard line break every ~28 characters, mid-word and mid-sentence.

`unwrap` tells such text from text whose lines are paragraphs (most lines of about
the same width, and those mostly not ending a sentence) and joins the lines of each
paragraph back, keeping the real paragraph ends: a line shorter than the others, a
blank line, a line before a part or section heading (`一、` `（一）`), or a line ending
a sentence before an indented one. A title the PDF broke over two or three lines is
joined too, wrapped text or not: its first lines join when together, and not alone,
they end as a title does (……材料, ……提纲). Only line breaks (and the spaces at the ends of lines) go: no other
character is added or removed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from orglife.materials.importing.ordinals import PART_RE, SECTION_RE, leading_ordinal
from orglife.materials.importing.traditional import recognisable

MIN_WIDTH = 15  # a PDF line of a material holds more; shorter "same-length" lines are headings
MIN_FULL_LINES = 3
FULL_SHARE = 0.2  # of the non-blank lines, at least this many are full (short items are whole lines)
UNENDED_SHARE = 0.6  # of the full lines, at least this many do not end a sentence
INDENT = 2  # a paragraph's first line is indented by two characters
TITLE_LINES = 3
TITLE_MAX = 100
_ENDS = "。；;：:！!？?"
_CLOSING = "”’\"'」』）)》"
_TITLE_END_RE = re.compile(r"(?:材料|提纲|发言|报告|汇报|讲话|检查|剖析)$")
_CLOSING_START_RE = re.compile(r"以上|总之|特此")  # the closing paragraph, after the last measure
_WHOLE_TITLE_RE = re.compile(r"(?:材料|提纲|报告)$")


@dataclass(frozen=True)
class Unwrapped:
    """The re-joined text, and what was done (0 lines joined when the text was not wrapped)."""

    text: str
    width: int = 0  # the full line's width, in full-width characters
    lines: int = 0  # lines joined to the line before them
    paragraphs: int = 0  # paragraphs those lines were joined into
    title_lines: int = 0  # lines the title was joined from (0 when it was on one line)


def width(line: str) -> float:
    """How wide `line` prints, in full-width characters: ASCII counts 0.5, Chinese characters
    and punctuation 1 (from the UTF-8 length, which tells them apart without a lookup per character)."""
    wide = (len(line.encode("utf-8", "surrogatepass")) - len(line)) / 2
    return wide + (len(line) - wide) / 2


def _ends_sentence(line: str) -> bool:
    line = line.rstrip().rstrip(_CLOSING)
    return bool(line) and line[-1] in _ENDS


def full_width(lines: list[str]) -> int:
    """The width of a full line when most lines are cut at one width without ending a sentence, else 0."""
    widths = [width(line.rstrip()) for line in lines if line.strip()]
    counts = Counter(math.ceil(w) for w in widths if w >= MIN_WIDTH)
    if not counts:
        return 0
    full = max(counts, key=lambda k: (counts[k], k))
    cut = [line for line in lines if line.strip() and full - INDENT - 0.5 <= width(line.rstrip()) <= full + 1]
    unended = sum(1 for line in cut if not _ends_sentence(line))
    if len(cut) >= MIN_FULL_LINES and len(cut) >= FULL_SHARE * len(widths) and unended >= UNENDED_SHARE * len(cut):
        return full
    return 0


def unwrap(text: str) -> Unwrapped:
    """`text` with the lines of each paragraph joined, when it is wrapped text (see the module)."""
    lines = text.splitlines()
    full = full_width(lines)
    if not full:
        title_lines = _join_title(lines)
        return Unwrapped("\n".join(lines), title_lines=title_lines) if title_lines else Unwrapped(text)
    out: list[str] = []
    joined = paragraphs = 0
    continuing = extended = False  # the last line is full and goes on / it was already joined to
    for raw in lines:
        line = raw.strip()
        if continuing and line and _continues(out[-1], raw):
            paragraphs += not extended
            out[-1], extended = _glue(out[-1], line), True
            joined += 1
        else:
            out.append(raw.rstrip())
            extended = False
        continuing = bool(line) and _is_full(raw.rstrip(), full)
    title_lines = _join_title(out)
    return Unwrapped("\n".join(out), full, joined, paragraphs, title_lines)


def _is_full(line: str, full: int) -> bool:
    """Whether `line` was cut at the page's width: full, or up to INDENT short (a paragraph's
    first line, its indent lost in the copy, or punctuation squeezed) without ending a sentence."""
    wide = width(line)
    return wide >= full - 1 or (wide >= full - INDENT - 0.5 and not _ends_sentence(line))


def _continues(previous: str, raw: str) -> bool:
    """Whether line `raw` goes on with the paragraph of the full line `previous`."""
    line = raw.strip()
    if PART_RE.match(line) or SECTION_RE.match(line) or _CLOSING_START_RE.match(recognisable(line)):
        return False
    indented = raw[:1].isspace()
    return not (indented and _ends_sentence(previous))


def _glue(left: str, right: str) -> str:
    """Two pieces of one paragraph: a space between Latin letters or digits, nothing between Chinese."""
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return f"{left} {right}"
    return left + right


def _join_title(lines: list[str]) -> int:
    """Join, in place, a title broken over the first two or three lines (the most of them that
    end as a title does); how many lines it was on."""
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None or _WHOLE_TITLE_RE.search(recognisable(lines[start].strip())):
        return 0
    title = lines[start].strip()
    best = 0
    for count in range(2, TITLE_LINES + 1):
        end = start + count - 1
        if end >= len(lines) or not lines[end].strip():
            break
        piece = lines[end].strip()
        if _ends_sentence(title) or leading_ordinal(piece) or len(title) + len(piece) > TITLE_MAX:
            break
        title = _glue(title, piece)
        if _TITLE_END_RE.search(recognisable(title)):
            best, joined = count, title  # the longest: ……对照检查 / 材料 is one title
    if best:
        lines[start : start + best] = [joined]
    return best
