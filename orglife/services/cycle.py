"""Writes to a cycle."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from orglife.models import CATEGORY_PRESETS, Category, Cycle


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
