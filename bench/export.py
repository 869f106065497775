"""Time a bulk export of 200 committee materials as one ZIP of PDFs (issue 18).

Usage: [DATABASE_URL=postgres://…] .venv/bin/python bench/export.py [--materials 200]
A seeded district in a throwaway test database; the export job is created as the
dashboard creates it and run by one in-process worker (django-tasks' database
worker, as `run_worker` runs it), with a fresh print cache so every PDF is rendered.
Prints the time from asking to the first progress update, PDFs per second for the
worker, and the size of the ZIP.
"""

import argparse
import os
import tempfile
import time

from benchsetup import drop_test_database, on_test_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--materials", type=int, default=200)
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="orglife-export-bench-")
    os.environ["ORGLIFE_PRINT_CACHE_DIR"] = os.path.join(scratch, "print")
    os.environ["ORGLIFE_EXPORT_DIR"] = scratch
    os.makedirs(os.environ["ORGLIFE_PRINT_CACHE_DIR"])

    old_name = on_test_database()
    from django.db import connection
    from django.utils import timezone
    from django_tasks.backends.database.management.commands.db_worker import Worker

    try:
        from orglife.dashboard import jobs
        from orglife.dashboard.models import ExportJob
        from orglife.dashboard.seed import seed_district
        from orglife.dashboard.selectors import Filters, reviewed_paths

        seeded = seed_district(branches=args.materials * 3 // 2, seed=3, prefix="exp")  # about 70% have a material
        first_progress = {}
        beat = jobs._beat

        def timed_beat(job, **fields):
            beat(job, **fields)
            if fields.get("done", 0) >= 1 and "first" not in first_progress:
                first_progress["first"] = time.perf_counter()

        jobs._beat = timed_beat
        asked = time.perf_counter()
        job = jobs.job_create(
            kind=ExportJob.Kind.MATERIALS,
            by=seeded.reviewer,
            paths=reviewed_paths(seeded.reviewer),
            filters=Filters(),
            year=2023,
            title="基准导出",
        )
        ids = job.selection["materials"][: args.materials]
        ExportJob.objects.filter(pk=job.pk).update(selection={**job.selection, "materials": ids}, total=len(ids))
        started = time.perf_counter()
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="bench",
        ).run()
        finished = time.perf_counter()
        job.refresh_from_db()
        assert job.status == ExportJob.Status.DONE, (job.status, job.error)
        size = jobs.storage().size(job.file_name)
        print(f"bulk export of {len(ids)} materials on {connection.vendor}, one worker, fresh print cache:")
        print(f"  first progress update {first_progress['first'] - asked:6.2f} s after asking")
        seconds = finished - started
        print(f"  {len(ids) / seconds:6.2f} PDFs per second ({seconds:.1f} s, ZIP {size // 1024} KiB)")
        kept = timezone.localtime(job.expires_at)
        print(f"  the file is kept until {kept:%Y-%m-%d %H:%M}")
    finally:
        drop_test_database(old_name)


if __name__ == "__main__":
    main()
