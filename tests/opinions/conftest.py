"""Fixtures for opinion collection: an open campaign on the shared `world` cycle."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from orglife.models import Campaign, Opinion, Source
from orglife.services.opinion import campaign_create, opinion_submit, release_all_now


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
    """Submit an opinion the way the public form does; `category` is a name.

    A signed opinion is returned as stored. An anonymous one is sealed; it is then
    released at once (release_all_now, what waits included) and returned, unless
    `held`, when it stays sealed and None is returned."""

    def do(
        text: str, *, source: str = "masses", category: str | None = "思想", held: bool = False, **extra
    ) -> Opinion | None:
        found = campaign.categories.get(name=category) if category else None
        opinion = opinion_submit(campaign=campaign, source=source, category=found, text=text, **extra)
        if opinion is not None or held:
            return opinion
        with transaction.atomic():
            released = release_all_now(campaign=campaign)
        return next(opinion for opinion in released if opinion.text == text)

    return do
