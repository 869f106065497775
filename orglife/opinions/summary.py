"""The rows of the 意见建议汇总表, shared by the Excel and PDF exports."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import formats

from orglife.models import Campaign, Opinion, Source
from orglife.selectors_opinion import UNCATEGORISED, board_opinions

HEADERS = ["序号", "方面", "意见建议", "来源", "提出次数", "处理情况", "答复或说明"]


@dataclass(frozen=True)
class SummaryRow:
    number: int
    category: str
    text: str
    sources: str
    times: int
    status: str
    note: str

    def cells(self) -> list[str | int]:
        return [self.number, self.category, self.text, self.sources, self.times, self.status, self.note]


def _note(opinion: Opinion) -> str:
    if opinion.status == Opinion.Status.ADOPTED and opinion.problem is not None:
        return f"列入问题清单（{opinion.problem.category.heading_text}）：{opinion.problem.text}"
    return opinion.response


def summary_rows(opinions: QuerySet[Opinion]) -> list[SummaryRow]:
    """One row per opinion left after merging, in category then text order; names are never printed."""
    rows = []
    for number, opinion in enumerate(board_opinions(opinions), start=1):
        group = [opinion, *opinion.duplicates.all()]
        sources = {member.source for member in group}
        rows.append(
            SummaryRow(
                number=number,
                category=opinion.category.name if opinion.category else UNCATEGORISED,
                text=opinion.text,
                sources="、".join(str(Source(value).label) for value in Source.values if value in sources),
                times=len(group),
                status=opinion.get_status_display(),
                note=_note(opinion),
            )
        )
    return rows


def campaign_period(campaign: Campaign) -> str:
    start = formats.date_format(campaign.opens_on, "Y年n月j日")
    end = formats.date_format(campaign.closes_on, "Y年n月j日")
    return f"{start}至{end}"
