"""Pages of the situation report: read and edit it, regenerate it, print it."""

from __future__ import annotations

from io import BytesIO

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_POST

from orglife.common.ordinals import part_ordinal
from orglife.cycles.models import Cycle
from orglife.orgs.access import get_cycle, may_manage_ledger
from orglife.printing.views import DOCX_CONTENT_TYPE, Link, pdf_download
from orglife.report import exports, services
from orglife.report.forms import ReportForm, SectionForm
from orglife.report.models import Report, ReportSection

_FORBIDDEN = set('\\/:*?"<>|')


def _file_name(report: Report, extension: str) -> str:
    clean = "".join("_" if c in _FORBIDDEN or ord(c) < 32 else c for c in report.title).strip(" .") or "情况报告"
    return f"{clean[:120]}.{extension}"


def _report(cycle: Cycle) -> Report:
    report = Report.objects.filter(cycle=cycle).select_related("cycle__branch").first()
    if report is None:
        raise Http404("尚未生成情况报告。")
    return report


def _page(request: HttpRequest, cycle: Cycle, *, status: int = 200, bad=None) -> HttpResponse:
    report = Report.objects.filter(cycle=cycle).first()
    can_edit = may_manage_ledger(request.user, cycle)
    sections = []
    if report is not None:
        for number, section in enumerate(report.sections.order_by("position"), start=1):
            form = bad if isinstance(bad, SectionForm) and bad.instance.pk == section.pk else None
            sections.append(
                (part_ordinal(number), section, form or SectionForm(instance=section, prefix=f"s{section.pk}"))
            )
    context = {
        "cycle": cycle,
        "report": report,
        "can_edit": can_edit,
        "paragraphs": exports.report_paragraphs(report) if report else [],
        "sections": sections,
        "head_form": bad if isinstance(bad, ReportForm) else (ReportForm(instance=report) if report else None),
        "add_form": bad if isinstance(bad, SectionForm) and bad.instance.pk is None else SectionForm(prefix="add"),
        "edit_open": bad is not None,
    }
    return render(request, "report/report.html", context, status=status)


@require_GET
def report(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _page(request, get_cycle(request, cycle_id))


@require_POST
def report_generate(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_id, write=True)
    again = Report.objects.filter(cycle=cycle).exists()
    services.report_generate(cycle=cycle, by=request.user)
    messages.success(
        request, "已根据本次组织生活会的记录重新生成情况报告。" if again else "已生成情况报告，可逐段修改。"
    )
    return redirect("report", cycle.pk)


@require_POST
def report_edit(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_id, write=True)
    report = _report(cycle)
    form = ReportForm(request.POST, instance=Report.objects.get(pk=report.pk))
    if form.is_valid():
        try:
            services.report_update(report=report, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已保存标题、开头和落款。")
            return redirect("report", cycle.pk)
    return _page(request, cycle, status=400, bad=form)


def _section(cycle: Cycle, section_id: int) -> ReportSection:
    return get_object_or_404(ReportSection.objects.select_related("report"), report__cycle=cycle, pk=section_id)


@require_POST
def report_section_add(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_id, write=True)
    report = _report(cycle)
    form = SectionForm(request.POST, prefix="add")
    if form.is_valid():
        try:
            services.section_save(report=report, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已添加一部分。")
            return redirect("report", cycle.pk)
    return _page(request, cycle, status=400, bad=form)


@require_POST
def report_section_edit(request: HttpRequest, cycle_id: int, section_id: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_id, write=True)
    section = _section(cycle, section_id)
    form = SectionForm(request.POST, instance=ReportSection.objects.get(pk=section.pk), prefix=f"s{section.pk}")
    if form.is_valid():
        try:
            services.section_save(report=section.report, by=request.user, section=section, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已保存。")
            return redirect(reverse("report", args=[cycle.pk]) + f"#section-{section.pk}")
    return _page(request, cycle, status=400, bad=form)


@require_POST
def report_section_delete(request: HttpRequest, cycle_id: int, section_id: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_id, write=True)
    section = _section(cycle, section_id)
    services.section_delete(section=section, by=request.user)
    messages.success(request, f"已删除：{section.heading}")
    return redirect("report", cycle.pk)


@require_GET
def report_pdf(request: HttpRequest, cycle_id: int) -> HttpResponse:
    report = _report(get_cycle(request, cycle_id))
    links = [
        Link(reverse("report", args=[cycle_id]), "返回情况报告"),
        Link(reverse("report_docx", args=[cycle_id]), "导出 Word"),
    ]
    job = exports.report_job(report)
    return pdf_download(request, job, filename=_file_name(report, "pdf"), subject=report.title, links=links)


@require_GET
def report_docx(request: HttpRequest, cycle_id: int) -> HttpResponse:
    report = _report(get_cycle(request, cycle_id))
    response = FileResponse(
        BytesIO(exports.report_docx(report)),
        as_attachment=True,
        filename=_file_name(report, "docx"),
        content_type=DOCX_CONTENT_TYPE,
    )
    patch_cache_control(response, private=True, no_cache=True)
    return response
