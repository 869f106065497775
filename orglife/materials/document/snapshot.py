"""A material rebuilt in memory from saved data (a revision), for assembling and diffing.

Nothing here touches the database: the copies carry their related lists in Django's
prefetch cache, which is where `assemble` reads them from.
"""

from __future__ import annotations

import copy
from itertools import count

from orglife.cycles.models import Category
from orglife.materials.document.shape import (
    MaterialData,
    cause_row,
    direction_row,
    intro_row,
    material_set_fields,
    measure_row,
    problem_row,
    section_row,
)
from orglife.materials.models import CategoryIntro, Cause, Direction, ExtraSection, Material, Measure, Problem


def _cached(obj, name: str, model, items: list) -> None:
    queryset = model.objects.none()
    queryset._result_cache = items
    queryset._prefetch_done = True
    obj._prefetched_objects_cache = {**getattr(obj, "_prefetched_objects_cache", {}), name: queryset}


def material_from_data(material: Material, data: MaterialData) -> Material:
    """An unsaved copy of `material` whose content is `data` (the import JSON shape)."""
    fake_ids = count(start=10**12)  # ids that cannot clash with real rows
    clone = copy.copy(material)
    clone._state = copy.copy(material._state)
    # Its own cache of related objects: a shallow copy of the state shares the dict, and
    # `clone.cycle = …` below would then put the snapshot's cycle on `material` too.
    clone._state.fields_cache = dict(material._state.fields_cache)
    clone._prefetched_objects_cache = {}
    material_set_fields(clone, data)

    cycle = copy.copy(material.cycle)
    cycle._prefetched_objects_cache = {}
    categories = {c.name: c for c in material.cycle.categories.order_by("position")}
    for entry in data.get("categories", []):
        if entry["name"] not in categories:
            categories[entry["name"]] = Category(
                pk=next(fake_ids),
                cycle=cycle,
                name=entry["name"],
                heading=entry.get("heading", ""),
                position=len(categories) + 1,
            )
    _cached(cycle, "categories", Category, list(categories.values()))
    clone.cycle = cycle

    intros, problems = [], []
    for entry in data.get("categories", []):
        category = categories[entry["name"]]
        if entry.get("intro", "").strip():
            intros.append(intro_row(clone, category, entry, pk=next(fake_ids)))
        problems += [
            problem_row(clone, category, n, item, pk=next(fake_ids))
            for n, item in enumerate(entry.get("items", []), start=1)
        ]
    sections = [
        section_row(clone, n, s, pk=next(fake_ids)) for n, s in enumerate(data.get("extra_sections", []), start=1)
    ]
    causes = [cause_row(clone, n, c, pk=next(fake_ids)) for n, c in enumerate(data.get("causes", []), start=1)]
    directions = []
    for n, entry in enumerate(data.get("directions", []), start=1):
        direction = direction_row(clone, n, entry, pk=next(fake_ids))
        measures = [
            measure_row(direction, m, measure, pk=next(fake_ids))
            for m, measure in enumerate(entry.get("measures", []), start=1)
        ]
        _cached(direction, "measures", Measure, measures)
        directions.append(direction)
    for name, model, items in (
        ("sections", ExtraSection, sections),
        ("category_intros", CategoryIntro, intros),
        ("problems", Problem, problems),
        ("causes", Cause, causes),
        ("directions", Direction, directions),
    ):
        _cached(clone, name, model, items)
    return clone
