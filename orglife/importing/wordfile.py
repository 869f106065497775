"""The text of a Word (.docx) file: its paragraphs and simple tables, in document order.

The body XML is walked directly, because python-docx's `Paragraph.text` skips text
in tracked insertions, content controls, fields and smart tags. A paragraph's text
is that of its w:t, w:tab and w:br/w:cr wherever they sit inside it, except in
deleted text (w:del, w:moveFrom), field codes (w:instrText) and text boxes; a text
box's paragraphs follow the paragraph that anchors it. A paragraph that Word numbers
automatically starts with its number as Word shows it (see `numbering`).

Reading stops once the text passes the 10 MB that `check_text` allows, so that a
small upload cannot make the reader build gigabytes before that check refuses it.
"""

from __future__ import annotations

import io
import zipfile

import docx
from lxml import etree

from .decoding import MAX_BYTES, TEXT_TOO_LARGE, UnreadableDocument
from .numbering import ListNumbering
from .warnings import (
    NUMBERING_FORMAT,
    NUMBERING_SKIPPED,
    NUMBERING_UNREADABLE,
    TEXT_BOXES,
    TRACKED_CHANGES,
    ImportWarning,
    excerpt,
)

CFB_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_UNPACKED_LIMIT = 20 * MAX_BYTES  # guards against a small zip that unpacks to gigabytes

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT_BOX = _W + "txbxContent"
# Never read inside these: deleted text, field codes, properties (w:pPr holds tab stops
# named w:tab), text boxes (read after their paragraph) and the VML copy of a drawing.
_SKIPPED = frozenset(
    {_W + "del", _W + "moveFrom", _W + "instrText", _W + "delInstrText", _W + "delText", _W + "pPr", _W + "rPr"}
    | {_W + "sdtPr", _W + "sdtEndPr", _TEXT_BOX, _MC_FALLBACK}
)
_CHARACTERS = {_W + "tab": "\t", _W + "ptab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
# Block-level wrappers whose paragraphs belong to the document: content controls, custom XML.
_WRAPPERS = frozenset({_W + "sdtContent", _W + "customXml"})
_REVISIONS = frozenset({_W + "ins", _W + "del", _W + "moveFrom", _W + "moveTo"})


def refuse_compound_file(data: bytes) -> None:
    """Refuse OLE compound files: a password-protected Word file or an old .doc/.wps."""
    if data.startswith(CFB_SIGNATURE):
        if _ENCRYPTED_STREAM in data:
            raise UnreadableDocument("文档设置了密码（已加密），无法读取。请在 Word 中取消密码后另存为 .docx 再上传。")
        raise UnreadableDocument(
            "这是旧版 Word（.doc）或 WPS 文件，无法读取，也可能是加密文档。请另存为 .docx 后再上传。"
        )


def docx_text(data: bytes) -> str:
    """The document's paragraphs and table rows (cells separated by tabs), one per line."""
    return docx_reading(data)[0]


def docx_reading(data: bytes) -> tuple[str, list[ImportWarning]]:
    """The document's text (as `docx_text`) and what the user should know about how it was read."""
    document = _open(data)
    body = document.element.body
    numbering = ListNumbering(document)
    text = "\n".join(block_lines(body, numbering, _Budget()))
    if numbering.failed:  # read again, so that no paragraph keeps a number read before the failure
        text = "\n".join(block_lines(body, numbering, _Budget()))
    return text, reading_warnings(body) + numbering_warnings(numbering)


class _Budget:
    """What is left of the 10 MB of text `check_text` allows, as the text is read."""

    def __init__(self) -> None:
        self.left = MAX_BYTES

    def take(self, line: str) -> str:
        """`line`, counted; UnreadableDocument once the lines taken make more than 10 MB."""
        self.left -= len(line.encode("utf-8", "surrogatepass"))
        if self.left < 0:
            raise UnreadableDocument(TEXT_TOO_LARGE)
        return line


def _open(data: bytes) -> docx.document.Document:
    """The python-docx document, after refusing encrypted, oversized and broken files."""
    refuse_compound_file(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableDocument("文件不是有效的 Word（.docx）文档，可能只是改了扩展名或已损坏。") from exc
    if any(info.flag_bits & 0x1 for info in infos):
        raise UnreadableDocument("文档已加密，无法读取。请在 Word 中取消密码后另存为 .docx 再上传。")
    if sum(info.file_size for info in infos) > _UNPACKED_LIMIT:
        raise UnreadableDocument("Word 文档解压后过大，无法导入。")
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, PackageNotFoundError, lxml errors…
        raise UnreadableDocument("文件不是有效的 Word（.docx）文档，可能只是改了扩展名或已损坏。") from exc


def block_lines(container: etree._Element, numbering: ListNumbering, budget: _Budget) -> list[str]:
    """The lines of the paragraphs and tables in `container` (a body, cell, text box or wrapper)."""
    lines = []
    for child in container:
        if child.tag == _W + "p":
            lines.append(budget.take(numbering.label(child) + paragraph_text(child)))
            for box in text_boxes(child):
                lines.extend(block_lines(box, numbering, budget))
        elif child.tag == _W + "tbl":
            lines.extend(_table_lines(child, numbering, budget))
        elif child.tag == _W + "sdt" or child.tag in _WRAPPERS:
            lines.extend(block_lines(child, numbering, budget))
    return lines


def paragraph_text(element: etree._Element) -> str:
    """The visible text inside `element` (a paragraph or a part of one), deleted text and field codes left out."""
    if element.tag in _SKIPPED:
        return ""
    if element.tag == _W + "t":
        return element.text or ""
    if element.tag in _CHARACTERS:
        return _CHARACTERS[element.tag]
    return "".join(paragraph_text(child) for child in element)


def text_boxes(paragraph: etree._Element) -> list[etree._Element]:
    """The text boxes anchored in `paragraph`, outermost only, without the VML copies of drawings."""
    return [box for box in paragraph.iter(_TEXT_BOX) if not _inside(box, paragraph, {_TEXT_BOX, _MC_FALLBACK})]


def _inside(element: etree._Element, top: etree._Element, tags: set[str]) -> bool:
    """Whether an ancestor of `element` below `top` has one of `tags`."""
    ancestor = element.getparent()
    while ancestor is not None and ancestor is not top:
        if ancestor.tag in tags:
            return True
        ancestor = ancestor.getparent()
    return False


def reading_warnings(body: etree._Element) -> list[ImportWarning]:
    """Warnings about tracked changes and text boxes in the document body."""
    warnings = []
    if any(element.tag in _REVISIONS for element in body.iter()):
        warnings.append(
            ImportWarning(
                TRACKED_CHANGES,
                "文档中有未处理的修订（修订模式下插入或删除的文字）。已按“接受所有修订”后的文字导入，"
                "删除的文字没有导入，请核对。",
            )
        )
    boxes = sum(
        len(text_boxes(paragraph)) for paragraph in body.iter(_W + "p") if not _inside(paragraph, body, {_TEXT_BOX})
    )
    if boxes:
        warnings.append(
            ImportWarning(TEXT_BOXES, f"文档中有 {boxes} 个文本框，其中的文字已放在所在段落之后，请核对位置。")
        )
    return warnings


def numbering_warnings(numbering: ListNumbering) -> list[ImportWarning]:
    """Warnings about automatic numbers read as 1, 2, 3 (formats not supported) or left out.

    When the numbering could not be read at all, no paragraph has its number, and that is all there is to say.
    """
    if numbering.failed:
        return [
            ImportWarning(
                NUMBERING_UNREADABLE,
                "文档的自动编号无法读取，自动编号的序号（如“一、”“（一）”“1.”）都没有导入，"
                "请核对各标题和条目的序号，必要时手动补上。",
            )
        ]
    warnings = []
    if numbering.unknown_formats:
        names = "、".join(excerpt(name, length=20) for name in list(numbering.unknown_formats)[:5])
        names += "等" if len(numbering.unknown_formats) > 5 else ""
        first = next(iter(numbering.unknown_formats.values()))
        warnings.append(
            ImportWarning(
                NUMBERING_FORMAT,
                f"文档的自动编号用了无法识别的编号格式（{names}），这些序号已按阿拉伯数字 1、2、3……导入，请核对。",
                excerpt(paragraph_text(first)),
            )
        )
    if numbering.skipped is not None:
        warnings.append(
            ImportWarning(
                NUMBERING_SKIPPED,
                "文档的自动编号设置异常（编号文字过长或数值过大），有些段落的自动序号没有导入，请核对这些段落的序号。",
                excerpt(paragraph_text(numbering.skipped)),
            )
        )
    return warnings


def _children_through_wrappers(element: etree._Element, tag: str):
    """The `tag` children of `element`, also those inside content controls and custom XML
    (a row or cell content control wraps w:tr or w:tc in w:sdt/w:sdtContent)."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag == _W + "sdt" or child.tag in _WRAPPERS:
            yield from _children_through_wrappers(child, tag)


def _table_lines(table: etree._Element, numbering: ListNumbering, budget: _Budget) -> list[str]:
    """One line per row, its cells joined by tabs, read from the XML: a merged cell is one
    w:tc (the rows it covers below hold empty w:tc), and rows or cells inside content
    controls count too."""
    return [
        "\t".join(" ".join(block_lines(cell, numbering, budget)) for cell in _children_through_wrappers(row, _W + "tc"))
        for row in _children_through_wrappers(table, _W + "tr")
    ]
