"""Fixtures for opinion collection: an open campaign on the shared `world` cycle."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from orglife.models import Campaign, Opinion, Source
from orglife.opinions.services import (
    campaign_create,
    opinion_adopt,
    opinion_answer,
    opinion_decline,
    opinion_merge,
    opinion_submit,
    release_all_now,
)


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


@pytest.fixture
def triaged(world, campaign, submit):
    """Six opinions, three merged into one (one of them of another category), one of each outcome."""
    meetings = submit("会议太多太长。", source="masses", category="工作")
    opinion_merge(primary=meetings, duplicates=[submit("开会时间长。", source="served", category="工作")])
    opinion_merge(
        primary=meetings,
        duplicates=[submit("学习会也开得太长。", source="masses", category="学习")],
        across_categories=True,
    )
    opinion_adopt(opinion=meetings, text="会议多、会议长，挤占干事时间。")
    opinion_answer(opinion=submit("希望公开党费使用情况。", category=None), response="已在公示栏公开。")
    opinion_decline(opinion=submit("建议发放过节费。", category="生活"), reason="不符合纪律要求。")
    submit("学习笔记抄多想少。", source="member", category="学习", user=world.member)
    return campaign
