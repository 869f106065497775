"""The evaluation's downloads and prints: the anonymised ballots as CSV, the result
table (测评结果统计表) and blank paper ballots as PDF through the print engine.

The CSV holds one line per grade, shuffled afresh for each download, with no receipt,
ballot or time: anyone in the branch counts it and gets the tally on the page. A name
that begins like a formula (= + - @) is written with a leading apostrophe, which
Excel and WPS show as text, so that opening the file runs nothing.
"""

from __future__ import annotations

import csv
import io

from django.utils import timezone

from orglife.common.ordinals import chinese_date
from orglife.evaluation import selectors
from orglife.evaluation.models import Evaluation, Grade, Rating
from orglife.printing import pdf

CSV_HEADER = ["被评议对象", "等次"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

RESULT = pdf.Document(
    name="evaluation-result",
    stylesheets=(pdf.TABLES, pdf.ASSETS_DIR / "evaluation.css"),
    busy="正在生成其他PDF，请稍后再试。",
)
BALLOT = pdf.Document(name="evaluation-ballot", stylesheets=(pdf.TABLES, pdf.ASSETS_DIR / "evaluation.css"))


def _text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def votes_csv(evaluation: Evaluation) -> bytes:
    """The anonymised grades, UTF-8 with a byte-order mark (so Excel reads the Chinese)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for who, grade in selectors.anonymised_votes(evaluation):
        writer.writerow([_text(who), grade])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def result_pdf(evaluation: Evaluation, tally: selectors.Tally) -> bytes:
    """测评结果统计表: per member the count of each grade and the committee's final grade;
    the committee's ratings when asked for. Raises pdf.PrintRefused."""
    return pdf.render_pdf(
        document=RESULT,
        template="evaluation/result_pdf.html",
        context={
            "evaluation": evaluation,
            "tally": tally,
            "grades": Grade.labels,
            "ratings": Rating.labels,
            "closed_on": chinese_date(timezone.localdate(evaluation.closed_at)),
            "paper": selectors.paper_count(evaluation),
        },
    )


def blank_ballots_pdf(evaluation: Evaluation, *, copies: int) -> bytes:
    """`copies` blank paper ballots, one per page, listing the members to grade."""
    return pdf.render_pdf(
        document=BALLOT,
        template="evaluation/ballot_pdf.html",
        context={
            "evaluation": evaluation,
            "subjects": selectors.subjects(evaluation),
            "grades": Grade.labels,
            "ratings": Rating.labels,
            "copies": range(copies),
        },
    )
