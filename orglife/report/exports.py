"""The situation report printed on the official page (GB/T 9704) and as a Word file.

The report becomes the same paragraphs a material does (title, body, 一、 headings,
signer and date), so it prints through the material's template and Word writer:
one layout for every 公文 the branch sends up.
"""

from __future__ import annotations

from dataclasses import dataclass

from orglife.common.ordinals import chinese_date, part_ordinal
from orglife.materials.document.assembly import Paragraph, Run, split_paragraphs
from orglife.printing import pdf
from orglife.printing.layout import balance_title, glue_nonstarters
from orglife.printing.material import build_docx
from orglife.report.models import Report

REPORT = pdf.Document(
    name="report",
    stylesheets=(pdf.GBT9704,),
    busy="正在生成其他PDF，请稍后再试（可以先导出Word）。",
    too_long="情况报告太长，未能在{seconds:g}秒内生成PDF。请删减后再打印，也可以先导出Word。",
    failed="未能生成情况报告PDF。请删减后再打印，也可以先导出Word。",
)


def report_paragraphs(report: Report) -> list[Paragraph]:
    """The report in printed order; section ordinals come from their order."""
    paragraphs = [Paragraph("title", [Run(report.title)])]
    paragraphs += [Paragraph("body", [Run(line)]) for line in split_paragraphs(report.opening)]
    for number, section in enumerate(report.sections.order_by("position"), start=1):
        paragraphs.append(Paragraph("heading1", [Run(part_ordinal(number) + section.heading)]))
        paragraphs += [Paragraph("body", [Run(line)]) for line in split_paragraphs(section.body)]
    if report.signature:
        paragraphs.append(Paragraph("signature", [Run(report.signature)]))
    if report.signed_on:
        paragraphs.append(Paragraph("date", [Run(chinese_date(report.signed_on))]))
    return paragraphs


@dataclass
class _Printed:
    kind: str
    runs: list[Run]
    lines: list[str]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def report_job(report: Report) -> pdf.PrintJob:
    """The report's print job (its HTML and content key; no rendering)."""
    body, signing = [], []
    for paragraph in report_paragraphs(report):
        runs = [Run(glue_nonstarters(run.text), run.style) for run in paragraph.runs]
        lines = [glue_nonstarters(line) for line in balance_title(paragraph.text)] if paragraph.kind == "title" else []
        (signing if paragraph.kind in ("signature", "date") else body).append(_Printed(paragraph.kind, runs, lines))
    return pdf.prepare(
        document=REPORT,
        template="printing/material.html",
        context={"title": report.title, "author": report.cycle.branch.name, "paragraphs": body, "signing": signing},
    )


def report_docx(report: Report) -> bytes:
    return build_docx(report.title, report_paragraphs(report), modified=report.updated_at)
