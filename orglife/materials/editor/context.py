"""Context and fragments for the editor views, loaded in a fixed number of queries."""

from __future__ import annotations

from django.core import signing
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from orglife.common.ordinals import item_ordinal
from orglife.cycles.models import Category
from orglife.materials.document.assembly import assemble, load_material, numbered_problems
from orglife.materials.editor.forms import GROUP_FORMS, IntroForm
from orglife.materials.editor.parts import PARTS
from orglife.materials.editor.presence import INTERVAL_SECONDS as PRESENCE_INTERVAL_SECONDS
from orglife.materials.editor.services import MATERIAL_FIELD_GROUPS, EditConflict, field_values, version_token
from orglife.materials.models import Material, Measure, Problem
from orglife.review.selectors import editor_review

PAGE = "materials/editor/editor.html"
# Model attribute → form field, where they differ.
FORM_NAMES = {"category_id": "category", "owner_id": "owner", "problem_ids": "problems"}


def fragment(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """A piece of the editor page: alone for htmx, which swaps it into the page; without
    JavaScript inside the site's layout with a way back to the editor, so that a form
    opened from a link, or sent back with errors or a conflict, shows whole and styled."""
    if request.htmx:
        response = render(request, template, context)
    else:
        response = render(request, "materials/editor/fragment_page.html", {**context, "fragment": template})
    patch_vary_headers(response, ["HX-Request"])
    return response


class EditorUrls:
    """The editor's URLs for one material, for the {% editor_url %} tag.

    Each URL pattern is reversed once per kind, with a stand-in for the ids, which each
    use then fills in: a 100-problem page has about a thousand links, and reversing each
    costs about 0.1 ms, as much as the rest of the page.
    """

    STAND_IN = 2_147_483_647  # an id no row has

    def __init__(self, material_pk: int):
        self.material_pk = material_pk
        self._patterns: dict[tuple, str] = {}

    def __call__(self, name: str, *args) -> str:
        ids = [arg for arg in args if isinstance(arg, int)]
        key = (name, *(None if isinstance(arg, int) else arg for arg in args))
        if key not in self._patterns:
            stand_ins = [self.STAND_IN if isinstance(arg, int) else arg for arg in args]
            url = reverse(name, args=[self.material_pk, *stand_ins])
            self._patterns[key] = url.replace("{", "{{").replace("}", "}}").replace(f"/{self.STAND_IN}/", "/{}/")
        return self._patterns[key].format(*ids)


def base(material: Material) -> dict:
    """What every editor fragment needs: the material, the editor's URL and its part URLs
    (EditorUrls)."""
    return {"material": material, "eb": reverse("editor", args=[material.pk]), "urls": EditorUrls(material.pk)}


def load(material: Material) -> Material:
    """The material as assembly loads it, plus what the editor's cards show: opinion
    counts of problems, owners and linked problems of measures, and every part's place."""
    load_material(
        material,
        problems=Problem.objects.annotate(opinion_count=Count("opinions")),
        measures=Measure.objects.select_related("owner").prefetch_related("problems"),
    )
    _number_parts(material)
    return material


def _number_parts(material: Material) -> None:
    """Give every loaded part its place in its list (`.number`), for its ordinal."""
    for problem, n in numbered_problems(material):
        problem.number = n
    for items in (material.sections.all(), material.causes.all(), material.directions.all()):
        for n, item in enumerate(items, 1):
            item.number = n
    for direction in material.directions.all():
        for n, measure in enumerate(direction.measures.all(), 1):
            measure.number = n


def _problem_labels(material: Material) -> dict[int, str]:
    """'思想·一是' for each problem, as the measure cards and forms name them."""
    names = {c.pk: c.name for c in material.cycle.categories.all()}
    return {p.pk: f"{names[p.category_id]}·{item_ordinal(n)}" for p, n in numbered_problems(material)}


def _categories(material: Material) -> list[dict]:
    intros = {i.category_id: i for i in material.category_intros.all()}
    return [
        {
            "number": n,
            "category": category,
            "intro": intros.get(category.pk),
            "problems": [p for p in material.problems.all() if p.category_id == category.pk],
        }
        for n, category in enumerate(material.cycle.categories.all(), 1)
    ]


def page(material: Material, *, editing: str = "") -> dict:
    load(material)
    return {
        **base(material),
        "cycle": material.cycle,
        "categories": _categories(material),
        "labels": _problem_labels(material),
        "editing": editing,
        "edit_form": _edit_form(material, editing),
        "paragraphs": assemble(material),
        "groups": {g: _group_view(material, g) for g in MATERIAL_FIELD_GROUPS},
        "add_forms": _add_forms(material),
        "presence_every": PRESENCE_INTERVAL_SECONDS,
        "review_info": editor_review(material),  # orglife.review: state and returned comments
    }


def _edit_form(material: Material, editing: str):
    """Without JavaScript, ?edit=problem-12 opens that part's form inside the page."""
    kind, _, pk = editing.partition("-")
    if kind not in PARTS or not pk.isdigit():
        return None
    return part_form(material, kind, part(material, kind, int(pk)))


def _add_forms(material: Material) -> dict:
    return {kind: add_form(material, kind, data=None) for kind in PARTS}


def add_form(material: Material, kind: str, *, data) -> object:
    kwargs = {"material": material} if kind == "problem" else {}  # its categories are the cycle's
    return PARTS[kind].add_form(data, prefix=f"add-{kind}", **kwargs)


def find_part(material: Material, kind: str, pk: int):
    """The part of this material, or None (e.g. someone deleted it meanwhile)."""
    queryset = PARTS[kind].model.objects.filter(pk=pk, **PARTS[kind].of(material))
    if kind == "measure":
        queryset = queryset.select_related("owner").prefetch_related("problems")
    if kind == "problem":
        queryset = queryset.annotate(opinion_count=Count("opinions"))
    return queryset.first()


def part(material: Material, kind: str, pk: int):
    obj = find_part(material, kind, pk)
    if obj is None:
        raise Http404("这一项已被删除。")
    return obj


def part_form(material: Material, kind: str, obj, *, data=None):
    kwargs = {}
    if PARTS[kind].needs_material():
        kwargs["material"] = material
    if kind == "measure":
        load(material)
        labels = _problem_labels(material)
        kwargs["problem_choices"] = [(p.pk, f"{labels[p.pk]} {p.text[:30]}") for p, _ in numbered_problems(material)]
    initial = None
    if obj is not None and data is None:
        values = field_values(obj, PARTS[kind].fields)
        initial = {FORM_NAMES.get(k, k): v for k, v in values.items()}
        initial["base"] = version_token(obj, PARTS[kind].fields)
    return PARTS[kind].edit_form(data, initial=initial, **kwargs)


def _number(kind: str, obj) -> int:
    """The part's place among its siblings, for its ordinal."""
    scope = {f: getattr(obj, f) for f in PARTS[kind].scope}
    return PARTS[kind].model.objects.filter(position__lte=obj.position, **scope).count()


def notice(kind: str, pk, form) -> tuple | None:
    """What the part's card says after a save that changed the typed text (kind, pk, message)."""
    return (kind, pk, " ".join(form.notices)) if form.notices else None


def part_fragment(
    material: Material, kind: str, obj, *, editing: bool = False, form=None, notice=None
) -> tuple[str, dict]:
    obj.number = _number(kind, obj)
    context = {**base(material), "kind": kind, "obj": obj, "pk": obj.pk, "notice": notice}
    if kind == "measure":
        load(material)
        context["labels"] = _problem_labels(material)
    if kind == "direction":  # its card holds its measures: the card is answered whole, with the form or without
        edit_form = form or part_form(material, kind, obj) if editing or form is not None else None
        context = {**page(material), "notice": notice, "direction_form": edit_form, "direction_form_pk": obj.pk}
        context["direction"] = next(d for d in material.directions.all() if d.pk == obj.pk)
        return PAGE + "#direction-card", context
    if editing or form is not None:
        context["form"] = form or part_form(material, kind, obj)
        return PAGE + "#part-form", context
    return PAGE + "#part-card", context


def block_fragment(
    material: Material, kind: str, obj, *, error=None, parent=None, add_form=None, undo=None, notice=None
) -> tuple[str, dict]:
    """The list a part belongs to, re-rendered so every ordinal is right again."""
    load(material)
    context = page(material)
    context["error"], context["undo"], context["notice"] = error, undo, notice
    if add_form is not None:
        context["add_forms"][kind] = add_form
    if kind == "problem":
        category_id = add_form["category"].value() if add_form is not None else obj.category_id
        context["entry"] = next(e for e in context["categories"] if str(e["category"].pk) == str(category_id))
    if kind == "measure":
        direction_id = parent.pk if parent is not None else obj.direction_id
        context["direction"] = next(d for d in material.directions.all() if d.pk == direction_id)
    return PAGE + PARTS[kind].block, context


def add_refused(request: HttpRequest, material: Material, kind: str, *, target: str, message: str, text: str):
    """In place of a list that is gone (a category deleted meanwhile, a direction deleted,
    or one of another material): why the part was not added, the typed text, and where
    else it can go. Adding from here reloads the page, so the gone list disappears."""
    if PARTS[kind].parent == "category":
        choices = material.cycle.categories.order_by("position")
    else:
        choices = material.directions.all()
    context = {**base(material), "kind": kind, "target": target, "message": message, "text": text, "choices": choices}
    return fragment(request, "materials/editor/add_refused.html", context)


UNDO_SALT = "orglife.editor.undo"


def undo_offer(material: Material, kind: str, snapshot: dict) -> dict:
    """What the notice after a delete needs: a signed token holding the snapshot (nobody
    can forge one; only its use is recorded, by part_undelete), a label, and the list
    the part goes back into."""
    token = signing.dumps({"material": material.pk, "kind": kind, "data": snapshot}, salt=UNDO_SALT, compress=True)
    label = snapshot.get("text") or snapshot.get("heading") or ""
    label = " ".join(label.split())
    part = PARTS[kind]
    target = part.list_target(snapshot.get(f"{part.parent}_id") if part.parent else "")
    return {
        "kind": kind,
        "token": token,
        "label": label if len(label) <= 20 else label[:20] + "…",
        "target": target,
        "category_id": snapshot.get("category_id"),
        "direction_id": snapshot.get("direction_id"),
    }


def also_refresh(
    response: HttpResponse, request: HttpRequest, material: Material, old_problem: Problem
) -> HttpResponse:
    """Append the problem's former category, swapped out of band, after it moved."""
    template, context = block_fragment(material, "problem", old_problem)
    context["oob"] = True
    response.content += render_to_string(template, context, request=request).encode()
    return response


def conflict_response(request, material: Material, kind: str, pk: int, form, conflict: EditConflict) -> HttpResponse:
    """Both versions side by side: theirs as stored now, mine still in the form, nothing discarded.

    The form's base becomes the stored version's token, so saving it again is a
    deliberate choice to replace theirs with mine (or with a merge of the two).
    """
    data = request.POST.copy()
    data["base"] = conflict.token
    if conflict.current is not None:
        conflict.current.number = _number(kind, conflict.current)
    context = {
        **base(material),
        "kind": kind,
        "obj": conflict.current,
        "pk": pk,
        "form": part_form(material, kind, None, data=data),
        "labels": _problem_labels(load(material)) if kind == "measure" else {},
    }
    response = fragment(request, PAGE + "#conflict", context)
    response["X-Orglife-Conflict"] = "1"
    return response


def intro_fragment(material: Material, category: Category, intro, *, editing: bool = False, form=None):
    context = {**base(material), "category": category, "intro": intro}
    if editing or form is not None:
        context["form"] = form or IntroForm(
            initial={"text": intro.text if intro else "", "base": version_token(intro, ("text",)) if intro else ""}
        )
        return PAGE + "#intro-form", context
    return PAGE + "#intro-card", context


def intro_conflict_response(request, material: Material, category: Category, form, conflict: EditConflict):
    data = request.POST.copy()
    data["base"] = conflict.token
    context = {
        **base(material),
        "category": category,
        "intro": conflict.current,
        "form": IntroForm(data),
        "theirs": conflict.current.text if conflict.current else "",
        "conflict": True,
    }
    response = fragment(request, PAGE + "#intro-form", context)
    response["X-Orglife-Conflict"] = "1"
    return response


def _group_view(material: Material, group: str) -> dict:
    fields = MATERIAL_FIELD_GROUPS[group]
    return {"name": group, "values": [(material._meta.get_field(f), getattr(material, f)) for f in fields]}


def group_fragment(material: Material, group: str, *, editing: bool = False, form=None, notice=None):
    context = {**base(material), "group": _group_view(material, group), "notice": notice}
    if editing or form is not None:
        fields = MATERIAL_FIELD_GROUPS[group]
        context["form"] = form or GROUP_FORMS[group](
            initial={**{f: getattr(material, f) for f in fields}, "base": version_token(material, fields)}
        )
        return PAGE + "#group-form", context
    return PAGE + "#group-card", context


def group_conflict_response(request, material: Material, group: str, form, conflict: EditConflict):
    data = request.POST.copy()
    data["base"] = conflict.token
    fields = MATERIAL_FIELD_GROUPS[group]
    context = {
        **base(conflict.current),
        "group": _group_view(conflict.current, group),
        "form": GROUP_FORMS[group](data),
        "theirs": [(conflict.current._meta.get_field(f).verbose_name, getattr(conflict.current, f)) for f in fields],
        "conflict": True,
    }
    response = fragment(request, PAGE + "#group-form", context)
    response["X-Orglife-Conflict"] = "1"
    return response
