"""The democratic evaluation's section of the situation report (orglife.report.sources):
counts only, never a member's name beside a grade."""

from __future__ import annotations

from collections import Counter

from orglife.cycles.models import Cycle
from orglife.evaluation.models import Evaluation, FinalGrade, Grade, Rating
from orglife.evaluation.selectors import paper_count, tally
from orglife.report.sources import Part


def report_section(cycle: Cycle) -> Part | None:
    """民主评议党员情况: how many were evaluated and voted, the committee's final grades
    by grade once told to the members, and the 班子民主测评 ratings. None until the
    vote is closed with its results shown."""
    evaluation = Evaluation.objects.filter(cycle=cycle).first()
    counted = tally(evaluation) if evaluation is not None else None
    if counted is None:
        return None
    paper = paper_count(evaluation)
    how = f"（其中纸质选票{paper}张）" if paper else ""
    lines = [f"会上开展民主评议党员，参加评议的党员{len(counted.rows)}名，收回有效选票{evaluation.ballots}张{how}。"]
    if evaluation.grades_published_at is not None:
        grades = Counter(FinalGrade.objects.filter(evaluation=evaluation).values_list("grade", flat=True))
        shares = "、".join(f"{label}{grades[value]}名" for value, label in Grade.choices if grades[value])
        lines.append(f"经支部委员会综合评定，{shares}，评定结果已逐一告知本人。")
    if counted.committee:
        ratings = "、".join(f"“{label}”{counted.committee[value]}票" for value, label in Rating.choices)
        lines.append(f"班子民主测评：{ratings}。")
    return Part("民主评议党员情况", "\n".join(lines))
