"""The approved version printed with a cover note (审核通过, the date, who approved),
through the print engine: the note is a page of its own before the material, which
itself is printed exactly as orglife.printing.material prints it."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from orglife.common.ordinals import chinese_date
from orglife.materials.document.assembly import Run, assemble
from orglife.materials.models import Material
from orglife.printing import pdf
from orglife.printing.layout import balance_title, glue_nonstarters
from orglife.review.models import Review, Transition

APPROVED = pdf.Document(
    name="review-approved",
    stylesheets=(pdf.GBT9704, Path(__file__).resolve().parent / "assets" / "approved-cover.css"),
    busy="正在为其他材料生成PDF，请稍后再试。",
    too_long="这份材料太长，未能在{seconds:g}秒内生成PDF。",
    failed="未能生成PDF（材料可能太长）。",
)


def approved_job(*, snapshot: Material, review: Review, decision: Transition) -> pdf.PrintJob:
    """The print job of the approved revision (`snapshot`) behind its cover note."""
    paragraphs = []
    signing = []
    for paragraph in assemble(snapshot):
        lines = [glue_nonstarters(line) for line in balance_title(paragraph.text)] if paragraph.kind == "title" else []
        entry = {
            "kind": paragraph.kind,
            "text": glue_nonstarters(paragraph.text),
            "lines": lines,
            "runs": [Run(glue_nonstarters(run.text), run.style) for run in paragraph.runs],
        }
        (signing if paragraph.kind in ("signature", "date") else paragraphs).append(entry)
    branch = snapshot.cycle.branch
    context = {
        "title": snapshot.title,
        "branch": branch.name,
        "approved_on": chinese_date(timezone.localdate(review.decided_at)),
        "submitted_on": chinese_date(timezone.localdate(review.submitted_at)),
        "approver": decision.by.get_full_name(),
        "note": decision.comment,
        "paragraphs": paragraphs,
        "signing": signing,
    }
    return pdf.prepare(document=APPROVED, template="review/approved_pdf.html", context=context)
