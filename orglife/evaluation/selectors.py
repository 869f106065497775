"""Reads of the democratic evaluation: progress, tally, receipts, downloads, final grades.

No result leaves here before the close, nor below MIN_BALLOTS ballots: every read of
a result goes through `results_shown`.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from orglife.evaluation.models import (
    MIN_BALLOTS,
    Evaluation,
    FinalGrade,
    Grade,
    Rating,
    SelfAssessment,
    Subject,
    Vote,
)
from orglife.orgs.models import User


@dataclass(frozen=True)
class Progress:
    voted: int
    voters: int


def progress(evaluation: Evaluation) -> Progress:
    """ "N of M have voted": the only figure shown while voting runs."""
    counts = Evaluation.objects.filter(pk=evaluation.pk).aggregate(
        voted=Count("voted", distinct=True), voters=Count("voters", distinct=True)
    )
    return Progress(voted=counts["voted"], voters=counts["voters"])


def results_shown(evaluation: Evaluation) -> bool:
    """Whether any result may be shown: after the close, with at least MIN_BALLOTS ballots."""
    return evaluation.state == Evaluation.State.CLOSED and (evaluation.ballots or 0) >= MIN_BALLOTS


def subjects(evaluation: Evaluation) -> list[Subject]:
    return list(evaluation.subjects.select_related("member"))


@dataclass
class TallyRow:
    number: int
    member: User
    counts: dict[str, int]  # by Grade value, every grade present
    final: FinalGrade | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        return [self.counts[grade] for grade in Grade.values]


@dataclass
class Tally:
    rows: list[TallyRow]
    committee: dict[str, int] = field(default_factory=dict)  # by Rating value; empty when not rated

    @property
    def committee_cells(self) -> list[int]:
        return [self.committee[rating] for rating in Rating.values]


def count_grades(pairs) -> dict[tuple[int | None, str], int]:
    """(member id or None, grade) → how many: the tally of any list of grades."""
    return dict(Counter(pairs))


def tally(evaluation: Evaluation, *, with_final: bool = False) -> Tally | None:
    """Per member, the count of each grade; and the committee's ratings. None while no
    result may be shown. Two queries (three `with_final`)."""
    if not results_shown(evaluation):
        return None
    counted = count_grades(
        (row["member_id"], row["grade"])
        for row in Vote.objects.filter(evaluation=evaluation).values("member_id", "grade").order_by()
    )
    finals = {}
    if with_final:
        finals = {g.member_id: g for g in FinalGrade.objects.filter(evaluation=evaluation)}
    rows = [
        TallyRow(
            number=n,
            member=subject.member,
            counts={grade: counted.get((subject.member_id, grade), 0) for grade in Grade.values},
            final=finals.get(subject.member_id),
        )
        for n, subject in enumerate(subjects(evaluation), start=1)
    ]
    committee = {}
    if evaluation.rate_committee:
        committee = {rating: counted.get((None, rating), 0) for rating in Rating.values}
    return Tally(rows=rows, committee=committee)


def anonymised_votes(evaluation: Evaluation) -> list[tuple[str, str]]:
    """Every grade of every ballot as (who is graded, grade label), shuffled afresh; no
    receipt, no ballot, nothing else. Empty while no result may be shown."""
    if not results_shown(evaluation):
        return []
    names = {s.member_id: s.member.get_full_name() for s in subjects(evaluation)}
    grades, ratings = dict(Grade.choices), dict(Rating.choices)
    rows = [
        (names[member], str(grades[grade])) if member is not None else ("支部班子", str(ratings[grade]))
        for member, grade in Vote.objects.filter(evaluation=evaluation).values_list("member_id", "grade").order_by()
    ]
    secrets.SystemRandom().shuffle(rows)
    return rows


def receipt_codes(evaluation: Evaluation) -> list[str]:
    """The receipt codes in the order of the codes, after the close."""
    if evaluation.state != Evaluation.State.CLOSED:
        return []
    return list(evaluation.receipts.order_by("code").values_list("code", flat=True))


def paper_count(evaluation: Evaluation) -> int:
    return evaluation.voted.filter(on_paper=True).count()


def has_voted(evaluation: Evaluation, user: User) -> bool:
    """Only ever shown to `user` themselves."""
    return evaluation.voted.filter(voter=user).exists()


def may_vote_in(evaluation: Evaluation, user: User) -> bool:
    return evaluation.voters.filter(member=user).exists()


def own_final_grade(evaluation: Evaluation, user: User) -> FinalGrade | None:
    """The user's own final grade once the committee has told the members; nobody else's."""
    if evaluation.grades_published_at is None:
        return None
    return FinalGrade.objects.filter(evaluation=evaluation, member=user).first()


def excellent_over_third(evaluation: Evaluation, excellent: int) -> bool:
    """优秀 usually goes to at most one third of the members evaluated."""
    return excellent * 3 > evaluation.subjects.count()


def is_subject(evaluation: Evaluation, user: User) -> bool:
    return evaluation.subjects.filter(member=user).exists()


def own_self_assessment(evaluation: Evaluation, user: User) -> str:
    """The user's own self-assessment, for them to read and edit."""
    found = SelfAssessment.objects.filter(evaluation=evaluation, member=user).values_list("text", flat=True).first()
    return found or ""


def self_assessments(evaluation: Evaluation) -> dict[int, str]:
    """Every member's self-assessment by member id: for the committee and reviewers only."""
    return dict(SelfAssessment.objects.filter(evaluation=evaluation).values_list("member_id", "text"))
