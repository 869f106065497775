"""The secret ballot on a phone-sized screen: a member casts and keeps the receipt;
after the close the receipt is on the published list."""

import pytest
from playwright.sync_api import expect

from orglife.demo import load_demo
from orglife.models import Evaluation


def _cast(page) -> str:
    page.get_by_role("link", name="投票", exact=True).click()
    # count() does not wait: the ballot's button comes after all its fieldsets.
    expect(page.get_by_role("button", name="投票", exact=True)).to_be_visible()
    members = page.locator("fieldset.ev-member")
    for n in range(members.count()):
        members.nth(n).locator("label.ev-grade").nth(0 if n == 0 else 1).click()
    expect(page.locator("#ev-count")).to_have_text("已全部评定，可以投票。")
    page.get_by_role("button", name="投票").click()
    expect(page.get_by_role("heading", name="投票成功")).to_be_visible()
    return page.locator("#ev-receipt").inner_text()


@pytest.mark.django_db(transaction=True)
def test_member_casts_on_a_phone_and_finds_the_receipt_after_the_close(live_server, page, log_in, log_out):
    load_demo()
    evaluation = Evaluation.objects.get()
    url = f"{live_server.url}/evaluations/{evaluation.pk}/"
    page.set_viewport_size({"width": 360, "height": 740})
    page.set_default_timeout(30_000)  # 2 shared cores: the first page of a live server can be slow

    log_in(page, "member")
    page.goto(url)
    expect(page.locator(".ev-progress")).to_have_text("已有3人投票，共6人。")
    # Submitting with one member left out keeps the picks and names who is missing.
    page.get_by_role("link", name="投票", exact=True).click()
    page.locator("fieldset.ev-member").nth(0).locator("label.ev-grade").nth(0).click()
    page.get_by_role("button", name="投票").click()
    expect(page.get_by_role("alert")).to_contain_text("还有5位党员未评定等次")
    page.goto(url)
    code = _cast(page)
    page.wait_for_load_state()  # measured with the receipt page's stylesheets
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(url)
    expect(page.locator(".ev-done")).to_have_text("您已投票。投票结束后可以在本页核对您的回执码。")
    page.goto(url + "ballot/")
    page.reload()
    expect(page.get_by_text("您已投票，每人只能投一次。")).to_be_visible()

    log_out(page)
    log_in(page, "zhaolei")
    page.goto(url)
    other = _cast(page)
    log_out(page)
    log_in(page, "secretary")
    page.goto(url)
    expect(page.locator(".ev-progress")).to_have_text("已有5人投票，共6人。")
    page.get_by_role("button", name="结束投票并公布结果").click()
    expect(page.get_by_text("投票已结束，结果和回执码已公布。")).to_be_visible()

    log_out(page)
    log_in(page, "member")
    page.goto(url)
    receipts = page.locator(".ev-receipts code").all_inner_texts()
    assert code in receipts and other in receipts
    assert receipts == sorted(receipts) and len(receipts) == 5
    expect(page.locator(".ev-tally").first).to_be_visible()
