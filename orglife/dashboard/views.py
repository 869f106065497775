"""The reviewer's dashboard, its bulk exports and the copy comparison of a material."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from orglife.common.ordinals import chinese_date
from orglife.cycles.steps import STEPS
from orglife.dashboard import copies, jobs
from orglife.dashboard.forms import FiltersForm
from orglife.dashboard.models import ExportJob
from orglife.dashboard.selectors import (
    SORTS,
    counts,
    latest_year,
    listed_page,
    organisation_choices,
    page_rows,
    reviewed_paths,
    state_labels,
)
from orglife.orgs.access import get_export_job, get_material, materials_for_user, may_compare_material

PAGE = "dashboard/dashboard.html"
RECENT_JOBS = 5


def _selection(request: HttpRequest, data):
    """The reviewed paths, the filters of `data`, the year; 404 for someone who reviews nothing."""
    paths = reviewed_paths(request.user)
    if not paths:
        raise Http404("没有总览")
    organisations = organisation_choices(paths)
    form = FiltersForm(data, organisations=organisations)
    filters = form.filters()
    return paths, form, filters, filters.year or latest_year(paths)


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Every branch below the reviewer with its cycle's steps: counts per state at the top,
    filters, a page of rows (htmx swaps the table only). A fixed number of queries."""
    paths, form, filters, year = _selection(request, request.GET)
    totals = counts(paths, filters.organisation, year)
    page = listed_page(paths, filters, year, totals, request.GET.get("page"))
    ids = list(page.object_list)
    today = timezone.localdate()
    by_pk = {row.cycle_id: row for row in page_rows(paths, ids, today=today)}
    context = {
        "form": form,
        "filters": filters,
        "year": year,
        "totals": totals,
        "labels": state_labels(),
        "steps": STEPS,
        "sorts": SORTS,
        "page": page,
        "rows": [(by_pk[pk], by_pk[pk].overdue_cells(today)) for pk in ids if pk in by_pk],
        "roots": [org for org in form.organisations.values() if org.path in paths],
        "organisations": form.organisations.values(),
        "jobs": list(ExportJob.objects.filter(requested_by=request.user)[:RECENT_JOBS]),
    }
    return render(request, PAGE + "#table" if request.htmx else PAGE, context)


@require_POST
def export_create(request: HttpRequest) -> HttpResponse:
    """Start a bulk export of the dashboard's current selection (POSTed as its filters)."""
    paths, _form, filters, year = _selection(request, request.POST)
    kind = request.POST.get("kind")
    if kind not in ExportJob.Kind.values:
        messages.error(request, "请选择导出的内容。")
        return redirect("dashboard")
    what = "班子对照检查材料" if kind == ExportJob.Kind.MATERIALS else "总览表"
    scope = filters.organisation.name if filters.organisation else "全部党支部"
    title = f"{year or ''}年度{scope}{what}（{chinese_date(timezone.localdate())}导出）"
    try:
        job = jobs.job_create(kind=kind, by=request.user, paths=paths, filters=filters, year=year, title=title)
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("dashboard")
    return redirect("export_job", job_id=job.pk)


@require_GET
def export_job(request: HttpRequest, job_id) -> HttpResponse:
    """A job's progress; htmx polls the progress part until the job has finished."""
    job = get_export_job(request, job_id)
    template = "dashboard/job.html"
    return render(request, template + "#progress" if request.htmx else template, {"job": job})


@require_GET
def export_download(request: HttpRequest, job_id) -> HttpResponse:
    """The finished file, while it is kept (a day)."""
    job = get_export_job(request, job_id)
    if job.status != ExportJob.Status.DONE or not job.file_name:
        raise Http404("文件尚未生成")
    if job.expires_at and job.expires_at < timezone.now():
        return render(request, "dashboard/job.html", {"job": job, "expired": True}, status=410)
    store = jobs.storage()
    if not store.exists(job.file_name):
        return render(request, "dashboard/job.html", {"job": job, "expired": True}, status=410)
    name = job.file_name.rsplit("/", 1)[-1]
    return FileResponse(store.open(job.file_name), as_attachment=True, filename=name)


@require_GET
def material_similar(request: HttpRequest, material_id: int) -> HttpResponse:
    """The committee materials most like this one (other branches this year, the branch
    last year), with the passages they share marked; for reviewers."""
    material = get_material(request, material_id)
    if not may_compare_material(request.user, material):
        if material.kind != material.Kind.COMMITTEE:
            raise Http404("只比对班子对照检查材料")
        raise PermissionDenied("只有上级党组织的审核人可以比对材料。")
    pairs = copies.similar_materials(material, materials_for_user(request.user))
    return render(
        request,
        "dashboard/similar.html",
        {"material": material, "pairs": pairs, "threshold": round(copies.THRESHOLD * 100)},
    )


COPIES_PER_PAGE = 50


@require_GET
def copies_list(request: HttpRequest) -> HttpResponse:
    """疑似雷同: every suspected copy among the committee materials of the branches below
    the reviewer for a year (or below one organisation), most similar first, each with a
    link to the comparison with the shared passages marked. A fixed number of queries."""
    _paths, form, filters, year = _selection(request, request.GET)
    visible = materials_for_user(request.user)
    if filters.organisation is not None:
        visible = visible.filter(cycle__branch__path__startswith=filters.organisation.path)
    pairs = copies.district_pairs(visible, year) if year else []
    page = Paginator(pairs, COPIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filters": filters,
        "year": year,
        "page": page,
        "threshold": round(copies.THRESHOLD * 100),
    }
    return render(request, "dashboard/copies.html", context)
