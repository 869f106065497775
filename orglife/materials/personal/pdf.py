"""The 发言提纲 printed on the official page (GB/T 9704), through the print engine."""

from __future__ import annotations

from orglife.materials.models import Material
from orglife.materials.personal.models import SpeechOutline
from orglife.materials.personal.outline import outline_lines
from orglife.printing import pdf
from orglife.printing.layout import balance_title, glue_nonstarters

OUTLINE = pdf.Document(name="speech-outline", stylesheets=(pdf.GBT9704,))


def outline_job(material: Material, outline: SpeechOutline) -> pdf.PrintJob:
    """The print job of the outline (no rendering): title balanced as the material's."""
    lines = outline_lines(material, outline.sections)
    title, body = lines[0], lines[1:]
    context = {
        "title": title.text,
        "title_lines": [glue_nonstarters(line) for line in balance_title(title.text)],
        "lines": [(line.kind, glue_nonstarters(line.lead), glue_nonstarters(line.text)) for line in body],
    }
    return pdf.prepare(document=OUTLINE, template="materials/personal/outline_pdf.html", context=context)
