"""Half-width punctuation in Chinese text: find it, and fix it in one step."""

import re

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_CJK = re.compile(f"[{CJK}]")
_ASCII_QUOTE = re.compile('"')
_HALF_BRACKETS = re.compile(rf"\(([^()]*[{CJK}][^()]*)\)")
_HALF_MARKS = re.compile(rf"(?<=[{CJK}”）》])\s*([,:;?!])\s*(?=[{CJK}“（《]|$)", re.M)
_FULL_MARKS = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}


def punctuation_problems(text: str) -> list[str]:
    """What is half-width in this Chinese text: a list of short labels, empty if fine."""
    if not _HAS_CJK.search(text):
        return []
    found = []
    if _ASCII_QUOTE.search(text):
        found.append('英文引号 "')
    if _HALF_BRACKETS.search(text):
        found.append("半角括号 ( )")
    if _HALF_MARKS.search(text):
        found.append("半角标点 , : ;")
    return found


def fix_punctuation(text: str) -> str:
    """Chinese quotes, brackets and marks in place of their ASCII look-alikes.

    ASCII double quotes become “ and ” alternately within each paragraph, which is
    how they pair in running text; text without Chinese characters is left alone.
    """
    if not _HAS_CJK.search(text):
        return text
    lines = []
    for line in text.split("\n"):
        parts = line.split('"')
        line = parts[0] + "".join(("“" if i % 2 == 0 else "”") + part for i, part in enumerate(parts[1:]))
        line = _HALF_BRACKETS.sub(r"（\1）", line)
        line = _HALF_MARKS.sub(lambda m: _FULL_MARKS[m.group(1)], line)
        lines.append(line)
    return "\n".join(lines)
