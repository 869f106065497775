import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orglife.models import Cycle, Measure
from tests.factories import make_cycle, make_direction, make_measure


def _new_cycle_post(world, **extra) -> dict:
    data = {
        "previous": str(world.cycle.pk),
        "kind": "special",
        "year": "2023",
        "theme": "学思想、强党性",
        "title": "",
        "notice": "区委组织部《关于召开2023年专题组织生活会的通知》",
        "study_content": "党章\n党的二十大报告",
        "planned_date": "2023-12-20",
        "categories": "previous",
    }
    return {**data, **extra}


def test_new_cycle_form_defaults_from_the_latest_cycle(world, client_for):
    make_direction(material=world.material, position=1, heading="强化理论武装")
    make_measure(
        direction=world.material.directions.get(), position=1, text="每月学习一次。比如读原著。", status="done"
    )

    response = client_for(world.secretary).get(reverse("cycle_new", args=[world.branch.pk]))

    form = response.context["form"]
    assert (response.status_code, response.context["previous"]) == (200, world.cycle)
    assert (form["year"].value(), form["kind"].value(), form["categories"].value()) == (2023, "special", "previous")
    assert form.fields["categories"].choices[0] == ("previous", "沿用2022年：思想方面、学习方面、工作方面、生活方面")
    html = response.content.decode()
    assert '<option value="previous" selected>沿用2022年：思想方面、学习方面、工作方面、生活方面</option>' in html
    assert "<legend>强化理论武装</legend>" in html
    assert (
        '<strong>每月学习一次。</strong> <span class="muted">比如读原著。</span>'
        ' <span class="status status-done">已完成</span>' in html
    )


def test_new_cycle_is_created_with_categories_and_carried_measures(world, client_for):
    direction = make_direction(material=world.material, position=1, heading="强化理论武装")
    kept = make_measure(direction=direction, position=1, text="每月学习一次。")
    make_measure(direction=direction, position=2, text="不沿用的措施。")
    client = client_for(world.committee)

    response = client.post(
        reverse("cycle_new", args=[world.branch.pk]),
        _new_cycle_post(world, carried_measures=[str(kept.pk)], report_last_year="on"),
        follow=True,
    )

    cycle = Cycle.objects.get(year=2023)
    assert response.redirect_chain == [(reverse("cycle", args=[cycle.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "已新建：2023年“学思想、强党性”专题组织生活会，查摆方面4个，班子对照检查材料已沿用上次的1条整改措施，"
        "材料开头已列出上年度整改落实情况。"
    ]
    assert (cycle.notice, cycle.study_content, cycle.planned_date) == (
        "区委组织部《关于召开2023年专题组织生活会的通知》",
        "党章\n党的二十大报告",
        datetime.date(2023, 12, 20),
    )
    assert list(cycle.categories.values_list("name", flat=True)) == ["思想", "学习", "工作", "生活"]
    assert list(Measure.objects.filter(direction__material__cycle=cycle).values_list("text", flat=True)) == [
        "每月学习一次。"
    ]
    assert list(cycle.materials.get().sections.values_list("heading", "body")) == [
        ("上年度整改落实情况", "每月学习一次：未开始。\n不沿用的措施：未开始。")
    ]
    branch_page = client.get(reverse("organisation", args=[world.branch.pk]))
    assert [c.title for c in branch_page.context["cycles"]] == [
        "2023年“学思想、强党性”专题组织生活会",
        "2022年专题组织生活会",
    ]


def test_new_cycle_duplicate_is_refused_keeping_what_was_typed(world, client_for):
    response = client_for(world.secretary).post(
        reverse("cycle_new", args=[world.branch.pk]), _new_cycle_post(world, year="2022")
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "本支部已有2022年的专题组织生活会：2022年专题组织生活会。同一年度同一类型只能有一次，请修改年度或类型。"
    ]
    assert "党章\n党的二十大报告</textarea>" in html
    assert Cycle.objects.count() == 1


def test_new_cycle_bad_year_gets_a_chinese_error(world, client_for):
    response = client_for(world.secretary).post(
        reverse("cycle_new", args=[world.branch.pk]), _new_cycle_post(world, year="23")
    )

    assert (response.status_code, response.context["form"].errors["year"]) == (400, ["年度应在2000年至2100年之间。"])


def test_new_cycle_from_nothing_offers_presets(world, client_for):
    client = client_for(world.secretary)

    page = client.get(reverse("cycle_new", args=[world.branch.pk]) + "?from=0")
    client.post(
        reverse("cycle_new", args=[world.branch.pk]),
        _new_cycle_post(world, previous="0", kind="annual", categories="traditional"),
    )

    assert page.context["previous"] is None
    assert page.context["form"].fields["categories"].choices[0][0] == "traditional"
    cycle = Cycle.objects.get(year=2023)
    assert (cycle.title, list(cycle.categories.values_list("name", flat=True))) == (
        "2023年度组织生活会",
        ["思想", "学习", "工作", "生活"],
    )


def test_new_cycle_permissions(world, client_for):
    url = reverse("cycle_new", args=[world.branch.pk])
    district = reverse("cycle_new", args=[world.district.pk])

    codes = {
        user.username: (
            client_for(user).get(url).status_code,
            client_for(user).post(url, _new_cycle_post(world)).status_code,
        )
        for user in (world.member, world.reviewer, world.outsider)
    }

    assert codes == {"member": (403, 403), "reviewer": (403, 403), "outsider": (404, 404)}
    assert client_for(world.reviewer).get(district).status_code == 404
    assert Cycle.objects.count() == 1


def test_new_cycle_button_is_for_the_committee_only(world, client_for):
    url = reverse("organisation", args=[world.branch.pk])
    new = f'href="{reverse("cycle_new", args=[world.branch.pk])}"'
    next_one = f'href="{reverse("cycle_new", args=[world.branch.pk])}?from={world.cycle.pk}"'
    cycle_url = reverse("cycle", args=[world.cycle.pk])

    shown = {
        user.username: (
            new in client_for(user).get(url).content.decode(),
            next_one in client_for(user).get(cycle_url).content.decode(),
        )
        for user in (world.secretary, world.committee, world.member, world.reviewer)
    }

    assert shown == {
        "secretary": (True, True),
        "committee": (True, True),
        "member": (False, False),
        "reviewer": (False, False),
    }


def _edit_post(**extra) -> dict:
    data = {
        "cycle-kind": "special",
        "cycle-year": "2022",
        "cycle-theme": "迎盛会",
        "cycle-title": "2022年专题组织生活会",
        "cycle-notice": "区委《通知》",
        "cycle-study_content": "党章",
        "cycle-planned_date": "2022-11-24",
    }
    return {**data, **extra}


def test_cycle_details_are_edited_on_the_cycle_page(world, client_for):
    client = client_for(world.secretary)
    url = reverse("cycle_edit", args=[world.cycle.pk])

    first = client.post(url, _edit_post(), follow=True)
    second = client.post(url, _edit_post(**{"cycle-theme": "铸忠诚", "cycle-title": ""}), follow=True)

    world.cycle.refresh_from_db()
    assert [str(m) for m in first.context["messages"]] == ["已保存基本信息：2022年“迎盛会”专题组织生活会。"]
    assert [str(m) for m in second.context["messages"]] == ["已保存基本信息：2022年“铸忠诚”专题组织生活会。"]
    assert (world.cycle.theme, world.cycle.notice, world.cycle.planned_date) == (
        "铸忠诚",
        "区委《通知》",
        datetime.date(2022, 11, 24),
    )
    html = second.content.decode()
    assert "<dt>主题</dt><dd>铸忠诚</dd>" in html
    assert "<dt>计划召开</dt><dd>2022年11月24日</dd>" in html
    assert "<dt>依据通知</dt><dd>区委《通知》</dd>" in html


def test_cycle_edit_duplicate_is_refused_and_the_page_keeps_the_saved_title(world, client_for):
    make_cycle(branch=world.branch, year=2021, kind="special", title="2021年专题组织生活会")

    response = client_for(world.secretary).post(
        reverse("cycle_edit", args=[world.cycle.pk]), _edit_post(**{"cycle-year": "2021", "cycle-title": "改了的名称"})
    )

    world.cycle.refresh_from_db()
    html = response.content.decode()
    assert response.status_code == 400
    assert (
        "本支部已有2021年的专题组织生活会：2021年专题组织生活会。同一年度同一类型只能有一次，请修改年度或类型。" in html
    )
    assert "<h1>2022年专题组织生活会</h1>" in html
    assert 'value="改了的名称"' in html
    assert (world.cycle.year, world.cycle.title) == (2022, "2022年专题组织生活会")


def test_cycle_edit_permissions(world, client_for):
    url = reverse("cycle_edit", args=[world.cycle.pk])

    codes = {
        user.username: client_for(user).post(url, _edit_post(**{"cycle-theme": "改"})).status_code
        for user in (world.member, world.reviewer, world.outsider)
    }
    member_page = client_for(world.member).get(reverse("cycle", args=[world.cycle.pk])).content.decode()

    assert codes == {"member": 403, "reviewer": 403, "outsider": 404}
    assert Cycle.objects.get().theme == ""
    assert url not in member_page and "修改基本信息" not in member_page


def _add_measures(world, numbers: range) -> None:
    for n in numbers:
        direction = make_direction(material=world.material, position=n, heading=f"方向{n}")
        make_measure(direction=direction, position=1, text=f"措施{n}。细节。", owner=world.committee)


def test_new_cycle_form_queries_do_not_grow_with_the_measures(world, client_for):
    client = client_for(world.secretary)
    url = reverse("cycle_new", args=[world.branch.pk])
    _add_measures(world, range(1, 2))
    client.get(url)  # the first request of a client loads its session

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    _add_measures(world, range(2, 4))
    with CaptureQueriesContext(connection) as three:
        response = client.get(url)

    assert len(response.context["directions"]) == 3
    assert len(three.captured_queries) == len(one.captured_queries)


def test_new_cycle_cannot_start_from_another_branchs_cycle(world, client_for):
    theirs = make_cycle(branch=world.other_branch, year=2022, title="别的支部2022年")
    url = reverse("cycle_new", args=[world.branch.pk])
    client = client_for(world.secretary)

    get = client.get(url, {"from": theirs.pk}).status_code
    post = client.post(url, _new_cycle_post(world, previous=str(theirs.pk))).status_code

    assert (get, post) == (404, 404)
    assert Cycle.objects.count() == 2
