"""The ledger as people use it: an owner reports progress with a photo (twice, then
reloads), the secretary checks the item off, and the 公示 page shows it done."""

import re

import pytest
from django.urls import resolve
from playwright.sync_api import expect

from orglife.demo import load_demo
from orglife.models import Cycle, LedgerItem
from tests.factories import PNG_BYTES

BRANCH = "临江区发展和改革局机关党支部"


@pytest.fixture
def item(settings):
    """The demo ledger's first item owned by the member (党员 `member`), not started."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    resolve("/")  # imports every view (and WeasyPrint, seconds on a busy machine) before the browser waits
    cycle = Cycle.objects.get(year=2022)
    return LedgerItem.objects.filter(cycle=cycle, owner__username="member").order_by("position").first()


@pytest.mark.django_db(transaction=True)
def test_owner_reports_progress_with_a_photo_the_secretary_checks_it_off_and_the_public_page_shows_it(
    live_server, page, item, log_in, log_out, tmp_path
):
    photo = tmp_path / "学习现场.png"
    photo.write_bytes(PNG_BYTES)
    lead = item.text.partition("。")[0]

    log_in(page, "member")
    page.get_by_role("link", name=BRANCH).click()
    page.get_by_role("link", name=re.compile("主题教育专题组织生活会")).click()
    page.locator("#step-rectification").get_by_role("link", name="查看整改台账").click()
    page.locator(f"#item-{item.pk}").get_by_role("link").click()
    expect(page.locator("#item-status")).to_have_text("未开始")

    page.get_by_label("进展情况", exact=True).fill("已召开专题会议，制定了工作方案。")
    page.get_by_label("佐证材料", exact=True).set_input_files(str(photo))
    page.get_by_role("button", name="提交进展").click()
    expect(page.locator(".messages")).to_have_text("已记录进展，附佐证材料1个。")
    expect(page.locator("#item-status")).to_have_text("推进中")

    page.get_by_label("进展情况", exact=True).fill("已全部完成。")
    page.get_by_label("已完成，提请支部委员会销号").check()
    page.get_by_role("button", name="提交进展").click()
    expect(page.locator("#item-status")).to_have_text("已完成")
    page.reload()
    expect(page.locator("ol.timeline > li")).to_have_count(2)
    expect(page.locator("ol.timeline .evidence a")).to_have_text(["学习现场.png"])
    with page.expect_download() as download:
        page.locator("ol.timeline .evidence a").click()
    assert download.value.suggested_filename == "学习现场.png"
    expect(page.get_by_role("button", name="销号")).to_have_count(0)  # the owner does not check items off

    page.goto(live_server.url + "/")
    log_out(page)
    log_in(page, "secretary")
    page.goto(f"{live_server.url}/ledger/items/{item.pk}/")
    page.get_by_role("button", name="销号", exact=True).click()
    expect(page.locator(".messages")).to_have_text(f"已销号：{item.text[:30]}")
    expect(page.locator("#item-status")).to_have_text("已销号")
    expect(page.get_by_text(re.compile(r"张卫东于\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d确认"))).to_be_visible()
    page.reload()
    expect(page.get_by_role("button", name="撤销销号")).to_be_visible()

    page.goto(f"{live_server.url}/cycles/{item.cycle_id}/ledger/public/")
    row = page.locator(f"#item-{item.pk}")
    expect(row.locator(".status")).to_have_text("已销号")
    expect(row).to_contain_text(lead)
    expect(row).to_contain_text("已全部完成。")
    expect(page.locator("main form")).to_have_count(0)
