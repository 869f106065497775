"""Fixtures for the web layer's tests: an open opinion campaign on the shared `world` cycle."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from orglife.models import Campaign, Source
from orglife.opinions.services import campaign_create


@pytest.fixture
def campaign(world) -> Campaign:
    today = timezone.localdate()
    return campaign_create(
        cycle=world.cycle,
        title="征求意见",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=1),
        sources=Source.values,
        categories=world.categories,
    )
