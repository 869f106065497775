"""python manage.py run_worker: runs background jobs (bulk exports), with housekeeping.

django-tasks' database worker (db_worker, same options) plus a thread that, at start
and every HOUSEKEEPING_SECONDS, enqueues again the export jobs a dead worker left
unfinished, deletes exports kept past their day, refreshes the dashboard's stale
summaries and makes the copy-detection signatures of materials edited since. Run as
many as needed, on any machine that reaches the database.
"""

import logging
import os
import threading

from django.db import close_old_connections, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks.backends.database.management.commands.db_worker import Command as DbWorkerCommand

from orglife.dashboard.copies import signatures_refresh_stale
from orglife.dashboard.jobs import prune_expired, recover_stale
from orglife.dashboard.services import summaries_refresh_stale

logger = logging.getLogger("orglife.worker")
HOUSEKEEPING_SECONDS = 60


def housekeeping_once() -> None:
    recovered = recover_stale()
    if recovered:
        logger.warning("Resumed %d export job(s) left by a stopped worker.", len(recovered))
    prune_expired()
    summaries_refresh_stale()
    signatures_refresh_stale()


def _housekeeping(stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            housekeeping_once()
        except Exception:
            logger.exception("Worker housekeeping failed; trying again in %ss.", HOUSEKEEPING_SECONDS)
        finally:
            close_old_connections()
            connection.close()
        stop.wait(HOUSEKEEPING_SECONDS)


class Command(DbWorkerCommand):
    help = "Run background jobs (bulk exports) and the housekeeping that resumes interrupted ones."

    def handle(self, *args, **options):
        if not options.get("reload") or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            threading.Thread(target=_housekeeping, args=(threading.Event(),), daemon=True, name="housekeeping").start()
        return super().handle(*args, **options)
