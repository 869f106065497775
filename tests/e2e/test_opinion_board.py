"""The committee's triage board on a phone, and publishing the summary to members."""

from io import BytesIO

import pytest
from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from orglife.models import Campaign, Opinion
from orglife.opinions.services import campaign_create, opinion_submit, release_all_now

WIDTH = 360


@pytest.fixture
def campaign(world):
    today = timezone.localdate()
    campaign = campaign_create(
        cycle=world.cycle,
        title="2022年专题组织生活会征求意见建议",
        opens_on=today,
        closes_on=today,
        sources=["member", "masses"],
        categories=world.categories,
    )
    for category, text in (
        (2, "会议太多太长，挤占了干事创业的时间。"),
        (1, "学习会也开得太长。"),
        (0, "理论学习走过场。"),
    ):
        opinion_submit(campaign=campaign, source="masses", category=world.categories[category], text=text)
    with transaction.atomic():
        release_all_now(campaign=campaign)
    return campaign


def _log_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pw")
    page.get_by_role("button", name="登录").click()
    # The logged-in page, not the login page (already loaded): the next goto would cut the POST short.
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()


def _scroll_width(page) -> int:
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.django_db(transaction=True)
def test_board_fits_360_px(live_server, browser, world, campaign):
    context = browser.new_context(locale="zh-CN", viewport={"width": WIDTH, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    _log_in(page, live_server.url, "secretary")
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/")

    closed = page.evaluate("document.documentElement.scrollWidth")
    opened = _scroll_width(page)  # every 采纳 / 答复 form open
    page.reload()
    reloaded = page.evaluate("document.documentElement.scrollWidth")

    assert (closed, opened, reloaded) == (WIDTH, WIDTH, WIDTH)
    context.close()


@pytest.mark.django_db(transaction=True)
def test_board_at_360_px_asks_before_merging_across_categories(live_server, browser, world, campaign):
    context = browser.new_context(locale="zh-CN", viewport={"width": WIDTH, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    meetings, learning = (Opinion.objects.get(text__startswith=text) for text in ("会议太多", "学习会"))
    _log_in(page, live_server.url, "secretary")
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
    widths = [_scroll_width(page)]

    questions = []
    for _ in range(2):  # asked, cancelled, asked again
        page.locator(f"#op-{meetings.pk} input[name=primary]").check()
        page.locator(f"#op-{learning.pk} input[name=duplicates]").check()
        page.get_by_role("button", name="合并所选").click()
        questions.append(page.locator("#merge-question").inner_text())
        widths.append(_scroll_width(page))
        if len(questions) == 1:
            page.get_by_role("link", name="取消").click()
            page.locator("#merge-question").wait_for(state="detached")
    unmerged = Opinion.objects.filter(duplicate_of__isnull=False).count()
    page.get_by_role("button", name="确定合并").click()
    page.get_by_text("另有1条相同意见").wait_for()
    status = page.get_by_role("status")
    expect(status).to_have_text("已合并1条意见到“会议太多太长，挤占了干事创业的时间。”。")
    expect(status).to_be_focused()  # not dropped to the body by the swap
    widths.append(_scroll_width(page))
    page.reload()
    expect(page.get_by_role("status")).to_have_count(0)
    page.locator(f"#op-{meetings.pk} .op-dups summary").click()
    merged_after_reload = page.locator(f"#op-{meetings.pk} .op-dups li").inner_text()
    widths.append(_scroll_width(page))

    question = (
        "所选意见分属不同方面（工作、学习）。合并后，它们在汇总表中都列在保留的一条（工作方面）下面。确定要合并吗？"
    )
    assert questions == [question, question]
    assert unmerged == 0 and Opinion.objects.get(pk=learning.pk).duplicate_of_id == meetings.pk
    assert merged_after_reload.startswith("群众 学习会也开得太长。 （方面：学习）")
    assert all(width <= WIDTH for width in widths), widths
    context.close()


@pytest.mark.django_db(transaction=True)
def test_secretary_publishes_the_summary_and_a_member_reads_it(live_server, page, world, campaign, log_out):
    board = f"{live_server.url}/campaigns/{campaign.pk}/"
    _log_in(page, live_server.url, "secretary")
    page.goto(board)
    page.get_by_role("button", name="公布汇总", exact=True).click()
    page.get_by_role("button", name="撤回公布").wait_for()
    page.get_by_role("button", name="重新公布汇总").click()  # again: still published, by the same person
    # 撤回公布 is there already: wait for this second answer before the reload.
    expect(page.get_by_role("status")).to_have_text("已重新公布汇总表，支部党员看到的是现在的汇总。")
    page.get_by_role("button", name="撤回公布").wait_for()
    page.reload()
    status = page.locator(".op-publish p").first.inner_text()
    with page.expect_download() as working:
        page.get_by_role("link", name="汇总表（Excel）").click()
    log_out(page)

    _log_in(page, live_server.url, "member")
    refused = page.goto(board)
    refused_text = page.locator("main").inner_text()
    page.goto(f"{live_server.url}/cycles/{world.cycle.pk}/campaigns/")
    page.get_by_role("link", name="2022年专题组织生活会征求意见建议").click()
    # The summary's page, not the list the click left: all_inner_texts() would not wait.
    expect(page.locator(".op-summary .op-body")).to_have_text(
        ["理论学习走过场。", "学习会也开得太长。", "会议太多太长，挤占了干事创业的时间。"], use_inner_text=True
    )
    with page.expect_download() as published:
        page.get_by_role("link", name="汇总表（Excel）").click()

    at = timezone.localtime(Campaign.objects.get().summary_published_at)
    assert status == f"汇总表已于{at:%Y}年{at.month}月{at.day}日 {at:%H:%M}由张书记公布，支部党员可以查看和下载。"
    assert refused.status == 403 and "只有支部委员可以查看和处理" in refused_text
    assert page.url == f"{live_server.url}/campaigns/{campaign.pk}/mine/"

    def cells(download) -> list:
        book = load_workbook(BytesIO(open(download.value.path(), "rb").read()))
        return [list(row) for row in book["汇总表"].iter_rows(values_only=True)]

    assert cells(published) == cells(working)
    assert cells(published)[4:] == [
        [1, "思想", "理论学习走过场。", "群众", 1, "待处理", None],
        [2, "学习", "学习会也开得太长。", "群众", 1, "待处理", None],
        [3, "工作", "会议太多太长，挤占了干事创业的时间。", "群众", 1, "待处理", None],
    ]
