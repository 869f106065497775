"""Democratic evaluation of members (民主评议党员): a secret ballot per cycle.

Anonymity is structural, as for anonymous opinions (orglife/opinions/models.py),
and goes through the same sealed inbox (orglife.common.sealed):

- Casting writes two rows in one transaction: a `Voted` row (who has voted: the
  voter, and whether on paper; a random key, no time, no order) and a sealed
  inbox row holding the ballot and its receipt code, encrypted, of one size. No
  ballot is written in the clear while the evaluation is open.
- The close releases the whole box in one transaction: every ballot is cut into
  its single grades (`Vote`: evaluation, member or the committee, grade), all
  grades of all ballots shuffled together and written at once, the receipt codes
  written apart from them in the order of the codes (`Receipt`), the inbox rows
  deleted, and the voted list itself rewritten in random order, so that its rows'
  places and transactions no longer follow the order of voting either.

Why single grades rather than whole ballots: a full set of grades is a
fingerprint, and a ballot that leaves out one name (nobody grades themselves)
names its author. Grades cut apart still give the same tally, which anyone in the
branch recomputes from the download.

Threat model, beyond the opinions' one:

- Branch members see, while voting runs, only "N of M have voted"; after the
  close, the tally, the sorted receipt codes (never next to grades) and the
  anonymised grades; each member sees their own final grade only.
- A database reader without SECRET_KEY sees who has voted (the voted list, as a
  sign-in sheet would), never what: while open only ciphertexts; after the close
  grades written by one transaction in random order, with no voter, ballot, date
  or time, and nothing in their ids, places or transaction that points back at a
  cast; receipts in the order of their random codes.
- Whoever holds SECRET_KEY and the database can open the ballots while they wait
  and pair each with the cast's transaction, as for opinions.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orglife.cycles.models import Cycle

# No result of any kind is shown, and voting cannot close, with fewer ballots than this:
# with three or four ballots a grade is too easy to attribute.
MIN_BALLOTS = 5


class Grade(models.TextChoices):
    """A member's grade, on the ballot and as the committee's final grade."""

    EXCELLENT = "excellent", _("优秀")
    QUALIFIED = "qualified", _("合格")
    BASIC = "basic", _("基本合格")
    UNQUALIFIED = "unqualified", _("不合格")


class Rating(models.TextChoices):
    """The committee's rating (班子民主测评)."""

    GOOD = "good", _("好")
    FAIRLY_GOOD = "fairly_good", _("较好")
    FAIR = "fair", _("一般")
    POOR = "poor", _("差")


# Final grades that must give their reason.
NEEDS_REASON = frozenset({Grade.BASIC, Grade.UNQUALIFIED})


class Evaluation(models.Model):
    """The democratic evaluation of one cycle: who is evaluated, who votes, its state."""

    class State(models.TextChoices):
        DRAFT = "draft", _("准备中")
        OPEN = "open", _("投票中")
        CLOSED = "closed", _("已结束")

    cycle = models.OneToOneField(
        Cycle, verbose_name=_("组织生活会"), on_delete=models.PROTECT, related_name="evaluation"
    )
    include_probationary = models.BooleanField(
        _("预备党员参加被评议"), default=False, help_text=_("预备党员没有表决权，不参加投票")
    )
    rate_committee = models.BooleanField(
        _("同时进行班子民主测评"), default=False, help_text=_("选票上增加对支部班子的总体评价：好、较好、一般、差")
    )
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    opened_at = models.DateTimeField(_("开始投票时间"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("结束投票时间"), null=True, blank=True, editable=False)
    # Paper ballots entered so far; at the close it must equal the voters ticked as voting on paper.
    paper_entered = models.PositiveIntegerField(_("已录入纸质选票"), default=0, editable=False)
    # The ballots the close took out of the box: equals the voted list.
    ballots = models.PositiveIntegerField(_("选票张数"), null=True, blank=True, editable=False)
    grades_published_at = models.DateTimeField(_("评定等次告知时间"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("民主评议")
        verbose_name_plural = _("民主评议")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="closed") | Q(ballots__gte=MIN_BALLOTS, closed_at__isnull=False),
                name="evaluation_closed_with_enough_ballots",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} · 民主评议党员"

    @property
    def box(self) -> str:
        """The sealed inbox (orglife.common.sealed) where the ballots wait until the close."""
        return f"evaluation:{self.pk}"


class Subject(models.Model):
    """A member who is evaluated, in the order of the ballot."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="subjects")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("排序"))

    class Meta:
        verbose_name = _("参评党员")
        verbose_name_plural = _("参评党员")
        ordering = ["evaluation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "member"], name="evaluation_subject_once"),
            models.UniqueConstraint(fields=["evaluation", "position"], name="evaluation_subject_position"),
        ]

    def __str__(self) -> str:
        return str(self.member)


class Voter(models.Model):
    """Someone who may vote (chosen by the committee; by default `default_voters`)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="voters")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("投票人")
        verbose_name_plural = _("投票人")
        constraints = [models.UniqueConstraint(fields=["evaluation", "member"], name="evaluation_voter_once")]

    def __str__(self) -> str:
        return str(self.member)


class Voted(models.Model):
    """One voter has voted: who, and whether on paper. No time, no counter, a random
    key; the close rewrites these rows in random order. Never linked to a ballot."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="voted")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("投票人"), on_delete=models.PROTECT, related_name="+"
    )
    on_paper = models.BooleanField(_("纸质投票"), default=False)

    class Meta:
        verbose_name = _("已投票")
        verbose_name_plural = _("已投票")
        constraints = [models.UniqueConstraint(fields=["evaluation", "voter"], name="evaluation_one_ballot_per_voter")]

    def __str__(self) -> str:
        return str(self.voter)


class Vote(models.Model):
    """One grade taken from one ballot at the close: for a member, or (member empty)
    the committee's rating. Identifies nobody: read the module docstring before adding
    a field."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("被评议党员"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    grade = models.CharField(_("等次"), max_length=12)

    class Meta:
        verbose_name = _("评议票")
        verbose_name_plural = _("评议票")
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, grade__in=Grade.values)
                | Q(member__isnull=True, grade__in=Rating.values),
                name="evaluation_vote_grade_fits",
            ),
        ]

    def __str__(self) -> str:
        return self.grade


class Receipt(models.Model):
    """A receipt code given to a voter at casting, published after the close."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="receipts")
    code = models.CharField(_("回执码"), max_length=16)

    class Meta:
        verbose_name = _("投票回执")
        verbose_name_plural = _("投票回执")
        ordering = ["evaluation", "code"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "code"], name="evaluation_receipt_once")]

    def __str__(self) -> str:
        return self.code


class FinalGrade(models.Model):
    """The committee's grade for a member, from the tally and daily conduct."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="final_grades")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="+"
    )
    grade = models.CharField(_("评定等次"), max_length=12, choices=Grade.choices)
    reason = models.TextField(_("理由"), blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评定人"), on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField(_("评定时间"), auto_now=True)

    class Meta:
        verbose_name = _("评定等次")
        verbose_name_plural = _("评定等次")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "member"], name="evaluation_final_grade_once"),
            models.CheckConstraint(
                condition=Q(grade__in=["excellent", "qualified"]) | ~Q(reason=""),
                name="evaluation_final_grade_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_grade_display()}"


SELF_ASSESSMENT_MAX = 500


class SelfAssessment(models.Model):
    """A member's short self-assessment (自我评价), apart from the ballot (nobody grades
    themselves there). Read by its author, the committee and the reviewers."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="self_assessments")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("党员"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("自我评价"), max_length=SELF_ASSESSMENT_MAX)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("自我评价")
        verbose_name_plural = _("自我评价")
        constraints = [models.UniqueConstraint(fields=["evaluation", "member"], name="evaluation_self_assessment_once")]

    def __str__(self) -> str:
        return str(self.member)
