"""Import a material (upload or paste → preview → confirm).

Between preview and confirm the text waits in an ImportPreview row, never in the
page nor the session (which holds only the row's key): the confirm step re-parses
exactly what was previewed, and the digest in the form makes sure it is the
preview the user is looking at (not one opened later in another tab).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from orglife.cycles.models import Cycle
from orglife.materials.document.shape import MaterialData
from orglife.materials.document.weight import data_parts, weigh
from orglife.materials.importing import ImportWarning, ParsedMaterial
from orglife.materials.importing.forms import ConfirmForm, ImportForm
from orglife.materials.importing.models import ImportPreview
from orglife.materials.importing.services import (
    PreviewGone,
    import_target,
    keeping_plan,
    material_has_content,
    parse_for_cycle,
    preview_confirm,
    preview_for,
    preview_store,
)
from orglife.materials.importing.warnings import NO_PARTS, TRADITIONAL
from orglife.materials.models import Material
from orglife.orgs.access import get_cycle, is_branch_member
from orglife.orgs.models import User

TOO_BIG = "内容超过 10 MB，请拆分后分别导入，或上传 Word 文件。"


def _import_target(request: HttpRequest, cycle_id: int, personal: bool) -> tuple[Cycle, User | None]:
    """The cycle and the author: the committee imports its material, a member only their own."""
    if not personal:
        return get_cycle(request, cycle_id, write=True), None
    cycle = get_cycle(request, cycle_id)
    if not is_branch_member(request.user, cycle.branch):
        raise PermissionDenied("只有本支部党员可以导入自己的个人材料。")
    return cycle, request.user


def _session_key(cycle: Cycle, personal: bool) -> str:
    return f"orglife-import:{cycle.pk}:{'personal' if personal else 'committee'}"


def _import_url(cycle: Cycle, personal: bool) -> str:
    return redirect("personal_import" if personal else "material_import", cycle.pk).url


def needs_consent(parsed: ParsedMaterial, existing: Material | None) -> bool:
    """Whether confirming must be ticked explicitly: nothing recognised, and real content would be replaced."""
    return any(warning.code == NO_PARTS for warning in parsed.warnings) and material_has_content(existing)


def _confirm_form(parsed: ParsedMaterial, existing: Material | None, *args, **kwargs) -> ConfirmForm:
    traditional = any(warning.code == TRADITIONAL for warning in parsed.warnings)
    return ConfirmForm(*args, needs_consent=needs_consent(parsed, existing), traditional=traditional, **kwargs)


def _body_too_big(request: HttpRequest) -> bool:
    """Read the POST body; True when it exceeds DATA_UPLOAD_MAX_MEMORY_SIZE."""
    try:
        request.POST.get("text")  # the first access parses the whole body, files included
    except RequestDataTooBig:
        return True
    return False


@csrf_exempt  # the body must be read (and refused politely when too big) before the CSRF check in _upload
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, cycle_id: int, personal: bool = False) -> HttpResponse:
    cycle, author = _import_target(request, cycle_id, personal)
    if request.method == "POST" and _body_too_big(request):
        context = {"cycle": cycle, "personal": personal, "form": ImportForm(), "refusal": TOO_BIG}
        return render(request, "materials/importing/upload.html", context, status=413)
    return _upload(request, cycle, author, personal)


@csrf_protect
def _upload(request: HttpRequest, cycle: Cycle, author: User | None, personal: bool) -> HttpResponse:
    """The upload form, or the preview of what it received (kept in an ImportPreview, its key in the session)."""
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if not form.is_valid():
        return render(request, "materials/importing/upload.html", {"cycle": cycle, "personal": personal, "form": form})
    pending = preview_store(
        owner=request.user,
        cycle=cycle,
        personal=personal,
        text=form.cleaned_data["text"],
        source=form.cleaned_data["source"],
        warnings=form.cleaned_data["warnings"],
    )
    request.session[_session_key(cycle, personal)] = pending.key
    return _preview(request, cycle, author, personal, pending)


def _preview(
    request: HttpRequest,
    cycle: Cycle,
    author: User | None,
    personal: bool,
    pending: ImportPreview,
    confirm: ConfirmForm | None = None,
) -> HttpResponse:
    """The preview page of the pending import, with `confirm` (a fresh form unless given)."""
    parsed = parse_for_cycle(cycle=cycle, text=pending.text, by=request.user)
    existing = import_target(cycle=cycle, author=author)
    if confirm is None:
        confirm = _confirm_form(parsed, existing, initial={"digest": pending.digest})
    warnings = (
        [ImportWarning(**warning) for warning in pending.payload.get("warnings", [])]
        + parsed.warnings
        + content_warnings(parsed.data)
    )
    context = {
        "cycle": cycle,
        "personal": personal,
        "source": pending.payload.get("source", ""),
        "data": parsed.data,
        "done": [warning for warning in warnings if warning.is_done],
        "warnings": [warning for warning in warnings if not warning.is_done],
        "existing": existing,
        "keeping": keeping_plan(material=existing, parsed=parsed)[1] if existing else None,
        "confirm": confirm,
    }
    return render(request, "materials/importing/preview.html", context)


def content_warnings(data: MaterialData) -> list[ImportWarning]:
    """What the checks panel will say of the content once imported, by the same rule
    (orglife.materials.document.weight): problems and causes under half of the text."""
    weight = weigh(data_parts(data))
    return [ImportWarning("thin_core", weight.message)] if weight.thin else []


def _pending(request: HttpRequest, cycle: Cycle, personal: bool) -> ImportPreview | None:
    key = request.session.get(_session_key(cycle, personal))
    return preview_for(key=key if isinstance(key, str) else None, owner=request.user, cycle=cycle, personal=personal)


EXPIRED = "预览已失效（可能已导入，或在别的页面预览了其他材料），请重新上传或粘贴。"


@require_POST
def import_confirm(request: HttpRequest, cycle_id: int, personal: bool = False) -> HttpResponse:
    cycle, author = _import_target(request, cycle_id, personal)
    pending = _pending(request, cycle, personal)
    if not (pending and request.POST.get("digest") == pending.digest):
        messages.error(request, EXPIRED)
        return redirect(_import_url(cycle, personal))
    parsed = parse_for_cycle(cycle=cycle, text=pending.text, by=request.user)
    form = _confirm_form(parsed, import_target(cycle=cycle, author=author), request.POST)
    if not form.is_valid():
        return _preview(request, cycle, author, personal, pending, confirm=form)
    try:
        outcome = preview_confirm(
            preview=pending, by=request.user, keep=form.cleaned_data["keep"], simplify=form.cleaned_data["simplify"]
        )
    except PreviewGone:
        messages.error(request, EXPIRED)
        return redirect(_import_url(cycle, personal))
    except ValidationError as refused:  # e.g. a part longer than the editor allows: nothing saved
        messages.error(request, refused.messages[0])
        return _preview(request, cycle, author, personal, pending, confirm=form)
    request.session.pop(_session_key(cycle, personal), None)
    saved = "，原有内容已自动保存为历史版本" if outcome.revision else ""
    messages.success(request, f"已导入“{outcome.material.title}”{saved}。")
    return redirect("material", outcome.material.pk)
