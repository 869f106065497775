"""Writes of the dashboard: the stored summaries of where each cycle stands."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from orglife.cycles.models import Cycle
from orglife.dashboard.models import CycleSummary
from orglife.dashboard.selectors import rows_of

BATCH = 500
# Summaries older than this are made again by the worker (run_worker's housekeeping).
STALE = datetime.timedelta(minutes=5)


def summaries_refresh(cycle_ids: list[int], *, today: datetime.date | None = None) -> int:
    """Compute where each of `cycle_ids` stands (the dashboard's row) and store it.

    Side effects: inserts or updates one CycleSummary per cycle (with the cycle's year
    and planned date, its branch's path and name), BATCH cycles per transaction (five
    queries each: the facts, the talks' coverage, the upsert). Returns how many.
    """
    today = today or timezone.localdate()
    done = 0
    for start in range(0, len(cycle_ids), BATCH):
        chunk = cycle_ids[start : start + BATCH]
        rows = rows_of(Cycle.objects.filter(pk__in=chunk).order_by(), today=today)
        stamp = timezone.now()
        with transaction.atomic():
            CycleSummary.objects.bulk_create(
                [
                    CycleSummary(
                        cycle_id=row.cycle_id,
                        state=row.state,
                        step_position=row.step_position,
                        overdue=bool(row.overdue_cells(today)),
                        computed_at=stamp,
                        year=row.year,
                        planned_date=row.planned_date,
                        branch_path=row.branch_path,
                        branch_name=row.branch_name,
                    )
                    for row in rows
                ],
                update_conflicts=True,
                unique_fields=["cycle"],
                update_fields=[
                    "state",
                    "step_position",
                    "overdue",
                    "computed_at",
                    "year",
                    "planned_date",
                    "branch_path",
                    "branch_name",
                ],
            )
        done += len(rows)
    return done


def summaries_refresh_stale(*, now: datetime.datetime | None = None) -> int:
    """Refresh the summaries older than STALE, and make the missing ones. Returns how many."""
    now = now or timezone.now()
    stale = Cycle.objects.filter(summary__isnull=True) | Cycle.objects.filter(summary__computed_at__lt=now - STALE)
    return summaries_refresh(list(stale.order_by("pk").values_list("pk", flat=True)))
