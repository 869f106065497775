"""Fixtures for opinion collection: an open campaign on the shared `world` cycle."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from orglife.models import Campaign, Opinion, Source
from orglife.services.opinion import campaign_create, opinion_submit


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def campaign(world, today) -> Campaign:
    return campaign_create(
        cycle=world.cycle,
        title="2022年专题组织生活会征求意见",
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=7),
        sources=Source.values,
        categories=world.categories,
    )


@pytest.fixture
def submit(campaign):
    """Submit an opinion the way the public form does; `category` is a name."""

    def do(text: str, *, source: str = "masses", category: str | None = "思想", **extra) -> Opinion:
        found = campaign.categories.get(name=category) if category else None
        return opinion_submit(campaign=campaign, source=source, category=found, text=text, **extra)

    return do
