"""The text of a Word (.docx) file: its paragraphs and simple tables, in document order.

A paragraph's text is that of its w:t, w:tab and w:br/w:cr wherever they sit inside
it (tracked insertions, content controls, fields, smart tags, links), except in
deleted text (w:del, w:moveFrom), field codes (w:instrText) and text boxes; a text
box's paragraphs follow the paragraph that anchors it. A paragraph that Word numbers
automatically starts with its number as Word shows it (see `numbering`). A table
row is one line, its cells joined by tabs; a merged cell is one w:tc (the rows it
covers below hold empty ones), and rows or cells inside content controls count.

An upload is small, but a zip of a few hundred KB can unpack to gigabytes of XML,
and python-docx (or any reader that builds the whole tree) needs about ten times
the XML in memory. So the work is bounded before anything grows with the file:

- each zip member is unpacked in chunks, counting the bytes it really yields (the
  sizes in the zip's headers are the sender's word), and refused past
  `MEMBER_LIMIT`;
- the body XML is never built as a tree: a parser target receives it as events
  and keeps only the text, so memory grows with the text kept (at most the 10 MB
  `check_text` allows, counted as it is read), not with the XML;
- elements, paragraphs, runs, nesting depth and time are counted as the XML
  arrives and refused past `MAX_ELEMENTS`, `MAX_PARAGRAPHS`, `MAX_RUNS`,
  `MAX_DEPTH` and `MAX_SECONDS`; the styles and numbering parts, which the
  numbering needs as trees, are counted in the same budget before they are built;
- the zip's entries are counted (`MAX_MEMBERS`) before zipfile reads them.

Each refusal is an UnreadableDocument with a Chinese message saying which bound the
file passed. bench/crafted_docx.py measures memory and time on crafted files.
"""

from __future__ import annotations

import copy
import io
import posixpath
import time
import zipfile
from collections.abc import Iterator

from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from lxml import etree

from orglife.materials.importing.decoding import MAX_BYTES, TEXT_TOO_LARGE, UnreadableDocument
from orglife.materials.importing.numbering import ListNumbering
from orglife.materials.importing.warnings import (
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

# Bounds far above any real material (a long one is a few thousand elements and a few
# hundred paragraphs), low enough that a crafted file is refused in well under a second.
MEMBER_LIMIT = 64 * 1024 * 1024  # bytes one zip member may really unpack to
MAX_ELEMENTS = 200_000  # XML elements in the parts read (document, styles, numbering…)
MAX_PARAGRAPHS = 20_000
MAX_RUNS = 100_000
MAX_DEPTH = 100  # nesting of XML elements; real documents stay under 30
MAX_SECONDS = 10.0  # of the reading thread's CPU time
MAX_MEMBERS = 1000  # files in the zip; a document with many pictures has a few hundred
_CHUNK = 64 * 1024

NOT_WORD = "文件不是有效的 Word（.docx）文档，可能只是改了扩展名或已损坏。"
_REMEDY = "文件可能已损坏或是特意构造的。如确是您的材料，请在 Word 中另存为新的 .docx 文件后上传，或复制全文粘贴进来。"
TOO_LARGE_UNPACKED = f"Word 文档解压后超过 {MEMBER_LIMIT // 1024 // 1024} MB，无法导入。{_REMEDY}"
TOO_MANY_ELEMENTS = f"Word 文档中的排版标记超过 {MAX_ELEMENTS // 10_000} 万个，无法导入。{_REMEDY}"
TOO_MANY_PARAGRAPHS = f"Word 文档的段落超过 {MAX_PARAGRAPHS // 10_000} 万段，无法导入。{_REMEDY}"
TOO_MANY_RUNS = f"Word 文档中的文字片段超过 {MAX_RUNS // 10_000} 万个，无法导入。{_REMEDY}"
TOO_DEEP = f"Word 文档的结构嵌套超过 {MAX_DEPTH} 层，无法导入。{_REMEDY}"
TOO_MANY_MEMBERS = f"Word 文档中的文件超过 {MAX_MEMBERS} 个，无法导入。{_REMEDY}"
TOO_SLOW = f"读取 Word 文档超过 {MAX_SECONDS:g} 秒，无法导入。{_REMEDY}"  # seconds of CPU time
ENCRYPTED_ZIP = "文档已加密，无法读取。请在 Word 中取消密码后另存为 .docx 再上传。"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _R, _T, _TBL, _TR, _TC = _W + "p", _W + "r", _W + "t", _W + "tbl", _W + "tr", _W + "tc"
_BODY, _PPR, _SDT = _W + "body", _W + "pPr", _W + "sdt"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT_BOX = _W + "txbxContent"
# Never read text inside these: deleted text, field codes, properties (w:pPr holds tab
# stops named w:tab), text boxes (read after their paragraph) and the VML copy of a drawing.
_SKIPPED = frozenset(
    {_W + "del", _W + "moveFrom", _W + "instrText", _W + "delInstrText", _W + "delText", _PPR, _W + "rPr"}
    | {_W + "sdtPr", _W + "sdtEndPr", _TEXT_BOX, _MC_FALLBACK}
)
_CHARACTERS = {_W + "tab": "\t", _W + "ptab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
# Wrappers whose content belongs to the level around them: content controls, custom XML.
_WRAPPERS = frozenset({_SDT, _W + "sdtContent", _W + "customXml"})
_REVISIONS = frozenset({_W + "ins", _W + "del", _W + "moveFrom", _W + "moveTo"})
_NUMBERING_PROPERTIES = frozenset({_W + "pStyle", _W + "numPr"})  # what ListNumbering reads of a w:pPr

_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def refuse_encrypted(data: bytes) -> None:
    """Refuse a password-protected Word file (an OLE compound file holding the encrypted package)."""
    if data.startswith(CFB_SIGNATURE) and _ENCRYPTED_STREAM in data:
        raise UnreadableDocument("文档设置了密码（已加密），无法读取。请在 Word 中取消密码后另存为 .docx 再上传。")


def refuse_compound_file(data: bytes) -> None:
    """Refuse OLE compound files where a .docx is read: a password-protected Word file or an
    old .doc/.wps (which read_upload converts before it gets here)."""
    if data.startswith(CFB_SIGNATURE):
        refuse_encrypted(data)
        raise UnreadableDocument(
            "这是旧版 Word（.doc）或 WPS 文件，无法直接读取，也可能是加密文档。请另存为 .docx 后再上传。"
        )


def docx_text(data: bytes) -> str:
    """The document's paragraphs and table rows (cells separated by tabs), one per line."""
    return docx_reading(data)[0]


def docx_reading(data: bytes) -> tuple[str, list[ImportWarning]]:
    """The document's text (as `docx_text`) and what the user should know about how it was read."""
    refuse_compound_file(data)
    package = _Package(data, _Work())
    document = package.main_document()
    numbering = package.numbering(document)
    unreadable = numbering.failed
    reader = package.read_body(document, numbering)
    if numbering.failed and not unreadable:  # read again, so that no paragraph keeps a number read before the failure
        reader = package.read_body(document, numbering)
    return "\n".join(reader.lines), reader.warnings() + numbering_warnings(numbering, reader.excerpts)


class _Work:
    """The elements, paragraphs, runs and time spent so far, refused past their bounds.

    The time is the reading thread's CPU time: what the file costs, not how long a
    busy machine makes it wait for its turn.
    """

    def __init__(self) -> None:
        self.deadline = time.thread_time() + MAX_SECONDS
        self.elements = self.paragraphs = self.runs = 0

    def element(self, tag: str, depth: int) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise UnreadableDocument(TOO_MANY_ELEMENTS)
        if depth > MAX_DEPTH:
            raise UnreadableDocument(TOO_DEEP)
        if tag == _P:
            self.paragraphs += 1
            if self.paragraphs > MAX_PARAGRAPHS:
                raise UnreadableDocument(TOO_MANY_PARAGRAPHS)
        elif tag == _R:
            self.runs += 1
            if self.runs > MAX_RUNS:
                raise UnreadableDocument(TOO_MANY_RUNS)
        if not self.elements % 1024:
            self.check_time()

    def elements_in(self, count: int) -> None:
        """Count `count` elements at once (the parts read as trees)."""
        self.elements += count
        if self.elements > MAX_ELEMENTS:
            raise UnreadableDocument(TOO_MANY_ELEMENTS)

    def check_time(self) -> None:
        if time.thread_time() > self.deadline:
            raise UnreadableDocument(TOO_SLOW)

    def restart_counts(self) -> None:
        """For a second reading of the same body: the counts start again, the clock does not."""
        self.elements = self.paragraphs = self.runs = 0


class _Budget:
    """What is left of the 10 MB of text `check_text` allows, as the text is read."""

    def __init__(self) -> None:
        self.left = MAX_BYTES

    def take(self, piece: str) -> str:
        """`piece`, counted; UnreadableDocument once the pieces taken make more than 10 MB."""
        self.left -= len(piece.encode("utf-8", "surrogatepass"))
        if self.left < 0:
            raise UnreadableDocument(TEXT_TOO_LARGE)
        return piece


class _Package:
    """The zip of a .docx, its parts found through the package relationships as Word does."""

    def __init__(self, data: bytes, work: _Work) -> None:
        self.work = work
        # zipfile makes an object of every entry of the central directory, each of which starts
        # with this signature: counting them bounds that work before it is done.
        if data.count(b"PK\x01\x02") > MAX_MEMBERS:
            raise UnreadableDocument(TOO_MANY_MEMBERS)
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            infos = self.archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise UnreadableDocument(NOT_WORD) from exc
        if any(info.flag_bits & 0x1 for info in infos):
            raise UnreadableDocument(ENCRYPTED_ZIP)
        self.members = {info.filename: info for info in infos}
        self.content_types = self._content_types()

    def chunks(self, name: str) -> Iterator[bytes]:
        """The member's bytes, unpacked a chunk at a time and refused past MEMBER_LIMIT.

        The zip's own size is not believed: the member is opened as if it declared no
        size at all (zipfile would otherwise cut it there), its bytes are counted as they
        come, and the unpacking stops past the limit whatever the headers claim; a
        member that ends before is read to its end, its CRC checked.
        """
        info = self.members.get(name)
        if info is None:
            raise KeyError(name)
        claimed = copy.copy(info)
        claimed.file_size = 1 << 62
        unpacked = 0
        try:
            with self.archive.open(claimed) as member:
                while chunk := member.read(_CHUNK):
                    unpacked += len(chunk)
                    if unpacked > MEMBER_LIMIT:
                        raise UnreadableDocument(TOO_LARGE_UNPACKED)
                    self.work.check_time()
                    yield chunk
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise UnreadableDocument(NOT_WORD) from exc

    def parse(self, name: str, target) -> object:
        """Feed the member's XML to `target` (an lxml parser target); what its close() returns."""
        parser = etree.XMLParser(target=target, resolve_entities=False, no_network=True, load_dtd=False)
        try:
            for chunk in self.chunks(name):
                parser.feed(chunk)
            return parser.close()
        except etree.XMLSyntaxError as exc:
            raise _BrokenPart(name) from exc

    def tree(self, name: str) -> etree._Element:
        """The member as an XML tree (for the small parts), built by lxml itself.

        Each chunk's start tags are counted in the work budget before lxml sees it, at
        the speed of bytes.count: every element has one `<` not followed by `/`, `?`
        or `!`, so the count bounds the elements (a `<` split across two chunks, or
        inside a comment, only counts one more). libxml2 refuses nesting past 256 levels.
        """
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        try:
            for chunk in self.chunks(name):
                self.work.elements_in(chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?") - chunk.count(b"<!"))
                parser.feed(chunk)
            return parser.close()
        except etree.XMLSyntaxError as exc:
            raise _BrokenPart(name) from exc

    def _content_types(self) -> dict[str, str]:
        """Part name (lower case, no leading slash) or '.ext' → content type."""
        try:
            root = self.tree("[Content_Types].xml")
        except (KeyError, _BrokenPart) as exc:
            raise UnreadableDocument(NOT_WORD) from exc
        types = {}
        for default in root.iterchildren(_CT + "Default"):
            types["." + (default.get("Extension") or "").lower()] = default.get("ContentType") or ""
        for override in root.iterchildren(_CT + "Override"):
            types[(override.get("PartName") or "").lstrip("/").lower()] = override.get("ContentType") or ""
        return types

    def content_type(self, name: str) -> str:
        if name.lower() in self.content_types:
            return self.content_types[name.lower()]
        return self.content_types.get(posixpath.splitext(name)[1].lower(), "")

    def related(self, source: str, relationship: str) -> str | None:
        """The part `source` relates to with `relationship` ('' is the package itself)."""
        folder, base = posixpath.split(source)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        try:
            root = self.tree(rels_name)
        except (KeyError, _BrokenPart):
            return None
        for rel in root.iterchildren(_RELS):
            if rel.get("Type") == relationship and rel.get("TargetMode") != "External":
                target = rel.get("Target") or ""
                path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                return posixpath.normpath(path)
        return None

    def main_document(self) -> str:
        name = self.related("", RELATIONSHIP_TYPE.OFFICE_DOCUMENT)
        if not name or name not in self.members or self.content_type(name) != CONTENT_TYPE.WML_DOCUMENT_MAIN:
            raise UnreadableDocument(NOT_WORD)
        return name

    def numbering(self, document: str) -> ListNumbering:
        """The document's lists and styles; unreadable (with a warning later) when a part is odd but not crafted."""
        try:
            numbering = self._part(document, RELATIONSHIP_TYPE.NUMBERING, CONTENT_TYPE.WML_NUMBERING)
            styles = self._part(document, RELATIONSHIP_TYPE.STYLES, CONTENT_TYPE.WML_STYLES)
        except (KeyError, _BrokenPart, _WrongType):
            return ListNumbering.unreadable()
        return ListNumbering(numbering, styles)

    def _part(self, source: str, relationship: str, content_type: str) -> etree._Element | None:
        name = self.related(source, relationship)
        if name is None:
            return None
        if self.content_type(name) != content_type:
            raise _WrongType(name)
        return self.tree(name)

    def read_body(self, document: str, numbering: ListNumbering) -> _BodyReader:
        self.work.restart_counts()
        reader = _BodyReader(numbering, self.work)
        try:
            self.parse(document, reader)
        except _BrokenPart as exc:
            raise UnreadableDocument(NOT_WORD) from exc
        return reader


class _BrokenPart(Exception):
    """A part that is not well-formed XML."""


class _WrongType(Exception):
    """A part whose content type is not the one its relationship calls for."""


# What an open element is to the reader (see _BodyReader.start).
_IGNORED, _DOCUMENT, _BLOCKS, _TABLE, _ROW, _PARAGRAPH, _PROPERTIES, _INLINE = range(8)


class _Frame:
    """An open element: its role, and where what is read inside it goes."""

    __slots__ = ("cells", "fallback", "lines", "paragraph", "role", "skip", "tag")

    def __init__(self, role, tag, *, lines=None, cells=None, paragraph=None, skip=False, fallback=False):
        self.role, self.tag, self.lines, self.cells = role, tag, lines, cells
        self.paragraph, self.skip, self.fallback = paragraph, skip, fallback


class _Paragraph:
    """A block paragraph being read: its number, its text so far, the lines of its text boxes."""

    __slots__ = ("after", "label", "lines", "noted", "parts", "properties", "shadow")

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines  # where its line goes: the body, a cell, a text box
        self.label: str | None = None
        self.parts: list[str] = []
        self.after: list[str] = []  # the lines of the text boxes it anchors
        self.shadow: etree._Element | None = None  # a w:p holding the numbering properties, for ListNumbering
        self.properties: etree.TreeBuilder | None = None
        self.noted = False  # ListNumbering remembered it for a warning: keep an excerpt


class _BodyReader:
    """An lxml parser target that reads document.xml as events, keeping only text.

    Block containers (the body, table cells, text boxes, content controls around
    them) hold paragraphs and tables; a paragraph's inline content gives its text. A
    paragraph is numbered (ListNumbering.label) when its properties have been read,
    which is before any text box inside it, so numbers count in reading order.
    """

    def __init__(self, numbering: ListNumbering, work: _Work) -> None:
        self.numbering = numbering
        self.work = work
        self.budget = _Budget()
        self.lines: list[str] = []
        self.stack: list[_Frame] = []
        self.tracked = False
        self.boxes = 0
        self.box_depth = 0
        self.excerpts: dict[etree._Element, str] = {}

    def start(self, tag: str, attrib) -> None:
        stack = self.stack
        self.work.element(tag, len(stack) + 1)
        parent = stack[-1] if stack else None
        if parent is None:
            stack.append(_Frame(_DOCUMENT, tag))
            return
        role = parent.role
        if role >= _PARAGRAPH:
            stack.append(self._inline(parent, tag, attrib))
            return
        if role == _IGNORED:
            frame = parent
        elif role == _DOCUMENT:
            frame = _Frame(_BLOCKS, tag, lines=self.lines) if tag == _BODY else _Frame(_IGNORED, tag)
        elif role == _BLOCKS:
            frame = self._block(parent, tag)
        elif role == _TABLE:
            if tag == _TR:
                frame = _Frame(_ROW, tag, lines=parent.lines, cells=[])
            else:
                frame = _Frame(_TABLE, tag, lines=parent.lines) if tag in _WRAPPERS else _Frame(_IGNORED, tag)
        elif tag == _TC:  # in a row
            frame = _Frame(_BLOCKS, tag, lines=[], cells=parent.cells)
        elif tag in _WRAPPERS:
            frame = _Frame(_ROW, tag, lines=parent.lines, cells=parent.cells)
        else:
            frame = _Frame(_IGNORED, tag)
        if frame.role != _IGNORED and tag in _REVISIONS:
            self.tracked = True
        stack.append(frame)

    def _block(self, parent: _Frame, tag: str) -> _Frame:
        if tag == _P:
            return _Frame(_PARAGRAPH, tag, paragraph=_Paragraph(parent.lines))
        if tag == _TBL:
            return _Frame(_TABLE, tag, lines=parent.lines)
        if tag in _WRAPPERS:
            return _Frame(_BLOCKS, tag, lines=parent.lines)
        return _Frame(_IGNORED, tag)

    def _inline(self, parent: _Frame, tag: str, attrib) -> _Frame:
        """An element inside a paragraph: its properties, a text box, or inline content."""
        paragraph = parent.paragraph
        if tag in _REVISIONS:
            self.tracked = True
        if parent.role == _PROPERTIES:
            if paragraph.properties is not None:
                paragraph.properties.start(tag, dict(attrib))
            elif parent.tag == _PPR and tag in _NUMBERING_PROPERTIES:
                paragraph.properties = etree.TreeBuilder()
                paragraph.properties.start(tag, dict(attrib))
            return _Frame(_PROPERTIES, tag, paragraph=paragraph)
        if parent.role == _PARAGRAPH and tag == _PPR and paragraph.label is None:
            paragraph.shadow = etree.Element(_P)
            etree.SubElement(paragraph.shadow, _PPR)
            return _Frame(_PROPERTIES, tag, paragraph=paragraph)
        self._number(paragraph)
        if tag == _TEXT_BOX and not parent.fallback:
            if self.box_depth == 0:
                self.boxes += 1
            self.box_depth += 1
            return _Frame(_BLOCKS, tag, lines=paragraph.after)
        hidden = parent.skip or parent.tag == _T  # nothing inside a w:t but its own text counts
        if tag in _CHARACTERS and not hidden:
            paragraph.parts.append(self.budget.take(_CHARACTERS[tag]))
        skip = hidden or tag in _SKIPPED or tag in _CHARACTERS
        return _Frame(_INLINE, tag, paragraph=paragraph, skip=skip, fallback=parent.fallback or tag == _MC_FALLBACK)

    def _number(self, paragraph: _Paragraph) -> None:
        """Give `paragraph` its automatic number, once, when its properties are known."""
        if paragraph.label is not None:
            return
        numbering = self.numbering
        if paragraph.shadow is None:
            paragraph.shadow = etree.Element(_P)
        noted_before = (numbering.skipped, len(numbering.unknown_formats))
        paragraph.label = self.budget.take(numbering.label(paragraph.shadow))
        paragraph.noted = noted_before != (numbering.skipped, len(numbering.unknown_formats))

    def data(self, text: str) -> None:
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.tag == _T and frame.role == _INLINE and not frame.skip:
            frame.paragraph.parts.append(self.budget.take(text))

    def end(self, tag: str) -> None:
        frame = self.stack.pop()
        role = frame.role
        if role == _PROPERTIES:
            paragraph = frame.paragraph
            if paragraph.properties is not None:
                paragraph.properties.end(tag)
                if tag in _NUMBERING_PROPERTIES and self.stack[-1].tag == _PPR:
                    paragraph.shadow[0].append(paragraph.properties.close())
                    paragraph.properties = None
            if tag == _PPR and self.stack[-1].role == _PARAGRAPH:
                self._number(paragraph)
        elif role == _PARAGRAPH:
            self._paragraph_end(frame.paragraph)
        elif role == _ROW and tag == _TR:
            frame.lines.append("\t".join(frame.cells))
        elif role == _BLOCKS and tag == _TC:
            frame.cells.append(" ".join(frame.lines))
        elif role == _BLOCKS and tag == _TEXT_BOX:
            self.box_depth -= 1

    def _paragraph_end(self, paragraph: _Paragraph) -> None:
        self._number(paragraph)
        text = "".join(paragraph.parts)
        if paragraph.noted:
            self.excerpts[paragraph.shadow] = excerpt(text)
        paragraph.lines.append(paragraph.label + text)
        paragraph.lines.extend(paragraph.after)

    def close(self) -> None:
        return None

    def warnings(self) -> list[ImportWarning]:
        """Warnings about tracked changes and text boxes in the document body."""
        warnings = []
        if self.tracked:
            warnings.append(
                ImportWarning(
                    TRACKED_CHANGES,
                    "文档中有未处理的修订（修订模式下插入或删除的文字）。已按“接受所有修订”后的文字导入，"
                    "删除的文字没有导入，请核对。",
                )
            )
        if self.boxes:
            warnings.append(
                ImportWarning(TEXT_BOXES, f"文档中有 {self.boxes} 个文本框，其中的文字已放在所在段落之后，请核对位置。")
            )
        return warnings


def numbering_warnings(numbering: ListNumbering, excerpts: dict[etree._Element, str]) -> list[ImportWarning]:
    """Warnings about automatic numbers read as 1, 2, 3 (formats not supported) or left out.

    When the numbering could not be read at all, no paragraph has its number, and that is all there is to say.
    `excerpts` holds the text of the paragraphs the numbering remembered.
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
                excerpts.get(first, ""),
            )
        )
    if numbering.skipped is not None:
        warnings.append(
            ImportWarning(
                NUMBERING_SKIPPED,
                "文档的自动编号设置异常（编号文字过长或数值过大），有些段落的自动序号没有导入，请核对这些段落的序号。",
                excerpts.get(numbering.skipped, ""),
            )
        )
    return warnings
