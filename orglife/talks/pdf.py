"""The talk record sheet (谈心谈话记录) and the coverage table, printed by the print engine."""

from __future__ import annotations

from pathlib import Path

from orglife.common.ordinals import chinese_date
from orglife.cycles.models import Cycle
from orglife.printing import pdf
from orglife.talks.models import Talk
from orglife.talks.selectors import Coverage

STYLESHEET = Path(__file__).resolve().parent / "assets" / "talks.css"
RECORD = pdf.Document(name="talk-record", stylesheets=(STYLESHEET,))
COVERAGE = pdf.Document(name="talk-coverage", stylesheets=(STYLESHEET,))
# How a cell of the matrix is printed; the legend under the table says the same.
MARKS = {"done": "√", "missing": "×", "extra": "○", "none": "", "self": ""}


def talk_job(talk: Talk) -> pdf.PrintJob:
    """The record sheet of one talk (queries, no rendering)."""
    people = list(talk.participants.select_related("user"))
    filed = list(talk.filed.select_related("opinion__campaign", "opinion__signature__author"))
    context = {
        "talk": talk,
        "day": chinese_date(talk.held_on),
        "lead": [p.user.get_full_name() for p in people if p.role == "lead"],
        "partners": [p.user.get_full_name() for p in people if p.role != "lead"],
        "filed": filed,
    }
    return pdf.prepare(document=RECORD, template="talks/record_pdf.html", context=context)


def talk_filename(talk: Talk) -> str:
    return f"谈心谈话记录-{talk.held_on.isoformat()}-{talk.pk}.pdf"


def coverage_job(cycle: Cycle, coverage: Coverage) -> pdf.PrintJob:
    """The who-with-whom table with its counts and the pairs still to talk (queries, no rendering)."""
    rows = [(person, [MARKS[cell.state] for cell in cells]) for person, cells in coverage.rows]
    context = {"cycle": cycle, "coverage": coverage, "rows": rows}
    return pdf.prepare(document=COVERAGE, template="talks/coverage_pdf.html", context=context)
