"""The 意见建议汇总表, shared by the Excel and PDF exports and the published summary.

A `Summary` is built from the opinions the committee sees, and can be stored as
JSON (`Campaign.published_summary`) when the committee publishes it, so that what
members read is exactly what was published, whatever the committee changes later.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db.models import QuerySet
from django.utils import formats

from orglife.opinions.models import Campaign, Opinion, Source
from orglife.opinions.selectors import (
    UNCATEGORISED,
    OpinionCounts,
    board_opinions,
    opinion_counts,
    opinion_counts_sentence,
)

HEADERS = ["序号", "方面", "意见建议", "来源", "提出次数", "处理情况", "答复或说明"]


@dataclass(frozen=True)
class MergedText:
    """The text of an opinion merged into a row's opinion, and its own category."""

    text: str
    category: str


@dataclass(frozen=True)
class SummaryRow:
    number: int
    category: str
    text: str
    sources: str
    times: int
    status: str
    note: str
    merged: tuple[MergedText, ...] = ()

    @property
    def merged_heading(self) -> str:
        return f"另有{len(self.merged)}条相同意见：" if self.merged else ""

    def merged_lines(self) -> list[str]:
        """Each merged text as listed under the row's text, e.g. （1）会议多且长。（方面：学习）;
        the category is named only where it differs from the row's."""
        lines = []
        for n, merged in enumerate(self.merged, start=1):
            own = f"（方面：{merged.category}）" if merged.category != self.category else ""
            lines.append(f"（{n}）{merged.text}{own}")
        return lines

    @property
    def full_text(self) -> str:
        """The row's text with every merged text below it, as one Excel cell holds it."""
        return "\n".join([self.text, self.merged_heading, *self.merged_lines()]) if self.merged else self.text

    def cells(self) -> list[str | int]:
        return [self.number, self.category, self.full_text, self.sources, self.times, self.status, self.note]


@dataclass(frozen=True)
class Summary:
    rows: tuple[SummaryRow, ...]
    counts: OpinionCounts
    sentence: str

    def to_json(self) -> dict:
        # PostgreSQL's jsonb does not keep the order of keys: the ordered counts go as pairs.
        counts = {key: list(value.items()) if isinstance(value, dict) else value for key, value in self.counts.items()}
        return {"rows": [asdict(row) for row in self.rows], "counts": counts, "sentence": self.sentence}

    @classmethod
    def from_json(cls, data: dict) -> Summary:
        rows = tuple(
            SummaryRow(**(row | {"merged": tuple(MergedText(**merged) for merged in row["merged"])}))
            for row in data["rows"]
        )
        counts = {key: dict(value) if isinstance(value, list) else value for key, value in data["counts"].items()}
        return cls(rows=rows, counts=counts, sentence=data["sentence"])


def _note(opinion: Opinion) -> str:
    if opinion.status == Opinion.Status.ADOPTED and opinion.problem is not None:
        return f"列入问题清单（{opinion.problem.category.heading_text}）：{opinion.problem.text}"
    return opinion.response


def _category(opinion: Opinion) -> str:
    return opinion.category.name if opinion.category else UNCATEGORISED


def summary_rows(opinions: QuerySet[Opinion]) -> list[SummaryRow]:
    """One row per opinion left after merging, in category then text order, with the
    texts merged into it (in text order); names are never printed."""
    rows = []
    for number, opinion in enumerate(board_opinions(opinions), start=1):
        duplicates = list(opinion.duplicates.all())
        sources = {member.source for member in [opinion, *duplicates]}
        rows.append(
            SummaryRow(
                number=number,
                category=_category(opinion),
                text=opinion.text,
                sources="、".join(str(Source(value).label) for value in Source.values if value in sources),
                times=1 + len(duplicates),
                status=opinion.get_status_display(),
                note=_note(opinion),
                merged=tuple(MergedText(text=dup.text, category=_category(dup)) for dup in duplicates),
            )
        )
    return rows


def build_summary(opinions: QuerySet[Opinion]) -> Summary:
    """The summary of `opinions` (already scoped to what the committee may see)."""
    counts = opinion_counts(opinions)
    return Summary(rows=tuple(summary_rows(opinions)), counts=counts, sentence=opinion_counts_sentence(counts))


def campaign_period(campaign: Campaign) -> str:
    start = formats.date_format(campaign.opens_on, "Y年n月j日")
    end = formats.date_format(campaign.closes_on, "Y年n月j日")
    return f"{start}至{end}"
