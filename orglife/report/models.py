"""The situation report (情况报告) a branch sends the higher organisation after the meeting.

Generated from the cycle's records (orglife.report.generate), then edited like a
material: a title, an opening, and sections whose ordinals (一、二、…) come from
their positions, never from the text.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orglife.cycles.models import Cycle


class Report(models.Model):
    cycle = models.OneToOneField(Cycle, verbose_name=_("组织生活会"), on_delete=models.CASCADE, related_name="report")
    title = models.CharField(_("标题"), max_length=300)
    opening = models.TextField(_("开头"), blank=True, help_text=_("多段用换行分隔"))
    signature = models.CharField(_("署名"), max_length=100, blank=True)
    signed_on = models.DateField(_("日期"), null=True, blank=True)
    generated_at = models.DateTimeField(_("生成时间"))
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("情况报告")
        verbose_name_plural = _("情况报告")

    def __str__(self) -> str:
        return self.title


class ReportSection(models.Model):
    report = models.ForeignKey(Report, verbose_name=_("情况报告"), on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("序号"))
    heading = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), blank=True, help_text=_("多段用换行分隔"))

    class Meta:
        verbose_name = _("报告部分")
        verbose_name_plural = _("报告部分")
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="report_section_unique_position"),
        ]

    def __str__(self) -> str:
        return self.heading
