"""Writes to a cycle."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from orglife.models import CATEGORY_PRESETS, Category, Cycle

from .locks import locked_cycle
from .opinion import forget_public_campaign
from .ordering import next_position, swap_with_neighbour


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

    Raises ValidationError, deleting nothing, when problems, intros or opinions use it.
    The message gives counts only: an anonymous opinion may still be held back, and
    its text must not show anywhere before it is released.
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
