"""The public opinion form on a phone-sized screen (WeChat's browser is about 360 px wide)."""

import datetime

import pytest
from django.utils import timezone

from orglife.models import Category, Cycle, Material, Opinion, Organisation
from orglife.services.opinion import campaign_create


@pytest.fixture
def campaign(db):
    branch = Organisation.objects.create(name="第一党支部", kind="branch", code="branch-e2e")
    cycle = Cycle.objects.create(branch=branch, year=2022, title="2022年组织生活会")
    categories = [Category.objects.create(cycle=cycle, position=n, name=name) for n, name in enumerate(["思想", "工作"], 1)]
    Material.objects.create(cycle=cycle, title="班子对照检查材料")
    today = timezone.localdate()
    return campaign_create(
        cycle=cycle,
        title="征求意见建议",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=5),
        sources=["masses", "served"],
        categories=categories,
    )


@pytest.mark.django_db(transaction=True)
def test_public_form_submits_at_360_px(live_server, browser, campaign):
    context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)

    page.goto(f"{live_server.url}/o/{campaign.token}/")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    page.get_by_label("服务对象").check()
    page.get_by_label("工作").check()
    page.get_by_label("意见建议").fill("窗口办事排队时间太长，希望增加午间服务。")
    button = page.get_by_role("button", name="提交意见")
    height = button.bounding_box()["height"]
    button.tap()

    assert page.locator("h2").inner_text() == "提交成功，感谢您的意见建议！"
    assert (scroll_width <= 360, height >= 44) == (True, True)
    assert list(Opinion.objects.values_list("source", "category__name", "text")) == [
        ("served", "工作", "窗口办事排队时间太长，希望增加午间服务。")
    ]
    context.close()
