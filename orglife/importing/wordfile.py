"""The text of a Word (.docx) file: its paragraphs and simple tables, in document order."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from .decoding import MAX_BYTES, UnreadableDocument

CFB_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_UNPACKED_LIMIT = 20 * MAX_BYTES  # guards against a small zip that unpacks to gigabytes


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
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, PackageNotFoundError, lxml errors…
        raise UnreadableDocument("文件不是有效的 Word（.docx）文档，可能只是改了扩展名或已损坏。") from exc
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend(_table_lines(block))
    return "\n".join(lines)


def _table_lines(table: Table) -> list[str]:
    """One line per row; a merged cell repeats in python-docx, so each is taken once."""
    lines = []
    for row in table.rows:
        seen: set[int] = set()
        cells = []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(p.text for p in cell.paragraphs))
        lines.append("\t".join(cells))
    return lines
