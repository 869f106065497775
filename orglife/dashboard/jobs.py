"""Bulk exports as background jobs (django-tasks, database backend).

A reviewer asks for all committee materials of a dashboard selection as one ZIP of
PDFs, or for the dashboard as Excel. `job_create` freezes the selection in an
ExportJob row and enqueues `run_export`; the worker (`python manage.py run_worker`)
runs it. The task records its progress in the row (`done`, `heartbeat_at`), which
the job page polls (htmx).

Resuming. Each PDF is written to the "exports" storage as soon as it is rendered and
only then counted in `done`, so a task started again renders from `done` on. A worker
killed mid-way leaves its job running with a heartbeat that stops; `recover_stale`
(run by every worker at start and then every minute) enqueues the job again once its
heartbeat is older than STALE. The finished file is kept for KEEP (a day), then
`prune_expired` deletes it.
"""

from __future__ import annotations

import datetime
import logging
import zipfile
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from orglife.dashboard.models import ExportJob
from orglife.dashboard.selectors import Filters, listed_cycles, rows_of
from orglife.materials.models import Material
from orglife.orgs.models import Organisation, User
from orglife.printing import pdf
from orglife.printing.material import material_pdf

logger = logging.getLogger(__name__)

KEEP = datetime.timedelta(days=1)
STALE = datetime.timedelta(minutes=2)
MAX_ATTEMPTS = 5
MAX_MATERIALS = 10_000
HEARTBEAT_EVERY = 1  # items between two progress writes


_FORBIDDEN = set('\\/:*?"<>|')


def safe_name(text: str) -> str:
    """`text` as a file name: characters Windows or the shell reject become _."""
    return "".join("_" if char in _FORBIDDEN or ord(char) < 32 else char for char in text).strip() or "导出"


def storage():
    return storages["exports"]


def _filters_json(filters: Filters, year: int | None) -> dict:
    return {
        "org": filters.organisation.pk if filters.organisation else None,
        "year": year,
        "state": filters.state,
        "overdue": filters.overdue,
        "q": filters.query,
        "sort": filters.sort,
    }


def _filters_from(selection: dict) -> Filters:
    org = Organisation.objects.filter(pk=selection["org"]).first() if selection.get("org") else None
    return Filters(
        organisation=org,
        year=selection.get("year"),
        state=selection.get("state", ""),
        overdue=selection.get("overdue", False),
        query=selection.get("q", ""),
        sort=selection.get("sort", "tree"),
    )


@transaction.atomic
def job_create(*, kind: str, by: User, paths: list[str], filters: Filters, year: int | None, title: str) -> ExportJob:
    """Freeze the selection and enqueue the task.

    Side effects: inserts the ExportJob (for MATERIALS, with the ids of the committee
    materials of the selected cycles, in the dashboard's order) and a task row for the
    worker, once the transaction commits. Raises ValueError past MAX_MATERIALS.
    """
    cycles = listed_cycles(paths, filters, year)
    selection = {"paths": paths, **_filters_json(filters, year)}
    if kind == ExportJob.Kind.MATERIALS:
        ids = list(
            Material.objects.filter(kind=Material.Kind.COMMITTEE, cycle__in=cycles.values("pk"))
            .order_by("cycle__branch__path", "pk")
            .values_list("pk", flat=True)
        )
        if len(ids) > MAX_MATERIALS:
            raise ValueError(f"一次最多导出{MAX_MATERIALS}份材料，请缩小范围。")
        selection["materials"] = ids
        total = len(ids)
    else:
        total = cycles.count()
    job = ExportJob.objects.create(kind=kind, requested_by=by, title=title, selection=selection, total=total)
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id) -> None:
    result = run_export.enqueue(str(job_id))
    ExportJob.objects.filter(pk=job_id).update(task_id=str(result.id))


def _part_name(job: ExportJob, index: int) -> str:
    return f"jobs/{job.pk}/part-{index:05d}.pdf"


def _save(name: str, content: bytes) -> None:
    """Write `name` whole, replacing what a killed attempt may have left."""
    store = storage()
    if store.exists(name):
        store.delete(name)
    store.save(name, ContentFile(content))


def _beat(job: ExportJob, **fields) -> None:
    fields["heartbeat_at"] = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def render_material(material: Material) -> bytes:
    """One material's PDF (through the print engine and its cache)."""
    _job, content = material_pdf(material)
    return content


@task()
def run_export(job_id: str) -> str:
    """Run (or go on with) the export `job_id`; returns its status."""
    job = ExportJob.objects.filter(pk=job_id).first()
    if job is None or job.status in (ExportJob.Status.DONE, ExportJob.Status.FAILED):
        return job.status if job else "missing"
    _beat(job, status=ExportJob.Status.RUNNING, attempts=job.attempts + 1)
    try:
        if job.kind == ExportJob.Kind.MATERIALS:
            name, content = _materials_zip(job)
        else:
            name, content = _dashboard_xlsx(job)
        final = f"jobs/{job.pk}/{name}"
        _save(final, content)
        now = timezone.now()
        _beat(
            job, status=ExportJob.Status.DONE, done=job.total, file_name=final, finished_at=now, expires_at=now + KEEP
        )
        _drop_parts(job)
    except Exception as error:
        logger.exception("Export job %s failed", job.pk)
        message = getattr(error, "message", "") or "导出失败，请稍后重试。"
        _beat(job, status=ExportJob.Status.FAILED, error=message, finished_at=timezone.now())
    return job.status


def _materials_zip(job: ExportJob) -> tuple[str, bytes]:
    ids = job.selection["materials"]
    materials = Material.objects.select_related("cycle__branch").in_bulk(ids)
    for index in range(job.done, len(ids)):
        material = materials.get(ids[index])
        if material is not None:
            try:
                _save(_part_name(job, index), render_material(material))
            except pdf.PrintRefused as refused:
                _save(_part_name(job, index) + ".txt", refused.message.encode())
        _beat(job, done=index + 1)
    buffer = BytesIO()
    store = storage()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for index, pk in enumerate(ids):
            material = materials.get(pk)
            if material is None:
                continue
            stem = safe_name(f"{index + 1:04d}-{material.cycle.branch.name}-{material.title}"[:120])
            if store.exists(_part_name(job, index)):
                with store.open(_part_name(job, index)) as part:
                    archive.writestr(f"{stem}.pdf", part.read())
            elif store.exists(_part_name(job, index) + ".txt"):
                with store.open(_part_name(job, index) + ".txt") as part:
                    archive.writestr(f"{stem}（未能生成PDF）.txt", part.read())
    return safe_name(job.title) + ".zip", buffer.getvalue()


def _dashboard_xlsx(job: ExportJob) -> tuple[str, bytes]:
    from orglife.dashboard.xlsx import dashboard_workbook

    filters = _filters_from(job.selection)
    cycles = listed_cycles(job.selection["paths"], filters, job.selection.get("year"))
    ids = list(cycles.values_list("pk", flat=True))
    today = timezone.localdate()
    rows = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        by_pk = {row.cycle_id: row for row in rows_of(cycles.model.objects.filter(pk__in=chunk), today=today)}
        rows += [by_pk[pk] for pk in chunk if pk in by_pk]
        _beat(job, done=min(len(rows), job.total), total=max(job.total, len(ids)))
    return safe_name(job.title) + ".xlsx", dashboard_workbook(title=job.title, rows=rows, today=today)


def _drop_parts(job: ExportJob) -> None:
    store = storage()
    folder = f"jobs/{job.pk}"
    try:
        _dirs, files = store.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        if name.startswith("part-"):
            store.delete(f"{folder}/{name}")


def recover_stale(*, now: datetime.datetime | None = None) -> list[ExportJob]:
    """Enqueue again the jobs whose task stopped without finishing (its worker died):
    queued or running with no heartbeat for STALE. After MAX_ATTEMPTS the job fails.

    Side effects: new task rows; FAILED for jobs out of attempts. Returns the jobs enqueued.
    """
    now = now or timezone.now()
    stale = ExportJob.objects.filter(status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]).filter(
        Q(heartbeat_at__lt=now - STALE) | Q(heartbeat_at__isnull=True, created_at__lt=now - STALE)
    )
    enqueued = []
    for job in stale:
        if job.attempts >= MAX_ATTEMPTS:
            ExportJob.objects.filter(pk=job.pk).update(
                status=ExportJob.Status.FAILED, error="导出多次中断，请重新导出。", finished_at=now
            )
            continue
        # Claim it (the heartbeat moves on), so that two workers recovering at once enqueue it once.
        claimed = ExportJob.objects.filter(pk=job.pk, heartbeat_at=job.heartbeat_at).update(heartbeat_at=now)
        if claimed:
            _enqueue(job.pk)
            enqueued.append(job)
    return enqueued


def prune_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete the files and rows of jobs kept past `expires_at`. Returns how many."""
    now = now or timezone.now()
    expired = list(ExportJob.objects.filter(expires_at__lt=now))
    store = storage()
    for job in expired:
        if job.file_name and store.exists(job.file_name):
            store.delete(job.file_name)
        _drop_parts(job)
    ExportJob.objects.filter(pk__in=[job.pk for job in expired]).delete()
    return len(expired)
