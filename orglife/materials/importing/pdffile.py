"""The text layer of a PDF, as the parser reads it: one line per printed line.

The parser joins the lines back into paragraphs (orglife.materials.importing.unwrapping).
Page numbers (— 1 —, 第 1 页) are dropped here, as they sit between the lines of a
paragraph running over a page. A PDF without text (a scan) is refused: there is
no character recognition (OCR).
"""

from __future__ import annotations

import io
import re
import time

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from orglife.materials.importing.decoding import MAX_BYTES, UnreadableDocument
from orglife.materials.importing.warnings import PDF_READ, ImportWarning

PDF_SIGNATURE = b"%PDF"
MAX_PAGES = 300  # a material is a few pages; a book is not a material
MAX_SECONDS = 20.0  # reading stops, refused, past this
MIN_CHARACTERS_PER_PAGE = 20  # fewer means the pages are pictures (a scan), perhaps with a stamp or a page number
_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:[—–\-－]\s*\d{1,3}\s*[—–\-－]|第\s*\d{1,3}\s*页(?:\s*[，,/／]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}(?:\s*/\s*\d{1,3})?)\s*$"
)

SCANNED = (
    "这个 PDF 文件没有文字层（可能是扫描件或图片），无法读出其中的文字；系统不做文字识别（OCR）。"
    "请上传 Word 文档，或把文字复制粘贴进来。"
)
UNREADABLE = "PDF 文件已损坏或格式无法识别，无法读取。请上传 Word 文档，或把文字复制粘贴进来。"
ENCRYPTED = "PDF 文件设置了密码，无法读取。请取消密码后再上传，或上传 Word 文档。"
TOO_MANY_PAGES = f"PDF 文件超过 {MAX_PAGES} 页，不像一份对照检查材料，无法导入。"
TOO_SLOW = f"读取 PDF 文件超过 {MAX_SECONDS:g} 秒，无法导入。请上传 Word 文档，或把文字复制粘贴进来。"


def pdf_reading(data: bytes) -> tuple[str, list[ImportWarning]]:
    """The text of a PDF's pages, page numbers dropped, and a notice saying so; raises UnreadableDocument."""
    started = time.monotonic()
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument(ENCRYPTED)
        pages = reader.pages
        if len(pages) > MAX_PAGES:
            raise UnreadableDocument(TOO_MANY_PAGES)
        texts = []
        for page in pages:
            texts.append(page.extract_text() or "")
            if time.monotonic() - started > MAX_SECONDS:
                raise UnreadableDocument(TOO_SLOW)
            if sum(len(text) for text in texts) > MAX_BYTES:
                raise UnreadableDocument("PDF 中的文字超过 10 MB，无法导入。")
    except UnreadableDocument:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise UnreadableDocument(UNREADABLE) from exc
    lines = [line for text in texts for line in text.splitlines()]
    kept = [line for line in lines if not _PAGE_NUMBER_RE.match(line)]
    if sum(len("".join(line.split())) for line in kept) < MIN_CHARACTERS_PER_PAGE * len(texts):
        raise UnreadableDocument(SCANNED)
    dropped = len(lines) - len(kept)
    message = f"已读取 PDF 文件 {len(texts)} 页中的文字"
    message += f"，去掉了 {dropped} 个页码。" if dropped else "。"
    return "\n".join(kept), [ImportWarning(PDF_READ, message)]
