"""The steps of a cycle, in the order a branch walks them, and the card each shows.

Nothing here is stored: a step's state is derived from its records (the cycle's
details, its campaigns, its materials), so it cannot disagree with them. The
figures come from subqueries annotated on a cycle queryset (`with_step_facts`): a
page of cycles, or one cycle, costs one query whatever the number of campaigns and
materials.

Each built step declares its card with a function from a `StepContext` to a
`Progress`; a step not built yet has none and its card says so, without a link.
When a step gets its own package (opinions/, materials/, talks/ …), its card
function moves there and `STEPS` imports it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum

from django.db.models import Count, IntegerField, Max, Min, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orglife.common.ordinals import chinese_date
from orglife.cycles.models import Cycle
from orglife.evaluation import card as evaluation_card
from orglife.materials.document.checks import check_material
from orglife.materials.models import Cause, Material, Measure, Problem
from orglife.meeting.card import meeting_card, meeting_facts
from orglife.opinions.models import Campaign
from orglife.rectification.card import rectification_card
from orglife.rectification.selectors import ledger_step_facts
from orglife.report.card import report_card
from orglife.report.models import Report
from orglife.review.card import review_card
from orglife.review.facts import review_facts
from orglife.talks.card import talks_card
from orglife.talks.models import Talk
from orglife.talks.selectors import Coverage, coverage, coverages

# Members are told of the meeting about ten days ahead (domain.md, step 1).
NOTICE_DAYS_AHEAD = 10
# The annotations of `with_step_facts` are named step_<StepFacts field>.
PREFIX = "step_"


class StepKind(StrEnum):
    """How far a step has come; also the card's CSS class (step-done …)."""

    DONE = "done"
    ACTIVE = "active"
    TODO = "todo"
    NOT_BUILT = "not-built"


@dataclass(frozen=True)
class Progress:
    """What a step's records say: the state, what to do next (a link only when there
    is a page for it that the viewer may use), and the date it is due."""

    state: str
    kind: StepKind
    action: str | None = None
    url: str | None = None
    deadline: datetime.date | None = None
    deadline_label: str = "截止"
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class StepCard:
    """One step as the cycle page shows it."""

    number: int
    key: str
    name: str
    about: str
    state: str
    kind: StepKind
    action: str | None
    url: str | None
    deadline: datetime.date | None
    deadline_label: str
    details: tuple[str, ...]


@dataclass(frozen=True)
class StepFacts:
    """The figures the steps are derived from, read from `with_step_facts` annotations."""

    campaigns: int = 0
    open: int = 0
    open_from: datetime.date | None = None
    open_until: datetime.date | None = None
    upcoming: int = 0
    upcoming_from: datetime.date | None = None
    closed_unpublished: int = 0
    published: int = 0
    committee_material_id: int | None = None
    problems: int = 0
    causes: int = 0
    measures: int = 0
    talks: int = 0
    review_state: str | None = None  # the committee material's review (orglife.review)
    review_round: int = 0
    review_submitted_on: datetime.date | None = None
    review_decided_on: datetime.date | None = None
    meeting_date: datetime.date | None = None
    meeting_notice_sent_at: datetime.datetime | None = None
    meeting_chair_signed_at: datetime.datetime | None = None
    meeting_recorder_signed_at: datetime.datetime | None = None
    evaluation_id: int | None = None
    evaluation_state: str | None = None
    evaluation_graded: datetime.datetime | None = None
    evaluation_voted: int | None = None
    evaluation_voters: int | None = None
    ledger_items: int = 0
    ledger_finished: int = 0
    ledger_done: int = 0
    ledger_overdue: int = 0
    report_id: int | None = None

    @classmethod
    def of(cls, cycle: Cycle) -> StepFacts:
        """The facts of a cycle fetched through `with_step_facts`."""
        return cls(**{name: getattr(cycle, PREFIX + name) for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class StepContext:
    """What a card function reads. `can_edit`: the viewer is on the branch committee,
    the only one shown links to pages that write. `findings` (the checks panel's count
    for the committee material) and `personal` (personal materials the viewer may see)
    are known on the cycle page only."""

    cycle: Cycle
    facts: StepFacts
    can_edit: bool = False
    findings: int | None = None
    personal: int = 0
    member: bool = False  # the viewer is a member of the branch (the committee included)
    reviewer: bool = False  # the viewer reviews the branch
    own_personal: int | None = None  # the viewer's own personal material, on the cycle page
    talk_coverage: Coverage | None = None  # for the committee and reviewers, on the cycle page


@dataclass(frozen=True)
class Step:
    key: str
    name: str
    about: str
    card: Callable[[StepContext], Progress] | None = None


def _count(queryset: QuerySet, outer: str) -> Coalesce:
    """The number of rows of `queryset` whose `outer` is the annotated cycle."""
    rows = queryset.filter(**{outer: OuterRef("pk")}).order_by().values(outer).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def _bound(queryset: QuerySet, aggregate) -> Subquery:
    rows = queryset.filter(cycle=OuterRef("pk")).order_by().values("cycle").annotate(d=aggregate).values("d")
    return Subquery(rows)


def with_step_facts(cycles: QuerySet[Cycle], *, today: datetime.date | None = None) -> QuerySet[Cycle]:
    """`cycles` with the figures of `StepFacts` (as step_… annotations): its campaigns
    on `today` (the local date by default), and its committee material's size. One
    query for the lot; read them with `StepFacts.of`."""
    today = today or timezone.localdate()
    campaigns = Campaign.objects.all()
    running = campaigns.filter(opens_on__lte=today, closes_on__gte=today)
    upcoming = campaigns.filter(opens_on__gt=today)
    committee = {"kind": Material.Kind.COMMITTEE}
    facts = {
        "campaigns": _count(campaigns, "cycle"),
        "open": _count(running, "cycle"),
        "open_from": _bound(running, Min("opens_on")),
        "open_until": _bound(running, Max("closes_on")),
        "upcoming": _count(upcoming, "cycle"),
        "upcoming_from": _bound(upcoming, Min("opens_on")),
        "closed_unpublished": _count(campaigns.filter(closes_on__lt=today, published_summary__isnull=True), "cycle"),
        "published": _count(campaigns.filter(published_summary__isnull=False), "cycle"),
        "committee_material_id": Subquery(Material.objects.filter(cycle=OuterRef("pk"), **committee).values("pk")[:1]),
        "problems": _count(Problem.objects.filter(material__kind=Material.Kind.COMMITTEE), "material__cycle"),
        "causes": _count(Cause.objects.filter(material__kind=Material.Kind.COMMITTEE), "material__cycle"),
        "measures": _count(
            Measure.objects.filter(direction__material__kind=Material.Kind.COMMITTEE), "direction__material__cycle"
        ),
        "talks": _count(Talk.objects.all(), "cycle"),
        **review_facts(),
        **evaluation_card.evaluation_facts(),
        **ledger_step_facts(today),
        "report_id": Subquery(Report.objects.filter(cycle=OuterRef("pk")).values("pk")[:1]),
    }
    facts.update(meeting_facts())
    return cycles.annotate(**{PREFIX + name: expression for name, expression in facts.items()})


def _month_day(day: datetime.date) -> str:
    return f"{day.month}月{day.day}日"


def _edit_details_url(cycle: Cycle) -> str:
    return reverse("cycle", args=[cycle.pk]) + "?edit=1#cycle-edit"


def notice_card(ctx: StepContext) -> Progress:
    """Done once the notice, the planned date and the study content are set."""
    cycle = ctx.cycle
    wanted = (
        ("依据通知", cycle.notice.strip()),
        ("计划召开日期", cycle.planned_date),
        ("学习内容", cycle.study_content.strip()),
    )
    missing = [label for label, value in wanted if not value]
    deadline = cycle.planned_date - datetime.timedelta(days=NOTICE_DAYS_AHEAD) if cycle.planned_date else None
    due = {"deadline": deadline, "deadline_label": "最迟通知党员"}
    if not missing:
        return Progress(f"方案已定：{chinese_date(cycle.planned_date)}召开", StepKind.DONE, **due)
    kind = StepKind.TODO if len(missing) == len(wanted) else StepKind.ACTIVE
    state = "尚未填写" + "、".join(missing)
    if not ctx.can_edit:
        return Progress(state, kind, **due)
    return Progress(state, kind, action="填写" + "、".join(missing), url=_edit_details_url(cycle), **due)


def study_card(ctx: StepContext) -> Progress:
    """Done once the study content is listed (the study itself is not recorded here)."""
    cycle = ctx.cycle
    items = [line for line in cycle.study_content.splitlines() if line.strip()]
    due = {"deadline": cycle.planned_date, "deadline_label": "会前学完"}
    if items:
        return Progress(f"已列出学习内容{len(items)}项", StepKind.DONE, **due)
    if not ctx.can_edit:
        return Progress("尚未列出学习内容", StepKind.TODO, **due)
    return Progress("尚未列出学习内容", StepKind.TODO, action="列出学习内容", url=_edit_details_url(cycle), **due)


def opinions_card(ctx: StepContext) -> Progress:
    """From the campaigns: none, one running (with its dates), ended without a
    published summary, only upcoming, or all ended with their summaries published."""
    facts, cycle = ctx.facts, ctx.cycle
    if not facts.campaigns:
        if not ctx.can_edit:
            return Progress("尚未发起征求意见", StepKind.TODO)
        url = reverse("campaign_create", args=[cycle.pk])
        return Progress("尚未发起征求意见", StepKind.TODO, "发起征求意见", url)
    details = (f"征求意见活动{facts.campaigns}次",)
    if facts.published:
        details += (f"已公布汇总表{facts.published}份",)
    listed = {"url": reverse("campaign_list", args=[cycle.pk]), "details": details}
    look = "查看征求意见活动"
    if facts.open:
        state = f"征求意见中（{_month_day(facts.open_from)}至{_month_day(facts.open_until)}）"
        action = "处理收到的意见" if ctx.can_edit else look
        return Progress(state, StepKind.ACTIVE, action, deadline=facts.open_until, **listed)
    if facts.closed_unpublished:
        action = "公布意见建议汇总表" if ctx.can_edit else look
        return Progress("征求意见已结束，汇总表未公布", StepKind.ACTIVE, action, **listed)
    if facts.upcoming:
        return Progress(f"将于{_month_day(facts.upcoming_from)}开始征求意见", StepKind.ACTIVE, look, **listed)
    return Progress("征求意见已结束，汇总表已公布", StepKind.DONE, "查看意见建议汇总表", **listed)


def _mine(ctx: StepContext) -> tuple[str | None, str | None]:
    """A member's own personal material: to start it, or to go on writing it."""
    if not ctx.member:
        return None, None
    if ctx.own_personal is None:
        return "开始写我的个人材料", reverse("personal_home", args=[ctx.cycle.pk])
    return "继续写我的个人材料", reverse("editor", args=[ctx.own_personal])


def materials_card(ctx: StepContext) -> Progress:
    """From the committee material: missing, empty, or being drafted (its problems,
    causes and measures, and the checks panel's findings); and the personal materials.
    Never done here: the material is done when the review (审核) approves it."""
    facts, material = ctx.facts, ctx.facts.committee_material_id
    personal = (f"个人对照检查材料{ctx.personal}份",) if ctx.personal else ()
    if material is None:
        action, url = ("导入材料", reverse("material_import", args=[ctx.cycle.pk])) if ctx.can_edit else _mine(ctx)
        return Progress("尚未建立班子对照检查材料", StepKind.TODO, action, url, details=personal)
    if not (facts.problems or facts.causes or facts.measures):
        action, url = ("开始起草", reverse("editor", args=[material])) if ctx.can_edit else _mine(ctx)
        return Progress("班子对照检查材料尚未起草", StepKind.TODO, action, url, details=personal)
    if ctx.can_edit:
        action, url = "继续起草", reverse("editor", args=[material])
    elif ctx.member:
        action, url = _mine(ctx)
    else:
        action, url = "查看班子对照检查材料", reverse("material", args=[material])
    checks = ()
    if ctx.findings is not None:
        checks = (f"自查提示{ctx.findings}条" if ctx.findings else "自查未发现问题",)
    state = f"起草中：问题{facts.problems}条、原因{facts.causes}条、整改措施{facts.measures}条"
    return Progress(state, StepKind.ACTIVE, action, url, details=checks + personal)


# A step without a card function is not built yet: its card says so and links nowhere.
NOT_BUILT = Progress("功能尚未开放", StepKind.NOT_BUILT)


STEPS: tuple[Step, ...] = (
    Step(
        "notice",
        _("通知与方案"),
        _("根据上级通知定下时间、地点、主题和学习内容，约提前10天通知党员。"),
        notice_card,
    ),
    Step("study", _("学习"), _("集体学习（不少于半天）或自学通知所列的文件。"), study_card),
    Step(
        "opinions",
        _("征求意见"),
        _("向党员、群众和上级征求对班子和党员个人的意见建议，会上通报汇总情况。"),
        opinions_card,
    ),
    Step("talks", _("谈心谈话"), _("书记与每位支委、党员谈心，支委之间、支委与党员之间相互谈心。"), talks_card),
    Step(
        "materials",
        _("查摆问题与材料"),
        _("按查摆方面查摆问题、剖析原因、提出整改措施，起草班子和个人对照检查材料。"),
        materials_card,
    ),
    Step("review", _("审核"), _("材料报上级党组织审核把关，通过后方可召开会议。"), review_card),
    Step(
        "meeting",
        _("会议"),
        _("先开支委会，再开党员大会：通报情况，宣读材料，开展批评和自我批评。"),
        meeting_card,
    ),
    Step(
        "evaluation",
        _("民主评议"),
        _("党员自评、互评，无记名投票评定优秀、合格、基本合格、不合格等次。"),
        evaluation_card.evaluation_card,
    ),
    Step("rectification", _("整改"), _("会后列出整改清单并公开，逐项对单销号。"), rectification_card),
    Step("report", _("情况报告"), _("向上级党组织报送召开情况报告和会议记录。"), report_card),
)


def step_cards(ctx: StepContext) -> list[StepCard]:
    """Every step's card, in the cycle's order."""
    return [
        StepCard(
            number=number,
            key=step.key,
            name=step.name,
            about=step.about,
            **asdict(step.card(ctx) if step.card is not None else NOT_BUILT),
        )
        for number, step in enumerate(STEPS, start=1)
    ]


def current_step(cycle: Cycle, *, talk_coverage: Coverage | None = None) -> StepCard | None:
    """The first built step not done yet, for a cycle fetched through `with_step_facts`
    (no link: it is shown in lists of cycles)."""
    ctx = StepContext(cycle=cycle, facts=StepFacts.of(cycle), talk_coverage=talk_coverage)
    for card in step_cards(ctx):
        if card.kind in (StepKind.TODO, StepKind.ACTIVE):
            return card
    return None


def with_current_steps(cycles: Iterable[Cycle]) -> list[tuple[Cycle, StepCard | None]]:
    """Each of `cycles` (fetched through `with_step_facts`) with its current step."""
    cycles = list(cycles)
    talked = coverages(c for c in cycles if StepFacts.of(c).talks)  # three queries for the lot
    return [(cycle, current_step(cycle, talk_coverage=talked.get(cycle.pk))) for cycle in cycles]


def cycle_step_cards(
    cycle: Cycle,
    *,
    materials: Iterable[Material],
    can_edit: bool,
    member: bool = False,
    reviewer: bool = False,
    viewer_id: int | None = None,
) -> list[StepCard]:
    """The cards of the cycle page. `materials`: the cycle's materials the viewer may
    see (the page lists them too); the committee material among them is checked as
    the editor's checks panel would. A fixed number of queries: the facts, and the checks."""
    facts = StepFacts.of(with_step_facts(Cycle.objects.filter(pk=cycle.pk)).get())
    materials = list(materials)
    committee = next((m for m in materials if m.kind == Material.Kind.COMMITTEE), None)
    drafted = facts.problems or facts.causes or facts.measures
    findings = len(check_material(committee)) if committee is not None and drafted else None
    personal = sum(m.kind == Material.Kind.PERSONAL for m in materials)
    own = next((m.pk for m in materials if m.kind == Material.Kind.PERSONAL and m.author_id == viewer_id), None)
    # The counts only: who has talked with whom is for the committee and the reviewers (the card's link).
    talk_coverage = coverage(cycle) if facts.talks else None
    return step_cards(
        StepContext(
            cycle=cycle,
            facts=facts,
            can_edit=can_edit,
            findings=findings,
            personal=personal,
            member=member,
            reviewer=reviewer,
            own_personal=own,
            talk_coverage=talk_coverage,
        )
    )
