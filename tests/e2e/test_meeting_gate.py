"""The meeting opens when the higher organisation approves: the secretary finds the demo's
meeting planned but waiting for the review, the district's reviewer approves the
committee material, and the secretary can then put up the sign-in screen."""

import pytest
from playwright.sync_api import expect

from orglife.demo import load_demo
from orglife.models import Material, Meeting

WAITING = "对照检查材料经上级党组织审核通过后方可召开（目前：已报送）"
NOT_HELD = "上级党组织审核通过本支部的对照检查材料后，方可召开会议"


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    return Meeting.objects.select_related("cycle").get()


@pytest.mark.django_db(transaction=True)
def test_the_meeting_opens_when_the_reviewer_approves_the_material(live_server, page, demo, log_in, log_out):
    cycle_url = f"{live_server.url}/cycles/{demo.cycle_id}/"
    meeting_url = f"{cycle_url}meeting/"
    material = Material.objects.get(cycle=demo.cycle, kind=Material.Kind.COMMITTEE)

    log_in(page, "secretary")
    page.goto(cycle_url)
    card = page.locator("#step-meeting")
    expect(card.locator(".step-detail").first).to_have_text(WAITING)
    card.get_by_role("link", name="查看会议通知").click()
    expect(page.locator("#not-held")).to_contain_text(NOT_HELD)
    expect(page.get_by_role("link", name="会场签到屏幕")).to_have_count(0)
    page.goto(meeting_url + "screen/")  # typed in: the screen says why, and shows no code
    expect(page.get_by_role("alert")).to_contain_text(NOT_HELD)
    expect(page.locator("img.mt-qr")).to_have_count(0)
    log_out(page)

    log_in(page, "reviewer")
    page.goto(f"{live_server.url}/materials/{material.pk}/review/")
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator("#review-state")).to_have_text("审核通过")
    page.reload()  # a second look: decided once, nothing left to click
    expect(page.get_by_role("button", name="审核通过")).to_have_count(0)
    log_out(page)

    log_in(page, "secretary")
    page.goto(cycle_url)
    expect(page.locator("#step-meeting .step-detail")).not_to_contain_text([WAITING])
    page.goto(meeting_url)
    expect(page.locator("#not-held")).to_have_count(0)
    page.get_by_role("link", name="会场签到屏幕").click()
    expect(page.locator("img.mt-qr")).to_be_visible()
    page.reload()
    expect(page.locator("img.mt-qr")).to_be_visible()
