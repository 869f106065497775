"""The 谈心谈话 card of the cycle page."""

import re

from django.urls import reverse

from tests.factories import make_talk


def _card(client, cycle) -> str:
    html = client.get(reverse("cycle", args=[cycle.pk])).content.decode()
    return re.search(r'<li class="step step-([a-z-]+)" id="step-talks">(.*?)</li>', html, re.S).group(0)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_without_talks_the_committee_is_asked_to_record_one(world, client_for):
    card = _card(client_for(world.secretary), world.cycle)

    assert 'class="step step-todo"' in card
    assert f'<a href="/cycles/{world.cycle.pk}/talks/new/">记录谈心谈话</a>' in card
    assert "<a " not in _card(client_for(world.member), world.cycle)


def test_with_talks_missing_the_card_counts_and_links_to_the_to_do(world, client_for):
    make_talk(cycle=world.cycle, lead=world.secretary, partners=[world.member])

    secretary = _card(client_for(world.secretary), world.cycle)
    member = _card(client_for(world.member), world.cycle)

    assert _text(secretary).startswith("4 谈心谈话 应谈2人次，已谈1人次")
    assert f'<a href="/cycles/{world.cycle.pk}/talks/coverage/#missing">还有1人次未谈，查看待谈</a>' in secretary
    assert f'<a href="/cycles/{world.cycle.pk}/talks/">查看我参加的谈心谈话</a>' in member


def test_the_card_is_done_when_every_required_pair_has_talked(world, client_for):
    make_talk(cycle=world.cycle, lead=world.secretary, partners=[world.member, world.committee])

    card = _card(client_for(world.reviewer), world.cycle)

    assert 'class="step step-done"' in card
    assert f'<a href="/cycles/{world.cycle.pk}/talks/coverage/">查看覆盖情况</a>' in card
