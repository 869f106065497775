"""Hostile text in every user field: escaped on the page, never fetched, never embedded."""

import io

import pytest
from django.conf import settings
from pypdf import PdfReader

from orglife.materials.document.assembly import assembled_text
from orglife.printing import pdf
from orglife.printing.fetcher import AssetFetcher, ForbiddenURL
from orglife.printing.material import MATERIAL, material_job
from tests.factories import make_cause, make_problem
from tests.printing.conftest import squeeze, text_rows

HOSTILE = [
    "<img src=file:///etc/passwd>",
    "<link rel=attachment href=file:///etc/passwd>",
    "<style>@import url(http://127.0.0.1:9/x)</style>",
    "background: url(http://127.0.0.1:9/y)",
]


def assert_nothing_embedded(data: bytes) -> None:
    reader = PdfReader(io.BytesIO(data))
    assert reader.attachments == {}
    assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {})
    annotations = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]
    assert [a for a in annotations if a.get("/Subtype") == "/FileAttachment"] == []
    assert b"root:x:0:0" not in data


@pytest.mark.parametrize("hostile", HOSTILE)
def test_pdf_hostile_text_in_every_field_is_printed_literally(world, hostile):
    material = world.material
    material.title = hostile
    material.preamble = hostile
    material.signature = hostile
    material.save()
    make_problem(material=material, category=world.categories[0], position=1, text=hostile)
    make_cause(material=material, position=1, heading=hostile, body="原因。")
    fetcher = AssetFetcher([])

    data = pdf.render(material_job(material), fetcher=fetcher)

    assert fetcher.requested == []
    assert_nothing_embedded(data)
    printed = squeeze("".join(row.text for row in text_rows(data)))
    assert printed == squeeze(assembled_text(material))
    assert printed.count(squeeze(hostile)) == 5


def test_pdf_fetcher_blocks_markup_that_bypassed_escaping(db):
    # The second wall: even raw markup in the HTML cannot read files or the network.
    html = (
        '<html><head><link rel="attachment" href="file:///etc/passwd">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
        "<style>@import url(http://127.0.0.1:9/y.css); p { background: url(file:///etc/hostname) }</style>"
        '</head><body><p>正文</p><img src="file:///etc/passwd"><img src="https://example.org/a.png"></body></html>'
    )
    fetcher = AssetFetcher(pdf._asset_roots())

    data = pdf.render(pdf.PrintJob(document=MATERIAL, html=html, key="raw"), fetcher=fetcher)

    assert_nothing_embedded(data)
    assert fetcher.refused == fetcher.requested
    assert set(fetcher.refused) == {
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.css",
        "http://127.0.0.1:9/y.css",
        "file:///etc/hostname",
        "https://example.org/a.png",
    }


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x",
        "https://example.org/font.ttf",
        "ftp://example.org/font.ttf",
        "data:text/css,p{}",
        "file://example.org/etc/passwd",
    ],
)
def test_fetcher_refuses_urls_outside_the_print_assets(url):
    fetcher = AssetFetcher(pdf._asset_roots())

    with pytest.raises(ForbiddenURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_refuses_climbing_out_of_the_font_folder():
    url = (settings.ORGLIFE_FONT_DIR / ".." / ".." / ".." / "etc" / "passwd").as_posix()

    with pytest.raises(ForbiddenURL):
        AssetFetcher(pdf._asset_roots()).fetch("file://" + url)


def test_fetcher_serves_files_in_the_font_folder():
    font = settings.ORGLIFE_FONT_DIR / "仿宋_GB2312.ttf"
    font.write_bytes(b"\0\1\0\0font")

    response = AssetFetcher(pdf._asset_roots()).fetch(font.as_uri())

    assert response.read() == b"\0\1\0\0font"
