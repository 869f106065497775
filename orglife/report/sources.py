"""Where the situation report's figures come from: one function per source.

Each source is a function `report_section(cycle) -> Part | None` reading that
step's records through its own selectors; None leaves its section out. A step
not built yet has no module, and its section is simply omitted: the report never
carries a made-up figure. The sources are named by path in SOURCES, in the
report's order, so that a step added later (talks, the meeting, the evaluation)
only has to provide `orglife/<step>/report.py` with its `report_section`.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q

from orglife.cycles.models import Cycle
from orglife.materials.models import Material, Measure, Problem
from orglife.opinions.models import Campaign, Opinion
from orglife.opinions.selectors import opinion_counts_for_cycle, opinion_counts_sentence
from orglife.rectification.models import ItemStatus, LedgerItem


@dataclass(frozen=True)
class Part:
    """A section of the report: its heading (the ordinal is added when printed) and
    its paragraphs, one a line."""

    heading: str
    body: str


# (what it is, "module:function"), in the report's order.
SOURCES: tuple[tuple[str, str], ...] = (
    ("opinions", "orglife.report.sources:opinions_section"),
    ("talks", "orglife.talks.report:report_section"),
    ("meeting", "orglife.meeting.report:report_section"),
    ("problems", "orglife.report.sources:problems_section"),
    ("measures", "orglife.report.sources:measures_section"),
    ("evaluation", "orglife.evaluation.report:report_section"),
)


def source_function(path: str) -> Callable[[Cycle], Part | None] | None:
    """The function at `path`, or None when its module does not exist (a step not built).
    Any other import error is raised: a broken source must not vanish quietly."""
    module_name, _, name = path.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as missing:
        if missing.name is not None and module_name.startswith(missing.name):
            return None
        raise
    return getattr(module, name)


def report_parts(cycle: Cycle) -> list[Part]:
    """The sections the cycle's records give, in order, without the omitted ones."""
    parts = []
    for _key, path in SOURCES:
        function = source_function(path)
        part = function(cycle) if function is not None else None
        if part is not None:
            parts.append(part)
    return parts


def opinions_section(cycle: Cycle) -> Part | None:
    """征求意见情况: the campaigns, the opinions received (as the summary counts them) and
    how the committee handled them. None without a campaign."""
    campaigns = Campaign.objects.filter(cycle=cycle).count()
    if not campaigns:
        return None
    counts = opinion_counts_for_cycle(cycle)
    handled = Opinion.objects.filter(campaign__cycle=cycle, duplicate_of__isnull=True).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Opinion.Status.values}
    )
    lines = [f"会前开展征求意见活动{campaigns}次，{opinion_counts_sentence(counts)}。"]
    if counts["total"]:
        labels = (
            (Opinion.Status.ADOPTED, "采纳并列入查摆问题{n}条"),
            (Opinion.Status.ANSWERED, "答复说明{n}条"),
            (Opinion.Status.DECLINED, "不予采纳{n}条"),
            (Opinion.Status.PENDING, "尚待研究{n}条"),
        )
        done = [label.format(n=handled[status]) for status, label in labels if handled[status]]
        lines.append("经支部委员会逐条研究，" + "，".join(done) + "。")
    return Part("征求意见情况", "\n".join(lines))


def problems_section(cycle: Cycle) -> Part | None:
    """查摆问题情况: the committee material's problems by category in the cycle's order,
    and the members' personal materials. None without any problem."""
    problems = Problem.objects.filter(material__cycle=cycle)
    committee = Counter(
        dict(
            problems.filter(material__kind=Material.Kind.COMMITTEE)
            .values_list("category__name")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    personal = problems.filter(material__kind=Material.Kind.PERSONAL).aggregate(
        n=Count("pk"), materials=Count("material", distinct=True)
    )
    if not committee and not personal["n"]:
        return None
    lines = []
    if committee:
        order = list(cycle.categories.order_by("position").values_list("name", "heading"))
        by_category = "、".join(
            f"{heading or name + '方面'}{committee[name]}条" for name, heading in order if committee[name]
        )
        lines.append(f"支部班子共查摆问题{sum(committee.values())}条，其中{by_category}。")
    if personal["n"]:
        lines.append(f"党员个人对照检查材料{personal['materials']}份，共查摆问题{personal['n']}条。")
    return Part("查摆问题情况", "\n".join(lines))


def measures_section(cycle: Cycle) -> Part | None:
    """整改措施情况: the committee material's measures, how many have an owner and a
    deadline and each owner's share (from the branch's ledger once it is built, the
    ledger being where owners and deadlines are kept from then on), and where the
    ledger stands. None without measures."""
    measures = Measure.objects.filter(
        direction__material__cycle=cycle, direction__material__kind=Material.Kind.COMMITTEE
    ).select_related("owner")
    count = measures.count()
    if not count:
        return None
    items = list(LedgerItem.objects.filter(cycle=cycle, member__isnull=True).select_related("owner"))
    rows = items or list(measures.order_by("direction__position", "position"))
    owned = [row for row in rows if row.owner_id]
    dated = sum(1 for row in rows if row.deadline)
    if items:
        lines = [
            f"针对查摆出的问题，支部班子制定整改措施{count}条，列入支部整改清单{len(items)}项，"
            f"明确责任人的{len(owned)}项，明确完成时限的{dated}项。"
        ]
    else:
        lines = [
            f"针对查摆出的问题，支部班子制定整改措施{count}条，明确责任人的{len(owned)}条，明确完成时限的{dated}条。"
        ]
    unit = "项" if items else "条"
    shares = Counter(row.owner.get_full_name() for row in owned)
    if shares:
        lines.append("责任分工：" + "，".join(f"{name}负责{n}{unit}" for name, n in shares.items()) + "。")
    if items:
        closed = sum(1 for i in items if i.status == ItemStatus.CLOSED)
        long_term = sum(1 for i in items if i.status == ItemStatus.LONG_TERM)
        lines.append(f"截至目前，已销号{closed}项，长期坚持{long_term}项，其余正在推进，逐项对单销号。")
    return Part("整改措施情况", "\n".join(lines))
