"""Review by the higher organisation (审核把关): a material's review state, each
transition between states, the reviewers' comments on parts, and notifications.

The states and the only moves between them:

    草稿 → 已报送 → 退回修改 → 已报送 (again) → 审核通过

are one table (TRANSITIONS), checked by the database on every Transition row and
applied only by orglife.review.services. A material without a Review row is a draft.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orglife.materials.models import Material
from orglife.materials.revisions.models import MaterialRevision


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("审核通过")


# (from, to) → the action's name. The only moves a review makes.
TRANSITIONS: dict[tuple[str, str], str] = {
    (State.DRAFT, State.SUBMITTED): "submit",
    (State.RETURNED, State.SUBMITTED): "submit",
    (State.SUBMITTED, State.RETURNED): "return",
    (State.SUBMITTED, State.APPROVED): "approve",
}


def _valid_pairs() -> Q:
    condition = Q(pk__in=[])
    for source, target in TRANSITIONS:
        condition |= Q(from_state=source, to_state=target)
    return condition


class Review(models.Model):
    """Where one material stands in its review; the latest submission's frozen revision."""

    material = models.OneToOneField(Material, verbose_name=_("材料"), on_delete=models.CASCADE, related_name="review")
    state = models.CharField(_("审核状态"), max_length=20, choices=State.choices, default=State.DRAFT)
    round = models.PositiveSmallIntegerField(_("报送次数"), default=0)
    revision = models.ForeignKey(
        MaterialRevision,
        verbose_name=_("报送版本"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("最近一次报送时冻结的版本，审核人看到的就是它"),
    )  # RESTRICT: the frozen revision goes only with its material (and so with this review)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("材料审核")
        verbose_name_plural = _("材料审核")
        indexes = [models.Index(fields=["state", "submitted_at"], name="review_state_submitted")]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=State.values), name="review_state_valid"),
            models.CheckConstraint(
                condition=Q(state=State.DRAFT) | Q(revision__isnull=False, submitted_at__isnull=False),
                name="review_submitted_has_revision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.material} · {self.get_state_display()}"


class Transition(models.Model):
    """One move of a review: who, when, with what comment; a submission also keeps the
    frozen revision and the ids of the live parts in that revision's order."""

    review = models.ForeignKey(Review, verbose_name=_("审核"), on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("原状态"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("新状态"), max_length=20, choices=State.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    comment = models.TextField(_("说明"), blank=True)
    revision = models.ForeignKey(
        MaterialRevision, verbose_name=_("报送版本"), on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    # {"problem": [ids…], "cause": […], …}: the n-th part of a kind in the revision is
    # the live part with the n-th id, so a comment on the frozen text finds its part.
    parts = models.JSONField(_("各部分"), default=dict, blank=True)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["review", "at", "id"]
        constraints = [
            models.CheckConstraint(condition=_valid_pairs(), name="transition_valid_pair"),
            models.CheckConstraint(
                condition=Q(to_state=State.SUBMITTED, revision__isnull=False)
                | (~Q(to_state=State.SUBMITTED) & Q(revision__isnull=True)),
                name="transition_submission_has_revision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class Comment(models.Model):
    """A reviewer's comment on one part of a submission, or on the whole material.

    The branch sees it once the submission is decided (returned or approved), and
    never when it is internal to the reviewers; the branch marks it resolved."""

    class Part(models.TextChoices):
        WHOLE = "whole", _("整体")
        SECTION = "section", _("其他部分")
        PROBLEM = "problem", _("问题")
        CAUSE = "cause", _("原因")
        DIRECTION = "direction", _("努力方向")
        MEASURE = "measure", _("整改措施")

    submission = models.ForeignKey(
        Transition, verbose_name=_("报送"), on_delete=models.CASCADE, related_name="comments"
    )
    part_kind = models.CharField(_("针对"), max_length=20, choices=Part.choices, default=Part.WHOLE)
    # The live part (no foreign key: the branch may delete it while the comment stays).
    part_id = models.PositiveBigIntegerField(_("部分编号"), null=True, blank=True)
    label = models.CharField(_("位置"), max_length=200, blank=True, help_text=_("如：思想方面·一是"))
    quote = models.TextField(_("原文"), blank=True)
    text = models.TextField(_("意见"))
    internal = models.BooleanField(_("仅审核人可见"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    published_at = models.DateTimeField(_("退回或通过时间"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("解决时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("解决人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("审核意见")
        verbose_name_plural = _("审核意见")
        ordering = ["submission", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(part_kind="whole", part_id__isnull=True)
                | (~Q(part_kind="whole") & Q(part_id__isnull=False)),
                name="comment_part_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(internal=False) | Q(resolved_at__isnull=True), name="comment_internal_not_resolved"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def anchor(self) -> str:
        """The id of the part's card in the editor (problem-12), "" for the whole."""
        return f"{self.part_kind}-{self.part_id}" if self.part_id else ""


class Notification(models.Model):
    """An in-app notice to one user about a material's review (also sent by email)."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("报送审核")
        RETURNED = "returned", _("退回修改")
        APPROVED = "approved", _("审核通过")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("收件人"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    material = models.ForeignKey(Material, verbose_name=_("材料"), on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("内容"), max_length=300)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.text
