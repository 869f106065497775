"""The step cards of the cycle page: each state of each built step, exactly."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from orglife.cycles import steps
from orglife.cycles.steps import STEPS, Step, StepCard, StepKind
from orglife.opinions.publishing import summary_publish
from orglife.opinions.services import campaign_create
from tests.factories import make_cause, make_direction, make_material, make_measure, make_problem

DAY = datetime.timedelta(days=1)
NAMES = ["通知与方案", "学习", "征求意见", "谈心谈话", "查摆问题与材料", "审核", "会议", "民主评议", "整改", "情况报告"]


def cards(client, cycle) -> dict[str, StepCard]:
    response = client.get(reverse("cycle", args=[cycle.pk]))
    assert response.status_code == 200
    return {card.key: card for card in response.context["steps"]}


def shown(card: StepCard) -> tuple:
    """What a card says, without its name and description."""
    return (card.state, card.kind, card.action, card.url, card.deadline, card.details)


def open_campaign(world, *, opens_on, closes_on, title="征求意见"):
    return campaign_create(
        cycle=world.cycle,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        sources=["member", "masses"],
        categories=world.categories,
    )


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def edit_url(world) -> str:
    return f"/cycles/{world.cycle.pk}/?edit=1#cycle-edit"


# --- 通知与方案 and 学习 -----------------------------------------------------------


def test_notice_and_study_with_nothing_set_are_to_do_with_the_form_to_fill(world, client_for, edit_url):
    found = cards(client_for(world.secretary), world.cycle)

    assert shown(found["notice"]) == (
        "尚未填写依据通知、计划召开日期、学习内容",
        StepKind.TODO,
        "填写依据通知、计划召开日期、学习内容",
        edit_url,
        None,
        (),
    )
    assert shown(found["study"]) == ("尚未列出学习内容", StepKind.TODO, "列出学习内容", edit_url, None, ())


def test_notice_partly_set_is_active_and_due_ten_days_before_the_meeting(world, client_for, edit_url):
    world.cycle.notice = "区委组织部《关于召开2022年度组织生活会的通知》"
    world.cycle.planned_date = datetime.date(2022, 11, 24)
    world.cycle.save()

    found = cards(client_for(world.secretary), world.cycle)

    assert shown(found["notice"]) == (
        "尚未填写学习内容",
        StepKind.ACTIVE,
        "填写学习内容",
        edit_url,
        datetime.date(2022, 11, 14),
        (),
    )
    assert (found["notice"].deadline_label, found["study"].deadline) == ("最迟通知党员", datetime.date(2022, 11, 24))


def test_notice_and_study_fully_set_are_done_without_an_action(world, client_for):
    world.cycle.notice = "区委组织部《关于召开2022年度组织生活会的通知》"
    world.cycle.planned_date = datetime.date(2022, 11, 24)
    world.cycle.study_content = "党章\n\n  \n党的二十大报告\n《中国共产党组织工作条例》"
    world.cycle.save()

    found = cards(client_for(world.secretary), world.cycle)

    assert shown(found["notice"]) == (
        "方案已定：2022年11月24日召开",
        StepKind.DONE,
        None,
        None,
        datetime.date(2022, 11, 14),
        (),
    )
    assert shown(found["study"]) == (
        "已列出学习内容3项",
        StepKind.DONE,
        None,
        None,
        datetime.date(2022, 11, 24),
        (),
    )


@pytest.mark.parametrize("who", ["member", "reviewer"])
def test_notice_and_study_offer_no_form_to_readers(world, client_for, who):
    found = cards(client_for(getattr(world, who)), world.cycle)

    assert shown(found["notice"]) == ("尚未填写依据通知、计划召开日期、学习内容", StepKind.TODO, None, None, None, ())
    assert shown(found["study"]) == ("尚未列出学习内容", StepKind.TODO, None, None, None, ())


def test_the_notice_card_s_link_opens_the_details_form(world, client_for):
    html = client_for(world.secretary).get(reverse("cycle", args=[world.cycle.pk]), {"edit": "1"}).content.decode()
    closed = client_for(world.secretary).get(reverse("cycle", args=[world.cycle.pk])).content.decode()

    assert '<details class="cycle-edit" id="cycle-edit" open>' in html
    assert '<details class="cycle-edit" id="cycle-edit">' in closed


# --- 征求意见 -----------------------------------------------------------------------


def test_opinions_without_a_campaign_offer_the_committee_to_start_one(world, client_for):
    secretary = cards(client_for(world.secretary), world.cycle)["opinions"]
    member = cards(client_for(world.member), world.cycle)["opinions"]

    assert shown(secretary) == (
        "尚未发起征求意见",
        StepKind.TODO,
        "发起征求意见",
        f"/cycles/{world.cycle.pk}/campaigns/new/",
        None,
        (),
    )
    assert shown(member) == ("尚未发起征求意见", StepKind.TODO, None, None, None, ())


def test_opinions_with_a_campaign_to_come_say_when_it_starts(world, client_for, today):
    open_campaign(world, opens_on=today + 2 * DAY, closes_on=today + 9 * DAY)

    card = cards(client_for(world.member), world.cycle)["opinions"]

    starts = today + 2 * DAY
    assert shown(card) == (
        f"将于{starts.month}月{starts.day}日开始征求意见",
        StepKind.ACTIVE,
        "查看征求意见活动",
        f"/cycles/{world.cycle.pk}/campaigns/",
        None,
        ("征求意见活动1次",),
    )


def test_opinions_while_a_campaign_runs_give_its_dates_and_deadline(world, client_for, today):
    open_campaign(world, opens_on=today - 3 * DAY, closes_on=today + 7 * DAY)
    open_campaign(world, opens_on=today - 20 * DAY, closes_on=today - 10 * DAY, title="上一轮")

    secretary = cards(client_for(world.secretary), world.cycle)["opinions"]
    member = cards(client_for(world.member), world.cycle)["opinions"]

    opened, closes = today - 3 * DAY, today + 7 * DAY
    state = f"征求意见中（{opened.month}月{opened.day}日至{closes.month}月{closes.day}日）"
    campaigns = f"/cycles/{world.cycle.pk}/campaigns/"
    assert shown(secretary) == (state, StepKind.ACTIVE, "处理收到的意见", campaigns, closes, ("征求意见活动2次",))
    assert shown(member) == (state, StepKind.ACTIVE, "查看征求意见活动", campaigns, closes, ("征求意见活动2次",))


def test_opinions_ended_without_a_published_summary_ask_the_committee_to_publish(world, client_for, today):
    open_campaign(world, opens_on=today - 20 * DAY, closes_on=today - DAY)

    secretary = cards(client_for(world.secretary), world.cycle)["opinions"]
    member = cards(client_for(world.member), world.cycle)["opinions"]

    campaigns = f"/cycles/{world.cycle.pk}/campaigns/"
    state = "征求意见已结束，汇总表未公布"
    assert shown(secretary) == (state, StepKind.ACTIVE, "公布意见建议汇总表", campaigns, None, ("征求意见活动1次",))
    assert shown(member) == (state, StepKind.ACTIVE, "查看征求意见活动", campaigns, None, ("征求意见活动1次",))


def test_opinions_ended_with_every_summary_published_are_done(world, client_for, today):
    for title in ("对班子", "对书记"):
        campaign = open_campaign(world, opens_on=today - 20 * DAY, closes_on=today - DAY, title=title)
        summary_publish(campaign=campaign, by=world.secretary)

    card = cards(client_for(world.member), world.cycle)["opinions"]

    assert shown(card) == (
        "征求意见已结束，汇总表已公布",
        StepKind.DONE,
        "查看意见建议汇总表",
        f"/cycles/{world.cycle.pk}/campaigns/",
        None,
        ("征求意见活动2次", "已公布汇总表2份"),
    )


def test_opinions_on_the_last_day_are_still_running(world, client_for, today):
    open_campaign(world, opens_on=today, closes_on=today)

    card = cards(client_for(world.secretary), world.cycle)["opinions"]

    assert (card.state, card.deadline) == (
        f"征求意见中（{today.month}月{today.day}日至{today.month}月{today.day}日）",
        today,
    )


# --- 查摆问题与材料 -----------------------------------------------------------------


def test_materials_without_a_committee_material_offer_the_import(world, client_for):
    world.material.delete()

    secretary = cards(client_for(world.secretary), world.cycle)["materials"]
    member = cards(client_for(world.member), world.cycle)["materials"]

    assert shown(secretary) == (
        "尚未建立班子对照检查材料",
        StepKind.TODO,
        "导入材料",
        f"/cycles/{world.cycle.pk}/import/",
        None,
        (),
    )
    start = f"/cycles/{world.cycle.pk}/personal/"
    assert shown(member) == ("尚未建立班子对照检查材料", StepKind.TODO, "开始写我的个人材料", start, None, ())


def test_materials_with_an_empty_committee_material_offer_the_editor(world, client_for):
    secretary = cards(client_for(world.secretary), world.cycle)["materials"]
    member = cards(client_for(world.member), world.cycle)["materials"]

    editor = f"/materials/{world.material.pk}/edit/"
    assert shown(secretary) == ("班子对照检查材料尚未起草", StepKind.TODO, "开始起草", editor, None, ())
    start = f"/cycles/{world.cycle.pk}/personal/"
    assert shown(member) == ("班子对照检查材料尚未起草", StepKind.TODO, "开始写我的个人材料", start, None, ())
    assert shown(cards(client_for(world.reviewer), world.cycle)["materials"])[2:4] == (None, None)


def draft(world) -> None:
    """Two problems (one concrete, with a measure), one cause, one measure: the checks find
    3 empty categories, 1 problem without a measure, 1 without detail, 1 measure without
    owner and deadline."""
    first = make_problem(
        material=world.material, category=world.categories[0], position=1, text="理论学习不深入。比如全年只学了2次。"
    )
    make_problem(material=world.material, category=world.categories[0], position=2, text="作风不实。")
    make_cause(material=world.material, position=1, heading="党性修养锤炼不够。", body="放松了要求。" * 30)
    direction = make_direction(material=world.material, position=1, heading="强化理论武装。")
    make_measure(direction=direction, position=1, text="每月集中学习一次。").problems.add(first)


def test_materials_being_drafted_count_problems_causes_measures_and_findings(world, client_for):
    draft(world)

    secretary = cards(client_for(world.secretary), world.cycle)["materials"]
    member = cards(client_for(world.member), world.cycle)["materials"]

    state = "起草中：问题2条、原因1条、整改措施1条"
    assert shown(secretary) == (
        state,
        StepKind.ACTIVE,
        "继续起草",
        f"/materials/{world.material.pk}/edit/",
        None,
        ("自查提示6条",),
    )
    assert shown(member) == (
        state,
        StepKind.ACTIVE,
        "开始写我的个人材料",
        f"/cycles/{world.cycle.pk}/personal/",
        None,
        ("自查提示6条",),
    )
    reviewer = cards(client_for(world.reviewer), world.cycle)["materials"]
    assert shown(reviewer)[2:4] == ("查看班子对照检查材料", f"/materials/{world.material.pk}/")


def test_materials_without_findings_say_so(world, client_for):
    world.cycle.categories.exclude(pk=world.categories[0].pk).delete()
    problem = make_problem(
        material=world.material, category=world.categories[0], position=1, text="理论学习不深入。比如全年只学了2次。"
    )
    direction = make_direction(material=world.material, position=1, heading="强化理论武装。")
    measure = make_measure(
        direction=direction, position=1, text="每月集中学习一次。", owner=world.secretary, deadline="2023-06-30"
    )
    measure.problems.add(problem)
    make_cause(material=world.material, position=1, heading="党性修养锤炼不够。", body="放松了要求。" * 30)

    card = cards(client_for(world.secretary), world.cycle)["materials"]

    assert (card.state, card.details) == ("起草中：问题1条、原因1条、整改措施1条", ("自查未发现问题",))


def test_materials_count_the_personal_materials_the_viewer_may_see(world, client_for):
    for user in (world.committee, world.member):
        make_material(cycle=world.cycle, kind="personal", author=user, title=f"{user.full_name}的材料")

    details = {
        who: cards(client_for(getattr(world, who)), world.cycle)["materials"].details
        for who in ("secretary", "member", "reviewer")
    }

    assert details == {
        "secretary": ("个人对照检查材料2份",),
        "member": ("个人对照检查材料1份",),
        "reviewer": ("个人对照检查材料2份",),
    }


def test_personal_materials_never_count_toward_the_committee_material(world, client_for):
    personal = make_material(cycle=world.cycle, kind="personal", author=world.member, title="个人材料")
    make_problem(material=personal, category=world.categories[0], position=1, text="学习不够。")
    make_cause(material=personal, position=1, heading="放松要求。")

    card = cards(client_for(world.member), world.cycle)["materials"]

    editor = f"/materials/{personal.pk}/edit/"
    assert shown(card) == (
        "班子对照检查材料尚未起草",
        StepKind.TODO,
        "继续写我的个人材料",
        editor,
        None,
        ("个人对照检查材料1份",),
    )


# --- The page ------------------------------------------------------------------


def card_blocks(html: str) -> list[tuple[str, str, str]]:
    """(class, name, inner html) of each step card on the page."""
    card = r'<li class="(step step-[a-z-]+)" id="step-[a-z]+">\s*'
    card += r'<h3><span class="step-number" aria-hidden="true">\d+</span>([^<]+)</h3>'
    return re.findall(card + r"(.*?)</li>", html, re.S)


def test_cycle_page_shows_the_ten_steps_in_the_cycle_s_order(world, client_for):
    html = client_for(world.member).get(reverse("cycle", args=[world.cycle.pk])).content.decode()

    blocks = card_blocks(html)
    assert [name for _, name, _ in blocks] == NAMES
    assert [step.name for step in STEPS] == NAMES
    assert [kind for kind, _, _ in blocks] == [
        "step step-todo",
        "step step-todo",
        "step step-todo",
        "step step-todo",
        "step step-todo",
        "step step-todo",
        "step step-todo",  # 会议
        "step step-todo",  # 民主评议 (issue 17)
        "step step-todo",  # 整改
        "step step-todo",  # 情况报告
    ]


def test_every_step_of_the_cycle_is_built(world, client_for):
    html = client_for(world.secretary).get(reverse("cycle", args=[world.cycle.pk])).content.decode()

    assert [name for kind, name, _ in card_blocks(html) if kind == "step step-not-built"] == []
    assert [step.key for step in STEPS if step.card is None] == []


@pytest.mark.parametrize("who", ["secretary", "member", "reviewer"])
def test_a_step_not_built_says_so_and_links_nowhere(world, client_for, who, monkeypatch):
    monkeypatch.setattr(steps, "STEPS", (*STEPS, Step("future", "将来的步骤", "尚未建设的步骤说明。")))

    html = client_for(getattr(world, who)).get(reverse("cycle", args=[world.cycle.pk])).content.decode()

    not_built = [(name, inner) for kind, name, inner in card_blocks(html) if kind == "step step-not-built"]
    assert [name for name, _ in not_built] == ["将来的步骤"]
    assert "<a " not in not_built[0][1]
    assert re.sub(r"\s+", " ", not_built[0][1]).strip() == (
        '<p class="step-state"><span class="status state-not-built">功能尚未开放</span></p> '
        '<p class="step-about">尚未建设的步骤说明。</p>'
    )


def test_a_card_shows_its_state_details_deadline_and_action(world, client_for, today):
    world.cycle.planned_date = datetime.date(2022, 11, 24)
    world.cycle.save()
    open_campaign(world, opens_on=today - DAY, closes_on=today + DAY)

    html = client_for(world.secretary).get(reverse("cycle", args=[world.cycle.pk])).content.decode()

    (opinions,) = [inner for _, name, inner in card_blocks(html) if name == "征求意见"]
    yesterday, tomorrow = today - DAY, today + DAY
    assert re.sub(r"\s+", " ", opinions).strip() == (
        f'<p class="step-state"><span class="status state-active">征求意见中（{yesterday.month}月{yesterday.day}日至'
        f"{tomorrow.month}月{tomorrow.day}日）</span></p> "
        '<p class="step-about">向党员、群众和上级征求对班子和党员个人的意见建议，会上通报汇总情况。</p> '
        '<p class="step-detail">征求意见活动1次</p> '
        f'<p class="step-deadline">截止：{tomorrow.year}年{tomorrow.month}月{tomorrow.day}日</p> '
        f'<p class="step-action"><a href="/cycles/{world.cycle.pk}/campaigns/">处理收到的意见</a></p>'
    )


WRITE_PAGES = re.compile(r"\?edit=1|/campaigns/new/|/edit/|/import/")


@pytest.mark.parametrize(("who", "writes"), [("secretary", 4), ("member", 0), ("reviewer", 0)])
def test_only_the_committee_is_shown_links_that_write(world, client_for, who, writes):
    world.cycle.planned_date = datetime.date(2022, 11, 24)
    world.cycle.save()
    draft(world)

    found = cards(client_for(getattr(world, who)), world.cycle).values()

    assert len([card for card in found if card.url and WRITE_PAGES.search(card.url)]) == writes


def cycle_page_queries(client, cycle) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cycle", args=[cycle.pk]))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("n", [1, 3])
def test_cycle_page_runs_the_same_queries_for_1_and_3_campaigns_and_materials(world, client_for, today, n):
    draft(world)
    users = [world.secretary, world.committee, world.member]
    for i in range(n):
        campaign = open_campaign(world, opens_on=today - 9 * DAY, closes_on=today - (i + 1) * DAY, title=f"第{i}轮")
        summary_publish(campaign=campaign, by=world.secretary)
        make_material(cycle=world.cycle, kind="personal", author=users[i], title=f"个人材料{i}")

    count = cycle_page_queries(client_for(world.secretary), world.cycle)
    card = cards(client_for(world.secretary), world.cycle)

    assert (card["opinions"].details, card["materials"].details) == (
        (f"征求意见活动{n}次", f"已公布汇总表{n}份"),
        ("自查提示6条", f"个人对照检查材料{n}份"),
    )
    # Session, user, memberships and the cycle, its categories, the materials, where the
    # user stands in the branch (read once), the steps' figures, then the checks of the
    # committee material.
    assert count == 18
