"""Read an uploaded file, whatever it is, into text for the parser: plain text, a .docx,
a PDF with a text layer, or an old .doc / .wps converted through LibreOffice."""

from __future__ import annotations

from dataclasses import dataclass, field

from orglife.materials.importing.converting import convert_to_docx
from orglife.materials.importing.decoding import MAX_BYTES, UnreadableDocument, check_text, decode_text
from orglife.materials.importing.pdffile import PDF_SIGNATURE, pdf_reading
from orglife.materials.importing.warnings import CONVERTED, ImportWarning
from orglife.materials.importing.wordfile import CFB_SIGNATURE, docx_reading, refuse_encrypted

_ZIP_SIGNATURE = b"PK\x03\x04"
# The stream every Word 97–2003 and WPS text document holds, named in the compound file's directory.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
NOT_A_TEXT_DOCUMENT = (
    "文件是旧版 Office 文件，但不是 Word（.doc）或 WPS 文字文档（可能是 Excel、PowerPoint 文件，或已损坏），无法导入。"
)


@dataclass(frozen=True)
class Reading:
    """The text of a file, and what the user should know about how it was read (tracked changes…)."""

    text: str
    warnings: list[ImportWarning] = field(default_factory=list)


def read_upload(data: bytes, filename: str = "") -> Reading:
    """The text of a .txt, .docx, .pdf, .doc or .wps file with the reader's warnings;
    raises UnreadableDocument in Chinese."""
    if len(data) > MAX_BYTES:
        raise UnreadableDocument("文件超过 10 MB，无法导入。")
    if not data:
        raise UnreadableDocument("文件是空的，没有可导入的文字。")
    is_docx = filename.lower().endswith(".docx")
    if data.startswith(CFB_SIGNATURE):
        refuse_encrypted(data)
        if _WORD_STREAM not in data:
            raise UnreadableDocument(NOT_A_TEXT_DOCUMENT)
        suffix = ".wps" if filename.lower().endswith(".wps") else ".doc"
        text, warnings = docx_reading(convert_to_docx(data, suffix))
        kind = "WPS 文件" if suffix == ".wps" else "旧版 Word（.doc）文件"
        notice = ImportWarning(CONVERTED, f"{kind}已用 LibreOffice 转换为 .docx 后读取，请核对文字和编号。")
        return Reading(check_text(text), [notice, *warnings])
    if data.lstrip()[:1024].startswith(PDF_SIGNATURE):
        text, warnings = pdf_reading(data)
        return Reading(check_text(text), warnings)
    if data.startswith(_ZIP_SIGNATURE):
        text, warnings = docx_reading(data)
        return Reading(check_text(text), warnings)
    if is_docx:
        raise UnreadableDocument("文件扩展名是 .docx，但内容不是 Word 文档，可能只是改了扩展名或已损坏。")
    return Reading(decode_text(data))


def read_document(data: bytes, filename: str = "") -> str:
    """The text of an uploaded file (see read_upload); raises UnreadableDocument with a Chinese message."""
    return read_upload(data, filename).text
