"""The hold-back cannot be worked around: a floor of 3, never lowered once the campaign
has opened, and every change to it and to the dates kept and shown."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from orglife.models import Campaign, CampaignChange, Source
from orglife.opinions.forms import CampaignForm
from orglife.opinions.services import campaign_create, campaign_update


def _update(campaign, by, **changes):
    fields = {
        "title": campaign.title,
        "opens_on": campaign.opens_on,
        "closes_on": campaign.closes_on,
        "sources": campaign.sources,
        "categories": list(campaign.categories.all()),
        "hold_back": campaign.hold_back,
    }
    return campaign_update(campaign=campaign, by=by, **(fields | changes))


def _form_data(campaign, **changes) -> dict:
    data = {
        "title": campaign.title,
        "opens_on": campaign.opens_on.isoformat(),
        "closes_on": campaign.closes_on.isoformat(),
        "sources": campaign.sources,
        "categories": [str(c.pk) for c in campaign.categories.all()],
        "hold_back": str(campaign.hold_back),
        "one_per_member": "on",
    }
    return data | changes


@pytest.mark.parametrize("hold_back", [0, 1, 2])
def test_hold_back_below_three_is_refused_by_form_service_and_database(world, campaign, today, hold_back):
    form = CampaignForm(_form_data(campaign, hold_back=str(hold_back)), cycle=world.cycle)
    with pytest.raises(ValidationError) as created:
        campaign_create(
            cycle=world.cycle,
            title="x",
            opens_on=today,
            closes_on=today,
            sources=Source.values,
            categories=[],
            hold_back=hold_back,
        )
    with pytest.raises(ValidationError) as updated:
        _update(campaign, world.secretary, hold_back=hold_back)
    with pytest.raises(IntegrityError), transaction.atomic():
        Campaign.objects.filter(pk=campaign.pk).update(hold_back=hold_back)

    assert (form.is_valid(), form.errors["hold_back"]) == (False, ["匿名意见显示门槛不能低于3条。"])
    assert created.value.message_dict == {"hold_back": ["匿名意见显示门槛不能低于3条。"]}
    assert updated.value.messages == ["匿名意见显示门槛不能低于3条。"]
    assert Campaign.objects.get(pk=campaign.pk).hold_back == 3
    assert CampaignChange.objects.count() == 0


def test_hold_back_cannot_be_lowered_once_the_campaign_has_opened(world, campaign):
    _update(campaign, world.secretary, hold_back=6)

    with pytest.raises(ValidationError) as refused:
        _update(Campaign.objects.get(pk=campaign.pk), world.secretary, hold_back=3)

    assert refused.value.messages == ["征求意见开始后，匿名意见显示门槛只能调高，不能调低。"]
    assert Campaign.objects.get(pk=campaign.pk).hold_back == 6


def test_hold_back_may_be_lowered_before_the_campaign_opens(world, today):
    upcoming = campaign_create(
        cycle=world.cycle,
        title="下周开始",
        opens_on=today + datetime.timedelta(days=7),
        closes_on=today + datetime.timedelta(days=14),
        sources=["masses"],
        categories=[],
        hold_back=8,
    )

    _update(upcoming, world.secretary, hold_back=4)

    assert Campaign.objects.get(pk=upcoming.pk).hold_back == 4


def test_an_opened_campaign_cannot_be_made_upcoming_again(world, campaign, today):
    """Or the hold-back could be lowered in two steps: first un-open, then lower."""
    with pytest.raises(ValidationError) as refused:
        _update(campaign, world.secretary, opens_on=today + datetime.timedelta(days=1))

    assert refused.value.messages == ["征求意见已经开始，开始日期不能改到今天以后。"]


def test_a_running_campaign_can_end_today_at_the_earliest(world, campaign, today):
    """Ending it releases everything waiting; not before the day is out."""
    with pytest.raises(ValidationError) as refused:
        _update(campaign, world.secretary, closes_on=today - datetime.timedelta(days=1))
    _update(campaign, world.secretary, closes_on=today)

    assert refused.value.messages == ["征求意见正在进行，截止日期最早只能改为今天。"]
    assert Campaign.objects.get(pk=campaign.pk).closes_on == today


def test_changes_to_hold_back_and_dates_are_recorded_with_who_when_from_and_to(world, campaign, today):
    before = timezone.now()
    _update(campaign, world.secretary, hold_back=5)
    _update(campaign, world.committee, closes_on=today, title="改名不记录")
    _update(campaign, world.committee, title="再改名")

    changes = [(c.field, c.old, c.new, c.by, before <= c.at <= timezone.now()) for c in campaign.changes.all()]
    assert changes == [
        ("closes_on", (today + datetime.timedelta(days=7)).isoformat(), today.isoformat(), world.committee, True),
        ("hold_back", "3", "5", world.secretary, True),
    ]


def test_campaign_page_shows_the_changes(client_for, world, campaign, today):
    client = client_for(world.committee)
    response = client.post(reverse("campaign_edit", args=[campaign.pk]), _form_data(campaign, hold_back="5"))
    lowered = client.post(reverse("campaign_edit", args=[campaign.pk]), _form_data(campaign, hold_back="4"))

    html = client_for(world.secretary).get(reverse("campaign", args=[campaign.pk])).content.decode()

    change = CampaignChange.objects.get()
    at = timezone.localtime(change.at)
    assert response.status_code == 302
    assert lowered.context["form"].non_field_errors() == ["征求意见开始后，匿名意见显示门槛只能调高，不能调低。"]
    assert f"<li>{at.year}年{at.month}月{at.day}日 {at:%H:%M} 李委员：匿名意见显示门槛由3条改为5条</li>" in html
    assert "同一来源的匿名意见每满5条显示一批" in html


def test_edit_form_shows_the_stored_dates_so_a_browser_keeps_them(client_for, world, campaign):
    """A date input only takes 2022-11-24; any other format left it empty, and no edit could be saved."""
    html = client_for(world.secretary).get(reverse("campaign_edit", args=[campaign.pk])).content.decode()

    assert f'name="opens_on" value="{campaign.opens_on.isoformat()}"' in html
    assert f'name="closes_on" value="{campaign.closes_on.isoformat()}"' in html


def test_campaign_form_labels_carry_no_ascii_colon(client_for, world, campaign):
    """Django's label suffix gave "名称:" and "匿名意见显示门槛:", half-width beside Chinese."""
    client = client_for(world.secretary)
    pages = [reverse("campaign_create", args=[campaign.cycle.pk]), reverse("campaign_edit", args=[campaign.pk])]

    for html in (client.get(url).content.decode() for url in pages):
        assert '<label for="id_title">名称</label>' in html
        assert '<label for="id_hold_back">匿名意见显示门槛</label>' in html
        assert ":</label>" not in html
