"""The 审核 step's card on the cycle page, from the committee material's review."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from orglife.common.ordinals import chinese_date
from orglife.review.models import State

if TYPE_CHECKING:
    from orglife.cycles.steps import Progress, StepContext


def review_card(ctx: StepContext) -> Progress:
    """Not submitted, submitted (waiting), returned, or approved: the committee material's
    review state with its date; the meeting may be held once it is approved."""
    from orglife.cycles.steps import Progress, StepKind  # steps.py lists this card in STEPS

    facts, material = ctx.facts, ctx.facts.committee_material_id
    due = {"deadline": ctx.cycle.planned_date, "deadline_label": "会前审核通过"}
    if material is None:
        return Progress("班子对照检查材料尚未建立", StepKind.TODO, **due)
    url = reverse("review_material", args=[material])
    state = facts.review_state or State.DRAFT
    if state == State.DRAFT:
        action = ("报送审核", url) if ctx.can_edit else (None, None)
        return Progress("尚未报送审核", StepKind.TODO, *action, **due)
    rounds = (f"第{facts.review_round}次报送",) if facts.review_round > 1 else ()
    if state == State.SUBMITTED:
        submitted = chinese_date(facts.review_submitted_on)
        return Progress(f"已报送，等待审核（{submitted}报送）", StepKind.ACTIVE, "查看审核", url, details=rounds, **due)
    decided = chinese_date(facts.review_decided_on)
    if state == State.RETURNED:
        action = "按审核意见修改后重新报送" if ctx.can_edit else "查看审核"
        return Progress(f"退回修改（{decided}）", StepKind.ACTIVE, action, url, details=rounds, **due)
    return Progress(f"审核通过（{decided}），可以召开会议", StepKind.DONE, "查看审核", url, details=rounds, **due)
