"""A member's own material: where to start it (blank, from last year, import), and its 发言提纲."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from orglife.materials.models import Material
from orglife.materials.personal import services
from orglife.materials.personal.models import SpeechOutline
from orglife.materials.personal.outline import MAX_PAGES, PARTS, estimated_pages, outline_lines
from orglife.materials.personal.pdf import outline_job
from orglife.orgs.access import can_edit_material, get_cycle, get_material, may_start_personal
from orglife.printing.views import Link, pdf_download
from orglife.talks.selectors import partners_count


def _member_cycle(request: HttpRequest, cycle_id: int):
    cycle = get_cycle(request, cycle_id)
    if not may_start_personal(request.user, cycle):
        raise PermissionDenied("只有本支部的党员可以写个人对照检查材料。")
    return cycle


@require_GET
def personal_home(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = _member_cycle(request, cycle_id)
    mine = cycle.materials.filter(kind=Material.Kind.PERSONAL, author=request.user).first()
    previous = services.previous_personal(cycle=cycle, author=request.user) if mine is None else None
    context = {
        "cycle": cycle,
        "mine": mine,
        "previous": previous,
        "categories": cycle.categories.order_by("position"),
        "outline": SpeechOutline.objects.filter(material=mine).first() if mine else None,
    }
    return render(request, "materials/personal/home.html", context)


@require_POST
def personal_start(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = _member_cycle(request, cycle_id)
    from_previous = request.POST.get("start") == "previous"
    try:
        material = services.personal_start(
            cycle=cycle,
            author=request.user,
            from_previous=from_previous,
            talked_with=partners_count(cycle=cycle, user=request.user),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("personal_home", cycle.pk)
    if from_previous:
        messages.success(request, "已从上一次的个人材料开始：原因和整改措施已带入，问题需要重新查摆。")
    else:
        messages.success(request, "已建立您的个人对照检查材料，请按查摆方面逐项写问题。")
    return redirect("editor", material.pk)


def _personal(request: HttpRequest, material_id: int, *, write: bool = False) -> Material:
    """The personal material (404 for the committee's, which has no 发言提纲), 403 for a write
    by anyone but its author."""
    material = get_material(request, material_id)
    if material.kind != Material.Kind.PERSONAL:
        raise Http404("发言提纲只属于个人材料。")
    if write and not can_edit_material(request.user, material):
        raise PermissionDenied("只有本人可以修改自己的发言提纲。")
    return material


@require_GET
def outline(request: HttpRequest, material_id: int) -> HttpResponse:
    material = _personal(request, material_id)
    found = SpeechOutline.objects.filter(material=material).first()
    lines = outline_lines(material, found.sections) if found else []
    pages = estimated_pages(lines) if found else 0
    sections = [
        {"n": n, "part": s["part"], "heading": s.get("heading", ""), "text": "\n".join(s.get("points", []))}
        for n, s in enumerate(found.sections if found else [])
    ]
    context = {
        "material": material,
        "cycle": material.cycle,
        "outline": found,
        "lines": lines,
        "pages": pages,
        "max_pages": MAX_PAGES,
        "sections": sections,
        "part_labels": {"problems": "存在的问题", "causes": "原因", "directions": "整改措施"},
        "can_edit": can_edit_material(request.user, material),
    }
    return render(request, "materials/personal/outline.html", context)


@require_POST
def outline_generate(request: HttpRequest, material_id: int) -> HttpResponse:
    material = _personal(request, material_id, write=True)
    services.outline_generate(material=material)
    messages.success(request, "已根据个人对照检查材料生成发言提纲，可以再修改。")
    return redirect("outline", material.pk)


@require_POST
def outline_edit(request: HttpRequest, material_id: int) -> HttpResponse:
    material = _personal(request, material_id, write=True)
    found = SpeechOutline.objects.filter(material=material).first()
    if found is None:
        messages.error(request, "请先生成发言提纲。")
        return redirect("outline", material.pk)
    sections = []
    for n, stored in enumerate(found.sections):
        part = request.POST.get(f"part-{n}", stored.get("part"))
        if part not in PARTS:
            part = stored.get("part")
        heading = request.POST.get(f"heading-{n}", stored.get("heading", "")).strip()[:200]
        points = services.clean_points(request.POST.get(f"points-{n}", ""))
        sections.append({"part": part, "heading": heading, "points": points})
    try:
        services.outline_update(outline=found, sections=sections)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages) + "修改没有保存。")
        return redirect("outline", material.pk)
    messages.success(request, "已保存发言提纲。")
    return redirect(reverse("outline", args=[material.pk]) + "#outline-preview")


@require_GET
def outline_pdf(request: HttpRequest, material_id: int) -> HttpResponse:
    material = _personal(request, material_id)
    found = SpeechOutline.objects.filter(material=material).first()
    if found is None:
        raise Http404("还没有发言提纲。")
    links = [Link(reverse("outline", args=[material.pk]), "返回发言提纲")]
    name = f"发言提纲-{material.author.get_full_name()}-{material.cycle.year}.pdf"
    return pdf_download(request, outline_job(material, found), filename=name, subject="发言提纲", links=links)
