"""The 情况报告 step's card on the cycle page (orglife.cycles.steps)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

if TYPE_CHECKING:
    from orglife.cycles.steps import Progress, StepContext


def report_card(ctx: StepContext) -> Progress:
    """Not written yet, or written (to print and send with the minutes)."""
    from orglife.cycles.steps import Progress, StepKind  # steps.py imports this card

    url = reverse("report", args=[ctx.cycle.pk])
    if ctx.facts.report_id is None:
        if not ctx.can_edit:
            return Progress("尚未起草情况报告", StepKind.TODO)
        return Progress("尚未起草情况报告", StepKind.TODO, "生成情况报告", url)
    return Progress("已起草情况报告", StepKind.DONE, "修改情况报告" if ctx.can_edit else "查看情况报告", url)
