"""Turn a material's plain text into the import shape that `material_fill` takes.

Nothing is dropped: every non-blank character of the input ends up in exactly one
field of the result, except what is listed in `ParsedMaterial.removed` (ordinal
prefixes, which assembly regenerates; a heading's final 。, which assembly adds
back; the markdown `#` before the title; the signature date, kept as an ISO date;
a repeated category heading whose content was merged into the first; control
characters, which no document can hold; a signature's label such as 发言人：, kept
apart in the signature's `labels`). Text the parser cannot place becomes an extra
section with a warning.

Shapes real files come in are reshaped first, each with a warning that says what
was done: lines broken every ~28 characters (text copied out of a PDF) are joined
back into paragraphs (orglife.materials.importing.unwrapping); a part heading run
on after the title on one line starts its own line; headings, labels and closing
phrases in traditional characters are recognised on a simplified copy, the text
kept as written (orglife.materials.importing.traditional); a sentence announcing
causes inside the problems part starts the causes part; numbered problems whose
lead names an aspect (1. 政治理论学习方面。……) become categories.

Every function here is pure: text in, values out. `_Notes` only collects what the
functions report, so that one pass yields the data, the warnings and the removals.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from orglife.common.punctuation import half_marks, quotes_by_chinese
from orglife.materials.document.shape import CategoryData, ItemData, MaterialData
from orglife.materials.importing import warnings as w
from orglife.materials.importing.ordinals import (
    CN_NUMBER,
    PART_RE,
    SECTION_RE,
    Marker,
    chinese_number,
    item_markers,
    leading_ordinal,
    sequence_flaws,
)
from orglife.materials.importing.traditional import is_traditional, recognisable, traditional_characters
from orglife.materials.importing.unwrapping import unwrap
from orglife.materials.importing.warnings import ImportWarning, excerpt, excerpt_around

TITLE_MAX = 100  # a longer first line is a paragraph, not a title
PART_HEADING_MAX = 60  # `一、` followed by more than this is a numbered paragraph
HEADING_MAX = 100  # level-2 headings; Category.name also holds at most 100 characters
NAME_MAX = 30  # a signature line longer than this is a sentence
TRAILING_LINE_MAX = 20  # a short line without a full stop at the very end may be a missed signature
SHORT_CATEGORY_MAX = 12  # `思想方面` is a name plus 方面; longer ones are kept whole
GENERATED_CATEGORY = "综合"

# Terminators that end a heading. Assembly adds 。 back, so 。 is removed; the others
# are kept with the heading, where assembly leaves them alone.
_HEADING_STOPS = "。！？：:"
_MARKDOWN_RE = re.compile(r"^#{1,6}(?=\s)")
_TITLE_MARKDOWN_RE = re.compile(r"^#{1,6}")
_ARABIC_DATE_RE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_NUMERIC_DATE_RE = re.compile(r"^(\d{4})\s*([./\-．／－])\s*(\d{1,2})\s*\2\s*(\d{1,2})$")
# Zero in a year written in Chinese: 〇 is right, but ○ (a circle), Ｏ, O and 0 are common.
_ZEROS = "〇零○ＯO0０"
_CHINESE_DATE_RE = re.compile(
    rf"^([{_ZEROS}一二三四五六七八九]{{4}})\s*年\s*([一二三四五六七八九十]{{1,3}})\s*月\s*([一二三四五六七八九十]{{1,3}})\s*日$"
)
_YEAR_DIGITS = {c: str(n) for n, c in enumerate("〇一二三四五六七八九")} | dict.fromkeys(_ZEROS, "0")
_NOT_A_NAME_RE = re.compile(r"[。，,；;！!？?、“”\"]")
# The upper line of a two-line signature names the unit: 中共××党支部, ××委员会, ××学校…
_UNIT_RE = re.compile(
    r"(?:支部|总支|党委|党组|委员会|班子|局|处|科|室|所|院|校|部|中心|公司|集团|社区|街道|村|办|厅|委)$"
)
_SENTENCE_END = "。！？!?…；;"
_CLOSING_QUOTES_AND_BRACKETS = "”’\"'」』）)"
# Controls that str.splitlines treats as line breaks (Word's manual line break is \v,
# its page break \f): they become newlines, so the text keeps its lines.
_LINE_CONTROLS = "\x0b\x0c\x1c\x1d\x1e\x85"
_KEPT_CONTROLS = "\t\n\r"
_CLOSING_RE = re.compile(
    r"批评指正|帮助指正|不妥之处|以上(?:是|为|就是|即是|发言|材料|对照)|恳请|敬请|请各位|请同志们|^总之|^特此"
)
# The label before a signature's name or unit (发言人：王某某, 单位：××党支部).
_SIGNATURE_LABEL_RE = re.compile(r"^(?:发言人|汇报人|报告人|署名|姓名|签名|单位|党支部|支部)\s*[：:]\s*")
# A part heading run on after other text on one line (……对照检查材料 一、存在的问题：1、……).
_INNER_PART_RE = re.compile(rf"[ \t\u3000]+(?=第{CN_NUMBER}部分|{CN_NUMBER}[、.．](?![0-9]))")
_INNER_SECTION_RE = re.compile(rf"[ \t\u3000]+(?=[（(]\s*{CN_NUMBER}\s*[）)])")
# A sentence that announces causes: 产生上述问题的原因……主要有以下几个方面：
_CAUSE_WORD_RE = re.compile(r"原因|根源|剖析|根子")
_ANNOUNCE_RE = re.compile(r"以下|几个方面|几方面|如下")
_ANNOUNCES_PROBLEMS_RE = re.compile(r"(?:以下|如下|几个?方面)[^，。；：:]{0,6}(?:问题|不足|差距|表现)")
_SENTENCE_STOPS = "。；;！!？?"
ASPECT_MAX = 30  # a numbered problem's lead naming an aspect is short: 政治理论学习方面

PROBLEMS, CAUSES, DIRECTIONS, EXTRA = "problems", "causes", "directions", "extra"
_PART_LABELS = {PROBLEMS: "存在的问题", CAUSES: "原因剖析", DIRECTIONS: "整改措施"}
# Headings of parts that report rather than examine: 基本情况, 上年度整改落实情况, 回顾…
_REPORT_PART_RE = re.compile(r"基本|落实情况|整改情况|回顾")
_LAYOUT_LABELS = {"run_on": "条目连排在段落中", "paragraphs": "每条单独成段"}
# How item numbering other than 一是、二是 is named in the notice that assembly prints 一是.
_STYLE_LABELS = {
    ("cn", "要"): "一要、二要",
    ("arabic", "."): "1. 2.",
    ("arabic", "．"): "1．2．",
    ("arabic", "、"): "1、2、",
    ("paren", "full"): "（1）（2）",
    ("paren", "half"): "(1)(2)",
    ("circled", "circled"): "①②",
}


@dataclass(frozen=True)
class Removed:
    """A piece of the input that is deliberately not kept as text."""

    kind: str  # ordinal, terminator, markdown, date, bom, duplicate
    text: str


@dataclass
class ParsedMaterial:
    """The parser's answer: `data` in material_fill's shape, plus what it noticed."""

    data: MaterialData
    warnings: list[ImportWarning]
    removed: list[Removed]

    def as_dict(self) -> dict[str, Any]:
        """The import JSON: the data with its warnings."""
        return {**self.data, "warnings": [warning.as_dict() for warning in self.warnings]}


@dataclass
class _Notes:
    warnings: list[ImportWarning] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    run_on_lists: list[bool] = field(default_factory=list)  # per item list: did it run on in a paragraph
    styles: list[str] = field(default_factory=list)  # numbering styles assembly will print as 一是

    def warn(self, code: str, message: str, excerpt: str = "") -> None:
        self.warnings.append(ImportWarning(code, message, excerpt))

    def remove(self, kind: str, text: str) -> None:
        if text.strip():
            self.removed.append(Removed(kind, text.strip()))


@dataclass
class _Part:
    number: int
    heading: str
    lines: list[str]
    kind: str = EXTRA


@dataclass
class _Section:
    number: int
    half: bool
    heading: str
    lines: list[str]


def parse_material(text: str) -> ParsedMaterial:
    """Parse a whole material (title, preamble, parts, closing, signature)."""
    notes = _Notes()
    text = strip_controls(text, notes)
    _warn_traditional(text, notes)
    lines = split_lines(rejoin_lines(text, notes), notes)
    lines = split_run_on(lines, notes)
    title, lines = take_title(lines, notes)
    lines, name, date, labels = take_signature(lines, notes)
    preamble, parts = split_parts(lines, notes)
    closing: list[str] = []
    if parts:
        parts[-1].lines, closing = take_closing(parts[-1].lines)
    else:
        notes.warn(
            w.NO_PARTS,
            "没有识别出“一、存在的问题”“二、原因剖析”“三、整改措施”等部分，全部文字已放在开头，请检查材料格式。",
        )
    data: MaterialData = {
        "title": title,
        "preamble": "\n".join(preamble),
        "extra_sections": [],
        "problems_heading": "",
        "categories": [],
        "causes_heading": "",
        "causes_intro": "",
        "causes": [],
        "directions_heading": "",
        "directions_intro": "",
        "directions": [],
        "closing": "\n".join(closing),
        "signature": {"name": name, "date": date.isoformat() if date else None},
    }
    if labels:
        data["signature"]["labels"] = labels
        notes.warn(
            w.SIGNATURE_LABEL,
            f"署名中的“{'”“'.join(labels)}”是标签，已与姓名分开，署名只保留“{name}”（打印时按公文格式只印署名）。",
            name,
        )
    half_sections = _fill_parts(data, parts, notes)
    data["layout"] = choose_layout(notes.run_on_lists, notes)
    data["brackets"] = "half" if half_sections[0] > half_sections[1] else "full"
    _warn_styles(notes)
    _warn_trailing_lines(data, notes)
    _check_text(text, data, notes, half_sections[0])
    return ParsedMaterial(data, notes.warnings, notes.removed)


def strip_controls(text: str, notes: _Notes) -> str:
    """`text` without C0/C1 control characters other than tab and line ends.

    Controls that already broke lines (see `_LINE_CONTROLS`) become newlines; the
    others are removed. Either way they are listed as removed and reported, as a
    Word document cannot hold them.
    """
    controls = [(index, char) for index, char in enumerate(text) if _without_control(char) != char]
    if not controls:
        return text
    notes.remove("control", "".join(char for _, char in controls))
    cleaned = "".join(_without_control(char) for char in text)
    breaks = sum(1 for _, char in controls if char in _LINE_CONTROLS)
    message = f"文字中有 {len(controls)} 个控制字符（看不见的特殊符号，多来自复制粘贴或其他软件），已删除"
    message += f"；其中 {breaks} 个是换行符或分页符，已换成换行。" if breaks else "。"
    notes.warn(w.CONTROL_CHARS, message, excerpt_around(cleaned, controls[0][0]))
    return cleaned


def _without_control(char: str) -> str:
    """A character as imported text keeps it: a control becomes a newline or nothing."""
    if char in _KEPT_CONTROLS or unicodedata.category(char) != "Cc":
        return char
    return "\n" if char in _LINE_CONTROLS else ""


def _warn_traditional(text: str, notes: _Notes) -> None:
    """Say that the text is in traditional characters, recognised as such and kept as written."""
    count, first = traditional_characters(text)
    if is_traditional(text, count):
        notes.warn(
            w.TRADITIONAL,
            f"材料用的是繁体字（{count} 个字），已按对应的简体字识别标题、序号和署名，文字保持原样；"
            "如需转换为简体字，请在下方勾选“转换为简体字后导入”。",
            excerpt_around(text, first),
        )


def rejoin_lines(text: str, notes: _Notes) -> str:
    """`text` with wrapped lines joined back into paragraphs (orglife.materials.importing.unwrapping)."""
    unwrapped = unwrap(text)
    if unwrapped.lines:
        notes.warn(
            w.LINES_JOINED,
            f"文字每行约 {unwrapped.width} 字就断行（多是从 PDF 复制的），已把按行折断的文字重新连成段落："
            f"{unwrapped.lines} 处断行连成了 {unwrapped.paragraphs} 段，请核对分段。",
        )
    if unwrapped.title_lines:
        title = next(line.strip() for line in unwrapped.text.splitlines() if line.strip())
        notes.warn(w.TITLE_JOINED, f"标题分在 {unwrapped.title_lines} 行，已连成一行。", excerpt(title))
    return unwrapped.text


def split_run_on(lines: list[str], notes: _Notes) -> list[str]:
    """Each line split where a part heading runs on after other text (……材料 一、存在的问题：1、……).

    A part heading counts only after a space and when it names a part (存在的问题,
    原因剖析, 整改措施, 基本情况…), so that 一、二季度 inside a sentence stays. In the
    piece a part heading starts, a section heading after a space (（一）思想方面)
    starts its own line too.
    """
    split: list[str] = []
    for line in lines:
        pieces = _run_on_pieces(line)
        for piece in pieces[1:]:
            notes.warn(
                w.RUN_ON_HEADING,
                f"“{excerpt(piece, 0, 16)}”与前面的文字连在同一行，已从这里另起一行。",
                excerpt(line),
            )
        split += pieces
    return split


def _run_on_pieces(line: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for gap in _INNER_PART_RE.finditer(line):
        rest = line[gap.end() :]
        ordinal = PART_RE.match(rest)
        heading, _, _, cut = split_heading(rest[ordinal.end() :], PART_HEADING_MAX) if ordinal else ("", "", "", True)
        if heading and not cut and names_part(heading):
            pieces.append(line[start : gap.start()])
            start = gap.end()
    pieces.append(line[start:])
    split = []
    for piece in pieces:
        ordinal = PART_RE.match(piece)
        section = _INNER_SECTION_RE.search(piece) if ordinal else None
        head = piece[ordinal.end() : section.start()] if section else ""
        if section and names_part(head) and not any(stop in head for stop in _SENTENCE_STOPS):
            split += [piece[: section.start()], piece[section.end() :]]
        else:
            split.append(piece)
    return split


def names_part(heading: str) -> bool:
    """Whether a level-1 heading names one of the parts materials have (not only any `二、…`)."""
    return classify_part(heading) != EXTRA or bool(_REPORT_PART_RE.search(recognisable(heading)))


def split_lines(text: str, notes: _Notes) -> list[str]:
    """The non-blank lines, stripped, without a byte-order mark or markdown heading marks."""
    if text.startswith("\ufeff"):
        notes.remove("bom", "\ufeff")
        text = text[1:]
    lines = []
    for raw in text.splitlines():
        line = raw.strip()
        marks = (_MARKDOWN_RE if lines else _TITLE_MARKDOWN_RE).match(line)
        if marks:
            notes.remove("markdown", marks.group())
            line = line[marks.end() :].strip()
        if line:
            lines.append(line)
    return lines


def take_title(lines: list[str], notes: _Notes) -> tuple[str, list[str]]:
    """The first line when it reads like a title (short, not numbered, no full stop at the end)."""
    if lines and len(lines[0]) <= TITLE_MAX and not lines[0].endswith("。") and not _is_numbered(lines[0]):
        return lines[0], lines[1:]
    notes.warn(
        w.NO_TITLE, "第一行不像标题，没有识别出材料标题；导入后沿用原有标题。", excerpt(lines[0]) if lines else ""
    )
    return "", lines


def parse_date(line: str) -> datetime.date | None:
    """A signature date as a date; None for anything else.

    Accepts `2022年11月24日`, `二〇二二年十一月二十四日` (with ○, Ｏ, O or 0 for 〇 too)
    and `2022.11.24`, `2022/11/24`, `2022-11-24`.
    """
    if match := _ARABIC_DATE_RE.match(line):
        year, month, day = (int(part) for part in match.groups())
    elif match := _NUMERIC_DATE_RE.match(line):
        year, month, day = int(match[1]), int(match[3]), int(match[4])
    elif match := _CHINESE_DATE_RE.match(line):
        year = int("".join(_YEAR_DIGITS[c] for c in match[1]))
        if not (re.fullmatch(CN_NUMBER, match[2]) and re.fullmatch(CN_NUMBER, match[3])):
            return None
        month, day = chinese_number(match[2]), chinese_number(match[3])
    else:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def split_dated_line(line: str) -> tuple[str, str, datetime.date | None]:
    """(name before the date, the date as written, the date) of a signature's last line.

    The line is a date alone, or a name and a date separated by spaces
    (`张三　2024年1月10日`); anything else gives ("", "", None).
    """
    date = parse_date(line)
    if date:
        return "", line, date
    for gap in re.finditer(r"\s+", line):
        head, tail = line[: gap.start()], line[gap.end() :]
        date = parse_date(tail)
        if date:
            return (head, tail, date) if head and _looks_like_name(head) else ("", "", None)
    return "", "", None


def take_signature(lines: list[str], notes: _Notes) -> tuple[list[str], str, datetime.date | None, list[str]]:
    """A signature block at the end: a date line, optionally preceded by a name line;
    or a labelled name line alone (发言人：王某某). Returns the lines before it, the
    name, the date and the labels taken off the name and the unit.

    The name may share the date's line, and may be preceded by a line naming the
    unit (中共××党支部 / 张三), which is kept with it, separated by a space. A label
    (发言人：, 单位：, 党支部：) is kept apart from the name it precedes.
    """
    name, written, date = split_dated_line(lines[-1]) if lines else ("", "", None)
    if date is None:
        if lines and _SIGNATURE_LABEL_RE.match(recognisable(lines[-1])) and _looks_like_name(lines[-1]):
            label, name = _take_label(lines[-1], notes)
            return lines[:-1], name, None, [label]
        return lines, "", None, []
    notes.remove("date", written)
    lines = lines[:-1]
    if not name and lines and _looks_like_name(lines[-1]):
        name, lines = lines[-1], lines[:-1]
    labels = []
    if name:
        label, name = _take_label(name, notes)
        labels += [label] if label else []
    if name and lines and _looks_like_name(lines[-1]) and _UNIT_RE.search(recognisable(lines[-1])):
        label, unit = _take_label(lines[-1], notes)
        name, lines = f"{unit} {name}", lines[:-1]
        labels[:0] = [label] if label else []
    return lines, name, date, labels


def _take_label(line: str, notes: _Notes) -> tuple[str, str]:
    """(label, name) of a signature line: 发言人：王某某 → (发言人：, 王某某); no label → ("", line)."""
    match = _SIGNATURE_LABEL_RE.match(recognisable(line))
    if not match or not line[match.end() :].strip():
        return "", line
    label = line[: match.end()].strip()
    notes.remove("label", label)
    return label, line[match.end() :].strip()


def _looks_like_name(line: str) -> bool:
    """Short, unpunctuated, unnumbered, and not a closing phrase (以上……请批评指正)."""
    return (
        len(line) <= NAME_MAX
        and not _NOT_A_NAME_RE.search(line)
        and not _CLOSING_RE.search(recognisable(line))
        and not line.startswith("以上")
        and not _is_numbered(line)
    )


def _is_numbered(line: str) -> bool:
    return bool(leading_ordinal(line))


def split_heading(text: str, limit: int) -> tuple[str, str, str, bool]:
    """Split a heading line into (heading, removed terminator, rest of the line, was cut).

    The heading ends at the first terminator; 。 is removed (assembly adds it back),
    other terminators stay. A heading longer than `limit` is cut, preferably after a
    comma, and the remainder goes back to the rest.
    """
    index = next((i for i, char in enumerate(text) if char in _HEADING_STOPS), None)
    if index is None:
        heading, terminator, rest = text, "", ""
    elif text[index] == "。":
        heading, terminator, rest = text[:index], "。", text[index + 1 :]
    else:
        heading, terminator, rest = text[: index + 1], "", text[index + 1 :]
    heading = heading.strip()
    if len(heading) <= limit:
        return heading, terminator, rest.strip(), False
    comma = heading.rfind("，", 0, limit)
    cut = comma + 1 if comma >= limit // 2 else limit
    return heading[:cut].strip(), "", (heading[cut:] + terminator + rest).strip(), True


def classify_part(heading: str) -> str:
    """Which part a level-1 heading starts, from the words real materials use.

    基本情况, 上年度整改落实情况 and 回顾 report on the past: an extra part. So does
    another ××情况, unless it names problems: 检视问题情况 and 查摆问题情况 (the
    standard 2023 heading) start the problems part, as does 问题清单.
    """
    heading = recognisable(heading)
    if _REPORT_PART_RE.search(heading):
        return EXTRA
    if re.search(r"原因|根源|剖析|根子", heading):
        return CAUSES
    if re.search(r"整改|措施|方向|努力|打算|举措|下一步|下步|改进", heading):
        return DIRECTIONS
    if "情况" in heading and "问题" not in heading:
        return EXTRA
    if re.search(r"问题|不足|差距|表现|查摆|检视", heading):
        return PROBLEMS
    return EXTRA


def split_parts(lines: list[str], notes: _Notes) -> tuple[list[str], list[_Part]]:
    """The preamble lines, then the parts that level-1 headings (`一、…`) start."""
    preamble: list[str] = []
    parts: list[_Part] = []
    for line in lines:
        part = _part_heading(line, notes)
        if part:
            parts.append(part)
        elif parts:
            parts[-1].lines.append(line)
        else:
            preamble.append(line)
    _warn_sequence([p.number for p in parts], [p.heading for p in parts], "各部分", notes)
    seen: set[str] = set()
    for part in parts:
        kind = classify_part(part.heading)
        if kind != EXTRA and kind in seen:
            notes.warn(
                w.DUPLICATE_PART,
                f"又出现一个{_PART_LABELS[kind]}部分“{part.heading}”，已原样保留为其他部分。",
                part.heading,
            )
            kind = EXTRA
        elif kind == EXTRA and not re.search(r"情况|基本|回顾", recognisable(part.heading)):
            notes.warn(w.UNKNOWN_PART, f"未识别的部分“{part.heading}”，已原样保留为其他部分。", part.heading)
        part.kind = kind
        seen.add(kind)
    if CAUSES not in seen:
        index = next((i for i, part in enumerate(parts) if part.kind == PROBLEMS), None)
        causes = split_off_causes(parts[index], notes) if index is not None else None
        if causes:
            parts.insert(index + 1, causes)
    return preamble, parts


def split_off_causes(part: _Part, notes: _Notes) -> _Part | None:
    """The causes part that a sentence announcing causes starts inside the problems part, if any.

    After at least one problem, a sentence not numbered itself that names causes
    (原因, 根源, 剖析) and announces a list (以下, 几个方面) starts the causes part,
    which runs to the next part heading; `part` keeps what comes before. The
    causes part has no heading of its own (the material's default is printed).
    """
    problems_seen = False
    for index, line in enumerate(part.lines):
        for start in _sentence_starts(line):
            before = line[:start]
            if (problems_seen or item_markers(before)) and _announces_causes(line[start:]):
                notes.warn(
                    w.CAUSES_IN_PROBLEMS,
                    f"问题部分中的“{excerpt(line[start:], 0, 20)}”引出了原因，已从这里起把后面的文字作为原因剖析部分"
                    "（原文这一部分没有标题，导入后用材料原有的标题）。",
                    excerpt(line[start:]),
                )
                causes = _Part(part.number, "", [line[start:], *part.lines[index + 1 :]], CAUSES)
                part.lines = part.lines[:index] + ([before.rstrip()] if before.strip() else [])
                return causes
        problems_seen = problems_seen or bool(SECTION_RE.match(line) or item_markers(line))
    return None


def _sentence_starts(line: str) -> list[int]:
    """Where the sentences of `line` start: at 0 and after each 。；！？ (and the closing quotes after it)."""
    starts = [0]
    for index, char in enumerate(line):
        if char in _SENTENCE_STOPS:
            end = index + 1
            while end < len(line) and line[end] in _CLOSING_QUOTES_AND_BRACKETS:
                end += 1
            if end < len(line) and end not in starts:
                starts.append(end)
    return starts


def _announces_causes(text: str) -> bool:
    end = next((i for i, char in enumerate(text) if char in _SENTENCE_STOPS + "：:"), len(text))
    if not _CAUSE_WORD_RE.search(text, 0, end + 1):  # 原因 根源 剖析 根子 read the same in traditional
        return False
    sentence = recognisable(text[: end + 1])
    return (
        not leading_ordinal(sentence)
        and bool(_CAUSE_WORD_RE.search(sentence) and _ANNOUNCE_RE.search(sentence))
        and not _ANNOUNCES_PROBLEMS_RE.search(sentence)
    )


def _part_heading(line: str, notes: _Notes) -> _Part | None:
    match = PART_RE.match(line)
    if not match:
        return None
    heading, terminator, rest, cut = split_heading(line[match.end() :], PART_HEADING_MAX)
    if cut or not heading:
        return None
    notes.remove("ordinal", match.group())
    notes.remove("terminator", terminator)
    return _Part(chinese_number(match[1] or match[2]), heading, [rest] if rest else [])


def take_closing(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split a closing (以上…请批评指正) off the unnumbered paragraphs that end the last part.

    The part keeps at least its first paragraph, so a part of plain prose is not emptied.
    """
    start = len(lines)
    while start > 1 and not _is_numbered(lines[start - 1]):
        start -= 1
    for index in range(max(start, 1), len(lines)):
        if _CLOSING_RE.search(recognisable(lines[index])):
            return lines[:index], lines[index:]
    return lines, []


def split_sections(lines: list[str], notes: _Notes) -> tuple[list[str], list[_Section]]:
    """The lines before the first level-2 heading (`（一）…`), then one section per heading."""
    lead: list[str] = []
    sections: list[_Section] = []
    for line in lines:
        match = SECTION_RE.match(line)
        heading, terminator, rest, cut = (
            split_heading(line[match.end() :], HEADING_MAX) if match else ("", "", "", False)
        )
        if not heading:
            (sections[-1].lines if sections else lead).append(line)
            continue
        notes.remove("ordinal", match.group())
        notes.remove("terminator", terminator)
        if cut:
            notes.warn(
                w.LONG_HEADING,
                f"标题超过 {HEADING_MAX} 字，已在“{heading[-10:]}”处截断，其余文字放入正文。",
                excerpt(heading),
            )
        half = "(" in match[1] or ")" in match[3]
        sections.append(_Section(chinese_number(match[2]), half, heading, [rest] if rest else []))
    return lead, sections


def split_items(lines: list[str], where: str, notes: _Notes, *, printed_as_items: bool = True) -> tuple[str, list[str]]:
    """A block's intro and its items (`一是…二是…`, `1.`, `（1）`, `①`), ordinals removed.

    The first marker decides the list's family; markers of another family are
    nested numbering and stay in the item's text. A list that assembly prints as
    items (problems, measures) also tells how it was laid out and numbered.
    """
    text = "\n".join(lines)
    markers = item_markers(text)
    if not markers:
        return text, []
    markers = [m for m in markers if m.family == markers[0].family]
    ends = [m.start for m in markers[1:]] + [len(text)]
    items: list[str] = []
    for marker, end in zip(markers, ends, strict=True):
        notes.remove("ordinal", text[marker.start : marker.end])
        item = text[marker.end : end].strip()
        if item:
            items.append(item)
        else:
            notes.warn(w.EMPTY_ITEM, f"{where}的“{text[marker.start : marker.end]}”后面没有内容，已略去。", where)
    _warn_markers(text, markers, where, notes)
    if printed_as_items:
        _note_list(markers, notes)
    return text[: markers[0].start].strip(), items


def _note_list(markers: list[Marker], notes: _Notes) -> None:
    """Record how a list that assembly prints as items was laid out and numbered."""
    notes.run_on_lists.append(any(not marker.line_start for marker in markers))
    style = numbering_style(markers)
    if style and style not in notes.styles:
        notes.styles.append(style)


def numbering_style(markers: list[Marker]) -> str:
    """How a list is numbered when assembly will print it differently (一要、二要 → 一是、二是).

    "" for 一是、二是 itself and for a list mixing styles (ordinal_mixed reports that).
    """
    styles = {(marker.family, marker.style) for marker in markers}
    if len(styles) != 1:
        return ""
    return _STYLE_LABELS.get(styles.pop(), "")


def choose_layout(run_on_lists: list[bool], notes: _Notes) -> str:
    """The material's layout: run_on when most item lists ran on inside a paragraph, else paragraphs.

    Warns when both occur, as one layout is applied to the whole material.
    """
    run_on = sum(run_on_lists)
    layout = "run_on" if run_on * 2 > len(run_on_lists) else "paragraphs"
    if 0 < run_on < len(run_on_lists):
        notes.warn(
            w.MIXED_LAYOUT,
            f"有 {run_on} 组条目连排在段落中，{len(run_on_lists) - run_on} 组每条单独成段；"
            f"导入后全文统一按“{_LAYOUT_LABELS[layout]}”排版，请核对。",
        )
    return layout


def _warn_styles(notes: _Notes) -> None:
    """One notice per numbering style that assembly prints as 一是、二是."""
    for style in notes.styles:
        notes.warn(
            w.ORDINALS_NORMALISED,
            f"条目用“{style}……”编号，导入后的材料将统一印作“一是、二是……”。",
            style,
        )


def _warn_trailing_lines(data: MaterialData, notes: _Notes) -> None:
    """Warn when the last measure ends in short unpunctuated lines: likely a signature not recognised."""
    measures = data["directions"][-1]["measures"] if data["directions"] else []
    lines = measures[-1]["text"].splitlines() if measures else []
    trailing = trailing_short_lines(lines)
    if trailing:
        notes.warn(
            w.TRAILING_LINES,
            f"最后一条措施末尾有 {len(trailing)} 行短文字，可能是署名、日期等没有识别出来，已留在措施中，请核对。",
            excerpt(" ".join(trailing)),
        )


def trailing_short_lines(lines: list[str]) -> list[str]:
    """The short lines (no sentence-ending punctuation) that end `lines`, if something precedes them."""
    start = len(lines)
    while start > 1 and _is_trailing_line(lines[start - 1]):
        start -= 1
    return lines[start:]


def _is_trailing_line(line: str) -> bool:
    """Whether `line` is short and does not end a sentence (closing quotes and brackets aside)."""
    line = line.strip().rstrip(_CLOSING_QUOTES_AND_BRACKETS)
    return 0 < len(line) <= TRAILING_LINE_MAX and line[-1] not in _SENTENCE_END


def _warn_markers(text: str, markers: list[Marker], where: str, notes: _Notes) -> None:
    labels = [text[m.start : m.end] for m in markers]
    for kind, index in sequence_flaws([m.number for m in markers]):
        shown = excerpt(text, markers[index].start, 20)
        if kind == "repeated":
            notes.warn(w.ORDINAL_REPEATED, f"{where}的序号“{labels[index]}”与上一条重复，导入后按顺序重新编号。", shown)
        else:
            notes.warn(w.ORDINAL_SKIPPED, f"{where}的序号“{labels[index]}”不连续，导入后按顺序重新编号。", shown)
    styles = [m.style for m in markers]
    if len(set(styles)) > 1:
        index = next(i for i, style in enumerate(styles) if style != styles[0])
        notes.warn(
            w.ORDINAL_MIXED,
            f"{where}混用了不同的序号写法（{labels[0]}……{labels[index]}），导入后统一编号。",
            excerpt(text, markers[index].start, 20),
        )


def _warn_sequence(numbers: list[int], headings: list[str], where: str, notes: _Notes) -> None:
    for kind, index in sequence_flaws(numbers):
        code = w.ORDINAL_REPEATED if kind == "repeated" else w.ORDINAL_SKIPPED
        flaw = "与上一个重复" if kind == "repeated" else "不连续"
        notes.warn(
            code, f"{where}的序号在“{headings[index]}”处{flaw}，导入后按顺序重新编号。", excerpt(headings[index])
        )


def _fill_parts(data: MaterialData, parts: list[_Part], notes: _Notes) -> tuple[int, int]:
    """Put each part into `data`; returns how many level-2 headings used half and full brackets."""
    brackets = [0, 0]
    known_seen = False
    for index, part in enumerate(parts):
        if part.kind == EXTRA:
            placement = "after" if known_seen else "before"
            if known_seen and any(p.kind != EXTRA for p in parts[index + 1 :]):
                notes.warn(w.SECTION_MOVED, f"“{part.heading}”部分夹在材料中间，导入后排在整改措施之后。", part.heading)
            data["extra_sections"].append(
                {"heading": part.heading, "text": "\n".join(part.lines), "placement": placement}
            )
            continue
        known_seen = True
        lead, sections = split_sections(part.lines, notes)
        _warn_sequence([s.number for s in sections], [s.heading for s in sections], part.heading, notes)
        for section in sections:
            brackets[0 if section.half else 1] += 1
        {PROBLEMS: _fill_problems, CAUSES: _fill_causes, DIRECTIONS: _fill_directions}[part.kind](
            data, part, lead, sections, notes
        )
    for kind, label in _PART_LABELS.items():
        if parts and not any(p.kind == kind for p in parts):
            notes.warn(w.MISSING_PART, f"没有找到“{label}”部分。")
    return brackets[0], brackets[1]


def category_name(heading: str) -> tuple[str, str]:
    """(name, printed heading) of a category: `思想方面` → (思想, ""), so that the
    cycle's category prints it; a long heading is kept whole as both."""
    short = heading.removesuffix("方面")
    recognised = recognisable(heading)
    if (
        heading.endswith("方面")
        and short
        and len(heading) <= SHORT_CATEGORY_MAX
        and not re.search(r"[，,：:；;、]", heading)
        and not recognised.startswith(("在", "关于", "从"))  # 在…方面 reads as a phrase, not a name
    ):
        return short, ""
    name = heading.rstrip("：:").strip() or heading
    return name[:HEADING_MAX], heading


def _fill_problems(data: MaterialData, part: _Part, lead: list[str], sections: list[_Section], notes: _Notes) -> None:
    data["problems_heading"] = part.heading
    if not sections:
        intro, items = split_items(lead, "问题部分", notes, printed_as_items=False)
        aspects = [_aspect(item) for item in items]
        if any(aspects):
            _fill_aspects(data, intro, items, aspects, notes)
            return
        if items:
            markers = item_markers("\n".join(lead))
            _note_list([m for m in markers if m.family == markers[0].family], notes)
        if not items:
            notes.warn(w.NO_CATEGORIES, "问题部分既没有分方面也没有分条，已原样保留为其他部分。", excerpt(intro))
            data["extra_sections"].append({"heading": part.heading, "text": intro, "placement": "before"})
            data["problems_heading"] = ""
            return
        notes.warn(w.NO_CATEGORIES, f"问题部分没有按方面分类，已归入“{GENERATED_CATEGORY}”方面，请核对。")
        data["categories"].append(
            {"name": GENERATED_CATEGORY, "heading": "", "intro": intro, "items": _texts(items), "generated": True}
        )
        return
    if lead:
        heading = f"{part.heading}（开头部分）"
        notes.warn(
            w.UNPLACED_TEXT,
            f"“{part.heading}”下、第一个方面之前的文字已单独保留为“{heading}”部分，请移到合适位置。",
            excerpt("".join(lead)),
        )
        data["extra_sections"].append(
            {"heading": heading, "text": "\n".join(lead), "placement": "before", "generated": True}
        )
    by_name: dict[str, CategoryData] = {}
    for section in sections:
        name, printed = category_name(section.heading)
        intro, items = split_items(section.lines, f"“{name}”方面", notes)
        if name in by_name:
            notes.warn(w.DUPLICATE_CATEGORY, f"“{name}”方面出现了两次，内容已合并到第一次出现处。", section.heading)
            notes.remove("duplicate", printed or f"{name}方面")
            earlier = by_name[name]
            earlier["intro"] = "\n".join(t for t in (earlier["intro"], intro) if t)
            earlier["items"] += _texts(items)
            continue
        by_name[name] = {"name": name, "heading": printed, "intro": intro, "items": _texts(items)}
        data["categories"].append(by_name[name])
    for category in data["categories"]:
        if not category["items"]:
            notes.warn(
                w.EMPTY_CATEGORY,
                f"“{category['name']}”方面没有列出具体问题（一是……二是……），整段已作为引言。",
                category["name"],
            )


def _aspect(item: str) -> tuple[str, str, str] | None:
    """(heading, removed terminator, rest) of a numbered problem whose lead names an aspect
    (政治理论学习方面。……), else None."""
    heading, terminator, rest, cut = split_heading(item, ASPECT_MAX)
    if cut or not heading.rstrip("：:").endswith("方面") or "\n" in heading:
        return None
    return heading, terminator, rest


def _fill_aspects(
    data: MaterialData, intro: str, items: list[str], aspects: list[tuple[str, str, str] | None], notes: _Notes
) -> None:
    """Numbered problems whose leads name aspects (1. 政治理论学习方面。……): each is a category,
    its text the category's problem (or problems, when numbered inside); the others go to 综合."""
    if intro:
        heading = f"{data['problems_heading']}（开头部分）"
        notes.warn(
            w.UNPLACED_TEXT,
            f"“{data['problems_heading']}”下、第一个方面之前的文字已单独保留为“{heading}”部分，请移到合适位置。",
            excerpt(intro),
        )
        data["extra_sections"].append({"heading": heading, "text": intro, "placement": "before", "generated": True})
    by_name: dict[str, CategoryData] = {}
    for item, aspect in zip(items, aspects, strict=True):
        if aspect is None:
            if GENERATED_CATEGORY not in by_name:
                catch_all: CategoryData = {"name": GENERATED_CATEGORY, "heading": "", "intro": "", "items": []}
                by_name[GENERATED_CATEGORY] = {**catch_all, "generated": True}
                data["categories"].append(by_name[GENERATED_CATEGORY])
            by_name[GENERATED_CATEGORY]["items"].append({"text": item})
            continue
        heading, terminator, rest = aspect
        notes.remove("terminator", terminator)
        name, printed = category_name(heading)
        sub_intro, sub_items = split_items([rest], f"“{name}”方面", notes) if rest else ("", [])
        texts = _texts(sub_items) if sub_items else _texts([sub_intro] if sub_intro else [])
        intro_text = sub_intro if sub_items else ""
        if name in by_name:
            notes.warn(w.DUPLICATE_CATEGORY, f"“{name}”方面出现了两次，内容已合并到第一次出现处。", heading)
            notes.remove("duplicate", printed or f"{name}方面")
            earlier = by_name[name]
            earlier["intro"] = "\n".join(t for t in (earlier["intro"], intro_text) if t)
            earlier["items"] += texts
            continue
        by_name[name] = {"name": name, "heading": printed, "intro": intro_text, "items": texts}
        data["categories"].append(by_name[name])
    count = sum(1 for aspect in aspects if aspect)
    notes.warn(
        w.ITEMS_AS_CATEGORIES,
        f"问题部分没有用（一）（二）分方面，但有 {count} 条以“……方面”开头，已把每条作为一个方面"
        + (f"，其余 {len(items) - count} 条归入“{GENERATED_CATEGORY}”方面" if count < len(items) else "")
        + "，请核对。",
    )
    for category in data["categories"]:
        if not category["items"]:
            notes.warn(w.EMPTY_CATEGORY, f"“{category['name']}”方面没有列出具体问题，请补充。", category["name"])


def _fill_causes(data: MaterialData, part: _Part, lead: list[str], sections: list[_Section], notes: _Notes) -> None:
    data["causes_heading"] = part.heading
    entries, intro = _entries(part, lead, sections, "原因", notes)
    data["causes_intro"] = intro
    data["causes"] = [{"heading": heading, "text": "\n".join(body)} for heading, body in entries]


def _fill_directions(data: MaterialData, part: _Part, lead: list[str], sections: list[_Section], notes: _Notes) -> None:
    data["directions_heading"] = part.heading
    entries, intro = _entries(part, lead, sections, "努力方向", notes)
    data["directions_intro"] = intro
    for number, (heading, body) in enumerate(entries, start=1):
        direction_intro, measures = (
            split_items(body, f"第{number}条努力方向“{heading}”", notes) if sections else ("\n".join(body), [])
        )
        data["directions"].append({"heading": heading, "intro": direction_intro, "measures": _texts(measures)})


def _entries(
    part: _Part, lead: list[str], sections: list[_Section], label: str, notes: _Notes
) -> tuple[list[tuple[str, list[str]]], str]:
    """Causes or directions as (heading, body lines), and the part's intro.

    Without level-2 headings, each item (`一是…`) becomes an entry whose heading is
    its first sentence; without items either, everything is the intro.
    """
    if sections:
        return [(s.heading, s.lines) for s in sections], "\n".join(lead)
    intro, items = split_items(lead, f"{label}部分", notes, printed_as_items=False)
    if not items:
        if intro:
            notes.warn(w.NO_SECTIONS, f"{label}部分没有分条，全部文字已作为该部分的引言。", excerpt(intro))
        return [], intro
    notes.warn(
        w.ITEMS_AS_SECTIONS,
        f"{label}部分没有用（一）（二）分条，已把每个“一是……”当作一条{label}，请核对标题。",
        part.heading,
    )
    entries = []
    for item in items:
        heading, terminator, rest, _ = split_heading(item, HEADING_MAX)
        notes.remove("terminator", terminator)
        entries.append((heading, [rest] if rest else []))
    return entries, intro


def _texts(items: list[str]) -> list[ItemData]:
    return [{"text": item} for item in items]


def _check_text(text: str, data: MaterialData, notes: _Notes, half_sections: int) -> None:
    """Whole-text checks: brackets, ASCII punctuation. (How much of the text is problems and causes is
    a check of the content, not of the parse: orglife.materials.document.weight, shown by the preview.)"""
    if half_sections:
        first = re.search(r"^[ \t\u3000]*\([一二三四五六七八九十]+\).*$", text, re.MULTILINE)
        notes.warn(
            w.HALF_BRACKETS,
            f"有 {half_sections} 个标题用了半角括号“(一)”；导入后保留半角，规范写法是全角“（一）”。",
            excerpt(first.group().strip(), 0, 20) if first else "",
        )
    quotes = list(quotes_by_chinese(text))
    if quotes:
        notes.warn(
            w.ASCII_QUOTES,
            f'中文里夹用了英文引号（"），共 {len(quotes)} 处，宜改为中文引号“”。',
            excerpt_around(text, quotes[0].start()),
        )
    marks = list(half_marks(text))
    if marks:
        notes.warn(
            w.ASCII_PUNCTUATION,
            f"中文里夹用了半角标点（, : ;），共 {len(marks)} 处，宜改为全角标点。",
            excerpt_around(text, marks[0].start()),
        )
