"""The current step of each cycle, derived from its records, on the organisation pages
and in the admin (where the stored, never-set Cycle.status used to show)."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from orglife.cycles.steps import current_step, with_step_facts
from orglife.demo import load_demo
from orglife.models import Cycle
from orglife.opinions.publishing import summary_publish
from orglife.opinions.services import campaign_create
from tests.factories import make_cycle, make_material, make_problem, make_talk

ROW = re.compile(
    r'<tr>(?:<td>[^<]+</td>)?<td>(\d{4})</td><td><a href="/cycles/\d+/">[^<]+</a></td><td>[^<]+</td><td>[^<]+</td>'
    r'<td class="step-cell"><span class="status state-([a-z-]+)">([^<]+)</span> '
    r'<span class="muted">([^<]+)</span></td></tr>'
)


def current_steps(html: str) -> list[tuple[str, str, str, str]]:
    """(year, kind, step, state) of each row of the cycle tables on a page."""
    return ROW.findall(html)


def prepare(cycle: Cycle) -> None:
    cycle.notice = "区委组织部《关于召开组织生活会的通知》"
    cycle.planned_date = datetime.date(cycle.year, 12, 20)
    cycle.study_content = "党章"
    cycle.save()


def test_organisation_pages_show_each_cycle_s_current_step(world, client_for):
    today = timezone.localdate()
    prepare(world.cycle)  # 2022: details set, no campaign yet
    make_cycle(branch=world.branch, year=2023, kind="annual", title="2023年度组织生活会")
    done = make_cycle(branch=world.branch, year=2021, kind="annual", title="2021年度组织生活会")
    prepare(done)
    campaign = campaign_create(
        cycle=done,
        title="征求意见",
        opens_on=today - datetime.timedelta(days=9),
        closes_on=today - datetime.timedelta(days=1),
        sources=["member"],
        categories=[],
    )
    summary_publish(campaign=campaign, by=world.secretary)
    material = make_material(cycle=done, title="班子材料")
    category = done.categories.create(position=1, name="思想")
    make_problem(material=material, category=category, position=1, text="学习不够。")
    for partner in (world.committee, world.member):  # every talk the rule asks for
        make_talk(cycle=done, lead=world.secretary, partners=[partner])

    branch = client_for(world.member).get(reverse("organisation", args=[world.branch.pk])).content.decode()
    district = client_for(world.reviewer).get(reverse("organisation", args=[world.district.pk])).content.decode()

    expected = [
        ("2023", "todo", "通知与方案", "尚未填写依据通知、计划召开日期、学习内容"),
        ("2022", "todo", "征求意见", "尚未发起征求意见"),
        ("2021", "active", "查摆问题与材料", "起草中：问题1条、原因0条、整改措施0条"),
    ]
    assert current_steps(branch) == expected
    assert current_steps(district) == expected


def test_a_cycle_with_talks_still_to_hold_is_at_the_talks_step(world, client_for):
    prepare(world.cycle)
    campaign = campaign_create(
        cycle=world.cycle,
        title="征求意见",
        opens_on=timezone.localdate() - datetime.timedelta(days=9),
        closes_on=timezone.localdate() - datetime.timedelta(days=1),
        sources=["member"],
        categories=[],
    )
    summary_publish(campaign=campaign, by=world.secretary)
    make_talk(cycle=world.cycle, lead=world.secretary, partners=[world.member])

    branch = client_for(world.member).get(reverse("organisation", args=[world.branch.pk])).content.decode()

    assert current_steps(branch) == [("2022", "active", "谈心谈话", "应谈2人次，已谈1人次")]


def test_demo_cycle_is_collecting_opinions(client, db):
    load_demo()
    client.login(username="reviewer", password="orglife2022")
    district = Cycle.objects.get().branch.parent.parent

    html = client.get(reverse("organisation", args=[district.pk])).content.decode()

    today = timezone.localdate()
    opened, closes = today - datetime.timedelta(days=3), today + datetime.timedelta(days=7)
    assert current_steps(html) == [
        ("2022", "active", "征求意见", f"征求意见中（{opened.month}月{opened.day}日至{closes.month}月{closes.day}日）")
    ]


def test_current_step_is_the_first_built_step_not_done(world):
    prepare(world.cycle)
    cycle = with_step_facts(Cycle.objects.filter(pk=world.cycle.pk)).get()

    step = current_step(cycle)

    assert (step.number, step.key, step.state, step.action, step.url) == (3, "opinions", "尚未发起征求意见", None, None)


def test_admin_changelist_shows_the_current_step(client, db):
    load_demo()
    client.login(username="admin", password="orglife2022")

    html = client.get(reverse("admin:orglife_cycle_changelist")).content.decode()

    assert '<th scope="col" class="column-current_step">' in html
    assert '<td class="field-current_step">征求意见</td>' in html
