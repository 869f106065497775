"""The no-loss invariant of the importer, stated once for the sample and property tests.

Invariant: for every input text T, with P = parse_material(T),

    chars(T) == chars(fields of P.data) + chars(P.removed)

as multisets, where chars(x) are the characters of x that are not whitespace
(str.isspace), and the fields are every text the parser fills: title, preamble, the
part headings and intros, closing, signature name, each extra section's text and
heading, each category's printed heading (its `heading`, or name + 方面), intro and
items, each cause's heading and text, each direction's heading, intro and measures.
Headings the parser made up itself (marked "generated") are not counted, as they
come from no input character.

And every removed piece is one of: an ordinal prefix (一、 第一部分 （一） (一) 一是
一要 1. 1、 （1） ①), a heading's final 。, markdown #s, a BOM, the signature date
(a real date), a repeated category heading equal to one that was kept, or control
characters (C0/C1 other than tab and line ends: no Word document can hold them, so
the importer removes them and says so in a "control_chars" warning), or a
signature's label (发言人： 单位： 党支部：…, in simplified or traditional characters),
which the parser keeps apart in the signature's "labels".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any

from orglife.materials.importing import ParsedMaterial
from orglife.materials.importing.parser import parse_date
from orglife.materials.importing.traditional import recognisable

_CN = "[一二三四五六七八九十]+"
_ORDINAL = re.compile(
    rf"第{_CN}部分[、，,.．：:]?|{_CN}\s*[、.．]|[（(]\s*{_CN}\s*[）)]|{_CN}[是要]"
    r"|[1-9][0-9]?[.．、]|[（(][1-9][0-9]?[）)]|[①-⑳]"
)

_LABEL = re.compile(r"(?:发言人|汇报人|报告人|署名|姓名|签名|单位|党支部|支部)\s*[：:]")


def _chars(texts: list[str]) -> Counter[str]:
    return Counter(char for text in texts for char in text if not char.isspace())


def category_heading_text(category: dict[str, Any]) -> str:
    return category["heading"] or category["name"] + "方面"


def field_texts(data: dict[str, Any]) -> list[str]:
    texts = [data["title"], data["preamble"], data["problems_heading"], data["causes_heading"], data["causes_intro"]]
    texts += [data["directions_heading"], data["directions_intro"], data["closing"], data["signature"]["name"]]
    for section in data["extra_sections"]:
        texts += [section["text"]] + ([] if section.get("generated") else [section["heading"]])
    for category in data["categories"]:
        texts += [] if category.get("generated") else [category_heading_text(category)]
        texts += [category["intro"]] + [item["text"] for item in category["items"]]
    for cause in data["causes"]:
        texts += [cause["heading"], cause["text"]]
    for direction in data["directions"]:
        texts += [direction["heading"], direction["intro"]] + [m["text"] for m in direction["measures"]]
    return texts


def invalid_removals(parsed: ParsedMaterial) -> list[tuple[str, str]]:
    """Removed pieces that are not what the invariant allows."""
    headings = {category_heading_text(c) for c in parsed.data["categories"]}
    allowed = {
        "ordinal": lambda text: bool(_ORDINAL.fullmatch(text)),
        "terminator": lambda text: text == "。",
        "markdown": lambda text: bool(re.fullmatch("#{1,6}", text)),
        "bom": lambda text: text == "\ufeff",
        "date": lambda text: parse_date(text) is not None,
        "duplicate": lambda text: text in headings,
        "control": lambda text: all(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in text),
        "label": lambda text: bool(_LABEL.fullmatch(recognisable(text))),
    }
    return [(r.kind, r.text) for r in parsed.removed if not allowed.get(r.kind, lambda _: False)(r.text)]


def lost_and_invented(text: str, parsed: ParsedMaterial) -> tuple[Counter[str], Counter[str]]:
    """(characters of the input found nowhere in the output, characters the output has in excess)."""
    given = _chars([text])
    kept = _chars(field_texts(parsed.data)) + _chars([r.text for r in parsed.removed])
    return given - kept, kept - given
