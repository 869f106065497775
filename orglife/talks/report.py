"""The talks' section of the situation report (orglife.report.sources)."""

from __future__ import annotations

from django.db.models import Count

from orglife.cycles.models import Cycle
from orglife.report.sources import Part
from orglife.talks.models import Talk, TalkOpinion
from orglife.talks.selectors import talk_counts


def report_section(cycle: Cycle) -> Part | None:
    """谈心谈话情况: the talks recorded by form, the coverage against the rule (应谈 / 已谈,
    what is still missing) and the opinions raised in them that were filed. None
    without any talk."""
    by_form = dict(Talk.objects.filter(cycle=cycle).values_list("form").annotate(n=Count("pk")).order_by())
    if not by_form:
        return None
    counts = talk_counts(cycle)
    forms = "、".join(f"{label}{by_form[value]}次" for value, label in Talk.Form.choices if by_form.get(value))
    lines = [
        f"会前，支部书记与支部委员、党员，支部委员之间、支部委员与联系的党员深入开展谈心谈话，"
        f"共谈话{sum(by_form.values())}次（{forms}）。"
    ]
    missing = counts["required"] - counts["done"]
    coverage = f"按规定应谈{counts['required']}人次，已谈{counts['done']}人次"
    lines.append(coverage + (f"，尚有{missing}人次未谈。" if missing > 0 else "，做到应谈尽谈。"))
    filed = TalkOpinion.objects.filter(talk__cycle=cycle).count()
    if filed:
        lines.append(f"谈话中提出的意见建议{filed}条，已纳入征求意见汇总一并研究。")
    return Part("谈心谈话情况", "\n".join(lines))
