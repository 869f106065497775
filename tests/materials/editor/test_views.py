import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orglife.materials.document.checks import check_material
from orglife.materials.editor import services as edit
from orglife.materials.editor.context import EditorUrls, undo_offer
from orglife.models import CategoryIntro, Cause, Direction, Material, MaterialRevision, Measure, Problem
from tests.factories import add_problems, adopted_opinion, make_direction, make_material, make_measure


def token(obj, kind):
    return edit.version_token(obj, edit.PART_KINDS[kind].fields)


def endpoints(world, drafted):
    m, p1, p2 = world.material.pk, drafted["p1"], drafted["p2"]
    thought = world.categories[0].pk
    return [
        ("get", reverse("editor", args=[m]), {}),
        ("get", reverse("editor_preview", args=[m]), {}),
        ("get", reverse("editor_checks", args=[m]), {}),
        ("post", reverse("editor_presence", args=[m]), {}),
        ("get", reverse("editor_group", args=[m, "basics"]) + "?edit=1", {}),
        ("get", reverse("editor_part", args=[m, "problem", p1.pk]) + "?edit=1", {}),
        ("get", reverse("editor_intro", args=[m, thought]) + "?edit=1", {}),
        (
            "post",
            reverse("editor_group", args=[m, "basics"]),
            {"base": edit.version_token(world.material, ("title", "preamble")), "title": "改过的标题"},
        ),
        ("post", reverse("editor_intro", args=[m, thought]), {"base": "", "text": "新引言"}),
        (
            "post",
            reverse("editor_part_add", args=[m, "problem"]),
            {"add-problem-category": thought, "add-problem-text": "新问题"},
        ),
        (
            "post",
            reverse("editor_part", args=[m, "problem", p1.pk]),
            {"base": token(p1, "problem"), "category": thought, "text": "改"},
        ),
        ("post", reverse("editor_part_move", args=[m, "problem", p2.pk, "up"]), {}),
        ("post", reverse("editor_part_delete", args=[m, "problem", p2.pk]), {}),
        ("post", reverse("editor_fix_punctuation", args=[m]), {}),
        ("post", reverse("editor_part_undo", args=[m]), {"token": undo_token(world, "撤销回来的问题。")}),
    ]


def undo_token(world, text: str, position: int = 9) -> str:
    """The token a delete's notice would carry for a problem of 思想 with `text`."""
    deleted = {"category_id": world.categories[0].pk, "position": position, "text": text, "opinions": []}
    return undo_offer(world.material, "problem", deleted)["token"]


def snapshot(world):
    material = type(world.material).objects.get(pk=world.material.pk)
    return (
        material.title,
        list(Problem.objects.order_by("pk").values_list("pk", "position", "text")),
        list(CategoryIntro.objects.values_list("text", flat=True)),
    )


@pytest.mark.parametrize(("who", "expected"), [("member", 403), ("reviewer", 403), ("outsider", 404)])
def test_every_editor_endpoint_refuses_non_editors_and_changes_nothing(world, drafted, client_for, who, expected):
    client = client_for(getattr(world, who))
    before = snapshot(world)

    codes = {
        url: getattr(client, method)(url, data, HTTP_HX_REQUEST="true").status_code
        for method, url, data in endpoints(world, drafted)
    }

    assert set(codes.values()) == {expected}, codes
    assert snapshot(world) == before


@pytest.mark.parametrize("who", ["secretary", "committee"])
def test_every_editor_endpoint_serves_the_committee(world, drafted, client_for, who):
    client = client_for(getattr(world, who))

    codes = [
        getattr(client, method)(url, data, HTTP_HX_REQUEST="true").status_code
        for method, url, data in endpoints(world, drafted)
    ]

    assert codes == [200] * 15


def test_anonymous_is_sent_to_login(world, drafted, client):
    url = reverse("editor", args=[world.material.pk])

    assert client.get(url)["Location"] == f"/accounts/login/?next={url}"


def test_member_may_edit_own_personal_material_only(world, client_for):
    mine = make_material(cycle=world.cycle, kind="personal", author=world.member, title="王党员的材料")

    assert client_for(world.member).get(reverse("editor", args=[mine.pk])).status_code == 200
    assert client_for(world.committee).get(reverse("editor", args=[mine.pk])).status_code == 403


def test_edit_form_fragment_carries_the_base_token(world, drafted, client_for):
    p1 = drafted["p1"]
    url = reverse("editor_part", args=[world.material.pk, "problem", p1.pk])

    html = client_for(world.secretary).get(url + "?edit=1", HTTP_HX_REQUEST="true").content.decode()

    assert html.startswith(f'\n<form id="problem-{p1.pk}" class="part part-form" method="post"')
    assert f'<input type="hidden" name="base" value="{token(p1, "problem")}" id="id_base">' in html
    assert f">\n{p1.text}</textarea>" in html


def test_save_returns_the_card_and_refreshes_preview_and_checks(world, drafted, client_for):
    p1 = drafted["p1"]
    url = reverse("editor_part", args=[world.material.pk, "problem", p1.pk])
    data = {"base": token(p1, "problem"), "category": p1.category_id, "text": "新的问题文字。比如……"}

    response = client_for(world.secretary).post(url, data, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response["HX-Trigger-After-Swap"] == '{"material-changed": {}}'
    assert f'<div id="problem-{p1.pk}" class="part part-problem">' in html
    assert '<span class="ord">一是</span>新的问题文字。比如……' in html


def test_stale_save_returns_both_texts(world, drafted, client_for):
    p1 = drafted["p1"]
    stale = token(p1, "problem")
    Problem.objects.filter(pk=p1.pk).update(text="刘红刚保存的文字。")
    url = reverse("editor_part", args=[world.material.pk, "problem", p1.pk])

    response = client_for(world.secretary).post(
        url, {"base": stale, "category": p1.category_id, "text": "我的文字。"}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert response["X-Orglife-Conflict"] == "1"
    assert '<span class="ord">一是</span>刘红刚保存的文字。' in html
    assert ">\n我的文字。</textarea>" in html
    new_base = token(Problem.objects.get(pk=p1.pk), "problem")
    assert f'name="base" value="{new_base}"' in html
    assert Problem.objects.get(pk=p1.pk).text == "刘红刚保存的文字。"


def test_add_problem_returns_the_category_block_with_new_ordinal(world, drafted, client_for):
    thought = world.categories[0]

    response = client_for(world.secretary).post(
        reverse("editor_part_add", args=[world.material.pk, "problem"]),
        {"add-problem-category": thought.pk, "add-problem-text": "第三个问题。"},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    new = Problem.objects.get(text="第三个问题。")
    assert (new.category, new.position) == (thought, 3)
    assert html.lstrip().startswith(f'<div id="category-{thought.pk}" class="category">')
    assert '<span class="ord">三是</span>第三个问题。' in html


def test_add_empty_problem_shows_the_error_and_saves_nothing(world, drafted, client_for):
    thought = world.categories[0]

    response = client_for(world.secretary).post(
        reverse("editor_part_add", args=[world.material.pk, "problem"]),
        {"add-problem-category": thought.pk, "add-problem-text": ""},
        HTTP_HX_REQUEST="true",
    )

    assert '<span class="error">这个字段是必填项。</span>' in response.content.decode()
    assert Problem.objects.count() == 2


def test_move_up_renumbers_the_block(world, drafted, client_for):
    p2 = drafted["p2"]

    response = client_for(world.secretary).post(
        reverse("editor_part_move", args=[world.material.pk, "problem", p2.pk, "up"]), HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert html.index('<span class="ord">一是</span>宗旨意识有所淡化。') < html.index(
        '<span class="ord">二是</span>理想信念不够坚定。'
    )


def test_delete_refused_shows_why_in_place(world, drafted, client_for):
    drafted["measure"].problems.add(drafted["p1"])

    response = client_for(world.secretary).post(
        reverse("editor_part_delete", args=[world.material.pk, "problem", drafted["p1"].pk]), HTTP_HX_REQUEST="true"
    )

    assert (
        '<p class="error" role="alert">无法删除问题“理想信念不够坚定。比如某次学习缺席。”：措施与问题的对应'
        in response.content.decode()
    )
    assert Problem.objects.count() == 2


def test_delete_direction_takes_its_measures(world, drafted, client_for):
    client_for(world.secretary).post(
        reverse("editor_part_delete", args=[world.material.pk, "direction", drafted["direction"].pk]),
        HTTP_HX_REQUEST="true",
    )

    assert (Direction.objects.count(), Measure.objects.count(), Cause.objects.count()) == (0, 0, 1)


def test_without_htmx_writes_redirect_back_to_the_part(world, drafted, client_for):
    p1 = drafted["p1"]
    url = reverse("editor_part", args=[world.material.pk, "problem", p1.pk])

    response = client_for(world.secretary).post(
        url, {"base": token(p1, "problem"), "category": p1.category_id, "text": "无脚本也能保存。"}
    )

    assert response["Location"] == reverse("editor", args=[world.material.pk]) + f"#problem-{p1.pk}"


def test_page_without_js_opens_the_form_of_the_part_named_in_edit(world, drafted, client_for):
    p1 = drafted["p1"]

    html = (
        client_for(world.secretary)
        .get(reverse("editor", args=[world.material.pk]), {"edit": f"problem-{p1.pk}"})
        .content.decode()
    )

    assert f'<form id="problem-{p1.pk}" class="part part-form"' in html


def test_without_js_the_intro_and_group_forms_open_inside_the_site_layout(world, drafted, client_for):
    m, thought = world.material.pk, world.categories[0].pk
    client = client_for(world.secretary)
    page = client.get(reverse("editor", args=[m])).content.decode()
    group_url = reverse("editor_group", args=[m, "basics"]) + "?edit=1"
    intro_url = reverse("editor_intro", args=[m, thought]) + "?edit=1"

    intro = client.get(intro_url).content.decode()
    group = client.get(group_url).content.decode()

    assert f'<a href="{group_url}" hx-get="{group_url}"' in page  # the card's link works without htmx too
    assert f'<a href="{intro_url}" hx-get="{intro_url}"' in page
    for html in (intro, group):
        assert html.startswith("<!DOCTYPE html>") and f'<a href="{reverse("editor", args=[m])}">返回编辑</a>' in html
    assert f'<form id="intro-{thought}" class="part part-form" method="post"' in intro
    assert '<form id="basics" class="part part-form group" method="post"' in group


def test_without_js_a_rejected_save_comes_back_whole_with_the_typed_text(world, drafted, client_for):
    p1 = drafted["p1"]
    url = reverse("editor_part", args=[world.material.pk, "problem", p1.pk])
    typed = {"base": token(p1, "problem"), "category": "", "text": "无脚本时填错了方面。"}

    plain_response = client_for(world.secretary).post(url, typed)
    htmx_response = client_for(world.secretary).post(url, typed, HTTP_HX_REQUEST="true")
    plain, htmx = plain_response.content.decode(), htmx_response.content.decode()

    assert plain.startswith("<!DOCTYPE html>") and "<title>编辑 · " in plain
    assert plain_response["Vary"] == htmx_response["Vary"] == "HX-Request, Cookie, Accept-Language"
    assert f'<form id="problem-{p1.pk}" class="part part-form"' in plain and "无脚本时填错了方面。</textarea>" in plain
    assert htmx.lstrip().startswith(f'<form id="problem-{p1.pk}" class="part part-form"')
    assert Problem.objects.get(pk=p1.pk).text == "理想信念不够坚定。比如某次学习缺席。"


def test_checks_fragment_lists_findings_with_links(world, drafted, client_for):
    response = client_for(world.secretary).get(
        reverse("editor_checks", args=[world.material.pk]), HTTP_HX_REQUEST="true"
    )

    findings = check_material(world.material)
    assert [f.code for f in findings] == [
        "empty_category",
        "empty_category",
        "empty_category",
        "unanswered_problem",
        "unanswered_problem",
        "not_concrete",
        "measure_incomplete",
        "thin_core",
    ]
    html = response.content.decode()
    link = f'<a href="/materials/{world.material.pk}/edit/#problem-{drafted["p2"].pk}">'
    assert link + "思想方面第2个问题没有对应的整改措施。</a>" in html
    group = r'<details class="finding-group finding-group-(\w+)"( open)?>\s*<summary>(.+?)</summary>'
    summaries = re.findall(group, html)
    assert summaries == [
        ("empty_category", " open", '方面下没有问题 <span class="muted">3</span>'),
        ("unanswered_problem", " open", '问题没有对应的整改措施 <span class="muted">2</span>'),
        ("not_concrete", " open", '问题缺少具体事例 <span class="muted">1</span>'),
        ("measure_incomplete", " open", '措施缺少责任人或完成时限 <span class="muted">1</span>'),
        ("thin_core", " open", '问题和原因篇幅偏少 <span class="muted">1</span>'),
    ]


def test_checks_panel_folds_a_long_group(world, client_for):
    add_problems(material=world.material, category=world.categories[0], count=5)

    html = (
        client_for(world.secretary)
        .get(reverse("editor_checks", args=[world.material.pk]), HTTP_HX_REQUEST="true")
        .content.decode()
    )

    assert '<details class="finding-group finding-group-unanswered_problem">' in html  # 5 findings: folded
    assert '<details class="finding-group finding-group-empty_category" open>' in html


def test_checks_varies_on_hx_request_for_both_answers(world, client_for):
    client = client_for(world.secretary)
    url = reverse("editor_checks", args=[world.material.pk])

    fragment = client.get(url, HTTP_HX_REQUEST="true")
    page = client.get(url)

    assert fragment.content.decode().lstrip().startswith("<!DOCTYPE html>") is False
    assert page.content.decode().startswith("<!DOCTYPE html>") is True
    # a cache must not give the fragment to a reload of the page, nor the page to htmx
    assert fragment["Vary"] == "HX-Request, Accept-Language, Cookie"
    assert page["Vary"] == "HX-Request, Cookie, Accept-Language"  # the page's layout reads the session first


def test_presence_names_the_other_editors(world, drafted, client_for):
    url = reverse("editor_presence", args=[world.material.pk])
    client_for(world.committee).post(url, HTTP_HX_REQUEST="true")

    html = client_for(world.secretary).post(url, HTTP_HX_REQUEST="true").content.decode()

    assert '<span class="tag">李委员 也打开了这份材料</span>' in html


def test_editor_page_query_count_is_the_same_for_3_and_100_problems(world, client_for, django_assert_num_queries):
    client = client_for(world.secretary)
    url = reverse("editor", args=[world.material.pk])
    direction = make_direction(material=world.material, position=1, heading="方向")
    make_measure(direction=direction, position=1, text="措施", owner=world.member)
    add_problems(material=world.material, category=world.categories[0], count=3)
    client.get(url)
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    add_problems(material=world.material, category=world.categories[1], count=50)
    add_problems(material=world.material, category=world.categories[2], count=47)
    with django_assert_num_queries(len(three.captured_queries)):
        response = client.get(url)
    assert Problem.objects.count() == 100
    assert response.content.decode().count('class="part part-problem"') == 100


def test_card_actions_post_to_the_parts_own_urls(world, drafted, client_for):
    p1, m, c = drafted["p1"], world.material.pk, world.categories[0].pk
    base = f"/materials/{m}/edit/problem/{p1.pk}"

    html = client_for(world.secretary).get(reverse("editor", args=[m])).content.decode()

    assert f'<form method="post" action="{base}/move/up/" hx-target="#category-{c}" hx-swap="outerHTML">' in html
    assert f'formaction="{base}/move/down/" hx-post="{base}/move/down/" aria-label="下移">↓</button>' in html
    assert f'formaction="{base}/delete/" hx-post="{base}/delete/"' in html
    assert f'hx-get="{base}/?edit=1" hx-target="#problem-{p1.pk}"' in html


def test_without_js_move_down_and_delete_use_the_buttons_formaction(world, drafted, client_for):
    client = client_for(world.secretary)
    p1, p2 = drafted["p1"], drafted["p2"]

    client.post(reverse("editor_part_move", args=[world.material.pk, "problem", p1.pk, "down"]))
    client.post(reverse("editor_part_delete", args=[world.material.pk, "problem", p2.pk]))

    assert list(Problem.objects.values_list("pk", "position")) == [(p1.pk, 2)]


def test_saving_a_part_someone_deleted_gives_the_text_back(world, drafted, client_for):
    cause = drafted["cause"]
    base, pk = token(cause, "cause"), cause.pk
    cause.delete()

    response = client_for(world.secretary).post(
        reverse("editor_part", args=[world.material.pk, "cause", pk]),
        {"base": base, "heading": "党性修养不够", "body": "我写了很久的剖析。"},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert (response.status_code, response["X-Orglife-Conflict"]) == (200, "1")
    assert "在您编辑期间，其他人删除了这一项。您的文字在下面，可以复制后另行添加。" in html
    assert ">\n我写了很久的剖析。</textarea>" in html


def test_delete_with_a_stale_base_keeps_the_newer_text(world, drafted, client_for):
    p1 = drafted["p1"]
    stale = token(p1, "problem")
    Problem.objects.filter(pk=p1.pk).update(text="刘红刚补充的具体事例。")

    response = client_for(world.secretary).post(
        reverse("editor_part_delete", args=[world.material.pk, "problem", p1.pk]),
        {"base": stale},
        HTTP_HX_REQUEST="true",
    )

    assert "其他人刚刚修改了这一项，下面已是最新内容，请核对后再决定是否删除。" in response.content.decode()
    assert Problem.objects.get(pk=p1.pk).text == "刘红刚补充的具体事例。"


def test_card_carries_the_base_token_for_delete(world, drafted, client_for):
    html = client_for(world.secretary).get(reverse("editor", args=[world.material.pk])).content.decode()

    assert f'<input type="hidden" name="base" value="{token(drafted["p1"], "problem")}">' in html


def test_deleting_a_direction_with_measures_saves_a_revision_first(world, drafted, client_for):
    client_for(world.secretary).post(
        reverse("editor_part_delete", args=[world.material.pk, "direction", drafted["direction"].pk]),
        HTTP_HX_REQUEST="true",
    )

    revision = MaterialRevision.objects.get()
    assert revision.reason == "删除努力方向前自动保存"
    assert revision.data["directions"][0]["measures"] == [{"text": "每周集中学习。"}]


def test_problem_card_names_adopted_opinions_and_deleting_returns_them_to_pending(world, client_for):
    opinion = adopted_opinion(cycle=world.cycle, category=world.categories[0])
    client = client_for(world.secretary)

    html = client.get(reverse("editor", args=[world.material.pk])).content.decode()
    client.post(
        reverse("editor_part_delete", args=[world.material.pk, "problem", opinion.problem_id]), HTTP_HX_REQUEST="true"
    )

    assert '<span class="tag">采纳自 1 条意见建议</span>' in html
    opinion.refresh_from_db()
    assert (opinion.status, opinion.problem) == ("pending", None)


def test_a_delete_offers_an_undo_that_puts_the_part_back_once(world, drafted, client_for):
    p1 = drafted["p1"]
    client = client_for(world.committee)

    deleted = client.post(
        reverse("editor_part_delete", args=[world.material.pk, "problem", p1.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    token = re.search(r'<input type="hidden" name="token" value="([^"]+)">', deleted).group(1)
    undo = reverse("editor_part_undo", args=[world.material.pk])
    undone = client.post(undo, {"token": token}, HTTP_HX_REQUEST="true")
    again = client.post(undo, {"token": token}, HTTP_HX_REQUEST="true")

    assert f'hx-target="#category-{p1.category_id}"' in deleted
    assert "已删除“理想信念不够坚定。比如某次学习缺席。”。" in deleted
    back = Problem.objects.get(material=world.material, position=1)
    assert (back.text, back.category_id) == (p1.text, p1.category_id)
    assert f'<div id="category-{p1.category_id}" class="category">' in undone.content.decode()
    assert 'id="undo-notice"' not in undone.content.decode()
    assert (again["HX-Retarget"], again["HX-Reswap"]) == ("#undo-notice", "outerHTML")
    assert again.content.decode() == '<p id="undo-notice" class="error" role="alert">这一项已经撤销过了。</p>'
    assert Problem.objects.filter(material=world.material).count() == 2


def test_undo_refuses_a_forged_token_and_one_for_another_material(world, drafted, client_for):
    client = client_for(world.secretary)
    url = reverse("editor_part_undo", args=[world.material.pk])
    other = make_material(cycle=world.cycle, kind="personal", author=world.secretary, title="张书记的材料")
    forged = undo_token(world, "伪造的问题。")[:-2] + "xx"
    elsewhere = client.post(reverse("editor_part_undo", args=[other.pk]), {"token": undo_token(world, "别处的问题。")})

    refused = client.post(url, {"token": forged}, HTTP_HX_REQUEST="true").content.decode()

    assert refused == '<p id="undo-notice" class="error" role="alert">无法撤销：撤销已超过一小时，或链接已失效。</p>'
    assert elsewhere.status_code == 404
    assert Problem.objects.filter(material=world.material).count() == 2


def test_editor_side_panes_refresh_through_wrappers_that_are_never_swapped(world, drafted, client_for):
    m = world.material.pk
    html = client_for(world.secretary).get(reverse("editor", args=[m])).content.decode()

    for pane, trigger in (("checks", "load, material-changed from:body"), ("preview", "material-changed from:body")):
        wrapper = (
            f'<div class="pane" hx-get="/materials/{m}/edit/{pane}/" hx-trigger="{trigger}" '
            'hx-sync="this:replace" hx-swap="innerHTML">'
        )
        assert html.count(wrapper) == 1
    assert "{#" not in html and "{%" not in html and "#}" not in html


def test_presence_answers_only_the_names_and_the_page_polls_once_per_interval_while_visible(world, drafted, client_for):
    client = client_for(world.secretary)
    client_for(world.committee).post(reverse("editor_presence", args=[world.material.pk]), HTTP_HX_REQUEST="true")

    names = client.post(reverse("editor_presence", args=[world.material.pk]), HTTP_HX_REQUEST="true")
    page = client.get(reverse("editor", args=[world.material.pk])).content.decode()

    assert names.content.decode() == '<span class="tag">李委员 也打开了这份材料</span>'
    assert (
        f'<div id="presence" class="presence" hx-post="/materials/{world.material.pk}/edit/presence/" '
        'hx-trigger="load, every 20s" '
        'hx-swap="innerHTML"></div>'
    ) in page


@pytest.mark.parametrize(
    ("kind", "typed", "ordinal", "stored"),
    [
        ("problem", "四是学习笔记不全。", "四是", "学习笔记不全。"),
        ("problem", "（三） 学习笔记不全。", "（三）", "学习笔记不全。"),
        ("problem", "1、学习笔记不全。", "1、", "学习笔记不全。"),
        ("measure", "二要每周集中学习。", "二要", "每周集中学习。"),
        ("measure", "(2)每周集中学习。", "(2)", "每周集中学习。"),
        ("cause", "（一）党性修养不够", "（一）", "党性修养不够"),
        ("direction", "一、加强学习", "一、", "加强学习"),
        ("section", "一、基本情况", "一、", "基本情况"),
    ],
)
def test_a_typed_ordinal_is_removed_on_save_and_the_card_says_so(
    world, drafted, client_for, kind, typed, ordinal, stored
):
    obj = drafted.get("p1" if kind == "problem" else kind)
    if kind == "section":
        obj = world.material.sections.create(position=1, heading="上年度整改落实情况", body="", placement="before")
    data = {"base": token(obj, kind)}
    data.update(
        {
            "problem": {"category": obj.category_id if kind == "problem" else "", "text": typed},
            "measure": {"text": typed, "status": "planned"},
            "cause": {"heading": typed, "body": "放松了学习。"},
            "direction": {"heading": typed},
            "section": {"heading": typed, "placement": "before"},
        }[kind]
    )

    response = client_for(world.secretary).post(
        reverse("editor_part", args=[world.material.pk, kind, obj.pk]), data, HTTP_HX_REQUEST="true"
    )

    saved = type(obj).objects.get(pk=obj.pk)
    assert (saved.heading if kind in ("cause", "direction", "section") else saved.text) == stored
    assert (
        f'<p class="notice" role="status">已去掉您输入的序号“{ordinal}”，序号会按顺序自动生成。</p>'
        in response.content.decode()
    )


def test_an_added_problem_loses_its_typed_ordinal_and_the_new_card_says_so(world, drafted, client_for):
    thought = world.categories[0]

    response = client_for(world.secretary).post(
        reverse("editor_part_add", args=[world.material.pk, "problem"]),
        {"add-problem-category": thought.pk, "add-problem-text": "三是学习笔记不全。"},
        HTTP_HX_REQUEST="true",
    )

    new = Problem.objects.get(material=world.material, position=3)
    html = response.content.decode()
    assert new.text == "学习笔记不全。"
    card = html[html.index(f'<div id="problem-{new.pk}"') :]
    card = card[: card.index('<details class="add">')]
    assert '<span class="ord">三是</span>学习笔记不全。</div>' in card
    assert card.rstrip().endswith(
        '<p class="notice" role="status">已去掉您输入的序号“三是”，序号会按顺序自动生成。</p>\n</div>'
    )
    assert html.count('<p class="notice" role="status">') == 1


def test_a_text_that_is_only_an_ordinal_is_refused_and_kept(world, drafted, client_for):
    p1 = drafted["p1"]

    response = client_for(world.secretary).post(
        reverse("editor_part", args=[world.material.pk, "problem", p1.pk]),
        {"base": token(p1, "problem"), "category": p1.category_id, "text": "四是"},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert '<span class="error">请在序号后写上内容（序号会按顺序自动生成，不用输入）。</span>' in html
    assert ">\n四是</textarea>" in html
    assert "X-Orglife-Saved" not in response
    assert Problem.objects.get(pk=p1.pk).text == "理想信念不够坚定。比如某次学习缺席。"


@pytest.mark.parametrize(
    "text",
    ["统一是大家的要求。", "1.5万元经费没有用完。", "二十多名党员缺席。", "三月份学习缺席。"],
)
def test_text_that_only_looks_like_an_ordinal_is_kept(world, drafted, client_for, text):
    p1 = drafted["p1"]

    response = client_for(world.secretary).post(
        reverse("editor_part", args=[world.material.pk, "problem", p1.pk]),
        {"base": token(p1, "problem"), "category": p1.category_id, "text": text},
        HTTP_HX_REQUEST="true",
    )

    assert Problem.objects.get(pk=p1.pk).text == text
    assert 'class="notice"' not in response.content.decode()


def test_a_saved_write_says_so_and_where_the_focus_goes(world, drafted, client_for):
    p1, p2 = drafted["p1"], drafted["p2"]
    client = client_for(world.secretary)
    m = world.material.pk

    saved = client.post(
        reverse("editor_part", args=[m, "problem", p1.pk]),
        {"base": token(p1, "problem"), "category": p1.category_id, "text": "改过的问题。"},
        HTTP_HX_REQUEST="true",
    )
    moved = client.post(reverse("editor_part_move", args=[m, "problem", p2.pk, "up"]), HTTP_HX_REQUEST="true")
    deleted = client.post(reverse("editor_part_delete", args=[m, "problem", p2.pk]), HTTP_HX_REQUEST="true")

    assert saved["X-Orglife-Saved"] == "1"
    assert saved["HX-Trigger-After-Settle"] == f'{{"editor-focus": {{"selector": "#problem-{p1.pk}"}}}}'
    assert moved["HX-Trigger-After-Settle"] == (
        f'{{"editor-focus": {{"selector": "#problem-{p2.pk} [hx-post$=\\"/up/\\"]"}}}}'
    )
    assert deleted["HX-Trigger-After-Settle"] == '{"editor-focus": {"selector": "#undo-notice button"}}'


def test_an_invalid_or_conflicting_save_is_not_marked_saved(world, drafted, client_for):
    p1 = drafted["p1"]
    url = reverse("editor_part", args=[world.material.pk, "problem", p1.pk])
    client = client_for(world.secretary)

    invalid = client.post(
        url, {"base": token(p1, "problem"), "category": p1.category_id, "text": ""}, HTTP_HX_REQUEST="true"
    )
    stale = client.post(url, {"base": "0" * 16, "category": p1.category_id, "text": "我的"}, HTTP_HX_REQUEST="true")

    assert ("X-Orglife-Saved" in invalid, "X-Orglife-Saved" in stale) == (False, False)
    assert stale["X-Orglife-Conflict"] == "1"


def test_the_page_names_the_user_in_the_draft_prefix_and_marks_the_logout_form(world, drafted, client_for):
    html = client_for(world.secretary).get(reverse("editor", args=[world.material.pk])).content.decode()

    assert f' data-draft-prefix="orglife:draft:u{world.secretary.pk}:">' in html
    assert '<form method="post" action="/accounts/logout/" class="inline" data-logout>' in html
    assert '<script src="/static/js/logout.js" defer></script>' in html


def test_a_typed_ordinal_in_a_part_heading_is_removed_and_said_at_the_headings(world, drafted, client_for):
    material = world.material
    fields = ("problems_heading", "causes_heading", "causes_intro", "directions_heading", "directions_intro")
    data = {f: getattr(material, f) for f in fields}
    data.update({"base": edit.version_token(material, fields), "problems_heading": "一、存在的问题"})

    response = client_for(world.secretary).post(
        reverse("editor_group", args=[material.pk, "headings"]), data, HTTP_HX_REQUEST="true"
    )

    assert Material.objects.get(pk=material.pk).problems_heading == "存在的问题"
    assert (
        '<p class="notice" role="status">已去掉您输入的序号“一、”，序号会按顺序自动生成。</p>\n</section>'
        in response.content.decode()
    )


def test_without_javascript_the_typed_ordinal_notice_comes_back_with_the_editor(world, drafted, client_for):
    p1 = drafted["p1"]
    client = client_for(world.secretary)

    response = client.post(
        reverse("editor_part", args=[world.material.pk, "problem", p1.pk]),
        {"base": token(p1, "problem"), "category": p1.category_id, "text": "一是理想信念不够坚定。"},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("editor", args=[world.material.pk]) + f"#problem-{p1.pk}", 302)]
    assert '<li class="info">已去掉您输入的序号“一是”，序号会按顺序自动生成。</li>' in response.content.decode()
    assert Problem.objects.get(pk=p1.pk).text == "理想信念不够坚定。"


def test_editor_urls_match_the_resolver_for_every_part_url(world):
    urls = EditorUrls(world.material.pk)
    m = world.material.pk
    calls = [
        ("editor_part", "problem", 12),
        ("editor_part", "problem", 7),  # the pattern reversed once serves every id
        ("editor_part", "measure", 12),
        ("editor_part_move", "cause", 3, "up"),
        ("editor_part_move", "cause", 3, "down"),
        ("editor_part_delete", "section", 40),
        ("editor_part_add", "direction"),
        ("editor_intro", 5),
        ("editor_part_undo",),
    ]

    built = [urls(name, *args) for name, *args in calls]

    assert built == [reverse(name, args=[m, *args]) for name, *args in calls]
    assert built[1] == f"/materials/{m}/edit/problem/7/"


def test_edit_forms_show_stored_dates_as_a_date_input_reads_them(client_for, world, drafted):
    """The forms wrote 2023/06/30, which a date input does not read: it showed nothing, and the
    next save of the measure's text (or of the ending) erased the deadline (or the date)."""
    measure = drafted["measure"]
    Measure.objects.filter(pk=measure.pk).update(deadline="2023-06-30")
    Material.objects.filter(pk=world.material.pk).update(signed_on="2022-11-24")
    client = client_for(world.secretary)
    m = world.material.pk

    measure_form = client.get(reverse("editor_part", args=[m, "measure", measure.pk]) + "?edit=1").content.decode()
    ending_form = client.get(reverse("editor_group", args=[m, "ending"]) + "?edit=1").content.decode()

    assert '<input type="date" name="deadline" value="2023-06-30" id="id_deadline">' in measure_form
    assert '<input type="date" name="signed_on" value="2022-11-24" id="id_signed_on">' in ending_form


def test_a_saved_or_cancelled_direction_comes_back_with_its_measures(client_for, world, drafted):
    """The direction's form replaces its whole block; the plain card it came back as had no
    measures and no 添加整改措施, so they vanished from the page until a reload."""
    direction, measure = drafted["direction"], drafted["measure"]
    client = client_for(world.secretary)
    url = reverse("editor_part", args=[world.material.pk, "direction", direction.pk])

    data = {"base": token(direction, "direction"), "heading": "加强理论学习", "intro": ""}
    saved = client.post(url, data, headers={"HX-Request": "true"}).content.decode()
    cancelled = client.get(url, headers={"HX-Request": "true"}).content.decode()

    for html in (saved, cancelled):
        assert html.count(f'id="measure-{measure.pk}"') == 1
        assert "每周集中学习。" in html
        assert "添加整改措施" in html
    assert "<strong>加强理论学习</strong>" in saved


def test_editor_page_has_no_repeated_id_and_each_add_field_has_its_lists_own(world, drafted, client_for):
    make_direction(material=world.material, position=2, heading="改进作风")

    html = client_for(world.secretary).get(reverse("editor", args=[world.material.pk])).content.decode()

    ids = re.findall(r'\sid="([^"]+)"', html)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    for category in world.categories:
        assert f'id="id_add-problem-text-{category.pk}"' in html
    for direction in world.material.directions.all():
        assert f'id="id_add-measure-text-{direction.pk}"' in html
