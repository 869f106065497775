"""Import a material (upload or paste → preview → confirm).

Between preview and confirm the text stays in the session, never in the page: the
confirm step re-parses exactly what was previewed, and the digest in the form makes
sure it is the preview the user is looking at (not one opened later in another tab).
"""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from orglife.importing import parse_material
from orglife.importing.forms import ConfirmForm, ImportForm
from orglife.models import Cycle, Membership, User
from orglife.services.importing import import_target, material_import

from .access import get_cycle


def _import_target(request: HttpRequest, cycle_id: int, personal: bool) -> tuple[Cycle, User | None]:
    """The cycle and the author: the committee imports its material, a member only their own."""
    if not personal:
        return get_cycle(request, cycle_id, write=True), None
    cycle = get_cycle(request, cycle_id)
    members = Membership.objects.filter(organisation=cycle.branch).exclude(role=Membership.Role.REVIEWER)
    if not members.filter(user=request.user).exists():
        raise PermissionDenied("只有本支部党员可以导入自己的个人材料。")
    return cycle, request.user


def _session_key(cycle: Cycle, personal: bool) -> str:
    return f"orglife-import:{cycle.pk}:{'personal' if personal else 'committee'}"


def _import_url(cycle: Cycle, personal: bool) -> str:
    return redirect("personal_import" if personal else "material_import", cycle.pk).url


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request: HttpRequest, cycle_id: int, personal: bool = False) -> HttpResponse:
    cycle, author = _import_target(request, cycle_id, personal)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if not form.is_valid():
        return render(request, "importing/upload.html", {"cycle": cycle, "personal": personal, "form": form})
    text, source = form.cleaned_data["text"], form.cleaned_data["source"]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    request.session[_session_key(cycle, personal)] = {"text": text, "digest": digest, "source": source}
    parsed = parse_material(text)
    context = {
        "cycle": cycle,
        "personal": personal,
        "source": source,
        "data": parsed.data,
        "warnings": parsed.warnings,
        "existing": import_target(cycle=cycle, author=author),
        "confirm": ConfirmForm(initial={"digest": digest}),
    }
    return render(request, "importing/preview.html", context)


@require_POST
@login_required
def import_confirm(request: HttpRequest, cycle_id: int, personal: bool = False) -> HttpResponse:
    cycle, author = _import_target(request, cycle_id, personal)
    form = ConfirmForm(request.POST)
    key = _session_key(cycle, personal)
    pending = request.session.get(key)
    if not (form.is_valid() and pending and pending["digest"] == form.cleaned_data["digest"]):
        messages.error(request, "预览已失效（可能已导入，或在别的页面预览了其他材料），请重新上传或粘贴。")
        return redirect(_import_url(cycle, personal))
    outcome = material_import(
        cycle=cycle, text=pending["text"], author=author, by=request.user, source=pending["source"]
    )
    del request.session[key]
    saved = "，原有内容已自动保存为历史版本" if outcome.revision else ""
    messages.success(request, f"已导入“{outcome.material.title}”{saved}。")
    return redirect("material", outcome.material.pk)
