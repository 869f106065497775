"""The rectification ledger (整改台账): the items a branch promised to put right, their
progress with evidence, and who checked each one off (销号).

An item is one measure of the committee material (linked to the problems it
answers), one measure of a member's personal material (that member's personal
list), or an item the committee added by hand. Once an item exists, its status
here is the measure's status: orglife.rectification.services writes it through to
Measure.status, which the editor and next year's carry-over read.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orglife.cycles.models import Cycle
from orglife.materials.models import Measure, Problem


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")
    CLOSED = "closed", _("已销号")
    LONG_TERM = "long_term", _("长期坚持")


# What the owner may set; 已销号 and 长期坚持 are the committee's decision (item_close).
OWNER_STATUSES = (ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS, ItemStatus.DONE)
# Not finished: what is overdue past its deadline and offered to next year.
OPEN_STATUSES = (ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS)


class LedgerItem(models.Model):
    cycle = models.ForeignKey(
        Cycle, verbose_name=_("组织生活会"), on_delete=models.CASCADE, related_name="ledger_items"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("个人清单"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="personal_ledger_items",
        help_text=_("党员个人整改清单的所属人；支部整改清单留空"),
    )
    position = models.PositiveIntegerField(_("序号"))
    measure = models.OneToOneField(
        Measure,
        verbose_name=_("整改措施"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ledger_item",
    )
    problems = models.ManyToManyField(Problem, verbose_name=_("针对的问题"), related_name="ledger_items", blank=True)
    problem_text = models.TextField(_("问题"), blank=True, help_text=_("手工添加的事项所针对的问题"))
    text = models.TextField(_("整改措施"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_ledger_items",
    )
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("销号人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="closed_ledger_items",
    )
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改台账")
        ordering = ["cycle", "member", "position"]
        indexes = [models.Index(fields=["owner", "status", "deadline"], name="ledger_item_owner_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "position"], condition=Q(member__isnull=True), name="ledger_item_unique_position"
            ),
            models.UniqueConstraint(
                fields=["cycle", "member", "position"],
                condition=Q(member__isnull=False),
                name="ledger_item_unique_personal_position",
            ),
            # Checked off (销号) or long-term (长期坚持): always with who decided and when.
            models.CheckConstraint(
                condition=Q(status__in=["closed", "long_term"], closed_by__isnull=False, closed_at__isnull=False)
                | (~Q(status__in=["closed", "long_term"]) & Q(closed_by__isnull=True, closed_at__isnull=True)),
                name="ledger_item_closed_with_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ProgressEntry(models.Model):
    """A dated note on an item by its owner (or the committee), with evidence attached."""

    item = models.ForeignKey(LedgerItem, verbose_name=_("整改事项"), on_delete=models.CASCADE, related_name="entries")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填写人"), on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField(_("日期"))
    text = models.TextField(_("进展情况"))
    created_at = models.DateTimeField(_("填写时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("整改进展")
        verbose_name_plural = _("整改进展")
        ordering = ["item", "on", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class Evidence(models.Model):
    """A file attached to a progress entry. Stored under a random name through the
    "evidence" storage of settings.STORAGES and served only by the evidence view,
    which checks access; its type is the one its content was recognised as."""

    entry = models.ForeignKey(ProgressEntry, verbose_name=_("整改进展"), on_delete=models.CASCADE, related_name="files")
    # The name in the "evidence" storage (orglife.rectification.evidence): random, no extension.
    key = models.CharField(_("存储名"), max_length=200, unique=True, editable=False)
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["entry", "id"]

    def __str__(self) -> str:
        return self.name
