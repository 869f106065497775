"""Writes of the democratic evaluation: setting it up, casting, paper ballots, the
close and the committee's final grades.

Locks: the evaluation row only (`orglife.common.locks.locked`), then, at the close,
its sealed inbox rows. No write here takes a cycle, material or category lock, so the
order of orglife/common/locks.py is kept by never holding one of those first.

Why the count stays honest with paper ballots: every ballot in the box is either an
online cast, written in the transaction that adds the voter to the voted list (one
row per voter, a unique constraint), or a paper ballot entered by the committee,
which needs a voter ticked as voting on paper (also one voted row) whose ballot is
not entered yet (`paper_entered` below the paper ticks, checked under the
evaluation's lock). The close refuses unless every paper tick has its ballot and the
ballots taken out of the box are exactly as many as the voted list. So the tally
counts one ballot per voter who voted, nobody twice, and the published figures
(receipts for online ballots, the paper count) add up to the voted list.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from orglife.common import sealed
from orglife.common.locks import locked
from orglife.cycles.models import Cycle
from orglife.evaluation.models import (
    MIN_BALLOTS,
    NEEDS_REASON,
    SELF_ASSESSMENT_MAX,
    Evaluation,
    FinalGrade,
    Grade,
    Rating,
    Receipt,
    SelfAssessment,
    Subject,
    Vote,
    Voted,
    Voter,
)
from orglife.meeting.models import Attendance
from orglife.orgs.models import Membership, User

logger = logging.getLogger(__name__)

# Receipt codes: 8 characters without the look-alikes 0/O, 1/I, shown as ABCD-EFGH (40 bits).
RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

NOT_OPEN = "投票尚未开始或已经结束。"
ALREADY_VOTED = "您已经投过票了，每人只能投一次。"


def _memberships(cycle: Cycle, roles: set[str]) -> QuerySet[Membership]:
    return Membership.objects.filter(organisation_id=cycle.branch_id, role__in=roles).order_by("position", "id")


def _members_in_order(cycle: Cycle, roles: set[str]) -> list[User]:
    seen: dict[int, User] = {}
    for membership in _memberships(cycle, roles).select_related("user"):
        seen.setdefault(membership.user_id, membership.user)
    return list(seen.values())


# Full members and the committee vote; probationary members (预备党员) have no vote.
VOTING_ROLES = set(Membership.COMMITTEE_ROLES) | {Membership.Role.MEMBER}


def voting_members(cycle: Cycle) -> list[User]:
    """Everyone the committee may choose as a voter: the branch's members with a vote."""
    return _members_in_order(cycle, VOTING_ROLES)


def default_voters(evaluation: Evaluation) -> list[User]:
    """Who votes unless the committee chooses otherwise: the branch's members with a
    vote (the committee and full members), in the branch's order; once the cycle's
    meeting (orglife.meeting) has anyone signed in as present, only those present."""
    members = _members_in_order(evaluation.cycle, VOTING_ROLES)
    present = set(
        Attendance.objects.filter(meeting__cycle=evaluation.cycle, status=Attendance.Status.PRESENT).values_list(
            "user_id", flat=True
        )
    )
    return [member for member in members if member.pk in present] if present else members


def default_subjects(cycle: Cycle, *, include_probationary: bool) -> list[User]:
    """Who is evaluated: the full members (the committee included) and, when the
    branch chooses, the probationary members."""
    roles = VOTING_ROLES | ({Membership.Role.PROBATIONARY} if include_probationary else set())
    return _members_in_order(cycle, roles)


def _set_subjects(evaluation: Evaluation) -> None:
    evaluation.subjects.all().delete()
    members = default_subjects(evaluation.cycle, include_probationary=evaluation.include_probationary)
    Subject.objects.bulk_create(
        Subject(evaluation=evaluation, member=member, position=n) for n, member in enumerate(members, start=1)
    )


def _set_voters(evaluation: Evaluation, voters: list[User]) -> None:
    branch = {m.pk for m in _members_in_order(evaluation.cycle, VOTING_ROLES)}
    if any(voter.pk not in branch for voter in voters):
        raise ValidationError("投票人必须是本支部有表决权的党员。")
    evaluation.voters.all().delete()
    Voter.objects.bulk_create(Voter(evaluation=evaluation, member=voter) for voter in voters)


@transaction.atomic
def evaluation_create(*, cycle: Cycle, include_probationary: bool = False, rate_committee: bool = False) -> Evaluation:
    """Set up the cycle's evaluation, in preparation (准备中).

    Side effects: creates the Evaluation, its Subject rows (`default_subjects`) and its
    Voter rows (`default_voters`). Refused when the cycle already has one.
    """
    if Evaluation.objects.filter(cycle=cycle).exists():
        raise ValidationError("本次组织生活会已经有民主评议。")
    evaluation = Evaluation.objects.create(
        cycle=cycle, include_probationary=include_probationary, rate_committee=rate_committee
    )
    _set_subjects(evaluation)
    _set_voters(evaluation, default_voters(evaluation))
    return evaluation


def _locked(evaluation: Evaluation) -> Evaluation:
    return locked(Evaluation.objects.filter(pk=evaluation.pk)).get()


@transaction.atomic
def evaluation_update(
    *, evaluation: Evaluation, include_probationary: bool, rate_committee: bool, voters: list[User]
) -> Evaluation:
    """Change who is evaluated, who votes and whether the committee is rated; only in preparation.

    Side effects: locks and updates the Evaluation; replaces its Subject and Voter rows.
    """
    current = _locked(evaluation)
    if current.state != Evaluation.State.DRAFT:
        raise ValidationError("投票已经开始，不能再修改参评党员和投票人。")
    current.include_probationary, current.rate_committee = include_probationary, rate_committee
    current.save(update_fields=["include_probationary", "rate_committee"])
    _set_subjects(current)
    _set_voters(current, voters)
    return current


@transaction.atomic
def evaluation_open(*, evaluation: Evaluation) -> Evaluation:
    """Start voting. Refused with fewer than MIN_BALLOTS voters (it could never close)
    or nobody to evaluate.

    Side effects: locks the Evaluation, sets it open with the time.
    """
    current = _locked(evaluation)
    if current.state != Evaluation.State.DRAFT:
        raise ValidationError("投票已经开始过了。")
    if current.voters.count() < MIN_BALLOTS:
        raise ValidationError(f"投票人不能少于{MIN_BALLOTS}人，否则无法公布结果。")
    if not current.subjects.exists():
        raise ValidationError("没有参评党员。")
    current.state, current.opened_at = Evaluation.State.OPEN, timezone.now()
    current.save(update_fields=["state", "opened_at"])
    return current


def receipt_code() -> str:
    chars = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def _names(evaluation: Evaluation, member_ids) -> str:
    subjects = {s.member_id: s.member.get_full_name() for s in evaluation.subjects.select_related("member")}
    return "、".join(subjects[pk] for pk in sorted(member_ids, key=list(subjects).index))


def _checked_grades(
    evaluation: Evaluation, grades: Mapping[int, str], rating: str | None, *, wanted: set[int], blank: int
) -> dict[str, str]:
    """The ballot's grades by member id, or ValidationError: every member in `wanted`
    graded (`blank` of them may be left out), nobody else, and the committee's rating
    when asked for."""
    if set(grades) - wanted:
        raise ValidationError("选票上有不参加本次评议的党员。")
    if any(grade not in Grade.values for grade in grades.values()):
        raise ValidationError("等次只能是优秀、合格、基本合格或不合格。")
    missing = wanted - set(grades)
    if len(missing) > blank:
        names = _names(evaluation, missing)
        raise ValidationError(f"还有{len(missing)}位党员未评定等次：{names}。每位党员都要评定后才能投票。")
    if evaluation.rate_committee and rating not in Rating.values:
        raise ValidationError("请对支部班子作出总体评价。")
    return {str(pk): grade for pk, grade in grades.items()}


def _seal_ballot(evaluation: Evaluation, grades: dict[str, str], rating: str | None, receipt: str | None) -> None:
    payload = {"grades": grades, "rating": rating if evaluation.rate_committee else None, "receipt": receipt}
    sealed.seal(box=evaluation.box, payload=payload)


@transaction.atomic
def ballot_cast(*, evaluation: Evaluation, voter: User, grades: Mapping[int, str], rating: str | None = None) -> str:
    """Cast `voter`'s ballot: a grade for every member evaluated but themselves and,
    when asked for, a rating of the committee. Returns the receipt code, shown to the
    voter once.

    Refused (ValidationError, nothing written) when voting is not open, `voter` may
    not vote or has voted, or the ballot is incomplete.

    Side effects, in one transaction and without a savepoint (which would give the
    voted row a transaction of its own on PostgreSQL): locks the Evaluation; adds
    `voter` to the voted list (no time, no order); seals the grades, the rating and
    the receipt code into the evaluation's inbox (`sealed.seal`). Nothing about the
    request, the session or the time is stored with the ballot.
    """
    current = _locked(evaluation)
    if current.state != Evaluation.State.OPEN:
        raise ValidationError(NOT_OPEN)
    if not current.voters.filter(member=voter).exists():
        raise ValidationError("您不在本次民主评议的投票人名单中。")
    if current.voted.filter(voter=voter).exists():
        raise ValidationError(ALREADY_VOTED)
    wanted = set(current.subjects.values_list("member_id", flat=True)) - {voter.pk}
    checked = _checked_grades(current, grades, rating, wanted=wanted, blank=0)
    try:
        Voted.objects.create(evaluation=current, voter=voter)
    except IntegrityError as exc:  # another cast of the same voter got in first
        raise ValidationError(ALREADY_VOTED) from exc
    code = receipt_code()
    _seal_ballot(current, checked, rating, code)
    return code


@transaction.atomic
def paper_voter_mark(*, evaluation: Evaluation, voter: User) -> None:
    """Tick `voter` as having put a paper ballot into the box (at the meeting).

    Side effects: locks the Evaluation; adds `voter` to the voted list, on paper. They
    cannot vote online afterwards, nor be ticked twice.
    """
    current = _locked(evaluation)
    if current.state != Evaluation.State.OPEN:
        raise ValidationError(NOT_OPEN)
    if not current.voters.filter(member=voter).exists():
        raise ValidationError(f"{voter.get_full_name()}不在投票人名单中。")
    if current.voted.filter(voter=voter).exists():
        raise ValidationError(f"{voter.get_full_name()}已经投过票。")
    Voted.objects.create(evaluation=current, voter=voter, on_paper=True)


@transaction.atomic
def paper_ballot_enter(*, evaluation: Evaluation, grades: Mapping[int, str], rating: str | None = None) -> None:
    """Enter one paper ballot from the box, without its voter (nobody knows it).

    Every member must be graded but one at most (the voter's own line, left blank). Refused
    when every paper tick already has its ballot entered.

    Side effects: locks the Evaluation and counts the entry (`paper_entered`); seals the
    ballot into the inbox with no receipt, to be released with the online ones.
    """
    current = _locked(evaluation)
    if current.state != Evaluation.State.OPEN:
        raise ValidationError(NOT_OPEN)
    ticked = current.voted.filter(on_paper=True).count()
    if current.paper_entered >= ticked:
        raise ValidationError(
            f"登记纸质投票的有{ticked}人，已录入{current.paper_entered}张，不能再录入。请先登记投票人。"
        )
    wanted = set(current.subjects.values_list("member_id", flat=True))
    checked = _checked_grades(current, grades, rating, wanted=wanted, blank=1)
    _seal_ballot(current, checked, rating, None)
    current.paper_entered += 1
    current.save(update_fields=["paper_entered"])


@transaction.atomic
def evaluation_close(*, evaluation: Evaluation) -> Evaluation:
    """End voting and write the ballots out.

    Refused (nothing changed) with fewer than MIN_BALLOTS ballots, or while paper
    ballots are ticked but not entered.

    Side effects, in one transaction: locks the Evaluation; releases its whole inbox
    (`sealed.release`, which deletes the sealed rows); writes every grade of every
    ballot as a Vote, all ballots' grades shuffled together; writes the receipt codes
    as Receipt rows in the order of the codes; rewrites the voted list in random
    order with new ids; sets the evaluation closed with the ballot count and the time.
    """
    current = _locked(evaluation)
    if current.state != Evaluation.State.OPEN:
        raise ValidationError(NOT_OPEN)
    voted = list(current.voted.values_list("voter_id", "on_paper"))
    paper = sum(on_paper for _, on_paper in voted)
    if current.paper_entered < paper:
        raise ValidationError(f"还有{paper - current.paper_entered}张纸质选票未录入，不能结束投票。")
    if len(voted) < MIN_BALLOTS:
        raise ValidationError(f"已投票{len(voted)}人，不足{MIN_BALLOTS}人，不能结束投票，也不公布结果。")
    ballots = sealed.release(box=current.box, at_least=0)
    if len(ballots) != len(voted):
        logger.error("evaluation %s: %d ballots in the box, %d voters", current.pk, len(ballots), len(voted))
        raise ValidationError("选票张数与已投票人数不一致，未结束投票。请联系系统管理员。")
    votes = [
        Vote(evaluation=current, member_id=int(member), grade=grade)
        for ballot in ballots
        for member, grade in ballot["grades"].items()
    ]
    votes += [Vote(evaluation=current, member=None, grade=b["rating"]) for b in ballots if b["rating"]]
    secrets.SystemRandom().shuffle(votes)
    Vote.objects.bulk_create(votes)
    codes = sorted(ballot["receipt"] for ballot in ballots if ballot["receipt"])
    Receipt.objects.bulk_create(Receipt(evaluation=current, code=code) for code in codes)
    secrets.SystemRandom().shuffle(voted)
    current.voted.all().delete()
    Voted.objects.bulk_create(Voted(evaluation=current, voter_id=pk, on_paper=p) for pk, p in voted)
    current.state, current.closed_at, current.ballots = Evaluation.State.CLOSED, timezone.now(), len(ballots)
    current.save(update_fields=["state", "closed_at", "ballots"])
    return current


@transaction.atomic
def final_grades_save(*, evaluation: Evaluation, grades: Mapping[int, tuple[str, str]], by: User) -> int:
    """Set the committee's final grades, `grades` by member id as (grade, reason); an
    empty grade leaves that member ungraded. Returns how many are set.

    Refused (nothing saved) before the close, for a member not evaluated, an unknown
    grade, or 基本合格 / 不合格 without a reason.

    Side effects: locks the Evaluation; creates, updates or deletes FinalGrade rows.
    """
    current = _locked(evaluation)
    if current.state != Evaluation.State.CLOSED:
        raise ValidationError("投票结束后才能评定等次。")
    subjects = {s.member_id: s.member for s in current.subjects.select_related("member")}
    if set(grades) - set(subjects):
        raise ValidationError("只能评定参评党员的等次。")
    missing_reason = [
        subjects[pk].get_full_name()
        for pk, (grade, reason) in grades.items()
        if grade in NEEDS_REASON and not reason.strip()
    ]
    if missing_reason:
        raise ValidationError(f"评为基本合格或不合格须写明理由：{'、'.join(missing_reason)}。")
    if any(grade and grade not in Grade.values for grade, _ in grades.values()):
        raise ValidationError("等次只能是优秀、合格、基本合格或不合格。")
    current.final_grades.filter(member_id__in=[pk for pk, (grade, _) in grades.items() if not grade]).delete()
    for pk, (grade, reason) in grades.items():
        if grade:
            FinalGrade.objects.update_or_create(
                evaluation=current, member_id=pk, defaults={"grade": grade, "reason": reason.strip(), "set_by": by}
            )
    return current.final_grades.count()


@transaction.atomic
def final_grades_publish(*, evaluation: Evaluation) -> Evaluation:
    """Tell each member their final grade: from now on each sees their own (only).

    Refused until every member evaluated has a grade. Side effects: locks the
    Evaluation and sets `grades_published_at` (kept on a second call).
    """
    current = _locked(evaluation)
    if current.state != Evaluation.State.CLOSED:
        raise ValidationError("投票结束后才能评定等次。")
    missing = current.subjects.exclude(member_id__in=current.final_grades.values("member_id")).count()
    if missing:
        raise ValidationError(f"还有{missing}位党员未评定等次。")
    if current.grades_published_at is None:
        current.grades_published_at = timezone.now()
        current.save(update_fields=["grades_published_at"])
    return current


@transaction.atomic
def self_assessment_save(*, evaluation: Evaluation, member: User, text: str) -> None:
    """Write `member`'s self-assessment (an empty text removes it). Refused when the
    member is not evaluated or the committee has already told the final grades.

    Side effects: creates, updates or deletes the member's SelfAssessment.
    """
    current = _locked(evaluation)
    if not current.subjects.filter(member=member).exists():
        raise ValidationError("您不是本次民主评议的参评党员。")
    if current.grades_published_at is not None:
        raise ValidationError("评定等次已告知，不能再修改自我评价。")
    text = text.strip()
    if len(text) > SELF_ASSESSMENT_MAX:
        raise ValidationError(f"自我评价不能超过{SELF_ASSESSMENT_MAX}字。")
    if not text:
        SelfAssessment.objects.filter(evaluation=current, member=member).delete()
        return
    SelfAssessment.objects.update_or_create(evaluation=current, member=member, defaults={"text": text})
