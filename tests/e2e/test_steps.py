"""The cycle page's step cards as people use them: the secretary follows the notice
card's link to fill in the details (twice, then reloads), a member sees the same
cards without the links that write."""

import pytest
from playwright.sync_api import expect

from orglife.demo import load_demo
from orglife.models import Cycle
from tests.factories import make_cycle

BRANCH = "临江区发展和改革局机关党支部"
NAMES = ["通知与方案", "学习", "征求意见", "谈心谈话", "查摆问题与材料", "审核", "会议", "民主评议", "整改", "情况报告"]


def card(page, name: str):
    return page.locator("ol.steps > li").filter(has=page.get_by_role("heading", name=name, exact=True))


@pytest.fixture
def cycle(settings):
    """A 2023 cycle of the demo branch with none of its details set."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    demo = Cycle.objects.get(year=2022)
    return make_cycle(branch=demo.branch, year=2023, kind="annual", title="2023年度组织生活会")


@pytest.mark.django_db(transaction=True)
def test_secretary_fills_the_details_from_the_notice_card_and_a_member_reads_the_cards(
    live_server, page, cycle, log_in, log_out
):
    log_in(page, "secretary")
    page.get_by_role("link", name=BRANCH).click()
    page.get_by_role("link", name="2023年度组织生活会").click()

    expect(page.locator("ol.steps > li h3")).to_have_text([f"{n}{name}" for n, name in enumerate(NAMES, start=1)])
    notice = card(page, "通知与方案")
    expect(notice.locator(".step-state")).to_have_text("尚未填写依据通知、计划召开日期、学习内容")
    expect(page.locator("details.cycle-edit")).not_to_have_attribute("open", "")

    notice.get_by_role("link", name="填写依据通知、计划召开日期、学习内容").click()
    edit = page.locator("details.cycle-edit")
    expect(edit).to_have_attribute("open", "")
    edit.get_by_label("依据通知", exact=True).fill("区委组织部《关于召开2023年度组织生活会的通知》")
    edit.get_by_label("计划召开日期", exact=True).fill("2023-12-28")
    edit.get_by_role("button", name="保存基本信息").click()
    expect(card(page, "通知与方案").locator(".step-state")).to_have_text("尚未填写学习内容")
    expect(card(page, "通知与方案").locator(".step-deadline")).to_have_text("最迟通知党员：2023年12月18日")

    card(page, "通知与方案").get_by_role("link", name="填写学习内容").click()
    page.locator("details.cycle-edit").get_by_label("学习内容", exact=True).fill("党章\n党的二十大报告")
    page.locator("details.cycle-edit").get_by_role("button", name="保存基本信息").click()
    expect(card(page, "通知与方案").locator(".step-state")).to_have_text("方案已定：2023年12月28日召开")

    page.reload()
    expect(card(page, "通知与方案").locator(".step-state")).to_have_text("方案已定：2023年12月28日召开")
    expect(card(page, "通知与方案").get_by_role("link")).to_have_count(0)
    expect(card(page, "学习").locator(".step-state")).to_have_text("已列出学习内容2项")
    opinions = card(page, "征求意见")
    expect(opinions.get_by_role("link")).to_have_text(["发起征求意见"])
    opinions.get_by_role("link", name="发起征求意见").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("新建征求意见活动")
    page.go_back()
    card(page, "查摆问题与材料").get_by_role("link", name="导入材料").click()
    expect(page).to_have_url(f"{live_server.url}/cycles/{cycle.pk}/import/")

    log_out(page)
    log_in(page, "member")
    page.goto(f"{live_server.url}/cycles/{cycle.pk}/")
    states = page.locator("ol.steps .step-state")
    expect(states).to_have_text(
        [
            "方案已定：2023年12月28日召开",
            "已列出学习内容2项",
            "尚未发起征求意见",
            "尚未记录谈心谈话",
            "尚未建立班子对照检查材料",
            "班子对照检查材料尚未建立",
            "尚未制定会议方案",
            "尚未开展民主评议",
            "尚未建立整改台账",
            "尚未起草情况报告",
        ]
    )
    expect(page.locator("ol.steps a")).to_have_text(["开始写我的个人材料"])  # her own, the only thing she writes
