"""Writes to a material's content."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q

from orglife.cycles.models import Category, Cycle
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
from orglife.materials.limits import TEXT_LIMITS
from orglife.materials.models import Cause, ExtraSection, Material, Measure, Problem
from orglife.opinions.models import Opinion
from orglife.orgs.access import branch_members


def _category_for(cycle: Cycle, name: str, cache: dict[str, Category]) -> Category:
    if name not in cache:
        last = cycle.categories.aggregate(m=Max("position"))["m"] or 0
        cache[name] = Category.objects.create(cycle=cycle, name=name, position=last + 1)
    return cache[name]


def _relink_opinions(material: Material, data: MaterialData, places: dict, adopted: set) -> None:
    """Adopted opinions follow their problem when the data names them (a restored
    revision); the others go back to 待处理 so the committee sees them again.

    Only an opinion that was adopted into this material until now, or is 待处理, is
    linked: one the committee answered, declined or adopted elsewhere after the
    revision was saved keeps what the committee decided.
    """
    relinked = set()
    open_to_link = Q(pk__in=adopted) | Q(problem__isnull=True, status=Opinion.Status.PENDING)
    for entry in data.get("categories", []):
        for n, item in enumerate(entry.get("items", []), start=1):
            ids = item.get("opinions") or []
            if ids:
                linkable = Opinion.objects.filter(open_to_link, pk__in=ids, campaign__cycle_id=material.cycle_id)
                linked = set(linkable.values_list("pk", flat=True))
                Opinion.objects.filter(pk__in=linked).update(
                    problem=places[(entry["name"], n)], status=Opinion.Status.ADOPTED
                )
                relinked.update(str(i) for i in linked)
    orphaned = [pk for pk in adopted if str(pk) not in relinked]
    Opinion.objects.filter(pk__in=orphaned, problem__isnull=True).update(status=Opinion.Status.PENDING)


def _texts(data: MaterialData):
    """(where, kind, field, text) for every text `data` (the import shape) would save."""
    for field in TEXT_LIMITS["material"]:
        label = str(Material._meta.get_field(field).verbose_name)  # 标题, 开头, 原因部分引言…
        text = (data.get("signature") or {}).get("name") if field == "signature" else data.get(field)
        yield label, "material", field, text
    for section in data.get("extra_sections", []):
        yield f"其他部分“{section.get('heading', '')[:20]}”", "section", "heading", section.get("heading")
        yield f"其他部分“{section.get('heading', '')[:20]}”", "section", "body", section.get("text")
    for entry in data.get("categories", []):
        name = str(entry.get("name", ""))[:20]
        yield f"查摆方面“{name}”", "category", "name", entry.get("name")
        yield f"查摆方面“{name}”", "category", "heading", entry.get("heading")
        yield f"“{name}”方面的引言", "intro", "text", entry.get("intro")
        for n, item in enumerate(entry.get("items", []), start=1):
            yield f"“{name}”方面的第{n}个问题", "problem", "text", item.get("text")
    for n, cause in enumerate(data.get("causes", []), start=1):
        yield f"第{n}条原因", "cause", "heading", cause.get("heading")
        yield f"第{n}条原因", "cause", "body", cause.get("text")
    for n, direction in enumerate(data.get("directions", []), start=1):
        yield f"第{n}个努力方向", "direction", "heading", direction.get("heading")
        yield f"第{n}个努力方向", "direction", "intro", direction.get("intro")
        for m, measure in enumerate(direction.get("measures", []), start=1):
            yield f"第{n}个努力方向的第{m}条措施", "measure", "text", measure.get("text")


def check_text_lengths(data: MaterialData) -> None:
    """Raise ValidationError naming the first text in `data` longer than TEXT_LIMITS allows."""
    for where, kind, field, text in _texts(data):
        limit = TEXT_LIMITS[kind][field]
        if isinstance(text, str) and len(text) > limit:
            raise ValidationError(
                f"{where}有{len(text)}字，超过了每项{limit}字的上限，没有保存任何内容。请删减或拆成几项后再试。"
            )


@transaction.atomic
def material_fill(*, material: Material, data: MaterialData) -> Material:
    """Replace a material's whole content with `data` (the import JSON shape,
    orglife.materials.document.shape.MaterialData).

    Side effects: deletes the material's sections, category intros, problems,
    causes, directions, measures and measure-problem links, then creates them anew
    with positions 1..n; adds to the cycle, at the end, any category it lacks.
    Opinions adopted into the old problems are relinked to the new ones where `data`
    names them (items' "opinions" ids, as in a revision) and otherwise set back to
    待处理. Everything happens in one transaction: on error nothing changes.
    Raises ValidationError, changing nothing, when a text is longer than the editor
    allows (check_text_lengths), so an import or a restore cannot make a longer one.
    """
    check_text_lengths(data)
    adopted = set(Opinion.objects.filter(problem__material=material).values_list("pk", flat=True))
    material.directions.all().delete()  # first: measures PROTECT the problems they link
    material.problems.all().delete()  # adopted opinions lose their problem (SET_NULL)
    material.causes.all().delete()
    material.sections.all().delete()
    material.category_intros.all().delete()

    material_set_fields(material, data)
    material.full_clean(exclude=["cycle", "author"])
    material.save()

    ExtraSection.objects.bulk_create(
        section_row(material, n, section) for n, section in enumerate(data.get("extra_sections", []), start=1)
    )
    categories = {c.name: c for c in material.cycle.categories.all()}
    problems = []
    places: dict[tuple[str, int], Problem] = {}
    for entry in data.get("categories", []):
        category = _category_for(material.cycle, entry["name"], categories)
        intro = intro_row(material, category, entry)
        if intro is not None:
            intro.save()
        for n, item in enumerate(entry.get("items", []), start=1):
            problems.append(problem_row(material, category, n, item))
            places[(entry["name"], n)] = problems[-1]
    Problem.objects.bulk_create(problems)
    _relink_opinions(material, data, places, adopted)
    owners = {u.username: u for u in branch_members(material.cycle.branch)}
    Cause.objects.bulk_create(cause_row(material, n, c) for n, c in enumerate(data.get("causes", []), start=1))
    for n, entry in enumerate(data.get("directions", []), start=1):
        direction = direction_row(material, n, entry)
        direction.save()
        for m, measure in enumerate(entry.get("measures", []), start=1):
            created = measure_row(
                direction,
                m,
                measure,
                owner=owners.get(measure.get("owner") or ""),
                deadline=datetime.date.fromisoformat(measure["deadline"]) if measure.get("deadline") else None,
                status=measure.get("status") or Measure.Status.PLANNED,
            )
            created.save()
            answered = [places.get((a["category"], a["item"])) for a in measure.get("answers", [])]
            created.problems.set([p for p in answered if p is not None])
    return material
