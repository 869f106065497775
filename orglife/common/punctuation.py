"""Half-width punctuation in Chinese text: find it, and fix it in one step.

The one rule for the editor's checks, its one-click fix and the importer's warnings
(orglife.materials.importing.parser), so that an import warns about what the fix will change.
"""

import re
from collections.abc import Iterator

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Chinese characters
# Chinese characters with CJK punctuation (、。《》…) and full-width forms (，：（）…).
CHINESE_TEXT = CJK + "\u3000-\u303f\uff00-\uffef"
_HAS_CJK = re.compile(f"[{CJK}]")
_ASCII_QUOTE = re.compile('"')
_ASCII_QUOTE_BY_CHINESE = re.compile(rf"(?<=[{CHINESE_TEXT}])\s*[\"']|[\"']\s*(?=[{CHINESE_TEXT}])")
_HALF_BRACKETS = re.compile(rf"\(([^()]*[{CJK}][^()]*)\)")
_HALF_MARKS = re.compile(rf"(?<=[{CJK}”）》])\s*([,:;?!])\s*(?=[{CJK}“（《]|$)", re.M)


def half_marks(text: str) -> Iterator[re.Match[str]]:
    """Each half-width , : ; ? ! between Chinese text (as fix_punctuation replaces them)."""
    return _HALF_MARKS.finditer(text)


def quotes_by_chinese(text: str) -> Iterator[re.Match[str]]:
    """Each ASCII quote next to Chinese text (a quote inside English words is not one)."""
    return _ASCII_QUOTE_BY_CHINESE.finditer(text)


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
