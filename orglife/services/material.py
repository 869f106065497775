"""Writes to a material's content."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q

from orglife.models import (
    Category,
    CategoryIntro,
    Cause,
    Cycle,
    Direction,
    ExtraSection,
    Material,
    Measure,
    Opinion,
    Problem,
)
from orglife.models.limits import TEXT_LIMITS
from orglife.selectors import branch_members


def _category_for(cycle: Cycle, name: str, cache: dict[str, Category]) -> Category:
    if name not in cache:
        last = cycle.categories.aggregate(m=Max("position"))["m"] or 0
        cache[name] = Category.objects.create(cycle=cycle, name=name, position=last + 1)
    return cache[name]


# The material's own fields that the import JSON shape carries by name.
MATERIAL_DATA_FIELDS = (
    "title",
    "preamble",
    "problems_heading",
    "causes_heading",
    "causes_intro",
    "directions_heading",
    "directions_intro",
    "closing",
    "layout",
    "brackets",
)


def material_set_fields(material: Material, data: dict[str, Any]) -> None:
    """Copy the material's own fields and signature from `data` onto `material` (not saved)."""
    for attr in MATERIAL_DATA_FIELDS:
        if attr in data:
            setattr(material, attr, data[attr] or "")
    signature = data.get("signature") or {}
    material.signature = signature.get("name") or ""
    date = signature.get("date")
    material.signed_on = datetime.date.fromisoformat(date) if isinstance(date, str) else date


def _relink_opinions(material: Material, data: dict[str, Any], places: dict, adopted: set) -> None:
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


def _texts(data: dict[str, Any]):
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


def check_text_lengths(data: dict[str, Any]) -> None:
    """Raise ValidationError naming the first text in `data` longer than TEXT_LIMITS allows."""
    for where, kind, field, text in _texts(data):
        limit = TEXT_LIMITS[kind][field]
        if isinstance(text, str) and len(text) > limit:
            raise ValidationError(
                f"{where}有{len(text)}字，超过了每项{limit}字的上限，没有保存任何内容。请删减或拆成几项后再试。"
            )


@transaction.atomic
def material_fill(*, material: Material, data: dict[str, Any]) -> Material:
    """Replace a material's whole content with `data` (the import JSON shape).

    `data` has title, preamble, extra_sections [{heading, text, placement?}],
    categories [{name, intro, items [{text}]}], causes [{heading, text}],
    directions [{heading, intro, measures [{text}]}], closing and
    signature {name, date}; optional part headings, causes_intro, layout, brackets,
    and per measure owner (username of a branch member), deadline (ISO date), status
    and answers [{category, item}] naming the problems it answers.

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
        ExtraSection(
            material=material,
            position=n,
            heading=section["heading"],
            body=section.get("text", ""),
            placement=section.get("placement", ExtraSection.Placement.BEFORE),
        )
        for n, section in enumerate(data.get("extra_sections", []), start=1)
    )
    categories = {c.name: c for c in material.cycle.categories.all()}
    problems = []
    places: dict[tuple[str, int], Problem] = {}
    for entry in data.get("categories", []):
        category = _category_for(material.cycle, entry["name"], categories)
        if entry.get("intro", "").strip():
            CategoryIntro.objects.create(material=material, category=category, text=entry["intro"])
        for n, item in enumerate(entry.get("items", []), start=1):
            problems.append(Problem(material=material, category=category, position=n, text=item["text"]))
            places[(entry["name"], n)] = problems[-1]
    Problem.objects.bulk_create(problems)
    _relink_opinions(material, data, places, adopted)
    owners = {u.username: u for u in branch_members(material.cycle.branch)}
    Cause.objects.bulk_create(
        Cause(material=material, position=n, heading=c["heading"], body=c.get("text", ""))
        for n, c in enumerate(data.get("causes", []), start=1)
    )
    for n, entry in enumerate(data.get("directions", []), start=1):
        direction = Direction.objects.create(
            material=material, position=n, heading=entry["heading"], intro=entry.get("intro", "")
        )
        for m, measure in enumerate(entry.get("measures", []), start=1):
            created = Measure.objects.create(
                direction=direction,
                position=m,
                text=measure["text"],
                owner=owners.get(measure.get("owner") or ""),
                deadline=datetime.date.fromisoformat(measure["deadline"]) if measure.get("deadline") else None,
                status=measure.get("status") or Measure.Status.PLANNED,
            )
            answered = [places.get((a["category"], a["item"])) for a in measure.get("answers", [])]
            created.problems.set([p for p in answered if p is not None])
    return material
