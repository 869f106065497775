"""Traditional characters (繁体字) in an imported material.

Materials run through a site's converter, or written in Hong Kong or Taiwan style,
name their parts 存在問題 or 產生問題的原因. The parser recognises headings, labels
and closing phrases on a simplified copy (`recognisable`) and keeps the text as
written; the import can convert the whole text (`to_simplified`) when the user asks.
Both go through OpenCC's t2s conversion.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

# Below this share of Han characters, traditional ones are stray characters (names, quotations).
TRADITIONAL_SHARE = 0.05
TRADITIONAL_MIN = 5
_HAN_RE = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """The whole text in simplified characters (OpenCC t2s, phrases included)."""
    return _converter().convert(text)


@lru_cache(maxsize=8192)
def _simplified_char(char: str) -> str:
    converted = _converter().convert(char)
    return converted if len(converted) == 1 else char


@lru_cache(maxsize=4096)
def recognisable(text: str) -> str:
    """A simplified copy of `text` of the same length, character for character, to match words on.

    Converted as a whole when that keeps the length (so phrases convert right), else
    character by character, so that an index into the copy is an index into `text`.
    """
    if text.isascii():
        return text
    converted = to_simplified(text)
    if len(converted) == len(text):
        return converted
    return "".join(_simplified_char(char) for char in text)


def traditional_characters(text: str) -> tuple[int, int]:
    """(how many characters of `text` OpenCC writes differently in simplified, the first one's index)."""
    traditional = [char for char in set(text) if not char.isascii() and _simplified_char(char) != char]
    if not traditional:
        return 0, -1
    return sum(text.count(char) for char in traditional), min(text.find(char) for char in traditional)


def is_traditional(text: str, count: int) -> bool:
    """Whether `text` is written in traditional characters, not merely holding a few of them."""
    if count < TRADITIONAL_MIN:
        return False
    han = len(_HAN_RE.findall(text))
    return count >= han * TRADITIONAL_SHARE
