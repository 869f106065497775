"""The demo cycle's ledger: built from its committee material, with owners,
deadlines, the problems each measure answers, and some progress and 销号."""

from __future__ import annotations

import base64
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from orglife.cycles.models import Cycle
from orglife.materials.models import Material, Problem
from orglife.orgs.models import User
from orglife.rectification.models import LedgerItem
from orglife.rectification.services import item_close, item_update, ledger_build, progress_add

# A 1×1 PNG, as a photo of a study session would be.
PHOTO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)
LATER = "later"  # a deadline a few months after the load, so not everything shows as overdue
# Per measure of the committee material, in printed order: the problems it answers
# as (category, item), its owner, deadline, progress notes, and how it ends.
PLAN = [
    ([("学习", 1)], "secretary", "2023-03-31", ["2022-12-09", "2023-02-24"], "closed"),
    ([("学习", 3)], "liuhong", "2023-03-31", ["2023-01-13"], "closed"),
    ([("生活", 3)], "secretary", "2023-06-30", ["2023-03-10"], "long_term"),
    ([("思想", 3)], "wangqiang", "2023-06-30", ["2023-04-07"], "done"),
    ([("工作", 1)], "secretary", "2023-06-30", ["2023-02-17"], "in_progress"),
    ([("思想", 1), ("思想", 2)], "wangqiang", "2023-06-30", [], ""),
    ([("生活", 2)], "liuhong", LATER, ["2023-05-12"], "in_progress"),
    ([("学习", 2)], "member", LATER, [], ""),
    ([("工作", 2)], "liuhong", LATER, [], ""),
    ([("生活", 1), ("工作", 3)], "member", LATER, [], ""),
]
NOTES = {
    "closed": "已按计划完成，经支部委员会核实，整改到位。",
    "long_term": "已建立制度并坚持执行，需要长期坚持。",
    "done": "已完成，提请支部委员会销号。",
    "in_progress": "正在推进，已完成阶段性任务。",
}


def load_ledger_demo(cycle: Cycle, *, today: datetime.date) -> None:
    """Build the cycle's ledger and set each item up the first time only: an item
    that already has progress, or owner and deadline, is left as it is. Running it
    again adds nothing (ledger_build relinks items to a re-imported material)."""
    users = {u.username: u for u in User.objects.filter(username__in={row[1] for row in PLAN} | {"secretary"})}
    secretary = users["secretary"]
    ledger_build(cycle=cycle, by=secretary)
    items = list(LedgerItem.objects.filter(cycle=cycle, member__isnull=True).order_by("position"))
    problems = {(p.category.name, p.position): p for p in _committee_problems(cycle)}
    for item, (answers, owner, deadline, dates, end) in zip(items, PLAN, strict=False):
        if not item.problems.exists():
            item.problems.set([problems[key] for key in answers if key in problems])
        if item.owner_id is not None or item.entries.exists():
            continue
        due = today + datetime.timedelta(days=90) if deadline == LATER else datetime.date.fromisoformat(deadline)
        item = item_update(
            item=item,
            by=secretary,
            text=item.text,
            problem_text="",
            owner=users[owner],
            deadline=due,
            status=item.status,
        )
        for n, day in enumerate(dates, start=1):
            last = n == len(dates)
            files = [SimpleUploadedFile("学习现场.png", PHOTO)] if n == 1 else []
            progress_add(
                item=item,
                by=users[owner],
                on=datetime.date.fromisoformat(day),
                text=NOTES[end] if last else "已制定计划，按月推进。",
                files=files,
                done=last and end in ("done", "closed"),
            )
        if end in ("closed", "long_term"):
            item_close(item=item, by=secretary, long_term=end == "long_term")


def _committee_problems(cycle: Cycle):
    return Problem.objects.filter(material__cycle=cycle, material__kind=Material.Kind.COMMITTEE).select_related(
        "category"
    )
