"""Bytes and pasted text to clean text, or a clear refusal in Chinese."""

from __future__ import annotations

import codecs
import unicodedata

MAX_BYTES = 10 * 1024 * 1024  # the 10 MB limit on uploads and on the text they yield
_CONTROL_SHARE = 0.01  # more control characters than this is a binary file, not text
_ALLOWED_CONTROLS = set("\t\n\r\f\v")
TEXT_TOO_LARGE = "文字超过 10 MB，无法导入。一份对照检查材料通常不超过几十 KB，请检查是否选错了文件。"


class UnreadableDocument(Exception):
    """The input cannot be imported; the message tells the user why, in Chinese."""


def decode_text(data: bytes) -> str:
    """Text from a plain-text file in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK."""
    if not data.strip():
        raise UnreadableDocument("文件是空的，没有可导入的文字。")
    if data.startswith(codecs.BOM_UTF8):
        return check_text(_decode(data[len(codecs.BOM_UTF8) :], "utf-8"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return check_text(_decode(data, "utf-16"))
    for encoding in ("utf-8", "gb18030"):
        try:
            return check_text(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise UnreadableDocument("无法识别文件的文字编码（支持 UTF-8 和 GBK/GB18030），文件也可能不是文本文件。")


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableDocument(
            f"文件声明为 {encoding.upper()} 编码，但其中有无法识别的字节，文件可能已损坏。"
        ) from exc


def check_text(text: str) -> str:
    """The text itself, if it is text of an acceptable size with something in it.

    NUL and a run of other control characters mean a binary file decoded by chance;
    PostgreSQL could not store NUL anyway. The few control characters a real text
    may carry are kept here and removed, with a warning, by the parser
    (parser.strip_controls), which every import goes through.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise UnreadableDocument(TEXT_TOO_LARGE)
    controls = sum(1 for char in text if unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS)
    if "\x00" in text or controls > len(text) * _CONTROL_SHARE:
        raise UnreadableDocument("文件内容不是文字（可能是图片、压缩包或其他二进制文件），无法导入。")
    if any(unicodedata.category(char) == "Cs" for char in text):
        raise UnreadableDocument("文字中有无法识别的字符，文件可能已损坏。")
    if not text.strip():
        raise UnreadableDocument("没有可导入的文字。")
    return text
