"""Pages of the rectification ledger: the ledger, an item with its progress and
evidence, 销号, the 公示 page, and the Excel and PDF downloads."""

from __future__ import annotations

from io import BytesIO

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_POST

from orglife.materials.models import Measure
from orglife.orgs.access import (
    get_cycle,
    get_ledger_item,
    ledger_items_for_user,
    may_manage_ledger,
    may_report_progress,
)
from orglife.printing.views import Link, pdf_download
from orglife.rectification import evidence, exports, services
from orglife.rectification.forms import ItemAddForm, ItemEditForm, ProgressForm
from orglife.rectification.models import Evidence, ItemStatus, LedgerItem
from orglife.rectification.selectors import ledger_for

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORBIDDEN = set('\\/:*?"<>|')


def _file_name(title: str, extension: str) -> str:
    clean = "".join("_" if c in _FORBIDDEN or ord(c) < 32 else c for c in title).strip(" .") or "整改台账"
    return f"{clean[:120]}.{extension}"


def _errors(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def _ledger_page(request: HttpRequest, cycle, *, add_form: ItemAddForm | None = None) -> HttpResponse:
    can_manage = may_manage_ledger(request.user, cycle)
    context = {
        "cycle": cycle,
        "ledger": ledger_for(cycle),
        "can_manage": can_manage,
        "add_form": add_form or (ItemAddForm(cycle=cycle, prefix="add") if can_manage else None),
        "add_open": add_form is not None,
        "unbuilt": Measure.objects.filter(direction__material__cycle=cycle, ledger_item__isnull=True).count(),
    }
    return render(request, "rectification/ledger.html", context, status=400 if add_form is not None else 200)


@require_GET
def ledger(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _ledger_page(request, get_cycle(request, cycle_id))


@require_POST
def ledger_build(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_id, write=True)
    made = services.ledger_build(cycle=cycle, by=request.user)
    if made:
        messages.success(request, f"已由对照检查材料的整改措施生成{made}项整改事项。")
    else:
        messages.info(request, "对照检查材料中没有尚未列入台账的整改措施。")
    return redirect("ledger", cycle.pk)


@require_POST
def ledger_item_add(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_id, write=True)
    form = ItemAddForm(request.POST, cycle=cycle, prefix="add")
    if form.is_valid():
        try:
            item = services.item_add(cycle=cycle, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已添加整改事项：{item.text[:30]}")
            return redirect("ledger", cycle.pk)
    return _ledger_page(request, cycle, add_form=form)


def _item_page(request: HttpRequest, item: LedgerItem, *, status: int = 200, **forms) -> HttpResponse:
    cycle = item.cycle
    ledger = ledger_for(cycle)
    shown = next(i for i in ledger.items if i.pk == item.pk)
    can_manage = may_manage_ledger(request.user, cycle)
    can_report = may_report_progress(request.user, item) and item.status != ItemStatus.CLOSED
    finished = shown.status in (ItemStatus.CLOSED, ItemStatus.LONG_TERM)
    initial = {
        "text": shown.text,
        "problem_text": shown.problem_text,
        "owner": shown.owner_id,
        "deadline": shown.deadline,
        "status": shown.status,
    }
    context = {
        "cycle": cycle,
        "item": shown,
        "can_manage": can_manage,
        "can_report": can_report,
        "progress_form": forms.get("progress_form") or (ProgressForm() if can_report else None),
        "edit_form": forms.get("edit_form")
        or (ItemEditForm(initial=initial, cycle=cycle, finished=finished) if can_manage else None),
        "edit_open": "edit_form" in forms,
        "finished": finished,
    }
    return render(request, "rectification/item.html", context, status=status)


@require_GET
def ledger_item(request: HttpRequest, item_id: int) -> HttpResponse:
    return _item_page(request, get_ledger_item(request, item_id))


@require_POST
def ledger_item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_ledger_item(request, item_id, manage=True)
    finished = item.status in (ItemStatus.CLOSED, ItemStatus.LONG_TERM)
    form = ItemEditForm(request.POST, cycle=item.cycle, finished=finished)
    if form.is_valid():
        try:
            services.item_update(item=item, by=request.user, **{"status": item.status, **form.cleaned_data})
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已保存整改事项。")
            return redirect("ledger_item", item.pk)
    return _item_page(request, item, status=400, edit_form=form)


@require_POST
def ledger_progress_add(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_ledger_item(request, item_id, progress=True)
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            entry = services.progress_add(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            files = entry.files.count()
            messages.success(request, f"已记录进展{f'，附佐证材料{files}个' if files else ''}。")
            return redirect("ledger_item", item.pk)
    return _item_page(request, item, status=400, progress_form=form)


def _close(request: HttpRequest, item_id: int, *, long_term: bool) -> HttpResponse:
    item = get_ledger_item(request, item_id, manage=True)
    try:
        item = services.item_close(item=item, by=request.user, long_term=long_term)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        done = "已销号" if item.status == ItemStatus.CLOSED else "已转为长期坚持"
        messages.success(request, f"{done}：{item.text[:30]}")
    return redirect("ledger_item", item.pk)


@require_POST
def ledger_item_close(request: HttpRequest, item_id: int) -> HttpResponse:
    return _close(request, item_id, long_term=False)


@require_POST
def ledger_item_long_term(request: HttpRequest, item_id: int) -> HttpResponse:
    return _close(request, item_id, long_term=True)


@require_POST
def ledger_item_reopen(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_ledger_item(request, item_id, manage=True)
    try:
        item = services.item_reopen(item=item, by=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, f"已撤销，事项回到“{item.get_status_display()}”。")
    return redirect("ledger_item", item.pk)


@require_GET
def evidence_download(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """The file, to whoever may read its item's ledger: always as an attachment, with
    the type its content was recognised as and no sniffing, never from a public URL."""
    visible = Evidence.objects.filter(entry__item__in=ledger_items_for_user(request.user))
    file = get_object_or_404(visible, pk=evidence_id)
    try:
        handle = evidence.storage().open(file.key, "rb")
    except FileNotFoundError:
        raise Http404("佐证材料文件已不存在。") from None
    response = FileResponse(handle, as_attachment=True, filename=file.name, content_type=file.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_GET
def ledger_public(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_id)
    return render(request, "rectification/public.html", {"cycle": cycle, "ledger": ledger_for(cycle)})


@require_GET
def ledger_xlsx(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_id)
    data = exports.ledger_workbook(cycle=cycle, ledger=ledger_for(cycle))
    name = _file_name(exports.ledger_title(cycle), "xlsx")
    response = FileResponse(BytesIO(data), as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE)
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_GET
def ledger_pdf(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_id)
    job = exports.ledger_job(cycle=cycle, ledger=ledger_for(cycle))
    links = [
        Link(reverse("ledger_public", args=[cycle.pk]), "返回整改公示"),
        Link(reverse("ledger_xlsx", args=[cycle.pk]), "下载Excel"),
    ]
    title = exports.ledger_title(cycle)
    return pdf_download(request, job, filename=_file_name(title, "pdf"), subject=title, links=links)
