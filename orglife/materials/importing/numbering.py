"""Word's automatic list numbering, rendered as the text a reader sees (一、 （一） 1. ①).

A paragraph numbered by Word holds no ordinal in its text: `w:numPr` (on the
paragraph or its style) names a list and a level, and numbering.xml says how that
level is counted and written (`w:numFmt`, `w:lvlText` such as "%1、" or "%1.%2").
`ListNumbering.label` walks the paragraphs in reading order, counting as Word does,
and gives the label to put before each paragraph's text, so the parser finds the
ordinal exactly as if it had been typed.

Counting follows Word rather than a literal reading of the schema: the running
count belongs to the abstract list (`w:abstractNum`), so two `w:num` instances of
one list continue each other, and an instance with a `w:startOverride` restarts
the level at the first paragraph it numbers there.

Bullets give no text. Their symbol is often a private-use glyph of the Symbol or
Wingdings font that means nothing outside it, the parser has no bullet ordinal to
recognise, and assembly prints its own ordinals; without it the paragraph reads as
plain text, which is what it is to the parser. Word's tab or space after a number
is dropped where the number ends in punctuation (一、 （一） 1.), as nobody types a
space there, and kept as one space where the number would otherwise run into the
text (一是 理论…, 1 2022年…).

An upload is small but its numbering.xml is the user's: it may be crafted, or
simply odd. Lists, levels and styles are looked up in dicts built once and each
level is parsed once, so reading costs time in proportion to the document; a
level no real list has (a long w:lvlText, more numbers than levels, a label or a
number past any real one) numbers nothing, and the reader warns about it. Should
anything else go wrong here, the document is read without automatic numbers, with
a warning, rather than not at all (see `ListNumbering`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree

from orglife.common.ordinals import chinese_number

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_PLACEHOLDER_RE = re.compile(r"%([1-9])")
_LEVELS = range(9)  # Word lists have levels 0..8
_MAX_STYLE_DEPTH = 20  # basedOn chains are short; this only stops a cycle
_LARGEST = 9999
# Bounds no real list comes near, so a crafted numbering.xml cannot make each label costly or the text huge:
_MAX_LEVEL_TEXT = 64  # characters of a w:lvlText ("%1、", "第%1章", "%1.%2.%3." are a few)
_MAX_LABEL = 100  # characters of a label (letters repeat: the 2,600th item of a…z is 100 z's)
_LARGEST_COUNT = 10**9  # a number past this (from a crafted start) is not written out
_ON = frozenset({"1", "true", "on"})  # ST_OnOff's true values, for attributes

logger = logging.getLogger(__name__)

_IDEOGRAPH_DIGITS = "〇一二三四五六七八九"
_LEGAL_SIMPLIFIED = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")
_LEGAL_TRADITIONAL = str.maketrans("一二三四五六七八九十百千", "壹貳參肆伍陸柒捌玖拾佰仟")
_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC")]
_ROMAN += [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def format_number(n: int, fmt: str) -> str | None:
    """`n` written in the numFmt `fmt`; None for a format not supported here.

    Formats drawn from a closed set (①…⑳, 甲…癸) fall back to decimal past its end,
    as Word does. The parenthesised and full-stop digits Word draws as single
    characters (⑴ ⒈) are given in their compatibility form, (1) and 1., which is
    what a person reads and types. Outside 1..9999 every format is decimal: a list
    may start at 0, and no real list goes past 9999, while a crafted start value
    would make letters and Roman numerals megabytes long.
    """
    if fmt in ("decimal", "decimalHalfWidth"):
        return str(n)
    if fmt == "none":
        return ""
    if not 1 <= n <= _LARGEST:
        return str(n) if fmt in _FORMATS else None
    formatter = _FORMATS.get(fmt)
    return formatter(n) if formatter else None


def _chinese_counting(n: int) -> str:
    """一…十…九十九 by words, then digit by digit (一〇五), as Word's chineseCounting."""
    return chinese_number(n) if n < 100 else _ideograph_digits(n)


def _chinese_thousand(n: int) -> str:
    """十二, 一百零五: Chinese counting with units (chineseCountingThousand)."""
    return chinese_number(n)


def _japanese_counting(n: int) -> str:
    """十一, 百五, 千: no 一 before a unit and no 零 (japaneseCounting; some Chinese files use it for 一、)."""
    out = []
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        digit, n = divmod(n, value)
        if digit:
            out.append((_IDEOGRAPH_DIGITS[digit] if digit > 1 else "") + unit)
    return "".join(out) + (_IDEOGRAPH_DIGITS[n] if n else "")


def _legal(n: int, table: dict[int, int]) -> str:
    """壹拾贰: the legal (大写) forms keep the 壹 before 拾."""
    text = chinese_number(n)
    return ("一" + text if text.startswith("十") else text).translate(table)


def _ideograph_digits(n: int) -> str:
    return "".join(_IDEOGRAPH_DIGITS[int(digit)] for digit in str(n))


def _from_set(characters: str) -> Callable[[int], str]:
    return lambda n: characters[n - 1] if n <= len(characters) else str(n)


def _enclosed(first: int, size: int) -> Callable[[int], str]:
    return lambda n: chr(first + n - 1) if n <= size else str(n)


def _letters(alphabet: str) -> Callable[[int], str]:
    """a…z, then aa…zz: Word repeats the letter rather than counting in base 26."""
    return lambda n: alphabet[(n - 1) % 26] * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = []
    for value, numeral in _ROMAN:
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


_FORMATS = {
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(_FULL_WIDTH_DIGITS),
    "decimalFullWidth2": lambda n: str(n).translate(_FULL_WIDTH_DIGITS),
    "decimalEnclosedCircle": _enclosed(0x2460, 20),
    "decimalEnclosedCircleChinese": _enclosed(0x2460, 20),
    "decimalEnclosedParen": lambda n: f"({n})" if n <= 20 else str(n),
    "decimalEnclosedFullstop": lambda n: f"{n}." if n <= 20 else str(n),
    "ideographEnclosedCircle": _enclosed(0x3280, 10),
    "numberInDash": lambda n: f"- {n} -",
    "chineseCounting": _chinese_counting,
    "taiwaneseCounting": _chinese_counting,
    "chineseCountingThousand": _chinese_thousand,
    "taiwaneseCountingThousand": _chinese_thousand,
    "japaneseCounting": _japanese_counting,
    "chineseLegalSimplified": lambda n: _legal(n, _LEGAL_SIMPLIFIED),
    "ideographLegalTraditional": lambda n: _legal(n, _LEGAL_TRADITIONAL),
    "ideographDigital": _ideograph_digits,
    "ideographTraditional": _from_set(_STEMS),
    "ideographZodiac": _from_set(_BRANCHES),
    "ideographZodiacTraditional": lambda n: _STEMS[(n - 1) % 10] + _BRANCHES[(n - 1) % 12] if n <= 60 else str(n),
    "lowerLetter": _letters("abcdefghijklmnopqrstuvwxyz"),
    "upperLetter": _letters("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperRoman": _roman,
}


@dataclass(frozen=True)
class _Level:
    """One level of a list (`w:lvl`) as one `w:num` shows it, as far as its text is concerned."""

    start: int
    fmt: str
    text: str
    restart: int | None  # w:lvlRestart: restart after levels above this 1-based level; 0 never; None: any above
    legal: bool  # w:isLgl: every number in this level's text in decimal
    suffix: str  # tab, space or nothing between the number and the text
    start_overridden: bool  # the num's w:lvlOverride has a w:startOverride for this level
    sound: bool  # False for a w:lvlText no real list has (see `_sound_text`): its number is left out

    def restarts_after(self, ilvl: int) -> bool:
        """Whether a paragraph at the shallower level `ilvl` restarts this level's count."""
        return self.restart is None or ilvl < self.restart


@dataclass(frozen=True)
class _List:
    """A `w:num` resolved: the id of the abstract list it counts in and the `w:lvl` it shows for each level."""

    abstract_id: str
    levels: dict[int | None, etree._Element]  # the abstract list's w:lvl by level
    overrides: dict[int | None, etree._Element]  # the num's w:lvlOverride by level
    linked: dict[str | None, int | None]  # the level whose w:lvl names a paragraph style (w:pStyle), by style id


class ListNumbering:
    """The lists of one document and their running counts.

    Call `label` on every paragraph in reading order: it advances the counts of a
    numbered paragraph's list and returns the number as shown ("" for none).
    `unknown_formats` maps each numFmt that had to be shown in decimal to the
    first paragraph it numbered; `skipped` is the first paragraph whose number was
    left out because its level is set up as no real list is (a crafted file).
    Should reading the numbering fail in any other way, `failed` is set and every
    later label is "": the caller reads the document again for a text with no
    automatic numbers at all, rather than one numbered up to some paragraph.

    The definitions are indexed once and each level parsed once per list, so the
    work is linear in the size of the document: an upload is small, but its XML
    can be made to cost a lot per paragraph.
    """

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        """`numbering` and `styles`: the roots of the document's numbering and styles parts, None where it has none."""
        self._numbering: etree._Element | None = None
        self._abstracts: dict[str, etree._Element] = {}  # abstractNumId → w:abstractNum (the first of that id)
        self._nums: dict[int, etree._Element] = {}  # numId → w:num
        self._styles: dict[str, etree._Element] = {}  # styleId → w:style
        self._default_style: etree._Element | None = None  # the default paragraph style
        self._lists: dict[int, _List | None] = {}
        self._abstract_levels: dict[str, tuple[dict, dict]] = {}
        self._levels: dict[tuple[int, int], _Level | None] = {}
        self._style_numberings: dict[tuple[str | None, bool], tuple[int | None, int | None, str | None]] = {}
        self._counts: dict[str, dict[int, int]] = {}  # abstractNumId → level → last number shown
        self._overridden: set[tuple[int, int]] = set()  # (numId, level) whose startOverride was applied
        self.unknown_formats: dict[str, etree._Element] = {}
        self.skipped: etree._Element | None = None
        self.failed = False
        try:
            self._index(numbering, styles)
        except Exception:
            self._fail()

    @classmethod
    def unreadable(cls) -> ListNumbering:
        """The numbering of a document whose numbering or styles part could not be read: every label is ""."""
        numbering = cls(None, None)
        logger.warning("Word numbering or styles part unreadable; the automatic numbers are left out")
        numbering.failed = True
        return numbering

    def _index(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        """Index the lists and styles by id, once (a lookup per paragraph would scan them all)."""
        if numbering is None:  # no numbering part: nothing is numbered
            return
        self._abstracts = _first_by(numbering.iterchildren(_W + "abstractNum"), "abstractNumId", str)
        self._nums = _first_by(numbering.iterchildren(_W + "num"), "numId", _int)
        style_list = list(styles.iterchildren(_W + "style")) if styles is not None else []
        self._styles = _first_by(style_list, "styleId", str)
        defaults = [s for s in style_list if s.get(_W + "type") == "paragraph" and s.get(_W + "default") in _ON]
        self._default_style = defaults[-1] if defaults else None  # the last one, as the schema says
        self._numbering = numbering

    def _fail(self) -> None:
        logger.warning("Word numbering could not be read; the automatic numbers are left out", exc_info=True)
        self.failed = True

    def label(self, paragraph: etree._Element) -> str:
        """The number Word shows before `paragraph`, with a space where the number would run into the text."""
        if self._numbering is None or self.failed:
            return ""
        try:
            return self._label(paragraph)
        except Exception:  # a document no test foresaw: read it without automatic numbers rather than not at all
            self._fail()
            return ""

    def _label(self, paragraph: etree._Element) -> str:
        num_id, ilvl = self._numbering_of(paragraph)
        if not num_id:  # numId 0 switches off numbering a style would give
            return ""
        if ilvl is None:
            ilvl = 0
        level = self._level(num_id, ilvl) if ilvl in _LEVELS else None
        if level is None:
            return ""
        counts = self._advance(num_id, ilvl, level)
        if level.fmt == "bullet":
            return ""
        if not level.sound:
            return self._skip(paragraph)
        pieces = _PLACEHOLDER_RE.split(level.text)  # text, level digit, text, level digit, …, text
        for index in range(1, len(pieces), 2):
            number = self._number(paragraph, num_id, counts, int(pieces[index]) - 1, level.legal)
            if number is None:
                return self._skip(paragraph)
            pieces[index] = number
        label = "".join(pieces)
        if len(label) > _MAX_LABEL:
            return self._skip(paragraph)
        return label + " " if label and level.suffix != "nothing" and label[-1].isalnum() else label

    def _skip(self, paragraph: etree._Element) -> str:
        """No number for a paragraph whose level no real list has; the first such paragraph is remembered."""
        if self.skipped is None:
            self.skipped = paragraph
        return ""

    def _numbering_of(self, paragraph: etree._Element) -> tuple[int | None, int | None]:
        """(numId, level) from the paragraph's own w:numPr, else from its style's."""
        properties = paragraph.find(_W + "pPr")
        direct = properties.find(_W + "numPr") if properties is not None else None
        num_id, ilvl = _int(_val(direct, "numId")), _int(_val(direct, "ilvl"))
        if num_id is not None:
            return num_id, ilvl
        style_num_id, style_ilvl, style_id = self._style_numbering(_val(properties, "pStyle"))
        if ilvl is None:
            ilvl = style_ilvl
        if ilvl is None and style_num_id:
            ilvl = self._linked_level(style_num_id, style_id)
        return style_num_id, ilvl

    def _style_numbering(
        self, style_id: str | None, *, paragraph: bool = True
    ) -> tuple[int | None, int | None, str | None]:
        """(numId, level, id of the style holding them) from a style and those it is based on.

        A paragraph without a style, or with one the document lacks, has the default paragraph style.
        """
        key = (style_id, paragraph)
        if key not in self._style_numberings:
            self._style_numberings[key] = self._read_style_numbering(style_id, paragraph)
        return self._style_numberings[key]

    def _read_style_numbering(self, style_id: str | None, paragraph: bool) -> tuple[int | None, int | None, str | None]:
        style = self._styles.get(style_id) if style_id else None
        if style is None and paragraph:
            style = self._default_style
        for _ in range(_MAX_STYLE_DEPTH):
            if style is None:
                break
            properties = style.find(_W + "pPr")
            numbering = properties.find(_W + "numPr") if properties is not None else None
            if numbering is not None:
                return _int(_val(numbering, "numId")), _int(_val(numbering, "ilvl")), style.get(_W + "styleId")
            base = _val(style, "basedOn")
            style = self._styles.get(base) if base else None
        return None, None, None

    def _linked_level(self, num_id: int, style_id: str | None) -> int | None:
        """The level whose w:pStyle names `style_id`: how heading styles pick their level of one list."""
        resolved = self._list(num_id)
        return resolved.linked.get(style_id) if resolved is not None else None

    def _list(self, num_id: int) -> _List | None:
        if num_id not in self._lists:
            self._lists[num_id] = self._read_list(num_id)
        return self._lists[num_id]

    def _read_list(self, num_id: int) -> _List | None:
        """The num, with its abstract list found through any w:numStyleLink to the list a numbering style defines."""
        num = self._nums.get(num_id)
        if num is None:
            return None
        abstract_id = _val(num, "abstractNumId")
        link = _val(self._abstracts.get(abstract_id), "numStyleLink")
        if link:
            style_num_id, _, _ = self._style_numbering(link, paragraph=False)
            linked = self._nums.get(style_num_id) if style_num_id else None
            abstract_id = _val(linked, "abstractNumId")
        abstract = self._abstracts.get(abstract_id)
        if abstract is None:
            return None
        if abstract_id not in self._abstract_levels:
            levels: dict[int | None, etree._Element] = {}
            linked_levels: dict[str | None, int | None] = {}
            for lvl in abstract.iterchildren(_W + "lvl"):
                levels.setdefault(_int(lvl.get(_W + "ilvl")), lvl)
                linked_levels.setdefault(_val(lvl, "pStyle"), _int(lvl.get(_W + "ilvl")))
            self._abstract_levels[abstract_id] = (levels, linked_levels)
        levels, linked_levels = self._abstract_levels[abstract_id]
        overrides = {}
        for override in num.iterchildren(_W + "lvlOverride"):
            overrides.setdefault(_int(override.get(_W + "ilvl")), override)
        return _List(abstract_id, levels, overrides, linked_levels)

    def _level(self, num_id: int, ilvl: int) -> _Level | None:
        key = (num_id, ilvl)
        if key not in self._levels:
            self._levels[key] = self._read_level(num_id, ilvl)
        return self._levels[key]

    def _read_level(self, num_id: int, ilvl: int) -> _Level | None:
        """Level `ilvl` as the num shows it: its w:lvlOverride's w:lvl, else the abstract's, with startOverride."""
        resolved = self._list(num_id)
        if resolved is None:
            return None
        override = resolved.overrides.get(ilvl)
        lvl = override.find(_W + "lvl") if override is not None else None
        if lvl is None:
            lvl = resolved.levels.get(ilvl)
        if lvl is None:
            return None
        start = _int(_val(override, "startOverride"))
        if start is None:
            start = _int(_val(lvl, "start"))
        text = _val(lvl, "lvlText") or ""
        return _Level(
            start=start if start is not None else 0,  # the schema's default start is 0
            fmt=_number_format(lvl),
            text=text,
            restart=_int(_val(lvl, "lvlRestart")),
            legal=_on(lvl.find(_W + "isLgl")),
            suffix=_val(lvl, "suff") or "tab",
            start_overridden=_val(override, "startOverride") is not None,
            sound=_sound_text(text),
        )

    def _advance(self, num_id: int, ilvl: int, level: _Level) -> dict[int, int]:
        """Advance level `ilvl` of the abstract list and restart the deeper levels it restarts."""
        counts = self._counts.setdefault(self._list(num_id).abstract_id, {})
        for deeper in [k for k in counts if k > ilvl]:
            deeper_level = self._level(num_id, deeper)
            if deeper_level is None or deeper_level.restarts_after(ilvl):
                del counts[deeper]
        if level.start_overridden and (num_id, ilvl) not in self._overridden:
            self._overridden.add((num_id, ilvl))
            counts[ilvl] = level.start
        else:
            counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else level.start
        return counts

    def _number(
        self, paragraph: etree._Element, num_id: int, counts: dict[int, int], ilvl: int, legal: bool
    ) -> str | None:
        """The text of placeholder %(ilvl+1): that level's count (its start if not yet used) in its format.

        None for a number far past any real list's, whose decimal digits alone would cost time to write.
        """
        level = self._level(num_id, ilvl)
        if level is None:
            return ""
        n = counts.get(ilvl, level.start)
        if abs(n) > _LARGEST_COUNT:
            return None
        fmt = "decimal" if legal else level.fmt
        text = format_number(n, fmt) if fmt != "bullet" else ""
        if text is None:
            self.unknown_formats.setdefault(fmt, paragraph)
            text = str(n)
        return text


def _sound_text(text: str) -> bool:
    """Whether a w:lvlText is one a real list could have: short, with at most one placeholder per level.

    Word writes a few characters around the numbers ("%1、", "第%1章", "%1.%2.%3"); a
    long text or one repeating placeholders only makes every label costly and huge.
    """
    return len(text) <= _MAX_LEVEL_TEXT and len(_PLACEHOLDER_RE.findall(text)) <= len(_LEVELS)


def _first_by(elements: Iterable[etree._Element], attribute: str, convert: Callable) -> dict:
    """`elements` by their w:`attribute` (converted), the first of each value; those without one left out."""
    found = {}
    for element in elements:
        value = element.get(_W + attribute)
        key = convert(value) if value is not None else None
        if key is not None:
            found.setdefault(key, element)
    return found


def _val(element: etree._Element | None, tag: str) -> str | None:
    """The w:val of `element`'s child w:`tag`, or None."""
    child = element.find(_W + tag) if element is not None else None
    return child.get(_W + "val") if child is not None else None


def _int(value: str | None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _on(element: etree._Element | None) -> bool:
    """A WordprocessingML on/off property: present and not switched off."""
    return element is not None and element.get(_W + "val", "true") not in ("0", "false", "off")


def _number_format(lvl: etree._Element) -> str:
    """The level's numFmt (decimal when absent, as the schema says).

    Word 2010 and later write a custom format ("001, 002, …") in mc:AlternateContent,
    with a plain fallback for older readers. The custom one is what Word shows, so it
    is taken, and reported as unsupported, rather than the fallback shown silently.
    """
    fmt = _val(lvl, "numFmt")
    if fmt is None:
        choice = lvl.find(f"{_MC}AlternateContent/{_MC}Choice/{_W}numFmt")
        fmt = choice.get(_W + "val") if choice is not None else None
    return fmt or "decimal"
