"""Evidence files: what a file is, told by its content, and where it is kept.

A file's name and the browser's Content-Type are whatever the sender chose: an
HTML page renamed 照片.png would be served back as HTML and run in the app's
origin. So the type is read from the first bytes (and, for Word and Excel, from
the zip's [Content_Types].xml), the name's extension must agree with it, and the
stored type is the recognised one. Files are kept in the "evidence" storage of
settings.STORAGES under random names without extensions, and served only by
orglife.rectification.views.evidence_download as attachments.
"""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.core.files.uploadedfile import UploadedFile

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
# [Content_Types].xml of a real Office file is a few KB; more is not read.
CONTENT_TYPES_LIMIT = 256 * 1024


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    extensions: tuple[str, ...]

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


KINDS = {
    "png": Kind("PNG图片", "image/png", ("png",)),
    "jpeg": Kind("JPEG图片", "image/jpeg", ("jpg", "jpeg")),
    "gif": Kind("GIF图片", "image/gif", ("gif",)),
    "webp": Kind("WebP图片", "image/webp", ("webp",)),
    "pdf": Kind("PDF文件", "application/pdf", ("pdf",)),
    "docx": Kind("Word文件", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)),
    "xlsx": Kind("Excel文件", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
}
ACCEPTED = "图片（PNG、JPEG、GIF、WebP）、PDF、Word（.docx）或Excel（.xlsx）"


def storage() -> Storage:
    """The "evidence" storage (the file system under var/evidence unless configured)."""
    return storages["evidence"]


def sniff(data: bytes) -> str | None:
    """The key in KINDS of what `data` is, by its content; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    return None


def _office_kind(data: bytes) -> str | None:
    """docx or xlsx by the main part declared in [Content_Types].xml, read within bounds."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_LIMIT:
                return None
            with archive.open(info) as part:
                declared = part.read(CONTENT_TYPES_LIMIT + 1)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError, EOFError):
        return None
    if len(declared) > CONTENT_TYPES_LIMIT:
        return None
    text = declared.decode("utf-8", "replace")
    if DOCX_MAIN in text and XLSX_MAIN not in text:
        return "docx"
    if XLSX_MAIN in text and DOCX_MAIN not in text:
        return "xlsx"
    return None


@dataclass(frozen=True)
class CheckedFile:
    name: str
    kind: Kind
    data: bytes


def check_upload(upload: UploadedFile) -> CheckedFile:
    """The upload's name, recognised kind and bytes; ValidationError (in Chinese, naming
    the file) when it is too large, empty, of a type not accepted, or its content does
    not match its extension."""
    name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][-150:] or "未命名"
    limit = settings.EVIDENCE_FILE_LIMIT
    if upload.size is not None and upload.size > limit:
        raise ValidationError(f"“{name}”超过{limit // (1024 * 1024)}MB，请压缩后再上传。")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(f"“{name}”超过{limit // (1024 * 1024)}MB，请压缩后再上传。")
    if not data:
        raise ValidationError(f"“{name}”是空文件。")
    found = sniff(data)
    if found is None:
        raise ValidationError(f"“{name}”不是可接受的文件。只能上传{ACCEPTED}。")
    kind = KINDS[found]
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in kind.extensions:
        raise ValidationError(
            f"“{name}”的内容是{kind.label}，与文件扩展名不符。请使用.{kind.extensions[0]}扩展名后再上传。"
        )
    return CheckedFile(name=name, kind=kind, data=data)


def store(checked: CheckedFile) -> str:
    """Save the file's bytes under a new random name; returns the storage's name for it."""
    return storage().save(f"evidence/{uuid.uuid4().hex}", ContentFile(checked.data))
