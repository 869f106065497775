import datetime

import pytest
from playwright.sync_api import expect

from orglife.demo import load_demo
from orglife.models import Cycle, Measure

BRANCH = "临江区发展和改革局机关党支部"
TITLE = "2023年“学思想、强党性”专题组织生活会"


def fill_new_cycle(page) -> None:
    page.get_by_label("主题", exact=True).fill("学思想、强党性")
    page.get_by_label("依据通知", exact=True).fill("区委组织部《关于召开2023年专题组织生活会的通知》")
    page.get_by_label("学习内容", exact=True).fill("党章\n党的二十大报告")
    page.get_by_label("计划召开日期", exact=True).fill("2023-12-20")


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    return Cycle.objects.get(year=2022)


@pytest.mark.django_db(transaction=True)
def test_secretary_starts_2023_from_2022_and_a_member_only_reads_it(live_server, page, demo, log_in, log_out):
    # The ledger (orglife.rectification) offers its unfinished and long-term items, all ticked.
    offered = Measure.objects.filter(
        direction__material__cycle=demo,
        direction__material__kind="committee",
        ledger_item__status__in=["not_started", "in_progress", "long_term"],
    ).order_by("direction__position", "position")
    carried = offered[0]
    log_in(page, "secretary")
    page.get_by_role("link", name=BRANCH).click()
    page.get_by_role("link", name="新建组织生活会").click()

    expect(page.get_by_label("年度", exact=True)).to_have_value("2023")
    expect(page.get_by_label("类型", exact=True)).to_have_value("special")
    fill_new_cycle(page)
    boxes = page.locator("input[name=carried_measures]")
    expect(boxes).to_have_count(offered.count())
    for n in range(offered.count()):
        boxes.nth(n).uncheck()
    page.get_by_role("checkbox", name=carried.text.partition("。")[0]).check()
    page.get_by_role("checkbox", name="在新材料开头加入“上年度整改落实情况”").check()
    page.get_by_role("button", name="新建").click()

    expect(page.locator(".messages")).to_have_text(
        f"已新建：{TITLE}，查摆方面4个，班子对照检查材料已沿用上次的1条整改措施，材料开头已列出上年度整改落实情况。"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".category-name")).to_have_text(["思想方面", "学习方面", "工作方面", "生活方面"])
    cycle_url = page.url
    page.get_by_role("link", name=f"党支部班子{TITLE}对照检查材料").click()
    expect(page.locator("#document .doc-h1")).to_have_text(["一、上年度整改落实情况", "二、今后努力方向和整改措施"])
    expect(page.locator("#document")).to_contain_text(carried.text)

    # The same meeting a second time is refused, and what was typed stays in the form.
    page.goto(f"{live_server.url}/orgs/{demo.branch.pk}/cycles/new/?from={demo.pk}")
    fill_new_cycle(page)
    page.get_by_role("button", name="新建").click()
    expect(page.get_by_role("alert")).to_have_text(
        f"本支部已有2023年的专题组织生活会：{TITLE}。同一年度同一类型只能有一次，请修改年度或类型。"
    )
    expect(page.get_by_label("学习内容", exact=True)).to_have_value("党章\n党的二十大报告")
    assert Cycle.objects.filter(year=2023).count() == 1

    page.goto(cycle_url)
    edit = page.locator("details.cycle-edit")
    edit.locator("summary").click()
    edit.get_by_label("主题", exact=True).fill("学思想、强党性、重实践")
    edit.get_by_role("button", name="保存基本信息").click()
    expect(page.locator(".messages")).to_have_text("已保存基本信息：2023年“学思想、强党性、重实践”专题组织生活会。")
    edit = page.locator("details.cycle-edit")
    edit.locator("summary").click()
    edit.get_by_label("计划召开日期", exact=True).fill("2023-12-28")
    edit.get_by_label("依据通知", exact=True).fill("区委组织部《关于召开2023年度专题组织生活会的通知》")
    # The same message as the first save's, already on the page: wait for the second POST's page.
    with page.expect_navigation():
        edit.get_by_role("button", name="保存基本信息").click()
    expect(page.locator(".messages")).to_have_text("已保存基本信息：2023年“学思想、强党性、重实践”专题组织生活会。")

    page.reload()
    facts = page.locator("dl.facts")
    expect(facts.locator("dt")).to_have_text(["类型", "年度", "主题", "计划召开", "依据通知", "学习内容"])
    expect(facts.locator("dd")).to_have_text(
        [
            "专题组织生活会",
            "2023",
            "学思想、强党性、重实践",
            "2023年12月28日",
            "区委组织部《关于召开2023年度专题组织生活会的通知》",
            "党章\n党的二十大报告",
        ]
    )
    cycle = Cycle.objects.get(year=2023)
    assert cycle.planned_date == datetime.date(2023, 12, 28)
    page.get_by_role("link", name=BRANCH).click()
    expect(page.locator("table.list tbody tr td:nth-child(2)")).to_have_text(
        ["2023年“学思想、强党性、重实践”专题组织生活会", demo.title]
    )

    # A plain member, in the same browser: sees the new cycle, no create or edit, 403 on both POSTs.
    log_out(page)
    log_in(page, "member")
    page.get_by_role("link", name=BRANCH).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(BRANCH)  # the branch's page, not the home page
    expect(page.get_by_role("link", name="新建组织生活会")).to_have_count(0)
    page.get_by_role("link", name="2023年“学思想、强党性、重实践”专题组织生活会").click()
    expect(page.locator("dl.facts dd").nth(3)).to_have_text("2023年12月28日")
    expect(page.locator(".category-name")).to_have_text(["思想方面", "学习方面", "工作方面", "生活方面"])
    expect(page.get_by_text("修改基本信息")).to_have_count(0)
    expect(page.get_by_role("link", name="以此为基础新建下一次组织生活会")).to_have_count(0)
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    edit = page.request.post(
        f"{cycle_url}edit/",
        form={"cycle-kind": "annual", "cycle-year": "2023", "cycle-theme": "改了"},
        headers={"X-CSRFToken": token},
    )
    create = page.request.post(
        f"{live_server.url}/orgs/{demo.branch.pk}/cycles/new/",
        form={"previous": str(demo.pk), "kind": "annual", "year": "2023", "categories": "previous"},
        headers={"X-CSRFToken": token},
    )
    assert (edit.status, create.status) == (403, 403)
    cycle.refresh_from_db()
    assert (cycle.theme, Cycle.objects.count()) == ("学思想、强党性、重实践", 2)
