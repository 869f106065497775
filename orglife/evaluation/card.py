"""The evaluation's step card on the cycle page (orglife.cycles.steps).

Its figures come from subqueries annotated on the cycle queryset with the other
steps' (`evaluation_facts`), so a page of cycles costs no extra query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.urls import reverse

from orglife.cycles import steps
from orglife.evaluation.models import Evaluation, Voted, Voter

if TYPE_CHECKING:
    from orglife.cycles.steps import Progress, StepContext


def _count(model, outer: str = "evaluation__cycle") -> Subquery:
    rows = model.objects.filter(**{outer: OuterRef("pk")}).order_by().values(outer).annotate(n=Count("pk")).values("n")
    return Subquery(rows, output_field=IntegerField())


def evaluation_facts() -> dict:
    """The annotations behind StepFacts' evaluation_… fields."""
    mine = Evaluation.objects.filter(cycle=OuterRef("pk"))
    return {
        "evaluation_id": Subquery(mine.values("pk")[:1]),
        "evaluation_state": Subquery(mine.values("state")[:1]),
        "evaluation_graded": Subquery(mine.values("grades_published_at")[:1]),
        "evaluation_voted": _count(Voted),
        "evaluation_voters": _count(Voter),
    }


def evaluation_card(ctx: StepContext) -> Progress:
    """None yet; in preparation; voting (N of M); closed, grades not yet told; done."""
    facts, kind = ctx.facts, steps.StepKind
    if facts.evaluation_id is None:
        if not ctx.can_edit:
            return steps.Progress("尚未开展民主评议", kind.TODO)
        return steps.Progress(
            "尚未开展民主评议", kind.TODO, "开展民主评议", reverse("evaluation_create", args=[ctx.cycle.pk])
        )
    url = reverse("evaluation", args=[facts.evaluation_id])
    figures = (f"已投票{facts.evaluation_voted or 0}人，共{facts.evaluation_voters or 0}人",)
    if facts.evaluation_state == Evaluation.State.DRAFT:
        action = "核对名单并开始投票" if ctx.can_edit else "查看民主评议"
        return steps.Progress("民主评议准备中", kind.ACTIVE, action, url)
    if facts.evaluation_state == Evaluation.State.OPEN:
        return steps.Progress("投票中", kind.ACTIVE, "去投票或查看进度", url, details=figures)
    if facts.evaluation_graded is None:
        action = "评定等次" if ctx.can_edit else "查看测评结果"
        return steps.Progress("投票已结束，等次尚未评定", kind.ACTIVE, action, url, details=figures)
    return steps.Progress("民主评议已完成", kind.DONE, "查看测评结果", url, details=figures)
