"""Demo data: the district, the branch, its members and the 2022 cycle with the sample material."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from orglife.cycles.models import Category, Cycle
from orglife.dashboard.demo import load_dashboard_demo
from orglife.evaluation.demo import load_evaluation
from orglife.materials.models import Material
from orglife.materials.services import material_fill
from orglife.meeting.demo import load_meeting_demo
from orglife.opinions.models import Campaign
from orglife.opinions.services import campaign_create, opinion_submit, release_all_now
from orglife.orgs.models import Membership, Organisation, User
from orglife.orgs.services import organisation_create, organisation_move
from orglife.rectification.demo import load_ledger_demo
from orglife.review.demo import load_review_demo
from orglife.talks.demo import load_talks_demo

DEMO_PATH = Path(settings.BASE_DIR) / "fixtures" / "demo.json"


@transaction.atomic
def load_demo(path: Path = DEMO_PATH) -> dict:
    """Create or update the demo records from `path`; running it again changes nothing.

    Side effects: upserts organisations (by code; through orglife.orgs.services, so
    one that was moved goes back under the parent the file names), creates the demo
    users that do not exist yet (with the demo password; an existing user of the same
    name, the superuser `admin` included, is left as it is: its password, name and
    rights), upserts memberships, cycles (by branch and title) with their categories,
    replaces each demo committee material's content, and creates the demo opinion
    campaign with its opinions and the demo evaluation if they do not exist. Returns the demo password, the
    users, and as `existing` the usernames of those that existed before with a
    password of their own.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    orgs: dict[str, Organisation] = {}
    for entry in data["organisations"]:
        orgs[entry["code"]] = _load_organisation(entry, orgs.get(entry["parent"]))
    users, existing = [], set()
    for position, entry in enumerate(data["users"]):
        user, created = User.objects.get_or_create(
            username=entry["username"],
            defaults={
                "full_name": entry["full_name"],
                "is_staff": entry.get("superuser", False),
                "is_superuser": entry.get("superuser", False),
            },
        )
        if created:
            user.set_password(data["password"])
            user.save(update_fields=["password"])
        elif not user.check_password(data["password"]):
            existing.add(user.username)
        for code, role in entry["memberships"]:
            Membership.objects.update_or_create(
                user=user, organisation=orgs[code], role=role, defaults={"position": position}
            )
        users.append(user)
    cycles = [_load_cycle(entry, orgs) for entry in data["cycles"]]
    load_talks_demo()
    load_review_demo()
    for cycle in cycles:  # after the talks and review demos: their personal measures join the ledger
        load_ledger_demo(cycle, today=timezone.localdate())
    load_dashboard_demo()
    return {"password": data["password"], "users": users, "existing": existing}


def _load_organisation(entry: dict, parent: Organisation | None) -> Organisation:
    """The demo organisation with `entry`'s code: created, or renamed and moved to match."""
    org = Organisation.objects.filter(code=entry["code"]).first()
    if org is None:
        return organisation_create(name=entry["name"], kind=entry["kind"], code=entry["code"], parent=parent)
    org.name, org.kind = entry["name"], entry["kind"]
    org.save(update_fields=["name", "kind"])
    return organisation_move(organisation=org, parent=parent)


def _load_cycle(entry: dict, orgs: dict[str, Organisation]) -> Cycle:
    cycle, _ = Cycle.objects.update_or_create(
        branch=orgs[entry["branch"]],
        title=entry["title"],
        defaults={
            "year": entry["year"],
            "kind": entry["kind"],
            "theme": entry["theme"],
            "notice": entry["notice"],
            "study_content": entry["study_content"],
            "planned_date": datetime.date.fromisoformat(entry["planned_date"]),
        },
    )
    for position, name in enumerate(entry["categories"], start=1):
        Category.objects.update_or_create(cycle=cycle, name=name, defaults={"position": position})
    material, _ = Material.objects.get_or_create(
        cycle=cycle, kind=Material.Kind.COMMITTEE, defaults={"title": entry["committee_material"]["title"]}
    )
    material_fill(material=material, data=entry["committee_material"])
    if "campaign" in entry:
        _load_campaign(cycle, entry["campaign"])
    load_meeting_demo(cycle)
    load_evaluation(cycle)
    return cycle


def _load_campaign(cycle: Cycle, entry: dict) -> Campaign:
    """The demo's opinion campaign, open from three days ago for ten days, with its
    opinions submitted the first time only (a second load adds none)."""
    today = timezone.localdate()
    campaign = Campaign.objects.filter(cycle=cycle, title=entry["title"]).first()
    if campaign is not None:
        return campaign
    categories = {c.name: c for c in cycle.categories.all()}
    campaign = campaign_create(
        cycle=cycle,
        title=entry["title"],
        intro=entry["intro"],
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=7),
        sources=entry["sources"],
        categories=list(categories.values()),
    )
    for opinion in entry["opinions"]:
        opinion_submit(
            campaign=campaign, source=opinion["source"], category=categories[opinion["category"]], text=opinion["text"]
        )
    # Made-up opinions with nobody behind them: shown at once, so the board has something to triage.
    release_all_now(campaign=campaign)
    return campaign
