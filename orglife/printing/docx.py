"""Word files on the official page (GB/T 9704-2012), for every document the cycle exports.

Secretaries send the higher organisation Word files it can edit, laid out like the
PDF: the same page, fonts and grid, set the way Word expects them. A document
starts from `official_document` (A4, margins, the 22-line grid, the body style in
仿宋 16 pt, the official fonts declared, `— 1 —` page numbers), adds its
paragraphs with `set_east_asian_font` and the other helpers here, and ends with
`docx_bytes`. python-docx has no API for East Asian fonts, character spacing or
page-number fields, so those are written as WordprocessingML directly.
"""

from __future__ import annotations

import datetime
import re
from io import BytesIO

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.oxml.text.parfmt import CT_PPr
from docx.section import Section
from docx.shared import Mm, Pt, Twips
from docx.text.paragraph import Paragraph as WordParagraph
from lxml import etree

from orglife.printing.fonts import ROLES

BODY_SIZE = Pt(16)
TITLE_SIZE = Pt(22)
PAGE_NUMBER_SIZE = Pt(14)
# 225 mm / 22 lines; stored as w:line="579" with lineRule="exact".
LINE_PITCH = Twips(579)
# -0.25 pt after each 16 pt character: 28 characters fill the 156 mm line.
CHARACTER_SPACING = -5  # twentieths of a point
CHARACTER_PITCH = Pt(16 - 0.25)
FONT_FOR = {
    "title": ROLES["title"].family,
    "body": ROLES["fangsong"].family,
    "heading1": ROLES["heiti"].family,
    "heading2": ROLES["kaiti"].family,
    "page": ROLES["songti"].family,
}
# The elements that follow w:spacing in rPr (ECMA-376 CT_RPr sequence).
_RPR_AFTER_SPACING = (
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
# The children of pPr (ECMA-376 CT_PPrBase sequence): Word rejects a file whose
# paragraph properties are out of this order.
_PPR_SEQUENCE = (
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
# Windows character set 134 (0x86): GB2312, simplified Chinese.
GB2312_CHARSET = "86"
# Characters XML 1.0 cannot hold; a pasted control character would otherwise make
# python-docx refuse to write the file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def official_document(*, title: str, modified: datetime.datetime | None = None) -> WordDocument:
    """An empty Word document on the official page, ready for paragraphs.

    A4 with the GB/T 9704 margins and 22-line grid; the Normal style in 仿宋 16 pt
    with exact 28.95 pt lines, 28 characters a line and a 2-character first-line
    indent; the official fonts in the font table with their other names;
    `— N —` page numbers, odd pages right and even pages left; `title` (made
    XML-safe) and `modified` as the file's properties.
    """
    document = Document()
    _set_properties(document, xml_safe(title), modified)
    _set_up_page(document.sections[0])
    _set_up_normal_style(document)
    _declare_fonts(document)
    _write_page_numbers(document)
    return document


def docx_bytes(document: WordDocument) -> bytes:
    """The .docx file of `document`."""
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xml_safe(text: str) -> str:
    """`text` without the control characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


def set_east_asian_font(element, name: str) -> None:
    """Set all four font slots of a style's or run's rPr to `name`, dropping theme fonts.

    `font.name` in python-docx sets only the Latin slots, and theme attributes
    override explicit names: without this, Chinese text falls back to MS Mincho.
    """
    r_fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in _THEME_ATTRIBUTES:
        r_fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        r_fonts.set(qn(attribute), name)


def _set_properties(document: WordDocument, title: str, modified: datetime.datetime | None) -> None:
    """File properties (Word's 文件 → 信息): the title, not python-docx's template as author."""
    properties = document.core_properties
    properties.title = title
    properties.author = properties.comments = ""
    properties.last_modified_by = ""
    if modified is not None:
        # python-docx writes the time as UTC without converting it.
        if modified.tzinfo is not None:
            modified = modified.astimezone(datetime.UTC).replace(tzinfo=None)
        properties.created = properties.modified = modified


def _declare_fonts(document: WordDocument) -> None:
    """Font table entries for the official fonts: their other names and the GB2312 character set.

    python-docx's template declares none of them. A reader that lacks a font may
    look here for what to put in its place (ECMA-376 17.8.3.1 altName: e.g. 仿宋,
    which Windows ships, for 仿宋_GB2312). LibreOffice ignores altName and asks
    fontconfig instead.
    """
    part = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    table = parse_xml(part.blob)
    for role in ROLES.values():
        for old in table.findall(qn("w:font")):
            if old.get(qn("w:name")) == role.family:
                table.remove(old)
        font = OxmlElement("w:font")
        font.set(qn("w:name"), role.family)
        alternatives = OxmlElement("w:altName")
        alternatives.set(qn("w:val"), ",".join(role.names[1:]))
        charset = OxmlElement("w:charset")
        charset.set(qn("w:val"), GB2312_CHARSET)
        font.extend([alternatives, charset])
        table.append(font)
    # python-docx keeps this part as bytes and has no API for it.
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _set_up_page(section: Section) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    # The top of the page number sits 7 mm below the text block; Word measures
    # the footer from the page's bottom edge to the footer line's bottom.
    section.footer_distance = Mm(35 - 7) - Pt(18)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH.twips))


def _set_up_normal_style(document: WordDocument) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    default_fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    for attribute in _THEME_ATTRIBUTES:
        default_fonts.attrib.pop(qn(attribute), None)
    default_fonts.set(qn("w:eastAsia"), FONT_FOR["body"])
    default_lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    default_lang.set(qn("w:eastAsia"), "zh-CN")
    # python-docx's template says Japanese: Word would take the East Asian theme
    # font (still used by the template's styles we leave alone) from the Japanese set.
    document.settings.element.find(qn("w:themeFontLang")).set(qn("w:eastAsia"), "zh-CN")

    normal = document.styles["Normal"]
    set_east_asian_font(normal.element, FONT_FOR["body"])
    normal.font.size = BODY_SIZE
    set_character_spacing(normal.element.get_or_add_rPr(), CHARACTER_SPACING)
    form = normal.paragraph_format
    form.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    form.line_spacing = LINE_PITCH
    form.space_before = form.space_after = Pt(0)
    form.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    p_pr = normal.element.get_or_add_pPr()
    set_indent(p_pr, first_line_chars=2)
    # Word's defaults for Chinese text would break the 28-character grid the PDF
    # keeps: punctuation hanging past the right margin as a 29th character, and
    # extra space wherever Chinese meets Latin letters or digits (2022年).
    # LibreOffice (7.4 and its current source) ignores autoSpaceDE/DN and reads
    # overflowPunct inverted, so it hangs punctuation whatever is written here.
    for flag in ("w:overflowPunct", "w:autoSpaceDE", "w:autoSpaceDN"):
        set_paragraph_flag(p_pr, flag, on=False)


def _write_page_numbers(document: WordDocument) -> None:
    """`— N —` in 14 pt: odd pages at the right, even pages at the left, one character in."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = alignment
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        # The Footer style inherits the body's 2-character first-line indent.
        set_indent(paragraph._p.get_or_add_pPr(), first_line_chars=0)
        if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = PAGE_NUMBER_SIZE
        else:
            paragraph.paragraph_format.left_indent = PAGE_NUMBER_SIZE
        _add_page_field(paragraph)


def _add_page_field(paragraph: WordParagraph) -> None:
    """`— ` PAGE ` —`: python-docx has no field API, so the field runs are built by hand."""

    def run_with(*children, text: str | None = None) -> None:
        run = paragraph.add_run(text)
        set_east_asian_font(run._r, FONT_FOR["page"])
        run.font.size = PAGE_NUMBER_SIZE
        set_character_spacing(run._r.get_or_add_rPr(), 0)
        for child in children:
            run._r.append(child)

    run_with(text="— ")
    run_with(_field_char("begin"))
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    run_with(instruction)
    run_with(_field_char("separate"))
    run_with(text="1")
    run_with(_field_char("end"))
    run_with(text=" —")


def _field_char(kind: str):
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def set_character_spacing(r_pr: CT_RPr, twentieths: int) -> None:
    """w:spacing in rPr, at its place in the schema's sequence (Word rejects it elsewhere)."""
    for old in r_pr.findall(qn("w:spacing")):
        r_pr.remove(old)
    element = OxmlElement("w:spacing")
    element.set(qn("w:val"), str(twentieths))
    r_pr.insert_element_before(element, *_RPR_AFTER_SPACING)


def set_paragraph_flag(p_pr: CT_PPr, tag: str, *, on: bool) -> None:
    """An on/off paragraph property written out, at its place in the pPr sequence."""
    for old in p_pr.findall(qn(tag)):
        p_pr.remove(old)
    element = OxmlElement(tag)
    element.set(qn("w:val"), "1" if on else "0")
    p_pr.insert_element_before(element, *_PPR_SEQUENCE[_PPR_SEQUENCE.index(tag) + 1 :])


def set_indent(p_pr, *, first_line_chars: float, right_chars: float = 0) -> None:
    """Indents in characters (Word's 字符 unit), with the twips equivalent for other readers."""
    indent = p_pr.get_or_add_ind()
    indent.set(qn("w:firstLineChars"), str(round(first_line_chars * 100)))
    indent.set(qn("w:firstLine"), str(round(first_line_chars * CHARACTER_PITCH.twips)))
    if right_chars:
        indent.set(qn("w:rightChars"), str(round(right_chars * 100)))
        indent.set(qn("w:right"), str(round(right_chars * CHARACTER_PITCH.twips)))
