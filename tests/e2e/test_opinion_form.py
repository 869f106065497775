"""The public opinion form on a phone-sized screen (WeChat's browser is about 360 px wide)."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from orglife.models import Opinion, Problem
from orglife.opinions.services import campaign_create, opinion_submit, release_all_now
from orglife.orgs.services import organisation_create
from tests.factories import make_category, make_cycle, make_material


@pytest.fixture
def campaign(db):
    branch = organisation_create(name="第一党支部", kind="branch", code="branch-e2e")
    cycle = make_cycle(branch=branch, year=2022, title="2022年组织生活会")
    categories = [make_category(cycle=cycle, position=n, name=name) for n, name in enumerate(["思想", "工作"], 1)]
    make_material(cycle=cycle, title="班子对照检查材料")
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

    expect(page.locator("h2")).to_have_text("提交成功，感谢您的意见建议！", use_inner_text=True)
    assert (scroll_width <= 360, height >= 44) == (True, True)
    with transaction.atomic():
        received = release_all_now(campaign=campaign)
    assert [(o.source, o.category.name, o.text) for o in received] == [
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
    )
    texts = ((0, "会议太多太长。"), (0, "会议多且长。"), (1, "学习走过场。"))
    for n, text in texts:
        opinion_submit(campaign=campaign, source="masses", category=world.categories[n], text=text)
    with transaction.atomic():
        released = {opinion.text: opinion for opinion in release_all_now(campaign=campaign)}
    a, b, c = (released[text] for _, text in texts)
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
    expect(page.locator(".op-card")).to_have_count(1)  # no wait_for_function: the CSP forbids its eval

    assert page.url.endswith("status=adopted")
    assert Opinion.objects.get(pk=b.pk).duplicate_of_id == a.pk
    assert list(Problem.objects.values_list("category__name", "position", "text")) == [("学习", 1, "学习走过场。")]
    assert (Opinion.objects.get(pk=a.pk).status, Opinion.objects.get(pk=a.pk).response) == (
        "declined",
        "会议已按规定精简。",
    )


PASTED = "".join(f"第{n:04d}句：办事排队时间太久。" for n in range(625))  # 10,000 characters


def _paste(page, selector: str, text: str) -> None:
    """Paste as a person does: the text on the clipboard, then Ctrl+V in the box."""
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    page.locator(selector).click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Control+V")


@pytest.mark.django_db(transaction=True)
def test_a_10000_character_paste_is_counted_refused_and_kept_whole_at_360_px(live_server, browser, campaign):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/o/{campaign.token}/")
    count = page.locator("#text-count")
    shown_before = count.inner_text()
    page.get_by_label("群众").check()

    _paste(page, "#id_text", PASTED)
    typed = (page.locator("#id_text").evaluate("box => box.value.length"), count.inner_text())
    # Each refusal is a new page (the second looks like the first): wait for it to load, and
    # with it the script that writes the count, before reading it.
    with page.expect_navigation():
        page.get_by_role("button", name="提交意见").tap()
    page.locator(".errorlist").first.wait_for()
    refused = (page.locator(".errorlist").first.inner_text(), count.inner_text())
    kept = page.locator("#id_text").input_value()
    with page.expect_navigation():
        page.get_by_role("button", name="提交意见").tap()  # again, unchanged: refused again, still whole
    page.locator(".errorlist").first.wait_for()
    again = page.locator("#id_text").input_value()
    page.reload()  # the browser sends the same post again: refused again, the text still whole
    page.locator(".errorlist").first.wait_for()
    after_reload = (page.locator("#id_text").input_value() == PASTED, count.inner_text())

    assert shown_before == "已写0字，最多1000字"
    assert typed == (10_000, "已写10000字，超出9000字（最多1000字），请删减后再提交")
    assert refused == (
        "意见建议最多1000字，您写了10000字，请删减9000字后再提交。您写的内容都还在下面的框里。",
        "已写10000字，超出9000字（最多1000字），请删减后再提交",
    )
    assert (len(kept), kept == PASTED, len(again), again == PASTED) == (10_000, True, 10_000, True)
    assert after_reload == (True, "已写10000字，超出9000字（最多1000字），请删减后再提交")
    assert Opinion.objects.count() == 0
    context.close()
