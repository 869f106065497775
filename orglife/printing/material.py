"""The material printed: its PDF and its Word file, through the print engine.

Both read the paragraphs of `orglife.materials.document.assembly.assemble`, never the
models directly, so what is printed is exactly what the material page shows.
The PDF is the official page (pdf.GBT9704) filled by `printing/material.html`;
the Word file is the same paragraphs on docx.official_document.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement

from orglife.materials.document.assembly import Paragraph, Run, assemble
from orglife.materials.models import Material
from orglife.printing import docx, pdf
from orglife.printing.layout import balance_title, glue_nonstarters, signature_indents

TEMPLATE = "printing/material.html"
MATERIAL = pdf.Document(
    name="material",
    stylesheets=(pdf.GBT9704,),
    busy="正在为其他材料生成PDF，请稍后再试（可以先导出Word）。",
    too_long="这份材料太长，未能在{seconds:g}秒内生成PDF。请删减或拆分后再打印，也可以先导出Word。",
    failed="未能生成PDF（材料可能太长）。请删减或拆分后再打印，也可以先导出Word。",
)


@dataclass
class _PrintParagraph:
    kind: str
    runs: list[Run]
    lines: list[str]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def material_job(material: Material) -> pdf.PrintJob:
    """The print job for `material`: its HTML and content key (queries, no rendering)."""
    paragraphs = assemble(material)
    body, signing = [], []
    for paragraph in paragraphs:
        runs = [Run(glue_nonstarters(run.text), run.style) for run in paragraph.runs]
        lines = [glue_nonstarters(line) for line in balance_title(paragraph.text)] if paragraph.kind == "title" else []
        (signing if paragraph.kind in ("signature", "date") else body).append(
            _PrintParagraph(paragraph.kind, runs, lines)
        )
    return pdf.prepare(
        document=MATERIAL,
        template=TEMPLATE,
        context={"title": material.title, "author": _author(material), "paragraphs": body, "signing": signing},
        chars=sum(len(paragraph.text) for paragraph in paragraphs),
    )


def material_pdf(material: Material) -> tuple[pdf.PrintJob, bytes]:
    """The job and PDF bytes for `material`, from the cache when the content is unchanged.

    Side effect: stores a newly rendered PDF in the "print" cache.
    Raises pdf.PrintRefused when the engine cannot print it in time.
    """
    job = material_job(material)
    return job, pdf.cached_pdf(job)


def _author(material: Material) -> str:
    if material.kind == Material.Kind.PERSONAL and material.author:
        return material.author.get_full_name()
    return material.cycle.branch.name


def material_docx(material: Material) -> bytes:
    """The .docx file of `material` (no side effects)."""
    return build_docx(material.title, assemble(material), modified=material.updated_at)


def build_docx(title: str, paragraphs: list[Paragraph], *, modified: datetime.datetime | None = None) -> bytes:
    """A Word document of a material's `paragraphs` on the official page."""
    paragraphs = [replace(p, runs=[replace(run, text=docx.xml_safe(run.text)) for run in p.runs]) for p in paragraphs]
    document = docx.official_document(title=title, modified=modified)
    signing = [p for p in paragraphs if p.kind in ("signature", "date")]
    for paragraph in paragraphs:
        if paragraph.kind == "title":
            _write_title(document, paragraph)
        elif paragraph.kind not in ("signature", "date"):
            _write_text(document, paragraph)
    _write_signing(document, signing)
    return docx.docx_bytes(document)


def _write_title(document: WordDocument, paragraph: Paragraph) -> None:
    out = document.add_paragraph()
    out.alignment = WD_ALIGN_PARAGRAPH.CENTER
    out.paragraph_format.space_after = docx.LINE_PITCH  # one blank grid line before the body
    p_pr = out._p.get_or_add_pPr()
    docx.set_indent(p_pr, first_line_chars=0)
    # 22 pt type is taller than a grid line: a reader that snaps every line to the
    # document grid (LibreOffice does) gives each title line two grid lines and
    # pushes three lines of body to the next page.
    docx.set_paragraph_flag(p_pr, "w:snapToGrid", on=False)
    for number, line in enumerate(balance_title(paragraph.text)):
        run = out.add_run(line)
        if number:
            run._r.insert(0, OxmlElement("w:br"))
        docx.set_east_asian_font(run._r, docx.FONT_FOR["title"])
        run.font.size = docx.TITLE_SIZE
        # The title is set without the body's tightened spacing.
        docx.set_character_spacing(run._r.get_or_add_rPr(), 0)


def _write_text(document: WordDocument, paragraph: Paragraph) -> None:
    out = document.add_paragraph()
    fonts = docx.FONT_FOR
    paragraph_font = {"heading1": fonts["heading1"], "heading2": fonts["heading2"]}.get(paragraph.kind)
    if paragraph.kind in ("heading1", "heading2"):
        out.paragraph_format.keep_with_next = True
    for run in paragraph.runs:
        font = paragraph_font or (fonts["heading2"] if run.style == "heading2" else fonts["body"])
        docx.set_east_asian_font(out.add_run(run.text)._r, font)


def _write_signing(document: WordDocument, signing: list[Paragraph]) -> None:
    """Signer and date at the right, one blank line below the body (GB/T 9704 7.3.5.2)."""
    if not signing:
        return
    texts = {p.kind: p.text for p in signing}
    signer_right, date_right = signature_indents(texts.get("signature", ""), texts.get("date", ""))
    if "signature" not in texts:
        date_right = 2.0
    for number, paragraph in enumerate(signing):
        out = document.add_paragraph()
        out.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        out.paragraph_format.keep_with_next = number < len(signing) - 1
        if number == 0:
            out.paragraph_format.space_before = docx.LINE_PITCH
        right = signer_right if paragraph.kind == "signature" else date_right
        docx.set_indent(out._p.get_or_add_pPr(), first_line_chars=0, right_chars=right)
        docx.set_east_asian_font(out.add_run(paragraph.text)._r, docx.FONT_FOR["body"])
