"""Recognise the ordinal prefixes materials are numbered with, so they can be removed
(orglife.common.ordinals regenerates them from positions).

Three levels: parts (`一、`, `第一部分`), sections (`（一）`/`(一)`) and items
(`一是`/`一要`, `1.`/`1、`, `（1）`/`(1)`, `①`). An item marker counts only at the
start of a paragraph or right after a sentence boundary, so words such as 统一是
or 唯一是 are not mistaken for the start of an item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# 1..99 written the usual way: 一, 十, 十二, 二十, 二十三.
CN_NUMBER = "(?:十[一二三四五六七八九]?|[二三四五六七八九]十[一二三四五六七八九]?|[一二三四五六七八九])"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

PART_RE = re.compile(rf"^(?:第({CN_NUMBER})部分[、，,.．：:]?|({CN_NUMBER})[、.．](?![0-9]))\s*")
SECTION_RE = re.compile(rf"^([（(])\s*({CN_NUMBER})\s*([）)])\s*")
ITEM_RE = re.compile(
    rf"(?P<cn>{CN_NUMBER})(?P<cn_suffix>是|要)"
    r"|(?P<arabic>[1-9][0-9]?)(?P<arabic_suffix>[.．、])(?![0-9])"
    r"|(?P<open>[（(])(?P<paren>[1-9][0-9]?)(?P<close>[）)])"
    rf"|(?P<circled>[{_CIRCLED}])"
)
# After these a new item may start; closing quotes may sit between (…。”二是…).
_BOUNDARY = set("。；;：:！？!?")
_CLOSING_QUOTES = "”’\"'」』"


def leading_ordinal(text: str) -> str:
    """The ordinal `text` starts with, at any level (`一、`, `（三）`, `四是`, `1、`, `（1）`, `①`),
    with the spaces after it; "" when it starts with none."""
    match = PART_RE.match(text) or SECTION_RE.match(text) or ITEM_RE.match(text)
    if not match:
        return ""
    rest = text[match.end() :].lstrip()
    return text[: len(text) - len(rest)]


def chinese_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 二十三 → 23 (matches CN_NUMBER)."""
    if "十" not in text:
        return _DIGIT[text]
    tens, _, ones = text.partition("十")
    return (_DIGIT[tens] if tens else 1) * 10 + (_DIGIT[ones] if ones else 0)


@dataclass(frozen=True)
class Marker:
    """An item ordinal found in a block of text."""

    start: int
    end: int
    family: str  # items of one list share a family: cn, arabic, paren or circled
    number: int
    style: str  # 是/要, ./、, full/half brackets: differing styles in one list get a warning
    line_start: bool  # False when the item runs on inside a paragraph


def _after_boundary(text: str, index: int) -> tuple[bool, bool]:
    """(may an item start at `index`, is it the start of a line)."""
    line_start = text.rfind("\n", 0, index) + 1
    before = text[line_start:index].rstrip()
    if not before:
        return True, True
    before = before.rstrip(_CLOSING_QUOTES).rstrip()
    return bool(before) and before[-1] in _BOUNDARY, False


def item_markers(text: str) -> list[Marker]:
    """Every item marker in `text` at a paragraph start or after a sentence boundary."""
    found = []
    for match in ITEM_RE.finditer(text):
        allowed, line_start = _after_boundary(text, match.start())
        if allowed:
            found.append(_marker(match, line_start))
    return found


def _marker(match: re.Match[str], line_start: bool) -> Marker:
    span = (match.start(), match.end())
    if match["cn"]:
        return Marker(*span, "cn", chinese_number(match["cn"]), match["cn_suffix"], line_start)
    if match["arabic"]:
        return Marker(*span, "arabic", int(match["arabic"]), match["arabic_suffix"], line_start)
    if match["paren"]:
        style = "half" if match["open"] == "(" or match["close"] == ")" else "full"
        return Marker(*span, "paren", int(match["paren"]), style, line_start)
    return Marker(*span, "circled", _CIRCLED.index(match["circled"]) + 1, "circled", line_start)


def sequence_flaws(numbers: list[int]) -> list[tuple[str, int]]:
    """Where a list's ordinals repeat or skip: [(kind, index)] with kind "repeated"/"skipped"."""
    flaws = []
    for index, (previous, current) in enumerate(zip([0, *numbers], numbers, strict=False)):
        if current == previous:
            flaws.append(("repeated", index))
        elif current != previous + 1:
            flaws.append(("skipped", index))
    return flaws
