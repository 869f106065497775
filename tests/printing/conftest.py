"""Fixtures and PDF measuring helpers for the print tests.

Positions come from pypdf's text visitor: WeasyPrint writes one text operation
per line box (and one per font change inside it), so every operation carries the
line's baseline and its start x in PDF points.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pytest
from pypdf import PdfReader

from orglife.demo import load_demo
from orglife.models import Material
from orglife.printing import pdf
from orglife.printing.material import material_job

A4 = (595.28, 841.89)
MM = 72 / 25.4
LEFT = 28 * MM  # 79.37
RIGHT = A4[0] - 26 * MM  # 521.57
TOP = A4[1] - 37 * MM  # 737.01
BOTTOM = 35 * MM  # 99.21
LINE = 28.95  # GB/T 9704 in Word: exact 28.95 pt (579 twips), 22 lines just inside 225 mm
PITCH = 156 * MM / 28  # 15.79, one character of the grid


@pytest.fixture
def demo_material(db) -> Material:
    load_demo()
    return Material.objects.get(kind=Material.Kind.COMMITTEE, cycle__branch__code="linjiang-drc-branch")


@dataclass
class Row:
    """One text operation: a line, or the part of a line set in one font."""

    page: int
    x: float
    y: float
    font: str
    size: float
    text: str


def rows(pdf: bytes) -> list[Row]:
    """Every non-blank text operation of the PDF, in content order."""
    found: list[Row] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):

        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                name = str(font.get("/BaseFont", "")) if font else ""
                found.append(Row(number, x, y, name, round(abs(size * cm[0]), 1), text.strip()))

        page.extract_text(visitor_text=visit)
    return found


def text_rows(pdf: bytes) -> list[Row]:
    """Rows inside the text block (page numbers excluded), one per line, parts joined."""
    lines: list[Row] = []
    for row in rows(pdf):
        if row.y < BOTTOM:
            continue
        if lines and lines[-1].page == row.page and abs(lines[-1].y - row.y) < 1:
            lines[-1].text += row.text
        else:
            lines.append(Row(row.page, row.x, row.y, row.font, row.size, row.text))
    return lines


def squeeze(text: str) -> str:
    """`text` without any whitespace."""
    return "".join(text.split())


def render(material: Material) -> bytes:
    return pdf.render(material_job(material))


def embedded_fonts(reader: PdfReader) -> dict[str, dict]:
    """BaseFont name → font descriptor of every font on every page."""
    found = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            found[str(font["/BaseFont"])] = descendant["/FontDescriptor"].get_object()
    return found


def unicode_to_glyph_ids(reader: PdfReader) -> dict[str, set[int]]:
    """From every font's ToUnicode map: character → glyph ids (CIDs) drawn for it."""
    found: dict[str, set[int]] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            cmap = font.get_object()["/ToUnicode"].get_object().get_data().decode("latin-1")
            for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
                for cid, code in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
                    text = bytes.fromhex(code).decode("utf-16-be")
                    found.setdefault(text, set()).add(int(cid, 16))
    return found
