"""Crafted .docx files (issue 11, item 1): each is refused by the bound it passes, quickly and with
little memory (bench/crafted_docx.py prints the figures), and nothing already saved changes."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orglife.materials.importing import UnreadableDocument, read_upload, wordfile
from orglife.materials.importing.wordfile import (
    TOO_DEEP,
    TOO_LARGE_UNPACKED,
    TOO_MANY_ELEMENTS,
    TOO_MANY_MEMBERS,
    TOO_MANY_PARAGRAPHS,
    TOO_MANY_RUNS,
    TOO_SLOW,
)
from orglife.materials.revisions.services import material_to_data
from orglife.models import ImportPreview, MaterialRevision
from tests.materials.importing.documents import claim_size

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BODY_START = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'.encode()
BODY_END = b"</w:body></w:document>"


def crafted(pieces, *, claimed_size: int | None = None, extra_members: int = 0, styles: bytes = b"") -> bytes:
    """A real .docx (python-docx's template) whose word/document.xml is BODY_START, the byte
    strings `pieces` yields, BODY_END: written a piece at a time, so a body of many megabytes is
    never held whole. With `claimed_size`, the zip's headers say document.xml unpacks to that;
    `styles` replaces styles.xml."""
    template = io.BytesIO()
    docx.Document().save(template)
    source = zipfile.ZipFile(template)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == "word/styles.xml" and styles:
                target.writestr(info.filename, styles)
            elif info.filename != "word/document.xml":
                target.writestr(info.filename, source.read(info.filename))
        for n in range(extra_members):
            target.writestr(f"customXml/item{n + 100}.xml", b"")
        with target.open("word/document.xml", "w") as member:
            member.write(BODY_START)
            for piece in pieces:
                member.write(piece)
            member.write(BODY_END)
    data = out.getvalue()
    return data if claimed_size is None else claim_size(data, "word/document.xml", claimed_size)


def repeated(piece: bytes, count: int, batch: int = 10_000):
    for done in range(0, count, batch):
        yield piece * min(batch, count - done)


def empty_runs_bomb() -> bytes:
    """One paragraph of 150,000 empty runs (the 324 KB file of issue 11 had millions)."""
    return crafted([b"<w:p>", *repeated(b"<w:r/>", 150_000), b"</w:p>"])


def empty_paragraphs_bomb() -> bytes:
    return crafted(repeated(b"<w:p/>", 30_000))


def too_many_elements() -> bytes:
    """250,000 bookmark ends between a few paragraphs: no paragraph or run bound applies."""
    return crafted([b"<w:p><w:r><w:t>\xe7\x94\xb2</w:t></w:r></w:p>", *repeated(b"<w:bookmarkEnd w:id='1'/>", 250_000)])


def deep_nesting() -> bytes:
    """Content controls nested 200 levels deep around one paragraph."""
    return crafted([b"<w:sdt><w:sdtContent>" * 100, b"<w:p/>", b"</w:sdtContent></w:sdt>" * 100])


def styles_bomb() -> bytes:
    """A styles part of 250,000 empty styles: the numbering builds it as a tree, counted as it grows."""
    styles = f"<w:styles xmlns:w='{W}'>".encode() + b"<w:style/>" * 250_000 + b"</w:styles>"
    return crafted([b"<w:p/>"], styles=styles)


def many_members() -> bytes:
    """A zip of 1,017 files (python-docx's 17 and 1,000 empty ones)."""
    return crafted([b"<w:p/>"], extra_members=1000)


def lying_header() -> bytes:
    """A document.xml that really unpacks to 70 MB (whitespace between a few elements) while the
    zip's headers say 2 KB."""
    padding = b" " * 1000
    return crafted(repeated(b"<w:bookmarkEnd w:id='1'/>" + padding, 70_000, batch=1000), claimed_size=2048)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (empty_runs_bomb, TOO_MANY_RUNS),
        (empty_paragraphs_bomb, TOO_MANY_PARAGRAPHS),
        (too_many_elements, TOO_MANY_ELEMENTS),
        (deep_nesting, TOO_DEEP),
        (lying_header, TOO_LARGE_UNPACKED),
        (many_members, TOO_MANY_MEMBERS),
        (styles_bomb, TOO_MANY_ELEMENTS),
    ],
    ids=["empty-runs", "empty-paragraphs", "elements", "deep", "lying-header", "members", "styles"],
)
def test_read_crafted_docx_is_refused_by_the_bound_it_passes(build, message):
    with pytest.raises(UnreadableDocument) as refusal:
        read_upload(build(), "材料.docx")

    assert str(refusal.value) == message


def test_crafted_messages_name_the_bound_in_chinese():
    remedy = (
        "文件可能已损坏或是特意构造的。如确是您的材料，请在 Word 中另存为新的 .docx 文件后上传，或复制全文粘贴进来。"
    )
    assert TOO_MANY_RUNS == "Word 文档中的文字片段超过 10 万个，无法导入。" + remedy
    assert TOO_MANY_PARAGRAPHS == "Word 文档的段落超过 2 万段，无法导入。" + remedy
    assert TOO_MANY_ELEMENTS == "Word 文档中的排版标记超过 20 万个，无法导入。" + remedy
    assert TOO_DEEP == "Word 文档的结构嵌套超过 100 层，无法导入。" + remedy
    assert TOO_LARGE_UNPACKED == "Word 文档解压后超过 64 MB，无法导入。" + remedy
    assert TOO_MANY_MEMBERS == "Word 文档中的文件超过 1000 个，无法导入。" + remedy
    assert TOO_SLOW == "读取 Word 文档超过 10 秒，无法导入。" + remedy


def test_read_docx_past_the_time_bound_is_refused(monkeypatch):
    monkeypatch.setattr(wordfile, "MAX_SECONDS", -1.0)  # the clock has run out before the first chunk

    with pytest.raises(UnreadableDocument) as refusal:
        read_upload(crafted([b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"]), "材料.docx")

    assert str(refusal.value) == TOO_SLOW


def test_read_docx_whose_header_claims_gigabytes_reads_what_it_really_holds():
    """The headers are not believed either way: a small document claiming 4 GB is read."""
    data = crafted([b"<w:p><w:r><w:t>", "一、存在的问题".encode(), b"</w:t></w:r></w:p>"], claimed_size=0xFFFFFFFE)

    assert read_upload(data, "材料.docx").text == "一、存在的问题"


def test_read_docx_just_under_every_bound_is_read():
    """19,000 paragraphs of one run each: under the paragraph, run, element and size bounds."""
    data = crafted(repeated(b"<w:p><w:r><w:t>\xe7\x94\xb2</w:t></w:r></w:p>", 19_000))

    assert read_upload(data, "材料.docx").text == "\n".join(["甲"] * 19_000)


@pytest.mark.parametrize("personal", [False, True], ids=["committee", "personal"])
def test_upload_of_a_crafted_docx_is_refused_and_nothing_saved_changes(world, client_for, personal):
    from orglife.materials.importing.services import material_import

    user = world.member if personal else world.secretary
    existing = material_import(
        cycle=world.cycle,
        text="标题\n一、存在的问题\n（一）思想方面\n一是学习不够。\n",
        author=user if personal else None,
        by=user,
    ).material
    before = material_to_data(existing)
    revisions = MaterialRevision.objects.count()
    client = client_for(user)
    url = reverse("personal_import" if personal else "material_import", args=[world.cycle.pk])

    response = client.post(url, {"file": SimpleUploadedFile("材料.docx", empty_runs_bomb()), "text": ""})

    assert response.status_code == 200
    assert response.templates[0].name == "materials/importing/upload.html"
    assert response.context["form"].non_field_errors() == [TOO_MANY_RUNS]
    existing.refresh_from_db()
    assert material_to_data(existing) == before
    assert MaterialRevision.objects.count() == revisions
    assert ImportPreview.objects.count() == 0
