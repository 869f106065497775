"""Writes to a cycle."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from orglife.common.locks import locked_cycle
from orglife.common.ordering import next_position, swap_with_neighbour
from orglife.cycles.models import CATEGORY_PRESETS, Category, Cycle
from orglife.materials.models import Direction, ExtraSection, Material, Measure
from orglife.opinions.services import forget_public_campaign
from orglife.orgs.access import branch_members
from orglife.orgs.models import Organisation, User
from orglife.rectification.selectors import finished_measure_ids, last_year, last_year_section

LAST_YEAR_HEADING = "上年度整改落实情况"
# Where a new cycle's categories come from, besides a preset key.
CATEGORIES_FROM_PREVIOUS = "previous"
CATEGORIES_NONE = "none"


def cycle_default_title(*, year: int, kind: str, theme: str = "") -> str:
    """The usual name of a meeting, e.g. 2023年度组织生活会, 2023年“……”专题组织生活会."""
    quoted = f"“{theme.strip()}”" if theme.strip() else ""
    if kind == Cycle.Kind.SPECIAL:
        return f"{year}年{quoted}专题组织生活会"
    if kind == Cycle.Kind.DEMOCRATIC:
        return f"{year}年度{quoted}{'专题' if quoted else ''}民主生活会"
    return f"{year}年度组织生活会"


def _refuse_duplicate(*, branch: Organisation, year: int, kind: str, exclude: Cycle | None = None) -> None:
    same = Cycle.objects.filter(branch=branch, year=year, kind=kind)
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    existing = same.first()
    if existing is not None:
        raise ValidationError(
            _("本支部已有%(year)d年的%(kind)s：%(title)s。同一年度同一类型只能有一次，请修改年度或类型。")
            % {"year": year, "kind": Cycle.Kind(kind).label, "title": existing.title}
        )


def previous_committee_measures(previous: Cycle | None) -> list[Direction]:
    """The directions of `previous`'s committee material, each with its measures loaded
    (`measures_list`), in printed order: what a new cycle may carry over. When
    `previous` has a rectification ledger, measures whose item is 已完成 or 已销号
    are left out (the unfinished and the 长期坚持 ones are offered)."""
    if previous is None:
        return []
    directions = list(
        Direction.objects.filter(material__cycle=previous, material__kind=Material.Kind.COMMITTEE)
        .order_by("position")
        .prefetch_related("measures__owner", "measures__ledger_item")
    )
    # With a ledger, it decides: only what is unfinished or kept up long-term is offered.
    finished = finished_measure_ids(previous)
    for direction in directions:
        measures = sorted(direction.measures.all(), key=lambda m: m.position)
        direction.measures_list = [m for m in measures if m.pk not in finished]
    return [d for d in directions if d.measures_list]


@transaction.atomic
def cycle_create(
    *,
    branch: Organisation,
    by: User,
    kind: str,
    year: int,
    theme: str = "",
    title: str = "",
    notice: str = "",
    study_content: str = "",
    planned_date: datetime.date | None = None,
    previous: Cycle | None = None,
    categories: str = CATEGORIES_FROM_PREVIOUS,
    carried_measures: Sequence[Measure] = (),
    report_last_year: bool = False,
) -> Cycle:
    """Start a new cycle for `branch`, with its categories and an empty committee material.

    `categories` is "previous" (copy `previous`'s categories in order, with their
    printed headings), a preset key, or "none". `carried_measures` are measures
    of `previous`'s committee material: each is copied, under a copy of its direction
    (heading and intro), in the old order, into the new committee material, with its
    owner when the owner is still in the branch, no deadline and status 未开始; the
    old material is not changed. `report_last_year` starts the new material with a
    part 上年度整改落实情况 for the secretary to write up (domain.md, step 13): from
    `previous`'s rectification ledger when it has one (the totals, then what was
    done, what is kept up long-term and what is carried over), else listing every
    measure of `previous` with its status, one paragraph each.

    Side effects, in one transaction: locks the branch row (two secretaries creating
    the same meeting at once get one cycle and one refusal); creates the Cycle, its
    Category rows, the committee Material (党支部班子<cycle title>对照检查材料), the copied
    Direction and Measure rows, and the ExtraSection when asked. Raises ValidationError, creating nothing, when the
    branch already has a cycle of that year and kind, the branch is not a 党支部,
    the preset is unknown, or a measure is not from `previous`'s committee material.
    """
    branch = Organisation.objects.select_for_update().get(pk=branch.pk)
    if not branch.is_branch:
        raise ValidationError(_("只有党支部可以召开组织生活会。"))
    if previous is not None and previous.branch_id != branch.pk:
        raise ValidationError(_("只能以本支部的组织生活会为基础。"))
    _refuse_duplicate(branch=branch, year=year, kind=kind)
    names = _category_names(previous, categories)
    directions = previous_committee_measures(previous)
    offered = {m.pk for d in directions for m in d.measures_list}
    chosen = {m.pk for m in carried_measures}
    if chosen - offered:
        raise ValidationError(_("所选的整改措施不属于上一次组织生活会的班子对照检查材料。"))

    try:
        with transaction.atomic():
            cycle = Cycle.objects.create(
                branch=branch,
                kind=kind,
                year=year,
                theme=theme,
                title=title.strip() or cycle_default_title(year=year, kind=kind, theme=theme),
                notice=notice,
                study_content=study_content,
                planned_date=planned_date,
            )
    except IntegrityError:  # the same meeting committed by someone else since the check (SQLite has no row lock)
        _refuse_duplicate(branch=branch, year=year, kind=kind)
        raise
    Category.objects.bulk_create(
        Category(cycle=cycle, position=n, name=name, heading=heading) for n, (name, heading) in enumerate(names, 1)
    )
    material = Material.objects.create(
        cycle=cycle, kind=Material.Kind.COMMITTEE, title=f"党支部班子{cycle.title}对照检查材料"
    )
    _carry_measures(material, directions, chosen, branch)
    ledger = last_year(previous)
    if report_last_year and (ledger or directions):
        body = (
            last_year_section(ledger)
            if ledger
            else "\n".join(_report_line(m) for d in directions for m in d.measures_list)
        )
        ExtraSection.objects.create(
            material=material, position=1, placement=ExtraSection.Placement.BEFORE, heading=LAST_YEAR_HEADING, body=body
        )
    return cycle


def _report_line(measure: Measure) -> str:
    """加强理论学习：已完成（责任人：李委员）。 — the measure's lead sentence and where it stands."""
    lead = measure.text.partition("。")[0].strip().rstrip("；;，,：:")
    owner = f"（责任人：{measure.owner.get_full_name()}）" if measure.owner else ""
    return f"{lead}：{measure.get_status_display()}{owner}。"


def _category_names(previous: Cycle | None, source: str) -> list[tuple[str, str]]:
    """(name, heading) of the new cycle's categories, in order."""
    if source == CATEGORIES_NONE:
        return []
    if source == CATEGORIES_FROM_PREVIOUS:
        if previous is None:
            return []
        return list(previous.categories.order_by("position").values_list("name", "heading"))
    if source not in CATEGORY_PRESETS:
        raise ValidationError(_("没有这套查摆方面：%(preset)s") % {"preset": source})
    return [(name, "") for name in CATEGORY_PRESETS[source][1]]


def _carry_measures(material: Material, directions: list[Direction], chosen: set[int], branch: Organisation) -> None:
    members = set(branch_members(branch).values_list("pk", flat=True))
    position = 0
    for old in directions:
        measures = [m for m in old.measures_list if m.pk in chosen]
        if not measures:
            continue
        position += 1
        direction = Direction.objects.create(material=material, position=position, heading=old.heading, intro=old.intro)
        Measure.objects.bulk_create(
            Measure(
                direction=direction,
                position=n,
                text=m.text,
                owner_id=m.owner_id if m.owner_id in members else None,
            )
            for n, m in enumerate(measures, start=1)
        )


@transaction.atomic
def cycle_update(
    *,
    cycle: Cycle,
    kind: str,
    year: int,
    theme: str = "",
    title: str = "",
    notice: str = "",
    study_content: str = "",
    planned_date: datetime.date | None = None,
) -> Cycle:
    """Change a cycle's details (类型, 年度, 主题, 名称, 依据通知, 学习内容, 计划召开日期).

    A blank title becomes the usual one for the year, kind and theme, and so does a
    title left as the usual one for the old values (a changed theme renames the
    meeting unless its name was typed). Side effects:
    locks the branch row, then saves those fields of the cycle; its categories and
    materials are not touched. Raises ValidationError, changing nothing, when another
    cycle of the branch has that year and kind.
    """
    Organisation.objects.select_for_update().filter(pk=cycle.branch_id).first()
    _refuse_duplicate(branch=cycle.branch, year=year, kind=kind, exclude=cycle)
    if title.strip() == cycle_default_title(year=cycle.year, kind=cycle.kind, theme=cycle.theme):
        title = ""
    cycle.kind, cycle.year, cycle.theme = kind, year, theme
    cycle.title = title.strip() or cycle_default_title(year=year, kind=kind, theme=theme)
    cycle.notice, cycle.study_content, cycle.planned_date = notice, study_content, planned_date
    cycle.save(update_fields=["kind", "year", "theme", "title", "notice", "study_content", "planned_date"])
    return cycle


@transaction.atomic
def cycle_apply_category_preset(*, cycle: Cycle, preset: str) -> list[Category]:
    """Replace the cycle's categories with a preset set, in the preset's order.

    Side effects: deletes the cycle's current categories and creates the preset's.
    Refused (ValidationError, nothing changed) when a material already files
    problems or intros under a current category, so no problem loses its place.
    """
    if preset not in CATEGORY_PRESETS:
        raise ValidationError(_("没有这套查摆方面：%(preset)s") % {"preset": preset})
    in_use = (
        cycle.categories.filter(problems__isnull=False).distinct()
        | cycle.categories.filter(intros__isnull=False).distinct()
    )
    names = sorted({c.name for c in in_use})
    if names:
        raise ValidationError(
            _("“%(names)s”下已有查摆出的问题，不能整套替换。请先移动或删除这些问题，或在原有方面上逐个修改。")
            % {"names": "、".join(names)}
        )
    cycle.categories.all().delete()
    names = CATEGORY_PRESETS[preset][1]
    return Category.objects.bulk_create(
        Category(cycle=cycle, position=n, name=name) for n, name in enumerate(names, start=1)
    )


def _check_name(cycle: Cycle, name: str, *, exclude: Category | None = None) -> None:
    taken = cycle.categories.filter(name=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise ValidationError(_("已有名为“%(name)s”的查摆方面。") % {"name": name})


@transaction.atomic
def category_add(*, cycle: Cycle, name: str, heading: str = "") -> Category:
    """Add a category after the cycle's last one.

    Raises ValidationError, adding nothing, when the cycle already has one of that name.
    """
    cycle = locked_cycle(cycle.pk)
    _check_name(cycle, name)
    return Category.objects.create(
        cycle=cycle, position=next_position(Category, cycle=cycle), name=name, heading=heading
    )


@transaction.atomic
def category_update(*, category: Category, name: str, heading: str = "") -> Category:
    """Rename a category and set its heading; what is filed under it stays there.

    Raises ValidationError, changing nothing, when another category of the cycle has that name.
    """
    locked_cycle(category.cycle_id)
    _check_name(category.cycle, name, exclude=category)
    category.name, category.heading = name, heading
    category.save(update_fields=["name", "heading"])
    _forget_public_campaigns(category)
    return category


@transaction.atomic
def category_move(*, category: Category, delta: int) -> bool:
    """Swap a category with the one before (delta=-1) or after (delta=+1) it.

    Returns False, changing nothing, when it is already first or last.
    """
    locked_cycle(category.cycle_id)
    category.refresh_from_db(fields=["position"])  # another move may have committed since it was read
    return swap_with_neighbour(Category.objects.filter(cycle_id=category.cycle_id), category, delta)


@transaction.atomic
def category_delete(*, category: Category) -> None:
    """Delete a category nothing is filed under; it is also no longer offered by campaigns.

    Raises ValidationError, deleting nothing, when problems, intros or released
    opinions use it; the message gives counts only. Anonymous opinions still sealed
    (orglife.opinions.services.release_held_back) neither count nor refuse: whether any
    wait, and under which category, must not show. Those given under this category
    are released under 其他.
    """
    locked_cycle(category.cycle_id)
    uses = [
        (category.problems.count(), _("%(n)d个问题")),
        (category.intros.count(), _("%(n)d段引言")),
        (category.opinions.count(), _("%(n)d条意见建议")),
    ]
    found = [label % {"n": n} for n, label in uses if n]
    if found:
        raise ValidationError(
            _("“%(name)s”下已有%(uses)s，不能删除。可以改名，或先把这些内容移到其他方面。")
            % {"name": category.name, "uses": "、".join(found)}
        )
    _forget_public_campaigns(category)
    category.delete()


def _forget_public_campaigns(category: Category) -> None:
    """After commit, drop this process's cached public campaigns that offer `category`
    (other processes drop theirs within PUBLIC_CAMPAIGN_SECONDS)."""
    tokens = list(category.campaigns.values_list("token", flat=True))
    transaction.on_commit(lambda: [forget_public_campaign(token) for token in tokens])
