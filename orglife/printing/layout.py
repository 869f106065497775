"""Line-level decisions the renderers cannot make by themselves.

Neither WeasyPrint nor Word balances a long title, so the title is broken here
into lines of nearly equal width (GB/T 9704 asks for a trapezoid or diamond, never
one or two characters alone on the last line). Widths are counted in ems of the
type size: CJK characters and full-width punctuation are 1, ASCII is narrower.
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache

# The text block is 442.2 pt wide: 20 characters of the 22 pt title.
TITLE_CAPACITY = 20.0
# A proportional Latin glyph is about half an em; counting it as a little more
# keeps a balanced line from wrapping again by accident.
NARROW_WIDTH = 0.6
# Characters that must not begin a line (GB/T 15834) or end one.
NO_LINE_START = set("，。、；：？！）］｝》〉」』】〕”’…·～%‰,.;:?!)]}")
NO_LINE_END = set("（［｛《〈「『【〔“‘([{")
# A break between words reads naturally; one inside a word (主题教|育) does not.
# Without a word segmenter, the usual words of a material's title mark the word
# boundaries; any other break costs as much as lines about 3.5 ems unequal.
BREAK_AFTER = ("，", "、", "；", "：", "”", "’", "》", "）", "年度", "党支部", "党委", "党总支", "班子", "的")
BREAK_BEFORE = (
    "“",
    "《",
    "（",
    "关于",
    "专题",
    "主题教育",
    "组织生活会",
    "民主生活会",
    "对照检查材料",
    "发言提纲",
    "个人",
)
MID_WORD_COST = 12.0
# Pango (UAX #14) already keeps every common closing mark off the start of a
# line, but treats these two as break opportunities; a word joiner glues them
# to the character before. It has no glyph and does not appear in extracted text.
_GLUE_BEFORE = ("·", "～")
WORD_JOINER = "\u2060"


def char_width(char: str, narrow: float = NARROW_WIDTH) -> float:
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F", "A") and not char.isascii() else narrow


def text_width(text: str, narrow: float = NARROW_WIDTH) -> float:
    """Width of `text` in ems, as the layout counts it (`narrow` for each ASCII character)."""
    return sum(char_width(char, narrow) for char in text)


def glue_nonstarters(text: str) -> str:
    """`text` with a word joiner before the marks Pango would let start a line."""
    for mark in _GLUE_BEFORE:
        text = text.replace(mark, WORD_JOINER + mark)
    return text


def _is_opening_quote(text: str, index: int) -> bool:
    """ASCII quotes do not say which side they are on: count them (materials mix them in)."""
    return text[index] in "\"'" and text[:index].count(text[index]) % 2 == 0


def _may_break_before(text: str, index: int) -> bool:
    before, after = text[index - 1], text[index]
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    if (after in "\"'" and not _is_opening_quote(text, index)) or _is_opening_quote(text, index - 1):
        return False
    # Keep Latin words and numbers such as 2022 whole.
    return not (before.isascii() and after.isascii() and before.isalnum() and after.isalnum())


def balance_title(title: str, capacity: float = TITLE_CAPACITY) -> list[str]:
    """The title split into lines of nearly equal width, none wider than `capacity`.

    Among the splits with the fewest lines, the one whose line widths are closest
    to each other wins, with a strong preference for breaking between words.
    A title that cannot be split legally is returned whole.
    """
    return list(_balance(title.strip(), capacity))


@lru_cache(maxsize=256)
def _balance(title: str, capacity: float) -> tuple[str, ...]:
    total = text_width(title)
    if total <= capacity:
        return (title,)
    breaks = [i for i in range(1, len(title)) if _may_break_before(title, i)]
    for count in range(math.ceil(total / capacity), len(title) + 1):
        lines = _best_split(title, breaks, count, capacity)
        if lines:
            return lines
    return (title,)


def _best_split(title: str, breaks: list[int], count: int, capacity: float) -> tuple[str, ...] | None:
    """Dynamic programme over break positions: minimal squared deviation from equal lines."""
    target = text_width(title) / count
    stops = [0, *breaks, len(title)]
    width = [0.0]
    for char in title:
        width.append(width[-1] + char_width(char))
    # best[k][j]: (cost, previous stop) for k lines ending at stops[j]
    last = len(stops) - 1
    best: list[dict[int, tuple[float, int]]] = [{0: (0.0, -1)}]
    for k in range(1, count + 1):
        row: dict[int, tuple[float, int]] = {}
        for j in range(1, len(stops)):
            for i, (cost, _) in best[k - 1].items():
                if i >= j:
                    continue
                line = width[stops[j]] - width[stops[i]]
                if line > capacity:
                    continue
                penalty = 0.0 if j == last or _is_word_boundary(title, stops[j]) else MID_WORD_COST
                candidate = cost + (line - target) ** 2 + penalty
                if j not in row or candidate < row[j][0]:
                    row[j] = (candidate, i)
        best.append(row)
    if last not in best[count]:
        return None
    cuts, j = [], last
    for k in range(count, 0, -1):
        i = best[k][j][1]
        cuts.append(title[stops[i] : stops[j]])
        j = i
    return tuple(reversed(cuts))


def _is_word_boundary(text: str, index: int) -> bool:
    head, tail = text[:index], text[index:]
    if head.endswith("年") and head[-2:-1].isdigit() and not tail.startswith("度"):
        return True  # 2022年|“迎盛会…”
    if head[-1] in "\"'" and not _is_opening_quote(text, index - 1):
        return True
    if tail[0] in "\"'" and _is_opening_quote(text, index):
        return True
    return head.endswith(BREAK_AFTER) or tail.startswith(BREAK_BEFORE)


def signature_indents(signature: str, date: str, *, gap: float = 2.0) -> tuple[float, float]:
    """Right indents (in characters) of the signer and the date lines, per GB/T 9704.

    The signer sits 2 characters in from the right and the date starts 2 characters
    right of the signer's first character; when that would push the date closer
    than 2 characters to the edge, the date takes the 2 characters and the signer
    moves left instead.
    """
    # The official 仿宋 sets digits at exactly half an em.
    signer, dated = text_width(signature, 0.5), text_width(date, 0.5)
    date_right = signer - dated
    if date_right >= gap:
        return gap, date_right
    return gap + dated + gap - signer, gap
