"""A material's saved revisions: list, save one now, compare any two, download, restore."""

from __future__ import annotations

from io import BytesIO

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dateformat import format as format_date
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from orglife.materials.document.assembly import assemble
from orglife.materials.document.diff import diff_paragraphs
from orglife.materials.document.snapshot import material_from_data
from orglife.materials.models import Material
from orglife.materials.revisions.models import MaterialRevision
from orglife.materials.revisions.services import categories_kept_as_sections, revision_create, revision_restore
from orglife.orgs.access import can_edit_material, get_material
from orglife.printing import material as material_print
from orglife.printing.names import download_name
from orglife.printing.views import DOCX_CONTENT_TYPE, Link, pdf_download

CURRENT = "current"
# As the revision list shows it, in the local time zone (Asia/Shanghai), not UTC.
SAVED_AT_FORMAT = "Y年n月j日 H:i:s"


def saved_at(revision: MaterialRevision) -> str:
    return format_date(timezone.localtime(revision.created_at), SAVED_AT_FORMAT)


class RevisionNoteForm(forms.Form):
    reason = forms.CharField(label="说明", max_length=200, required=False, initial="手动保存")


@require_GET
def revision_list(request: HttpRequest, material_id: int) -> HttpResponse:
    material = get_material(request, material_id)
    context = {
        "material": material,
        "cycle": material.cycle,
        "revisions": material.revisions.select_related("created_by"),
        "can_edit": can_edit_material(request.user, material),
        "note_form": RevisionNoteForm(),
    }
    return render(request, "materials/revisions/list.html", context)


@require_POST
def revision_save(request: HttpRequest, material_id: int) -> HttpResponse:
    material = get_material(request, material_id, write=True)
    form = RevisionNoteForm(request.POST)
    reason = (form.cleaned_data["reason"] if form.is_valid() else "") or "手动保存"
    revision_create(material=material, by=request.user, reason=reason, automatic=False)
    messages.success(request, f"已保存当前内容为历史版本（{reason}）。")
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("material_revisions", material.pk)


def _version(material: Material, key: str) -> tuple[str, list[str]]:
    """A label and the paragraphs of a revision, or of the current content."""
    if key == CURRENT:
        return "当前内容", [p.text for p in assemble(material)]
    revision = get_object_or_404(MaterialRevision, material=material, pk=key if key.isdigit() else 0)
    label = f"{saved_at(revision)} {revision.reason}"
    return label, [p.text for p in assemble(material_from_data(material, revision.data))]


@require_GET
def revision_compare(request: HttpRequest, material_id: int) -> HttpResponse:
    """Character-level differences between two versions (?a=ID&b=ID, either may be 'current');
    coarser where the texts are too long to compare by characters (orglife.materials.document.diff)."""
    material = get_material(request, material_id)
    old_label, old = _version(material, request.GET.get("a", ""))
    new_label, new = _version(material, request.GET.get("b", CURRENT))
    rows = diff_paragraphs(old, new)
    context = {
        "material": material,
        "cycle": material.cycle,
        "old_label": old_label,
        "new_label": new_label,
        "rows": rows,
        "changed": sum(row.op != "equal" for row in rows),
        "coarse": any(row.coarse for row in rows),
    }
    return render(request, "materials/revisions/compare.html", context)


@require_GET
def revision_download(request: HttpRequest, material_id: int, revision_id: int) -> HttpResponse:
    material = get_material(request, material_id)
    revision = get_object_or_404(material.revisions, pk=revision_id)
    response = JsonResponse(revision.data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="material-{material.pk}-revision-{revision.pk}.json"'
    return response


def _revision_snapshot(request: HttpRequest, material_id: int, revision_id: int) -> tuple[Material, MaterialRevision]:
    """The revision, and the material as it was then (in memory, for printing)."""
    material = get_material(request, material_id)
    revision = get_object_or_404(material.revisions, pk=revision_id)
    return material_from_data(material, revision.data), revision


def _file_name(snapshot: Material, revision: MaterialRevision, extension: str) -> str:
    saved = format_date(timezone.localtime(revision.created_at), "Y年n月j日H时i分")
    return download_name(snapshot, extension, suffix=f"（{saved}版本）")


@require_GET
def revision_pdf(request: HttpRequest, material_id: int, revision_id: int) -> HttpResponse:
    """The revision printed as the material's PDF is (same engine, layout and cache by content)."""
    snapshot, revision = _revision_snapshot(request, material_id, revision_id)
    links = [
        Link(reverse("material_revisions", args=[material_id]), _("返回历史版本")),
        Link(reverse("material_revision_docx", args=[material_id, revision.pk]), _("下载Word")),
    ]
    return pdf_download(
        request,
        material_print.material_job(snapshot),
        filename=_file_name(snapshot, revision, "pdf"),
        subject=snapshot.title,
        links=links,
    )


@require_GET
def revision_docx(request: HttpRequest, material_id: int, revision_id: int) -> HttpResponse:
    """The revision as the material's Word file is, dated when the revision was saved."""
    snapshot, revision = _revision_snapshot(request, material_id, revision_id)
    content = material_print.build_docx(snapshot.title, assemble(snapshot), modified=revision.created_at)
    response = FileResponse(
        BytesIO(content),
        as_attachment=True,
        filename=_file_name(snapshot, revision, "docx"),
        content_type=DOCX_CONTENT_TYPE,
    )
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_POST
def revision_restore_view(request: HttpRequest, material_id: int, revision_id: int) -> HttpResponse:
    material = get_material(request, material_id, write=True)
    revision = get_object_or_404(material.revisions, pk=revision_id)
    moved = categories_kept_as_sections(revision=revision, by=request.user)
    try:
        revision_restore(revision=revision, by=request.user)
    except ValidationError as refused:  # e.g. a part longer than the editor allows: nothing changed
        messages.error(request, refused.messages[0])
        return redirect("material_revisions", material.pk)
    messages.success(request, "已恢复到所选版本，恢复前的内容已自动保存为历史版本。")
    if moved:
        headings = "、".join(f"“{heading}”" for heading in moved)
        messages.warning(
            request,
            f"{headings}已不是本次组织生活会的查摆方面，其中的内容已作为其他部分恢复；如需单列，请支部委员先添加该方面。",
        )
    return redirect("material", material.pk)
