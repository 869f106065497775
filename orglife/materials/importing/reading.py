"""Read an uploaded file, whatever it is, into text for the parser."""

from __future__ import annotations

from dataclasses import dataclass, field

from orglife.materials.importing.decoding import MAX_BYTES, UnreadableDocument, check_text, decode_text
from orglife.materials.importing.warnings import ImportWarning
from orglife.materials.importing.wordfile import CFB_SIGNATURE, docx_reading, refuse_compound_file

_ZIP_SIGNATURE = b"PK\x03\x04"


@dataclass(frozen=True)
class Reading:
    """The text of a file, and what the user should know about how it was read (tracked changes…)."""

    text: str
    warnings: list[ImportWarning] = field(default_factory=list)


def read_upload(data: bytes, filename: str = "") -> Reading:
    """The text of a .txt or .docx file with the reader's warnings; raises UnreadableDocument in Chinese."""
    if len(data) > MAX_BYTES:
        raise UnreadableDocument("文件超过 10 MB，无法导入。")
    if not data:
        raise UnreadableDocument("文件是空的，没有可导入的文字。")
    is_docx = filename.lower().endswith(".docx")
    if data.startswith(CFB_SIGNATURE):
        refuse_compound_file(data)
    if data.startswith(_ZIP_SIGNATURE):
        text, warnings = docx_reading(data)
        return Reading(check_text(text), warnings)
    if is_docx:
        raise UnreadableDocument("文件扩展名是 .docx，但内容不是 Word 文档，可能只是改了扩展名或已损坏。")
    return Reading(decode_text(data))


def read_document(data: bytes, filename: str = "") -> str:
    """The text of a .txt or .docx file; raises UnreadableDocument with a Chinese message."""
    return read_upload(data, filename).text
