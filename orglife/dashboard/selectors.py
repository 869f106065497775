"""What the reviewer's dashboard reads: every cycle of a year in the branches below the
organisations the user reviews, in a fixed number of queries at any size.

Each step column is that step's own card (orglife.cycles.steps): the figures come
from `with_step_facts` and each card function turns them into its state, so a step
that gets its card shows up here as a column with nothing to change; steps not
built yet show 未开放. The rows of the page shown are computed afresh. Counting,
filtering and sorting by state over thousands of branches read CycleSummary, the
same computation stored per cycle and kept up to date by the worker
(services.summaries_refresh), with the branch's path and name copied onto it, so
that they need no join; only the page's 50 rows are computed.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, F, FilteredRelation, Max, Min, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from orglife.cycles.models import Cycle
from orglife.cycles.steps import NOT_BUILT, PREFIX, STEPS, Progress, StepContext, StepFacts, StepKind, with_step_facts
from orglife.dashboard.models import CycleSummary
from orglife.orgs.access import below
from orglife.orgs.models import Membership, Organisation, User
from orglife.talks.selectors import Coverage, coverages

# A cycle's state: the key of the step it is at (the first built step not done), or DONE.
DONE = "done"
UNCOUNTED = "uncounted"  # no CycleSummary yet (a new cycle): the worker counts it shortly
SORTS = {
    "tree": "按组织层级",
    "name": "按党支部名称",
    "step": "按当前环节",
    "planned": "按计划召开日期",
}
SORT_ORDER = {
    "tree": ("branch__path", "pk"),
    "name": ("branch__name", "pk"),
    "step": (F("summary__step_position").asc(nulls_last=True), "branch__path", "pk"),
    "planned": (F("planned_date").asc(nulls_last=True), "branch__path", "pk"),
}
# The same orders on the stored summaries (listed_page).
SUMMARY_ORDER = {
    "tree": ("branch_path", "cycle_id"),
    "name": ("branch_name", "cycle_id"),
    "step": ("step_position", "branch_path", "cycle_id"),
    "planned": (F("planned_date").asc(nulls_last=True), "branch_path", "cycle_id"),
}
KIND_LABELS = {
    StepKind.DONE: _("已完成"),
    StepKind.ACTIVE: _("进行中"),
    StepKind.TODO: _("未开始"),
    StepKind.NOT_BUILT: _("未开放"),
}
CYCLE_FIELDS = ("pk", "branch_id", "branch__name", "branch__path", "year", "title", "notice", "study_content")
PER_PAGE = 50


def state_labels() -> dict[str, str]:
    """Every state a cycle can be in, in the cycle's order, with its label."""
    labels = {step.key: str(step.name) for step in STEPS if step.card is not None}
    return labels | {DONE: "各环节已完成", UNCOUNTED: "统计中"}


def reviewed_paths(user: User) -> list[str]:
    """The paths of the organisations `user` is a reviewer (审核人) of; one query."""
    if not user.is_authenticated:
        return []
    rows = Membership.objects.filter(user=user, role=Membership.Role.REVIEWER)
    return sorted(rows.values_list("organisation__path", flat=True))


def is_reviewer_only(user: User) -> bool:
    """Whether every role of `user` is 审核人 (the dashboard is then their home page); one query."""
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    return roles == {Membership.Role.REVIEWER}


@dataclass(frozen=True)
class Filters:
    """The dashboard's filters, as forms.FiltersForm cleans them from the query string."""

    organisation: Organisation | None = None
    year: int | None = None
    state: str = ""
    overdue: bool = False
    query: str = ""
    sort: str = "tree"


@dataclass(frozen=True)
class Cell:
    """One step of one row: the step and what its card says."""

    key: str
    name: str
    progress: Progress
    label: str = ""  # the kind's label (KIND_LABELS), translated once per page

    @property
    def kind(self) -> StepKind:
        return self.progress.kind

    @property
    def deadline(self) -> datetime.date | None:
        return self.progress.deadline


@dataclass(frozen=True)
class Row:
    """One branch's cycle: its steps in STEPS order and where it stands."""

    cycle_id: int
    branch_id: int
    branch_name: str
    branch_path: str
    year: int
    title: str
    planned_date: datetime.date | None
    cells: tuple[Cell, ...]
    material_id: int | None

    @property
    def current(self) -> Cell | None:
        return next((c for c in self.cells if c.kind in (StepKind.TODO, StepKind.ACTIVE)), None)

    @property
    def state(self) -> str:
        current = self.current
        return current.key if current else DONE

    @property
    def step_position(self) -> int:
        keys = [step.key for step in STEPS]
        return keys.index(self.state) if self.state in keys else len(STEPS)

    def overdue_cells(self, today: datetime.date) -> list[Cell]:
        """The built steps not done whose date has passed; once the planned meeting date
        has passed, every built step not done."""
        met = self.planned_date is not None and self.planned_date < today
        open_kinds = (StepKind.TODO, StepKind.ACTIVE)
        return [c for c in self.cells if c.kind in open_kinds and (met or (c.deadline and c.deadline < today))]


def rows_of(cycles: QuerySet[Cycle], *, today: datetime.date) -> list[Row]:
    """The rows of `cycles` (their order kept): one query, the step facts annotated, and
    three for the talks' coverage (谈心谈话 is done once every required pair has talked,
    as on the cycle page), whatever the number of rows; none when there is no row."""
    return _rows(with_step_facts(cycles, today=today))


@functools.lru_cache(maxsize=2)
def _with_facts_on(today: datetime.date) -> QuerySet[Cycle]:
    """Every cycle with its step facts as of `today`: never evaluated, only filtered (a
    clone). Building its thirty-odd subqueries takes longer than running them for a page."""
    return with_step_facts(Cycle.objects.all(), today=today)


def page_rows(paths: list[str], ids: list[int], *, today: datetime.date) -> list[Row]:
    """The rows of the cycles `ids` that are below `paths`, as `rows_of` (in no order).
    Scoped again: a summary's copied path may be older than its branch's move."""
    return _rows(_with_facts_on(today).filter(scope(paths), pk__in=ids))


def _rows(annotated: QuerySet[Cycle]) -> list[Row]:
    names = [PREFIX + name for name in StepFacts.__dataclass_fields__]
    values = list(annotated.values(*CYCLE_FIELDS, "planned_date", *names))
    talked = coverages((Cycle(pk=row["pk"], branch_id=row["branch_id"]) for row in values), matrix=False)
    steps = [(step.key, str(step.name)) for step in STEPS]  # translated once, not per row
    labels = {kind: str(label) for kind, label in KIND_LABELS.items()}
    return [_row(row, talked[row["pk"]], steps, labels) for row in values]


def _row(values: dict, talk_coverage: Coverage | None, steps: list[tuple[str, str]], labels: dict) -> Row:
    cycle = Cycle(
        pk=values["pk"],
        branch_id=values["branch_id"],
        year=values["year"],
        title=values["title"],
        notice=values["notice"],
        study_content=values["study_content"],
        planned_date=values["planned_date"],
    )
    facts = StepFacts(**{name: values[PREFIX + name] for name in StepFacts.__dataclass_fields__})
    ctx = StepContext(cycle=cycle, facts=facts, talk_coverage=talk_coverage if facts.talks else None)
    return Row(
        cycle_id=cycle.pk,
        branch_id=cycle.branch_id,
        branch_name=values["branch__name"],
        branch_path=values["branch__path"],
        year=cycle.year,
        title=cycle.title,
        planned_date=cycle.planned_date,
        cells=tuple(_cell(step, ctx, key, name, labels) for step, (key, name) in zip(STEPS, steps, strict=True)),
        material_id=facts.committee_material_id,
    )


def _cell(step, ctx: StepContext, key: str, name: str, labels: dict) -> Cell:
    progress = step.card(ctx) if step.card is not None else NOT_BUILT
    return Cell(key, name, progress, labels[progress.kind])


def scope(paths: Iterable[str], organisation: Organisation | None = None) -> Q:
    """Cycles of the branches below `paths` (and below `organisation` when given)."""
    condition = below(list(paths), via="branch__")
    if organisation is not None:
        condition &= Q(branch__path__startswith=organisation.path)
    return condition


@dataclass(frozen=True)
class Counts:
    by_state: dict[str, int]  # every state of state_labels(), 0 included
    overdue: int
    total: int
    without_cycle: int  # branches in the organisation without a cycle of the year
    computed_at: datetime.datetime | None  # the oldest summary counted


def summary_scope(paths: Iterable[str], organisation: Organisation | None = None) -> Q:
    """`scope` on the stored summaries: those of the branches below `paths` (and `organisation`)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(branch_path__startswith=path)
    if organisation is not None:
        condition &= Q(branch_path__startswith=organisation.path)
    return condition


def counts(paths: list[str], organisation: Organisation | None, year: int | None) -> Counts:
    """The year's cycles in the organisation per state and overdue: two aggregate queries,
    one over the stored summaries alone, one over the branches for those without a cycle
    of the year and the cycles not counted yet."""
    labels = state_labels()
    per_state = {f"n_{n}": Count("pk", filter=Q(state=key)) for n, key in enumerate(labels) if key != UNCOUNTED}
    stored = CycleSummary.objects.filter(summary_scope(paths, organisation), year=year).aggregate(
        **per_state, late=Count("pk", filter=Q(overdue=True)), oldest=Min("computed_at"), all=Count("pk")
    )
    branches = below(paths) & Q(kind=Organisation.Kind.BRANCH)
    if organisation is not None:
        branches &= Q(path__startswith=organisation.path)
    missing = (
        Organisation.objects.filter(branches)
        .annotate(this_year=FilteredRelation("cycles", condition=Q(cycles__year=year)))
        .aggregate(
            without=Count("pk", filter=Q(this_year__isnull=True)),
            uncounted=Count("this_year", filter=Q(this_year__summary__isnull=True)),
        )
    )
    by_state = {key: stored.get(f"n_{n}", 0) for n, key in enumerate(labels)}
    by_state[UNCOUNTED] = missing["uncounted"]
    total = stored["all"] + missing["uncounted"]  # a state no longer shown is still counted in the total
    return Counts(by_state, stored["late"], total, missing["without"], stored["oldest"])


def latest_year(paths: list[str]) -> int | None:
    return Cycle.objects.filter(scope(paths)).aggregate(y=Max("year"))["y"]


def listed_cycles(paths: list[str], filters: Filters, year: int | None) -> QuerySet[Cycle]:
    """The cycles the filters keep, in the chosen order (to paginate, then `rows_of`)."""
    cycles = Cycle.objects.filter(scope(paths, filters.organisation), year=year)
    if filters.state == UNCOUNTED:
        cycles = cycles.filter(summary__isnull=True)
    elif filters.state:
        cycles = cycles.filter(summary__state=filters.state)
    if filters.overdue:
        cycles = cycles.filter(summary__overdue=True)
    if filters.query:
        cycles = cycles.filter(branch__name__contains=filters.query)
    return cycles.order_by(*SORT_ORDER[filters.sort])


def listed_page(paths: list[str], filters: Filters, year: int | None, totals: Counts, number) -> Paginator:
    """The page `number` of the cycles the filters keep (as `listed_cycles`), as cycle ids.

    Read from the stored summaries, in their order, whenever that lists the same cycles:
    when the filters keep only counted ones (a state, overdue) or no cycle is uncounted
    (`totals`, the counts of the same organisation and year). The number of cycles comes
    from `totals` when they say it, so the paginator counts nothing."""
    known = None
    if not filters.query:
        if filters.state and not filters.overdue:
            known = totals.by_state.get(filters.state, 0)
        elif filters.overdue and not filters.state:
            known = totals.overdue
        elif not filters.state:
            known = totals.total
    if filters.state == UNCOUNTED or not (filters.state or filters.overdue or not totals.by_state[UNCOUNTED]):
        ids = listed_cycles(paths, filters, year).values_list("pk", flat=True)
    else:
        rows = CycleSummary.objects.filter(summary_scope(paths, filters.organisation), year=year)
        if filters.state:
            rows = rows.filter(state=filters.state)
        if filters.overdue:
            rows = rows.filter(overdue=True)
        if filters.query:
            rows = rows.filter(branch_name__contains=filters.query)
        ids = rows.order_by(*SUMMARY_ORDER[filters.sort]).values_list("cycle_id", flat=True)
    paginator = Paginator(ids, PER_PAGE)
    if known is not None:
        paginator.count = known  # a cached_property: set, it is not counted again
    return paginator.get_page(number)


def organisation_choices(paths: list[str]) -> list[Organisation]:
    """The organisations at or below `paths` that are not branches (the filter's choices)."""
    condition = below(paths) & ~Q(kind=Organisation.Kind.BRANCH)
    return list(Organisation.objects.filter(condition).order_by("path").only("pk", "name", "path", "kind"))
