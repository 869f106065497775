"""The public opinion form on a phone-sized screen (WeChat's browser is about 360 px wide)."""

import datetime

import pytest
from django.utils import timezone

from orglife.models import Category, Cycle, Material, Opinion, Problem
from orglife.services.opinion import campaign_create, opinion_submit
from orglife.services.org import organisation_create


@pytest.fixture
def campaign(db):
    branch = organisation_create(name="第一党支部", kind="branch", code="branch-e2e")
    cycle = Cycle.objects.create(branch=branch, year=2022, title="2022年组织生活会")
    categories = [
        Category.objects.create(cycle=cycle, position=n, name=name) for n, name in enumerate(["思想", "工作"], 1)
    ]
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
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
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


@pytest.mark.django_db(transaction=True)
def test_committee_merges_adopts_and_declines_on_the_board(live_server, page, world):
    today = timezone.localdate()
    campaign = campaign_create(
        cycle=world.cycle,
        title="征求意见",
        opens_on=today,
        closes_on=today,
        sources=["masses"],
        categories=world.categories,
        hold_back=1,
    )
    a, b, c = (
        opinion_submit(campaign=campaign, source="masses", category=world.categories[n], text=text)
        for n, text in ((0, "会议太多太长。"), (0, "会议多且长。"), (1, "学习走过场。"))
    )
    page.goto(f"{live_server.url}/accounts/login/?next=/campaigns/{campaign.pk}/")
    page.get_by_label("用户名").fill("secretary")
    page.get_by_label("密码").fill("pw")
    page.get_by_role("button", name="登录").click()

    page.locator(f"#op-{a.pk} input[name=primary]").check()
    page.locator(f"#op-{b.pk} input[name=duplicates]").check()
    page.get_by_role("button", name="合并所选").click()
    page.get_by_text("另有1条相同意见").wait_for()
    page.locator(f"#op-{c.pk} summary", has_text="采纳为问题").click()
    page.locator(f"#op-{c.pk}").get_by_role("button", name="采纳", exact=True).click()
    page.locator(f"#op-{c.pk}.op-adopted").wait_for()
    page.locator(f"#op-{a.pk} summary", has_text="答复或不予采纳").click()
    page.locator(f"#op-{a.pk} textarea[name=response]").fill("会议已按规定精简。")
    page.locator(f"#op-{a.pk}").get_by_role("button", name="不予采纳").click()
    page.locator(f"#op-{a.pk}.op-declined").wait_for()
    page.select_option("select[name=status]", "adopted")
    page.wait_for_function("document.querySelectorAll('.op-card').length === 1")

    assert page.url.endswith("status=adopted")
    assert Opinion.objects.get(pk=b.pk).duplicate_of_id == a.pk
    assert list(Problem.objects.values_list("category__name", "position", "text")) == [("学习", 1, "学习走过场。")]
    assert (Opinion.objects.get(pk=a.pk).status, Opinion.objects.get(pk=a.pk).response) == (
        "declined",
        "会议已按规定精简。",
    )
