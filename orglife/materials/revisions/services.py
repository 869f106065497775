"""Saved copies of a material's content (MaterialRevision): take, replace, restore."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max, Prefetch

from orglife.common.locks import locked, locked_cycle
from orglife.cycles.models import Category
from orglife.materials.document.assembly import numbered_problems
from orglife.materials.document.shape import (
    AnswerData,
    CategoryData,
    ItemData,
    MaterialData,
    MeasureData,
    cause_data,
    section_data,
    signature_data,
)
from orglife.materials.importing.fitting import category_as_section
from orglife.materials.models import Direction, ExtraSection, Material, Measure, Problem
from orglife.materials.revisions.models import MaterialRevision
from orglife.materials.services import material_fill
from orglife.orgs.access import refuse_if_approved
from orglife.orgs.models import User

REASON_BEFORE_IMPORT = "导入前自动保存"
REASON_BEFORE_RESTORE = "恢复前自动保存"


def material_to_data(material: Material) -> MaterialData:
    """The material's whole content in the import JSON shape: the inverse of material_fill.

    Categories appear in the cycle's order, only those the material uses; a measure's
    owner (username), deadline, status and the problems it answers ({category, item})
    ride along when set, and so do the ids of the opinions adopted into each problem;
    material_fill restores them all.
    """
    material = (
        Material.objects.filter(pk=material.pk)
        .prefetch_related(
            Prefetch("sections", queryset=ExtraSection.objects.order_by("position")),
            "category_intros",
            Prefetch("problems", queryset=Problem.objects.order_by("position").prefetch_related("opinions")),
            "causes",
            Prefetch(
                "directions",
                queryset=Direction.objects.order_by("position").prefetch_related(
                    "measures__owner", "measures__problems"
                ),
            ),
            Prefetch("cycle__categories", queryset=Category.objects.order_by("position")),
        )
        .get()
    )
    intros = {intro.category_id: intro.text for intro in material.category_intros.all()}
    names = {c.pk: c.name for c in material.cycle.categories.all()}
    # problem id → {category, item}: how a measure names the problems it answers
    places: dict[int, AnswerData] = {
        p.pk: {"category": names[p.category_id], "item": n} for p, n in numbered_problems(material)
    }
    problems: dict[int, list[ItemData]] = {}
    for problem in material.problems.all():
        item: ItemData = {"text": problem.text}
        opinions = sorted(str(o.pk) for o in problem.opinions.all())
        if opinions:
            item["opinions"] = opinions  # adopted opinions, relinked when the data is restored
        problems.setdefault(problem.category_id, []).append(item)
    return {
        "title": material.title,
        "preamble": material.preamble,
        "extra_sections": [section_data(s) for s in material.sections.all()],
        "problems_heading": material.problems_heading,
        "categories": [
            {
                "id": category.pk,  # a restore files the problems under it even if it was renamed since
                "name": category.name,
                "heading": category.heading,
                "intro": intros.get(category.pk, ""),
                "items": problems.get(category.pk, []),
            }
            for category in material.cycle.categories.all()
            if category.pk in intros or category.pk in problems
        ],
        "causes_heading": material.causes_heading,
        "causes_intro": material.causes_intro,
        "causes": [cause_data(c) for c in material.causes.all()],
        "directions_heading": material.directions_heading,
        "directions_intro": material.directions_intro,
        "directions": [
            {"heading": d.heading, "intro": d.intro, "measures": [_measure_data(m, places) for m in d.measures.all()]}
            for d in material.directions.all()
        ],
        "closing": material.closing,
        "signature": signature_data(material),
        "layout": material.layout,
        "brackets": material.brackets,
    }


def _measure_data(measure: Measure, places: dict[int, AnswerData]) -> MeasureData:
    data: MeasureData = {"text": measure.text}
    answers = sorted((places[p.pk] for p in measure.problems.all()), key=lambda a: (a["category"], a["item"]))
    if answers:
        data["answers"] = answers
    if measure.owner:
        data["owner"] = measure.owner.username
    if measure.deadline:
        data["deadline"] = measure.deadline.isoformat()
    if measure.status != measure.Status.PLANNED:
        data["status"] = measure.status
    return data


def revision_create(*, material: Material, by: User | None, reason: str, automatic: bool = True) -> MaterialRevision:
    """Save a copy of the material's current content.

    Side effects: creates one MaterialRevision; the material is not changed.
    """
    return MaterialRevision.objects.create(
        material=material, created_by=by, reason=reason, automatic=automatic, data=material_to_data(material)
    )


def categories_ensure(*, material: Material, data: MaterialData) -> None:
    """Give the cycle every category `data` names, with the heading the material prints.

    Side effects: creates the missing Category rows at the end of the cycle's order
    (material_fill would create them too, but without their printed heading).
    """
    existing = set(material.cycle.categories.values_list("name", flat=True))
    last = material.cycle.categories.aggregate(m=Max("position"))["m"] or 0
    for entry in data.get("categories", []):
        if entry["name"] not in existing:
            last += 1
            Category.objects.create(
                cycle=material.cycle, name=entry["name"], heading=entry.get("heading", ""), position=last
            )
            existing.add(entry["name"])


@transaction.atomic
def material_replace(*, material: Material, data: MaterialData, by: User | None, reason: str) -> MaterialRevision:
    """Save a copy of the current content, then replace it with `data` (the import shape).

    Side effects, all in one transaction (on error nothing changes): locks the
    material row, creates a MaterialRevision of the old content with `reason`, adds
    missing categories to the cycle (categories_ensure), and replaces the content
    through material_fill. Returns the revision holding the old content.
    """
    # The cycle first, as category changes and imports lock it: categories may be added
    # (lock order: orglife.common.locks).
    locked_cycle(material.cycle_id)
    material = locked(Material.objects.select_related("cycle").filter(pk=material.pk)).get()
    refuse_if_approved(material.pk)  # an approved material is not replaced (orglife.review)
    revision = revision_create(material=material, by=by, reason=reason)
    categories_ensure(material=material, data=data)
    material_fill(material=material, data=data)
    return revision


def revision_restore(*, revision: MaterialRevision, by: User | None) -> MaterialRevision:
    """Put a saved copy back, saving the current content first so a restore can be undone.

    Problems go back under the categories they were filed under, by id, under their
    current names when renamed since (a copy saved before ids were recorded matches
    by name). A category deleted since is created again only when `by` may change the
    cycle's categories (the committee); for anyone else its intro and problems come
    back as an extra part under its heading, as an import does
    (categories_kept_as_sections names them). Side effects: those of
    material_replace, with the reason 恢复前自动保存. Returns the new revision holding
    what was replaced.
    """
    data, _ = _restorable(revision, by)
    return material_replace(material=revision.material, data=data, by=by, reason=REASON_BEFORE_RESTORE)


def categories_kept_as_sections(*, revision: MaterialRevision, by: User | None) -> list[str]:
    """The headings of the extra parts a restore by `by` would make of categories the
    cycle no longer has (no side effects)."""
    return _restorable(revision, by)[1]


def _restorable(revision: MaterialRevision, by: User | None) -> tuple[MaterialData, list[str]]:
    """The revision's data as `by` may restore it, and the headings of the categories
    that became extra parts."""
    from orglife.materials.importing.services import may_add_categories  # services.importing builds on this module

    material = revision.material
    data = _follow_renamed_categories(material, revision.data)
    if may_add_categories(cycle=material.cycle, by=by):
        return data, []
    known = set(material.cycle.categories.values_list("name", flat=True))
    gone = [{"heading": "", "intro": "", **e} for e in data["categories"] if e["name"] not in known]
    sections = [category_as_section(entry) for entry in gone]
    kept = {
        **data,
        "categories": [entry for entry in data["categories"] if entry["name"] in known],
        "extra_sections": [*data.get("extra_sections", []), *sections],
    }
    return kept, [section["heading"] for section in sections]


def _follow_renamed_categories(material: Material, data: MaterialData) -> MaterialData:
    """`data` with each category entry under the current name of the category it was saved
    from; entries that end up with the same name are joined, in order, so nothing is lost."""
    current = dict(material.cycle.categories.values_list("pk", "name"))
    joined: dict[str, CategoryData] = {}
    for entry in data.get("categories", []):
        name = current.get(entry.get("id"), entry["name"])
        if name not in joined:
            joined[name] = {**entry, "name": name, "items": list(entry.get("items", []))}
            continue
        kept = joined[name]
        kept["items"] += entry.get("items", [])
        kept["intro"] = "\n".join(text for text in (kept.get("intro", ""), entry.get("intro", "")) if text.strip())
    return {**data, "categories": list(joined.values())}
