"""The material editor: the whole page, and the htmx fragments it swaps in place.

Every view fetches the material through `get_material` (outsider → 404, read-only
→ 403 on anything that writes). Writes answer htmx with the fragment to swap and a
`material-changed` event that refreshes the preview and the checks; without htmx
they redirect back to the editor at the changed part.
"""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh, reswap, retarget, trigger_client_event

from orglife.common.deletion import DeletionRefused
from orglife.cycles.models import Category
from orglife.materials.document.assembly import assemble
from orglife.materials.document.checks import check_material, group_findings
from orglife.materials.editor import context as ctx
from orglife.materials.editor import services as edit
from orglife.materials.editor.forms import GROUP_FORMS, IntroForm
from orglife.materials.editor.parts import PARTS
from orglife.materials.editor.presence import presence_touch
from orglife.materials.models import Material
from orglife.orgs.access import get_material

PAGE = "materials/editor/editor.html"


def _changed(response: HttpResponse, *, focus: str = "") -> HttpResponse:
    """A write's answer: the preview and the checks refresh, the page drops the local
    draft of the form that sent it (X-Orglife-Saved), and the cursor goes to `focus`."""
    response["X-Orglife-Saved"] = "1"
    return _focus(trigger_client_event(response, "material-changed", after="swap"), focus)


def _focus(response: HttpResponse, selector: str) -> HttpResponse:
    """Put the keyboard focus on `selector` once the answer is in the page, not on the body."""
    return (
        trigger_client_event(response, "editor-focus", {"selector": selector}, after="settle") if selector else response
    )


def _back(material: Material, anchor: str = "", *, request: HttpRequest | None = None, notices=()) -> HttpResponse:
    """Without htmx: back to the editor at `anchor`, with what the save changed in the typed text."""
    for notice in notices:
        messages.info(request, notice)
    url = reverse("editor", args=[material.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@require_GET
def editor_page(request: HttpRequest, material_id: int) -> HttpResponse:
    material = get_material(request, material_id, write=True)
    return render(request, PAGE, ctx.page(material, editing=request.GET.get("edit", "")))


@require_GET
def editor_preview(request: HttpRequest, material_id: int) -> HttpResponse:
    material = get_material(request, material_id, write=True)
    return render(request, PAGE + "#preview", {**ctx.base(material), "paragraphs": assemble(material)})


@require_GET
def editor_checks(request: HttpRequest, material_id: int) -> HttpResponse:
    material = get_material(request, material_id, write=True)
    findings = check_material(material)
    template = PAGE + "#checks" if request.htmx else "materials/editor/checks_page.html"
    response = render(
        request,
        template,
        {
            **ctx.base(material),
            "findings": findings,
            "groups": group_findings(findings),
            "fixable": any(f.fixable for f in findings),
        },
    )
    patch_vary_headers(response, ["HX-Request"])  # the same URL answers a fragment or a whole page
    return response


@require_POST
def editor_presence(request: HttpRequest, material_id: int) -> HttpResponse:
    material = get_material(request, material_id, write=True)
    others = presence_touch(material=material, user=request.user)
    return render(request, PAGE + "#presence-names", {**ctx.base(material), "others": others})


@require_http_methods(["GET", "POST"])
def part_view(request: HttpRequest, material_id: int, kind: str, pk: int) -> HttpResponse:
    """GET: the part's card, or its form with ?edit=1. POST: save the form."""
    material = get_material(request, material_id, write=True)
    if kind not in PARTS:
        raise Http404
    if request.method == "GET":
        obj = ctx.part(material, kind, pk)
        return ctx.fragment(request, *ctx.part_fragment(material, kind, obj, editing=bool(request.GET.get("edit"))))
    obj = ctx.find_part(material, kind, pk)
    form = ctx.part_form(material, kind, None, data=request.POST)
    if obj is None:  # deleted while this editor had it open: give the text back, never a bare 404
        return ctx.conflict_response(request, material, kind, pk, form, edit.EditConflict(None, ""))
    if not form.is_valid():
        return ctx.fragment(request, *ctx.part_fragment(material, kind, obj, form=form))
    try:
        saved = edit.part_save(
            kind=kind, material=material, pk=pk, base=form.cleaned_data["base"], changes=form.changes(), by=request.user
        )
    except edit.EditConflict as conflict:
        return ctx.conflict_response(request, material, kind, pk, form, conflict)
    except ValidationError as gone:  # moved to a category deleted after the form was checked
        form.add_error("category", gone.messages[0])
        return ctx.fragment(request, *ctx.part_fragment(material, kind, obj, form=form))
    if not request.htmx:
        return _back(material, f"{kind}-{pk}", request=request, notices=form.notices)
    notice = ctx.notice(kind, pk, form)
    if kind == "problem" and saved.category_id != obj.category_id:
        response = render(request, *ctx.block_fragment(material, kind, saved, notice=notice))
        return _changed(ctx.also_refresh(response, request, material, obj), focus=f"#{kind}-{pk}")
    fragment = ctx.part_fragment(material, kind, ctx.part(material, kind, pk), notice=notice)
    return _changed(render(request, *fragment), focus=f"#{kind}-{pk}")


@require_POST
def part_add(request: HttpRequest, material_id: int, kind: str) -> HttpResponse:
    material = get_material(request, material_id, write=True)
    if kind not in PARTS:
        raise Http404
    parent = None
    form = ctx.add_form(material, kind, data=request.POST)
    if kind == "measure":
        direction_id = request.POST.get("direction", "")
        if not direction_id.isdigit():
            return HttpResponseBadRequest("请求无效：没有指明添加到哪个努力方向。")
        parent = material.directions.filter(pk=direction_id).first()
        if parent is None:  # deleted meanwhile: give the text back
            return _add_refused(request, material, kind, f"direction-{direction_id}", DIRECTION_GONE, form)
    if kind == "problem" and not _category_offered(form):  # deleted meanwhile, or not this cycle's
        raw = str(form["category"].value() or "")
        target = f"category-{raw}" if raw.isdigit() else "category-unknown"
        return _add_refused(request, material, kind, target, edit.CATEGORY_GONE, form)
    if not form.is_valid():
        return ctx.fragment(request, *ctx.block_fragment(material, kind, None, parent=parent, add_form=form))
    data = form.changes()
    try:
        created = _create(request, material, kind, parent, form, data)
    except ValidationError as gone:  # the category was deleted after the form was checked
        return _add_refused(request, material, kind, f"category-{data['category_id']}", gone.messages[0], form)
    if not request.htmx:
        return _back(material, f"{kind}-{created.pk}", request=request, notices=form.notices)
    if request.POST.get("refresh"):  # added from the refusal, in place of a list that is gone
        return HttpResponseClientRefresh()
    fragment = ctx.block_fragment(material, kind, created, notice=ctx.notice(kind, created.pk, form))
    return _changed(render(request, *fragment), focus=f"#{kind}-{created.pk}")


DIRECTION_GONE = "这个努力方向已被删除，措施没有保存。您写的文字在下面，可以添加到其他努力方向。"


def _create(request: HttpRequest, material: Material, kind: str, parent, form, data: dict):
    if kind == "problem":
        category = form.cleaned_data["category"]
        return edit.problem_add(material=material, category=category, text=data["text"], by=request.user)
    if kind == "measure":
        return edit.measure_add(direction=parent, by=request.user, **data)
    if kind == "cause":
        return edit.cause_add(material=material, by=request.user, **data)
    if kind == "direction":
        return edit.direction_add(material=material, by=request.user, **data)
    return edit.section_add(material=material, by=request.user, **data)


def _category_offered(form) -> bool:
    raw = str(form["category"].value() or "")
    return raw.isdigit() and form.fields["category"].queryset.filter(pk=raw).exists()


def _add_refused(request: HttpRequest, material: Material, kind: str, target: str, message: str, form):
    text = str(form["text"].value() or "")
    return ctx.add_refused(request, material, kind, target=target, message=message, text=text)


@require_POST
def part_move(request: HttpRequest, material_id: int, kind: str, pk: int, way: str) -> HttpResponse:
    material = get_material(request, material_id, write=True)
    if kind not in PARTS or way not in ("up", "down"):
        raise Http404
    obj = ctx.part(material, kind, pk)
    moved = edit.part_move(kind=kind, material=material, pk=pk, delta=-1 if way == "up" else 1, by=request.user)
    if not request.htmx:
        return _back(material, f"{kind}-{pk}")
    response = _focus(render(request, *ctx.block_fragment(material, kind, obj)), f'#{kind}-{pk} [hx-post$="/{way}/"]')
    return _changed(response) if moved else response


@require_POST
def part_delete(request: HttpRequest, material_id: int, kind: str, pk: int) -> HttpResponse:
    material = get_material(request, material_id, write=True)
    if kind not in PARTS:
        raise Http404
    obj = ctx.part(material, kind, pk)
    try:
        snapshot = edit.part_delete(
            kind=kind, material=material, pk=pk, base=request.POST.get("base", ""), by=request.user
        )
    except DeletionRefused as refused:
        response = ctx.fragment(
            request, *ctx.block_fragment(material, kind, obj, error=(kind, obj.pk, refused.message))
        )
        return _focus(response, f"#{kind}-{obj.pk}")
    except edit.EditConflict:
        message = "其他人刚刚修改了这一项，下面已是最新内容，请核对后再决定是否删除。"
        response = ctx.fragment(request, *ctx.block_fragment(material, kind, obj, error=(kind, obj.pk, message)))
        return _focus(response, f"#{kind}-{obj.pk}")
    if not request.htmx:
        return _back(material)
    undo = ctx.undo_offer(material, kind, snapshot) if snapshot is not None else None
    return _changed(render(request, *ctx.block_fragment(material, kind, obj, undo=undo)), focus="#undo-notice button")


@require_POST
def part_undo(request: HttpRequest, material_id: int) -> HttpResponse:
    """Put back the part a delete removed, from the signed token of its notice; each token once."""
    material = get_material(request, material_id, write=True)
    try:
        offer = signing.loads(request.POST.get("token", ""), salt=ctx.UNDO_SALT, max_age=edit.UNDO_SECONDS)
    except signing.BadSignature:  # also SignatureExpired
        return _undo_refused(request, material, "无法撤销：撤销已超过一小时，或链接已失效。")
    if offer["material"] != material.pk or offer["kind"] not in PARTS:
        raise Http404
    kind = offer["kind"]
    try:
        part = edit.part_undelete(
            kind=kind, material=material, data=offer["data"], by=request.user, token=request.POST["token"]
        )
    except edit.UndoAlreadyUsed:
        return _undo_refused(request, material, "这一项已经撤销过了。")
    except ValidationError as exc:
        return _undo_refused(request, material, exc.messages[0])
    if not request.htmx:
        return _back(material, f"{kind}-{part.pk}")
    return _changed(render(request, *ctx.block_fragment(material, kind, part)), focus=f"#{kind}-{part.pk}")


def _undo_refused(request: HttpRequest, material: Material, message: str) -> HttpResponse:
    """The notice replaced by why the undo cannot be done (for htmx: in place of the notice)."""
    if not request.htmx:
        messages.error(request, message)
        return _back(material)
    response = HttpResponse(format_html('<p id="undo-notice" class="error" role="alert">{}</p>', message))
    return _focus(reswap(retarget(response, "#undo-notice"), "outerHTML"), "#undo-notice")


@require_http_methods(["GET", "POST"])
def intro_view(request: HttpRequest, material_id: int, category_id: int) -> HttpResponse:
    material = get_material(request, material_id, write=True)
    category = get_object_or_404(Category, cycle=material.cycle, pk=category_id)
    intro = material.category_intros.filter(category=category).first()
    if request.method == "GET":
        return ctx.fragment(
            request, *ctx.intro_fragment(material, category, intro, editing=bool(request.GET.get("edit")))
        )
    form = IntroForm(request.POST)
    if not form.is_valid():
        return ctx.fragment(request, *ctx.intro_fragment(material, category, intro, form=form))
    try:
        intro = edit.intro_save(
            material=material,
            category=category,
            base=form.cleaned_data["base"],
            text=form.cleaned_data["text"],
            by=request.user,
        )
    except edit.EditConflict as conflict:
        return ctx.intro_conflict_response(request, material, category, form, conflict)
    if not request.htmx:
        return _back(material, f"category-{category.pk}")
    return _changed(render(request, *ctx.intro_fragment(material, category, intro)), focus=f"#intro-{category.pk}")


@require_http_methods(["GET", "POST"])
def group_view(request: HttpRequest, material_id: int, group: str) -> HttpResponse:
    """The material's own fields, in groups: title and preamble, part headings, ending, format."""
    material = get_material(request, material_id, write=True)
    if group not in GROUP_FORMS:
        raise Http404
    if request.method == "GET":
        return ctx.fragment(request, *ctx.group_fragment(material, group, editing=bool(request.GET.get("edit"))))
    form = GROUP_FORMS[group](request.POST)
    if not form.is_valid():
        return ctx.fragment(request, *ctx.group_fragment(material, group, form=form))
    try:
        material = edit.material_fields_save(
            material=material, group=group, base=form.cleaned_data["base"], changes=form.changes(), by=request.user
        )
    except edit.EditConflict as conflict:
        return ctx.group_conflict_response(request, material, group, form, conflict)
    if not request.htmx:
        return _back(material, group, request=request, notices=form.notices)
    fragment = ctx.group_fragment(material, group, notice=ctx.notice("group", group, form))
    return _changed(render(request, *fragment), focus=f"#{group}")


@require_POST
def fix_punctuation(request: HttpRequest, material_id: int) -> HttpResponse:
    material = get_material(request, material_id, write=True)
    changed = edit.material_fix_punctuation(material=material, by=request.user)
    messages.success(request, f"已将 {changed} 处文字改为中文标点。" if changed else "没有需要修改的标点。")
    if request.htmx:
        return HttpResponseClientRefresh()
    return _back(material)
