"""What a reviewer would say about a material, before the reviewer says it.

Each finding names the place it concerns (an anchor of the editor page), so the
checks panel can link straight to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Q

from orglife.common.punctuation import punctuation_problems
from orglife.cycles.models import Cycle
from orglife.materials.document.assembly import load_material, numbered_problems
from orglife.materials.document.weight import material_parts, weigh
from orglife.materials.models import Material, Problem
from orglife.materials.personal.checks import not_about_self

# A problem "sees people and events" (见人见事) when it gives an example, a number,
# a date or a name; these words and any digit are the cheap signs of that.
_CONCRETE = re.compile(
    r"比如|例如|譬如|再如|如在|具体表现|表现在|[0-9０-９]|[一二三四五六七八九十百]+(次|人|项|个|名|天|月|年)"
)
SIMILAR_THRESHOLD = 0.6


@dataclass
class Finding:
    code: str
    message: str
    anchor: str
    detail: str = ""
    fixable: bool = False
    pair: tuple[str, str] | None = field(default=None)


# The checks panel lists findings under these headings, in this order.
GROUP_TITLES = {
    "empty_category": "方面下没有问题",
    "unanswered_problem": "问题没有对应的整改措施",
    "not_concrete": "问题缺少具体事例",
    "not_about_self": "问题没有联系本人",
    "measure_incomplete": "措施缺少责任人或完成时限",
    "thin_core": "问题和原因篇幅偏少",
    "half_width_ordinals": "半角括号序号",
    "half_width_punctuation": "半角标点",
    "repeated_problem": "与往年问题相似",
}


@dataclass
class FindingGroup:
    code: str
    title: str
    findings: list[Finding]


def group_findings(findings: list[Finding]) -> list[FindingGroup]:
    """The findings under their check's heading (GROUP_TITLES order), each group in place order."""
    groups = {code: FindingGroup(code, title, []) for code, title in GROUP_TITLES.items()}
    for finding in findings:
        groups[finding.code].findings.append(finding)
    return [group for group in groups.values() if group.findings]


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"\s+", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _dice(x: set[str], y: set[str]) -> float:
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams: robust for Chinese, linear in length."""
    return _dice(_bigrams(a), _bigrams(b))


def previous_material(material: Material) -> Material | None:
    """The same kind of material of the branch's cycle before this one."""
    cycle = material.cycle
    earlier = (
        Cycle.objects.filter(branch_id=cycle.branch_id)
        .filter(Q(year__lt=cycle.year) | Q(year=cycle.year, pk__lt=cycle.pk))
        .order_by("-year", "-pk")
    )
    return (
        Material.objects.filter(cycle__in=earlier[:1], kind=material.kind, author_id=material.author_id)
        .select_related("cycle")
        .first()
    )


def check_material(material: Material) -> list[Finding]:
    """Every finding for this material, in the order of the document."""
    load_material(material)
    findings: list[Finding] = []
    categories = list(material.cycle.categories.all())
    numbered = numbered_problems(material)
    problems = [problem for problem, _ in numbered]
    numbers = {problem.pk: n for problem, n in numbered}
    measures = [m for d in material.directions.all() for m in d.measures.all()]
    answered = set(Problem.measures.through.objects.filter(measure__in=measures).values_list("problem_id", flat=True))
    names = {c.pk: c.name for c in categories}

    for category in categories:
        if not any(p.category_id == category.pk for p in problems):
            findings.append(
                Finding("empty_category", f"“{category.heading_text}”还没有查摆出问题。", f"category-{category.pk}")
            )
    for problem in problems:
        label = f"{names[problem.category_id]}方面第{numbers[problem.pk]}个问题"
        if problem.pk not in answered:
            findings.append(Finding("unanswered_problem", f"{label}没有对应的整改措施。", f"problem-{problem.pk}"))
        if not _CONCRETE.search(problem.text):
            findings.append(
                Finding(
                    "not_concrete",
                    f"{label}缺少具体事例（没有“比如”“具体表现”、数字、日期或人名），不够见人见事。",
                    f"problem-{problem.pk}",
                    detail=problem.text[:60],
                )
            )
    personal = material.kind == Material.Kind.PERSONAL
    if personal:
        labels = {p.pk: f"{names[p.category_id]}方面第{numbers[p.pk]}个问题" for p in problems}
        findings += [Finding(*found) for found in not_about_self(problems, labels)]
    # One's own measures have no 责任人 to name: the author is.
    wanted = (("完成时限", "deadline"),) if personal else (("责任人", "owner_id"), ("完成时限", "deadline"))
    for measure in measures:
        missing = [label for label, field in wanted if not getattr(measure, field)]
        if missing:
            findings.append(
                Finding(
                    "measure_incomplete",
                    f"整改措施“{measure.text[:16]}”没有{'和'.join(missing)}。",
                    f"measure-{measure.pk}",
                )
            )

    findings += _balance(material)
    findings += _punctuation(material)
    findings += _repeats(material, problems, numbers, names)
    return findings


def _balance(material: Material) -> list[Finding]:
    weight = weigh(material_parts(material))
    return [Finding("thin_core", weight.message, "problems")] if weight.thin else []


def _texts(material: Material):
    yield "basics", "标题", material.title
    yield "basics", "开头", material.preamble
    for section in material.sections.all():
        yield f"section-{section.pk}", section.heading, section.heading + "\n" + section.body
    for intro in material.category_intros.all():
        yield f"category-{intro.category_id}", "方面引言", intro.text
    for problem in material.problems.all():
        yield f"problem-{problem.pk}", "问题", problem.text
    for cause in material.causes.all():
        yield f"cause-{cause.pk}", "原因", cause.heading + "\n" + cause.body
    for direction in material.directions.all():
        yield f"direction-{direction.pk}", "努力方向", direction.heading + "\n" + direction.intro
        for measure in direction.measures.all():
            yield f"measure-{measure.pk}", "整改措施", measure.text
    yield "ending", "结尾", material.closing + "\n" + material.signature


def _punctuation(material: Material) -> list[Finding]:
    findings = []
    if material.brackets == Material.Brackets.HALF:
        findings.append(
            Finding("half_width_ordinals", "序号使用了半角括号(一)，公文应为（一）。", "format", fixable=True)
        )
    for anchor, label, text in _texts(material):
        found = punctuation_problems(text)
        if found:
            findings.append(
                Finding(
                    "half_width_punctuation",
                    f"{label}中有{'、'.join(found)}，应使用中文标点。",
                    anchor,
                    detail=text.strip()[:40],
                    fixable=True,
                )
            )
    return findings


def _repeats(material: Material, problems: list[Problem], numbers: dict, names: dict) -> list[Finding]:
    previous = previous_material(material)
    if previous is None:
        return []
    old = [(p.text, _bigrams(p.text)) for p in previous.problems.all()]
    whose = "本人" if material.kind == Material.Kind.PERSONAL else ""
    findings = []
    for problem in problems:
        grams = _bigrams(problem.text)
        best, best_text = max(((_dice(grams, other), text) for text, other in old), default=(0.0, ""))
        if best >= SIMILAR_THRESHOLD:
            findings.append(
                Finding(
                    "repeated_problem",
                    f"{names[problem.category_id]}方面第{numbers[problem.pk]}个问题与{whose}{previous.cycle.year}年"
                    f"的问题相似度{round(best * 100)}%，疑似照搬往年问题。",
                    f"problem-{problem.pk}",
                    pair=(problem.text, best_text),
                )
            )
    return findings
