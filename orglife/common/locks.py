"""Row locks for writes, always taken in one order, so that no two writers wait for each other.

The order is:

    cycle → material → category → the material's parts (problems, causes, directions,
    measures, sections, intros)

A writer takes only the locks it needs, but never one that comes earlier in the
order than one it already holds:

- category changes (orglife.cycles.services): the cycle, then the category rows;
- imports and restores (services.importing, services.revision): the cycle (they may
  add categories), then the material, then they rewrite its parts;
- editor writes (services.editor) and adopting an opinion as a problem
  (services.opinion): the material (the editor's `_touch` UPDATE takes its row
  lock), then, when a part is filed under a category, that category's row, then
  the part;
- undo tokens (services.editor) are a row of their own, inserted after the material.

`select_for_update()` alone would also lock every row of the tables its query
joins, and Meta.ordering adds joins (Problem orders by its category's position,
Material by its cycle, Measure by its direction): an editor's save then locked the
cycle after the material, the other way round from a restore, and they deadlocked.
So every lock here names its rows (`of=("self",)`) and clears the ordering.
"""

from __future__ import annotations

from django.db import models

from orglife.cycles.models import Category, Cycle
from orglife.materials.models import Material


def locked(queryset: models.QuerySet, *, no_key: bool = False) -> models.QuerySet:
    """`queryset` locking its own rows only: no joined table's, no ordering's joins."""
    return queryset.select_for_update(of=("self",), no_key=no_key).order_by()


def locked_cycle(cycle_id: int) -> Cycle:
    """The cycle row, locked: changes to its categories (category changes, imports and
    restores) then happen one at a time. First in the lock order."""
    return locked(Cycle.objects.filter(pk=cycle_id)).get()


def locked_material(material_id: int) -> Material:
    """The material row, locked (after the cycle, if that is taken at all)."""
    return locked(Material.objects.filter(pk=material_id)).get()


def category_to_file_under(*, cycle_id: int, category_id: int) -> Category | None:
    """The category, held (FOR NO KEY UPDATE) so that it is not deleted before a part filed
    under it commits; None when it is not one of the cycle's (e.g. deleted meanwhile)."""
    return locked(Category.objects.filter(pk=category_id, cycle_id=cycle_id), no_key=True).first()
