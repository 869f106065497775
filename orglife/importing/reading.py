"""Read an uploaded file, whatever it is, into text for the parser."""

from __future__ import annotations

from .decoding import MAX_BYTES, UnreadableDocument, check_text, decode_text
from .wordfile import CFB_SIGNATURE, docx_text, refuse_compound_file

_ZIP_SIGNATURE = b"PK\x03\x04"


def read_document(data: bytes, filename: str = "") -> str:
    """The text of a .txt or .docx file; raises UnreadableDocument with a Chinese message."""
    if len(data) > MAX_BYTES:
        raise UnreadableDocument("文件超过 10 MB，无法导入。")
    if not data:
        raise UnreadableDocument("文件是空的，没有可导入的文字。")
    is_docx = filename.lower().endswith(".docx")
    if data.startswith(CFB_SIGNATURE):
        refuse_compound_file(data)
    if data.startswith(_ZIP_SIGNATURE):
        return check_text(docx_text(data))
    if is_docx:
        raise UnreadableDocument("文件扩展名是 .docx，但内容不是 Word 文档，可能只是改了扩展名或已损坏。")
    return decode_text(data)
