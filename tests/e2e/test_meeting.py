"""The meeting in the browser: signing in through the rotating code from a second browser
context, minutes that survive a failing server, two recorders at once."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from orglife.demo import load_demo
from orglife.materials.models import Material
from orglife.meeting.models import AgendaItem, Attendance, Meeting
from orglife.meeting.signin import signin_code
from orglife.orgs.models import User
from orglife.review.services import review_approve


@pytest.fixture
def meeting(settings):
    """The demo's meeting, its committee material approved by the district's reviewer (the
    demo leaves it waiting in the queue): only then may the meeting be held."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    meeting = Meeting.objects.select_related("cycle").get()
    committee = Material.objects.get(cycle=meeting.cycle, kind=Material.Kind.COMMITTEE)
    review_approve(material=committee, by=User.objects.get(username="reviewer"))
    return meeting


def _context_page(browser, log_in, username):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    log_in(page, username)
    return page, violations


@pytest.mark.django_db(transaction=True)
def test_member_signs_in_through_the_rotating_code_and_an_old_code_is_refused(live_server, browser, meeting, log_in):
    base = f"{live_server.url}/cycles/{meeting.cycle_id}/meeting"
    screen, screen_violations = _context_page(browser, log_in, "liuhong")  # the recorder
    screen.goto(base + "/screen/")
    qr = screen.locator("img.mt-qr")
    expect(qr).to_be_visible()
    svg = screen.request.get(base + "/screen/qr.svg")
    assert svg.headers["content-type"] == "image/svg+xml"
    expect(screen.locator(".mt-signed")).to_contain_text("暂无")

    phone, phone_violations = _context_page(browser, log_in, "member")  # 陈静, on her phone
    checkin = f"{base}/checkin/{signin_code(meeting.pk)}/"
    phone.goto(checkin)
    phone.get_by_role("button", name="确认签到").click()
    expect(phone.get_by_role("status")).to_have_text("陈静，签到成功。")
    phone.goto(checkin)  # the same code again: a confirmation page, then "already"
    phone.get_by_role("button", name="确认签到").click()
    expect(phone.get_by_role("status")).to_have_text("您已经签到过了。")

    # The screen polls every ten seconds and shows her.
    expect(screen.locator(".mt-signed")).to_contain_text("陈静", timeout=25_000)

    home, home_violations = _context_page(browser, log_in, "zhaolei")  # a photo of an old screen
    home.goto(f"{base}/checkin/{signin_code(meeting.pk, now=time.time() - 61)}/")
    expect(home.get_by_role("alert")).to_contain_text("已过期")
    expect(home.get_by_role("button", name="确认签到")).to_have_count(0)

    rows = {(a.user.username, a.method) for a in Attendance.objects.filter(meeting=meeting)}
    assert rows == {("member", "qr")}
    assert screen_violations == phone_violations == home_violations == []


@pytest.mark.django_db(transaction=True)
def test_minutes_autosave_says_not_saved_when_the_server_fails_and_the_draft_survives_a_reload(
    live_server, page, meeting, log_in
):
    item = AgendaItem.objects.get(meeting=meeting, position=1)
    log_in(page, "liuhong")
    page.goto(f"{live_server.url}/cycles/{meeting.cycle_id}/meeting/minutes/")
    form = page.locator(f"#item-{item.pk} form")
    points = form.get_by_label("发言要点")

    points.fill("张卫东同志宣读班子对照检查材料。")
    expect(form.locator("[data-state]")).to_contain_text("已保存")
    expect(page.locator("#save-state")).to_have_text("全部已保存")
    item.refresh_from_db()
    assert item.points == "张卫东同志宣读班子对照检查材料。"

    # The server goes away mid-typing.
    page.route("**/minutes/save/", lambda route: route.abort())
    points.press_sequentially("与会党员一致认为问题查摆具体。", delay=20)
    expect(form.locator("[data-state]")).to_contain_text("未保存")
    expect(page.locator("#save-state")).to_contain_text("保存失败")
    expect(page.locator("#save-alert")).to_be_visible()
    expect(page.locator("#save-alert")).to_contain_text("已保存在本机浏览器中")
    expect(form.locator("[data-state]")).not_to_contain_text("已保存", timeout=6_000)  # a retry fails too
    item.refresh_from_db()
    assert item.points == "张卫东同志宣读班子对照检查材料。"

    # Then it answers 500 instead: still not saved.
    page.unroute("**/minutes/save/")
    page.route("**/minutes/save/", lambda route: route.fulfill(status=500, body="Server Error"))
    points.press_sequentially("再记一句。", delay=20)
    expect(form.locator("[data-state]")).to_contain_text("服务器返回 500")

    # The server is back; the page is reloaded: the text is there and gets saved.
    page.unroute("**/minutes/save/")
    page.reload()
    form = page.locator(f"#item-{item.pk} form")
    expected = "张卫东同志宣读班子对照检查材料。与会党员一致认为问题查摆具体。再记一句。"
    expect(form.get_by_label("发言要点")).to_have_value(expected)
    expect(form.locator("[data-state]")).to_contain_text("已保存")
    item.refresh_from_db()
    assert item.points == expected


@pytest.mark.django_db(transaction=True)
def test_two_recorders_at_once_keep_both_texts(live_server, browser, meeting, log_in):
    item = AgendaItem.objects.get(meeting=meeting, position=2)
    url = f"{live_server.url}/cycles/{meeting.cycle_id}/meeting/minutes/"
    recorder, recorder_violations = _context_page(browser, log_in, "liuhong")
    secretary, secretary_violations = _context_page(browser, log_in, "secretary")
    recorder.goto(url)
    secretary.goto(url)

    mine = recorder.locator(f"#item-{item.pk} form")
    mine.get_by_label("结论").fill("收到意见建议23条。")
    expect(mine.locator("[data-state]")).to_contain_text("已保存")

    theirs = secretary.locator(f"#item-{item.pk} form")
    theirs.get_by_label("结论").fill("意见建议已逐条研究。")
    expect(theirs.locator("[data-state]")).to_have_text("保存冲突，尚未保存")
    expect(theirs.locator(".mt-conflict")).to_contain_text("收到意见建议23条。")
    expect(theirs.get_by_label("结论")).to_have_value("意见建议已逐条研究。")
    item.refresh_from_db()
    assert item.conclusion == "收到意见建议23条。"

    theirs.get_by_label("结论").fill("收到意见建议23条。意见建议已逐条研究。")
    theirs.get_by_role("button", name="保存合并后的版本").click()
    expect(theirs.locator("[data-state]")).to_contain_text("已保存")
    item.refresh_from_db()
    assert item.conclusion == "收到意见建议23条。意见建议已逐条研究。"
    assert recorder_violations == secretary_violations == []
