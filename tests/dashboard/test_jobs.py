import datetime
import zipfile
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks.backends.database.management.commands.db_worker import Worker
from django_tasks.backends.database.models import DBTaskResult
from django_tasks.base import TaskResultStatus

from orglife.dashboard import jobs
from orglife.dashboard.models import ExportJob
from orglife.dashboard.seed import seed_district
from orglife.dashboard.selectors import Filters, reviewed_paths
from tests.factories import make_export_job

pytestmark = pytest.mark.django_db(transaction=True)


class WorkerKilled(BaseException):
    """Stands for the worker process dying mid-task (kill -9: nothing after it runs)."""


def _run_worker() -> None:
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    ).run()


@pytest.fixture
def rendered(monkeypatch):
    """Fast stand-in PDFs, recording which materials were rendered."""
    calls = []

    def render(material):
        calls.append(material.pk)
        return f"%PDF-1.7 {material.pk}".encode()

    monkeypatch.setattr(jobs, "render_material", render)
    return calls


def _materials_job(seeded) -> ExportJob:
    return jobs.job_create(
        kind=ExportJob.Kind.MATERIALS,
        by=seeded.reviewer,
        paths=reviewed_paths(seeded.reviewer),
        filters=Filters(),
        year=2023,
        title="2023年度材料",
    )


def test_a_job_killed_midway_resumes_and_completes(rendered, monkeypatch):
    seeded = seed_district(branches=12, seed=5, prefix="j")
    job = _materials_job(seeded)
    ids = job.selection["materials"]
    assert job.total == len(ids) >= 5

    original = jobs.render_material

    def dies_at_the_fourth(material):
        if len(rendered) == 3:
            raise WorkerKilled
        return original(material)

    monkeypatch.setattr(jobs, "render_material", dies_at_the_fourth)
    _run_worker()
    job.refresh_from_db()
    assert (job.status, job.done) == (ExportJob.Status.RUNNING, 3)
    # A killed worker leaves its task row running; the worker never sees it again.
    DBTaskResult.objects.filter(pk=job.task_id).update(status=TaskResultStatus.RUNNING)

    monkeypatch.setattr(jobs, "render_material", original)
    assert jobs.recover_stale() == []  # its heartbeat is fresh: maybe only slow
    later = timezone.now() + jobs.STALE + datetime.timedelta(seconds=1)
    assert [j.pk for j in jobs.recover_stale(now=later)] == [job.pk]
    _run_worker()

    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert (job.done, job.attempts) == (len(ids), 2)
    assert rendered == ids  # each material rendered once: the three before the kill were kept
    with jobs.storage().open(job.file_name) as handle:
        archive = zipfile.ZipFile(BytesIO(handle.read()))
    assert len(archive.namelist()) == len(ids)
    assert archive.read(archive.namelist()[0]) == f"%PDF-1.7 {ids[0]}".encode()
    _dirs, files = jobs.storage().listdir(f"jobs/{job.pk}")
    assert files == [job.file_name.rsplit("/", 1)[-1]]  # the parts are gone
    assert job.expires_at - job.finished_at == datetime.timedelta(days=1)


def test_the_dashboard_export_as_excel_and_its_download(rendered):
    seeded = seed_district(branches=7, seed=5, prefix="j")
    client = Client()
    client.force_login(seeded.reviewer)

    response = client.post(reverse("export_create"), {"kind": "dashboard", "year": "2023", "sort": "name"})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("export_job", args=[job.pk])
    assert job.status == ExportJob.Status.QUEUED
    page = client.get(response["Location"])
    assert 'hx-trigger="every 1s"' in page.content.decode()

    _run_worker()

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (ExportJob.Status.DONE, 7, 7)
    progress = client.get(reverse("export_job", args=[job.pk]), headers={"HX-Request": "true"})
    assert "every 1s" not in progress.content.decode()
    download = client.get(reverse("export_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_jobs_are_their_requesters_own():
    mine = seed_district(branches=2, seed=1, prefix="a")
    theirs = seed_district(branches=2, seed=2, prefix="b")
    job = make_export_job(by=mine.reviewer, done=True)
    client = Client()
    client.force_login(theirs.reviewer)
    assert client.get(reverse("export_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("export_download", args=[job.pk])).status_code == 404


def test_an_expired_file_is_gone_and_pruned():
    seeded = seed_district(branches=2, seed=1, prefix="a")
    job = make_export_job(by=seeded.reviewer, done=True)
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    client = Client()
    client.force_login(seeded.reviewer)

    assert client.get(reverse("export_download", args=[job.pk])).status_code == 410
    assert jobs.prune_expired() == 1
    assert not jobs.storage().exists(job.file_name)
    assert not ExportJob.objects.exists()


def test_a_job_out_of_attempts_fails_with_a_message():
    seeded = seed_district(branches=2, seed=1, prefix="a")
    job = make_export_job(by=seeded.reviewer, status="running", attempts=jobs.MAX_ATTEMPTS)
    ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - jobs.STALE * 2)

    assert jobs.recover_stale() == []
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.error == "导出多次中断，请重新导出。"
