"""The 整改 step's card on the cycle page (orglife.cycles.steps)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

if TYPE_CHECKING:
    from orglife.cycles.steps import Progress, StepContext


def rectification_card(ctx: StepContext) -> Progress:
    """From the ledger's figures: not built yet, being worked through (with what is
    overdue and what waits to be checked off), or every item 已销号 or 长期坚持."""
    from orglife.cycles.steps import Progress, StepKind  # steps.py imports this card

    facts, cycle = ctx.facts, ctx.cycle
    if not facts.ledger_items:
        if not ctx.can_edit:
            return Progress("尚未建立整改台账", StepKind.TODO)
        return Progress("尚未建立整改台账", StepKind.TODO, "建立整改台账", reverse("ledger", args=[cycle.pk]))
    details = ()
    if facts.ledger_overdue:
        details += (f"已逾期{facts.ledger_overdue}项",)
    if facts.ledger_done:
        details += (f"已完成待销号{facts.ledger_done}项",)
    if ctx.can_edit:
        action, url = "管理整改台账", reverse("ledger", args=[cycle.pk])
    else:
        action, url = "查看整改台账", reverse("ledger", args=[cycle.pk])
    if facts.ledger_finished == facts.ledger_items:
        return Progress(
            f"整改事项{facts.ledger_items}项均已销号或长期坚持", StepKind.DONE, action, url, details=details
        )
    state = f"整改中：共{facts.ledger_items}项，已销号或长期坚持{facts.ledger_finished}项"
    return Progress(state, StepKind.ACTIVE, action, url, details=details)
