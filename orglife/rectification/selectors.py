"""Reads of the rectification ledger: the rows a page shows, what is overdue, the
figures of the step card, and last year's ledger for next year's material."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from orglife.common.ordinals import chinese_date
from orglife.cycles.models import Cycle
from orglife.orgs.models import Membership, User
from orglife.rectification.models import OPEN_STATUSES, Evidence, ItemStatus, LedgerItem, ProgressEntry

FINISHED = (ItemStatus.CLOSED, ItemStatus.LONG_TERM)


def overdue_condition(today: datetime.date, prefix: str = "") -> Q:
    """Items past their deadline and not finished (未开始 or 推进中)."""
    return Q(**{f"{prefix}deadline__lt": today, f"{prefix}status__in": OPEN_STATUSES})


def ledger_items(cycle: Cycle) -> QuerySet[LedgerItem]:
    """The cycle's items, branch list first then each member's, in order, with their
    problems, progress entries and evidence loaded: four queries however many items."""
    return (
        LedgerItem.objects.filter(cycle=cycle)
        .select_related("owner", "member", "closed_by")
        .prefetch_related(
            "problems",
            Prefetch(
                "entries",
                queryset=ProgressEntry.objects.select_related("author").prefetch_related(
                    Prefetch("files", queryset=Evidence.objects.order_by("id"))
                ),
            ),
        )
        .order_by("member__full_name", "member_id", "position")
    )


@dataclass
class Ledger:
    """The ledger as its pages show it: the branch list and the personal lists."""

    branch: list[LedgerItem] = field(default_factory=list)
    personal: list[tuple[User, list[LedgerItem]]] = field(default_factory=list)
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def items(self) -> list[LedgerItem]:
        return self.branch + [item for _, items in self.personal for item in items]

    @property
    def counts(self) -> dict[str, int]:
        items = self.items
        counts = {status.value: 0 for status in ItemStatus}
        for item in items:
            counts[item.status] += 1
        counts["total"] = len(items)
        counts["overdue"] = sum(item.overdue for item in items)
        return counts


def ledger_for(cycle: Cycle, *, today: datetime.date | None = None) -> Ledger:
    """The cycle's ledger, each item marked `overdue` as of `today`, with `problem_lines`
    (its linked problems' texts, or the typed problem) and `progress` (the entries)."""
    ledger = Ledger(today=today or timezone.localdate())
    members: dict[int, tuple[User, list[LedgerItem]]] = {}
    for item in ledger_items(cycle):
        item.overdue = bool(item.deadline and item.deadline < ledger.today and item.status in OPEN_STATUSES)
        item.problem_lines = [p.text for p in item.problems.all()] or ([item.problem_text] if item.problem_text else [])
        item.progress = list(item.entries.all())
        if item.member_id is None:
            ledger.branch.append(item)
        else:
            members.setdefault(item.member_id, (item.member, []))[1].append(item)
    ledger.branch.sort(key=lambda item: item.position)
    ledger.personal = list(members.values())
    return ledger


def progress_text(item: LedgerItem) -> str:
    """进展情况 as the exports write it: each entry on its own line, dated."""
    return "\n".join(f"{chinese_date(entry.on)}：{entry.text}" for entry in item.progress)


def closed_text(item: LedgerItem) -> str:
    """是否销号: 是（2022年12月5日）, 长期坚持, or 否."""
    if item.status == ItemStatus.CLOSED:
        return f"是（{chinese_date(timezone.localtime(item.closed_at).date())}）"
    if item.status == ItemStatus.LONG_TERM:
        return "长期坚持"
    return "否"


def overdue_for_owner(user: User, *, today: datetime.date | None = None) -> QuerySet[LedgerItem]:
    """The unfinished items past their deadline that `user` owns, in branches they are
    still a member of (the home page lists them): one query."""
    today = today or timezone.localdate()
    branches = Membership.objects.filter(user=user).exclude(role=Membership.Role.REVIEWER).values("organisation_id")
    return (
        LedgerItem.objects.filter(overdue_condition(today), owner=user, cycle__branch_id__in=branches)
        .select_related("cycle")
        .order_by("deadline", "pk")
    )


def _count(queryset: QuerySet) -> Coalesce:
    rows = queryset.filter(cycle=OuterRef("pk")).order_by().values("cycle").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def ledger_step_facts(today: datetime.date) -> dict:
    """Annotations for orglife.cycles.steps.with_step_facts (named without the step_
    prefix): the cycle's ledger items, those finished (已销号 or 长期坚持), done but
    not checked off, and overdue."""
    items = LedgerItem.objects.all()
    return {
        "ledger_items": _count(items),
        "ledger_finished": _count(items.filter(status__in=FINISHED)),
        "ledger_done": _count(items.filter(status=ItemStatus.DONE)),
        "ledger_overdue": _count(items.filter(overdue_condition(today))),
    }


# --- Next year ----------------------------------------------------------------------


@dataclass(frozen=True)
class LastYear:
    """Last year's branch list, sorted for next year's 上年度整改落实情况."""

    done: list[LedgerItem]  # 已完成 or 已销号
    long_term: list[LedgerItem]  # 长期坚持
    carried: list[LedgerItem]  # 未开始 or 推进中: carried over into the new year

    @property
    def total(self) -> int:
        return len(self.done) + len(self.long_term) + len(self.carried)


def last_year(previous: Cycle | None) -> LastYear | None:
    """The branch list of `previous` (personal lists are each member's own), or None
    when it has no ledger (the carry-over then reads the material's measures)."""
    if previous is None:
        return None
    items = list(LedgerItem.objects.filter(cycle=previous, member__isnull=True).select_related("owner"))
    if not items:
        return None
    items.sort(key=lambda item: item.position)
    return LastYear(
        done=[i for i in items if i.status in (ItemStatus.DONE, ItemStatus.CLOSED)],
        long_term=[i for i in items if i.status == ItemStatus.LONG_TERM],
        carried=[i for i in items if i.status in OPEN_STATUSES],
    )


def finished_measure_ids(previous: Cycle) -> set[int]:
    """The measures of `previous` whose ledger item is 已完成 or 已销号: not carried over."""
    done = LedgerItem.objects.filter(
        cycle=previous, measure__isnull=False, status__in=(ItemStatus.DONE, ItemStatus.CLOSED)
    )
    return set(done.values_list("measure_id", flat=True))


def _lead(text: str) -> str:
    return text.partition("。")[0].strip().rstrip("；;，,：:")


def _line(item: LedgerItem) -> str:
    owner = f"（责任人：{item.owner.get_full_name()}）" if item.owner else ""
    return f"{_lead(item.text)}{owner}。"


def last_year_section(found: LastYear) -> str:
    """The body of next year's 上年度整改落实情况, one paragraph a line: the totals,
    then what was done, what is kept up as long-term, and what is carried over."""
    lines = [
        f"上年度组织生活会共列出整改事项{found.total}项，已完成{len(found.done)}项，"
        f"长期坚持{len(found.long_term)}项，尚未完成{len(found.carried)}项。"
    ]
    for label, items in (
        ("已完成的整改事项", found.done),
        ("需要长期坚持的整改事项", found.long_term),
        ("尚未完成、转入本年度继续整改的事项", found.carried),
    ):
        if items:
            lines.append(f"{label}：")
            lines += [_line(item) for item in items]
    return "\n".join(lines)
