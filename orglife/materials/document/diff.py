"""Differences between two versions of a document, readable for Chinese.

Paragraphs are aligned first; a changed paragraph is then compared character by
character (Chinese has no spaces to split words on), so a reader sees exactly
which characters went and came.

Any member can make long texts, so the work is bounded: the comparison is
Myers' O((N+M)·D) algorithm after cutting off the common start and end, with a
budget of steps shared by the whole comparison (difflib's SequenceMatcher, used
before, grows with the cube of the length on repetitive text: two 20,000-character
paragraphs took 17 s). A changed paragraph too costly to compare by characters is
compared sentence by sentence, and failing that shown as removed and added whole;
such rows are marked `coarse`, and the compare page says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Op = Literal["equal", "insert", "delete", "replace"]
Opcode = tuple[str, int, int, int, int]  # (tag, a0, a1, b0, b1), as difflib's get_opcodes

# Steps (diagonals tried plus characters matched) one comparison may spend in all,
# about a second of CPU in the worst case (bench/dos.py prints the figures), and
# what one paragraph may spend by characters before it is compared by sentences.
DIFF_BUDGET = 2_000_000
PARAGRAPH_STEPS = 500_000

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;\n])")


@dataclass
class Segment:
    op: Literal["equal", "insert", "delete"]
    text: str


@dataclass
class Row:
    op: Op
    segments: list[Segment]
    coarse: bool = False  # compared by sentences or whole, not character by character


class Budget:
    """Steps left for one comparison."""

    def __init__(self, steps: int = DIFF_BUDGET) -> None:
        self.left = steps

    def spend(self, steps: int) -> bool:
        self.left -= steps
        return self.left >= 0


def opcodes(a: Sequence, b: Sequence, budget: Budget) -> list[Opcode] | None:
    """difflib-style opcodes turning `a` into `b` (a shortest edit script), or None when
    finding them would overspend `budget` (what was spent stays spent)."""
    n, m = len(a), len(b)
    start = 0
    while start < n and start < m and a[start] == b[start]:
        start += 1
    end = 0
    while end < n - start and end < m - start and a[n - 1 - end] == b[m - 1 - end]:
        end += 1
    if not budget.spend(start + end + 1):
        return None
    middle = _middle(a[start : n - end], b[start : m - end], budget)
    if middle is None:
        return None
    codes: list[Opcode] = []
    for tag, a0, a1, b0, b1 in [("equal", 0, start, 0, start)] + [
        (t, a0 + start, a1 + start, b0 + start, b1 + start) for t, a0, a1, b0, b1 in middle
    ]:
        _append(codes, tag, a0, a1, b0, b1)
    _append(codes, "equal", n - end, n, m - end, m)
    return codes


def _append(codes: list[Opcode], tag: str, a0: int, a1: int, b0: int, b1: int) -> None:
    """Add one run, merged with the previous when it continues it (a delete next to an
    insert is a replace)."""
    if a0 == a1 and b0 == b1:
        return
    if codes:
        last_tag, la0, _, lb0, _ = codes[-1]
        if last_tag == tag or (last_tag != "equal" and tag != "equal"):
            codes[-1] = (last_tag if last_tag == tag else "replace", la0, a1, lb0, b1)
            return
    codes.append((tag, a0, a1, b0, b1))


def _middle(a: Sequence, b: Sequence, budget: Budget) -> list[Opcode] | None:
    """Myers' greedy forward search with the path kept per edit distance d (memory grows
    with d², which the budget bounds too), then the path walked back into runs."""
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return [("delete" if n else "insert", 0, n, 0, m)] if n or m else []
    offset = n + m + 1
    v = [0] * (2 * offset + 1)
    trace: list[list[int]] = []
    for d in range(n + m + 1):
        steps = d + 1
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and v[offset + k - 1] < v[offset + k + 1]):
                x = v[offset + k + 1]
            else:
                x = v[offset + k - 1] + 1
            y = x - k
            x0 = x
            while x < n and y < m and a[x] == b[y]:
                x += 1
                y += 1
            steps += x - x0
            v[offset + k] = x
            if x >= n and y >= m:
                trace.append(v[offset - d : offset + d + 1])
                return _walk_back(trace, n, m)
        trace.append(v[offset - d : offset + d + 1])
        if not budget.spend(steps + d):
            return None
    return None  # not reached: d = n + m always reaches the end


def _walk_back(trace: list[list[int]], n: int, m: int) -> list[Opcode]:
    moves: list[Opcode] = []
    x, y = n, m
    for d in range(len(trace) - 1, 0, -1):
        previous = trace[d - 1]  # holds diagonals -(d-1)..(d-1) at index k + d - 1
        k = x - y

        def reach(diagonal: int, previous=previous, d=d) -> int:
            return previous[diagonal + d - 1]

        if k == -d or (k != d and reach(k - 1) < reach(k + 1)):
            prev_k = k + 1
        else:
            prev_k = k - 1
        prev_x = reach(prev_k)
        prev_y = prev_x - prev_k
        # The snake after the edit: equal characters.
        snake_x = prev_x if prev_k == k + 1 else prev_x + 1
        snake_y = snake_x - k
        if x > snake_x:
            moves.append(("equal", snake_x, x, snake_y, y))
        if prev_k == k + 1:
            moves.append(("insert", prev_x, prev_x, prev_y, prev_y + 1))
        else:
            moves.append(("delete", prev_x, prev_x + 1, prev_y, prev_y))
        x, y = prev_x, prev_y
    if x > 0:
        moves.append(("equal", 0, x, 0, y))
    codes: list[Opcode] = []
    for move in reversed(moves):
        _append(codes, *move)
    return codes


def char_segments(old: str, new: str, budget: Budget | None = None) -> list[Segment] | None:
    """One paragraph's changes, character by character; None when over `budget`."""
    codes = opcodes(old, new, budget or Budget())
    return None if codes is None else _segments(old, new, codes)


def _segments(old: str, new: str, codes: list[Opcode]) -> list[Segment]:
    segments = []
    for tag, a0, a1, b0, b1 in codes:
        if tag == "equal":
            segments.append(Segment("equal", old[a0:a1]))
        else:
            if a1 > a0:
                segments.append(Segment("delete", old[a0:a1]))
            if b1 > b0:
                segments.append(Segment("insert", new[b0:b1]))
    return segments


def sentences(text: str) -> list[str]:
    """`text` cut after each 。！？； (and their ASCII forms) and line break, nothing dropped."""
    return [part for part in _SENTENCE_END.split(text) if part]


def changed_row(old: str, new: str, budget: Budget) -> Row:
    """A replaced paragraph: by characters if affordable, else by sentences (each changed
    run of sentences by characters where the budget still allows), else whole."""
    trial = Budget(min(budget.left, PARAGRAPH_STEPS))
    segments = char_segments(old, new, trial)
    budget.spend(min(budget.left, PARAGRAPH_STEPS) - trial.left)
    if segments is not None:
        return Row("replace", segments)
    old_sentences, new_sentences = sentences(old), sentences(new)
    codes = opcodes(old_sentences, new_sentences, budget)
    if codes is None:
        return Row("replace", [Segment("delete", old), Segment("insert", new)], coarse=True)
    segments = []
    for tag, a0, a1, b0, b1 in codes:
        before, after = "".join(old_sentences[a0:a1]), "".join(new_sentences[b0:b1])
        if tag == "equal":
            segments.append(Segment("equal", before))
            continue
        inner = char_segments(before, after, budget) if before and after else None
        if inner is None:
            inner = [Segment(op, text) for op, text in (("delete", before), ("insert", after)) if text]
        segments += inner
    return Row("replace", segments, coarse=True)


def diff_paragraphs(old: list[str], new: list[str], budget: Budget | None = None) -> list[Row]:
    """The rows of a diff between two lists of paragraphs, within `budget` (a fresh
    DIFF_BUDGET by default)."""
    budget = budget or Budget()
    codes = opcodes(old, new, budget)
    coarse = codes is None
    if codes is None:  # too many paragraphs to align: keep the common start and end only
        codes = _ends_only(old, new)
    rows: list[Row] = []
    for tag, a0, a1, b0, b1 in codes:
        if tag == "equal":
            rows += [Row("equal", [Segment("equal", p)]) for p in old[a0:a1]]
        elif tag == "delete":
            rows += [Row("delete", [Segment("delete", p)], coarse) for p in old[a0:a1]]
        elif tag == "insert":
            rows += [Row("insert", [Segment("insert", p)], coarse) for p in new[b0:b1]]
        elif coarse:
            rows += [Row("delete", [Segment("delete", p)], True) for p in old[a0:a1]]
            rows += [Row("insert", [Segment("insert", p)], True) for p in new[b0:b1]]
        else:
            pairs = min(a1 - a0, b1 - b0)
            rows += [changed_row(old[a0 + i], new[b0 + i], budget) for i in range(pairs)]
            rows += [Row("delete", [Segment("delete", p)]) for p in old[a0 + pairs : a1]]
            rows += [Row("insert", [Segment("insert", p)]) for p in new[b0 + pairs : b1]]
    return rows


def _ends_only(old: list[str], new: list[str]) -> list[Opcode]:
    codes: list[Opcode] = []
    n, m = len(old), len(new)
    start = 0
    while start < n and start < m and old[start] == new[start]:
        start += 1
    end = 0
    while end < n - start and end < m - start and old[n - 1 - end] == new[m - 1 - end]:
        end += 1
    _append(codes, "equal", 0, start, 0, start)
    _append(codes, "replace", start, n - end, start, m - end)
    _append(codes, "equal", n - end, n, m - end, m)
    return codes
