"""The 谈心谈话 step's card on the cycle page (orglife.cycles.steps)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

if TYPE_CHECKING:
    from orglife.cycles.steps import Progress, StepContext


def talks_card(ctx: StepContext) -> Progress:
    """From the talks: none recorded; some, with 应谈/已谈 (ctx.talk_coverage, which the
    cycle page and the lists of cycles give); done once every required pair has talked.
    Where the coverage is not given (the admin's list), a cycle with talks is in progress."""
    from orglife.cycles.steps import Progress, StepKind

    cycle, talks = ctx.cycle, ctx.facts.talks
    listed = reverse("talk_list", args=[cycle.pk])
    if not talks:
        if ctx.can_edit:
            return Progress("尚未记录谈心谈话", StepKind.TODO, "记录谈心谈话", reverse("talk_new", args=[cycle.pk]))
        return Progress("尚未记录谈心谈话", StepKind.TODO)
    details = (f"已记录谈心谈话{talks}次",)
    found = ctx.talk_coverage
    if found is None:
        return Progress(f"已记录谈心谈话{talks}次", StepKind.ACTIVE, "查看谈心谈话", listed)
    state = f"应谈{found.required}人次，已谈{found.done}人次"
    if ctx.can_edit or ctx.reviewer:
        coverage = reverse("talk_coverage", args=[cycle.pk])
        action = "查看覆盖情况" if found.complete else f"还有{len(found.missing)}人次未谈，查看待谈"
        url = coverage if found.complete else coverage + "#missing"
    else:
        action, url = "查看我参加的谈心谈话", listed
    kind = StepKind.DONE if found.complete else StepKind.ACTIVE
    return Progress(state, kind, action, url, details=details)
