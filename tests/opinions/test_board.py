import datetime
import re

import pytest
from django.urls import reverse

from orglife.models import Campaign, Opinion, Problem
from orglife.opinions.services import opinion_merge
from tests.factories import add_problems, make_problem


@pytest.fixture
def shown(campaign):
    """The campaign; `submit` releases each anonymous opinion at once."""
    return campaign


def _board(campaign) -> str:
    return reverse("campaign", args=[campaign.pk])


def _texts(response) -> list[str]:
    """Opinion texts in the order shown; works for the htmx partial, which has no response.context."""
    return re.findall(r'<p class="pre op-body">(.*?)</p>', response.content.decode())


def _texts_of(html: str) -> list[str]:
    return re.findall(r'<p class="pre op-body">(.*?)</p>', html)


def _error(response) -> str:
    return re.search(r'<p class="op-error" role="alert">(.*?)</p>', response.content.decode()).group(1)


def test_board_lists_opinions_by_category_then_text(client_for, world, shown, submit):
    for text, category in (("丙意见。", "学习"), ("甲意见。", "学习"), ("乙意见。", "思想"), ("丁意见。", None)):
        submit(text, category=category)

    response = client_for(world.secretary).get(_board(shown))

    assert (response.status_code, _texts(response)) == (200, ["乙意见。", "丙意见。", "甲意见。", "丁意见。"])
    assert response.context["published"] is False
    assert response.context["link"] == f"http://testserver/o/{shown.token}/"


def test_board_shows_the_signer_only_of_signed_opinions(client_for, world, shown, submit):
    submit("署名的意见。", source="member", user=world.member, signed=True)
    submit("匿名的意见。")

    html = client_for(world.secretary).get(_board(shown)).content.decode()

    assert "署名：王党员" in html and html.count("匿名</span>") == 1


def test_board_filters_by_category_source_and_status(client_for, world, shown, submit):
    submit("群众学习意见。", category="学习")
    submit("服务对象学习意见。", source="served", category="学习")
    submit("群众工作意见。", category="工作")
    submit("无方面意见。", category=None)
    client = client_for(world.committee)
    learning = str(world.categories[1].pk)

    assert _texts(client.get(_board(shown), {"category": learning, "source": "masses"})) == ["群众学习意见。"]
    assert _texts(client.get(_board(shown), {"category": "none"})) == ["无方面意见。"]
    assert _texts(client.get(_board(shown), {"status": "adopted"})) == []
    assert len(_texts(client.get(_board(shown), {"category": "bogus"}))) == 4


def test_board_htmx_gets_only_the_board_partial(client_for, world, shown, submit):
    submit("一条意见建议。")

    response = client_for(world.secretary).get(_board(shown), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="board"') and "<html" not in html
    assert response["Vary"] == "HX-Request, Cookie, Accept-Language"


@pytest.mark.parametrize("count", [1, 3])
def test_board_query_count_does_not_grow_with_opinions(
    client_for, world, shown, submit, django_assert_num_queries, count
):
    add_problems(material=world.material, category=world.categories[0], count=2)
    for n in range(count):
        primary = submit(f"意见{n}：会议太多。")
        opinion_merge(primary=primary, duplicates=[submit(f"意见{n}：会议太长。", source="served")])
    submit("署名意见。", source="member", user=world.member, signed=True)
    client = client_for(world.secretary)
    client.get(_board(shown))  # warm the session

    # the release check (savepoint, campaign lock, sealed rows, release), that the user is on
    # the committee (memberships read once), the change log
    with django_assert_num_queries(20):
        client.get(_board(shown))


def test_adopt_view_creates_the_problem_and_the_link(client_for, world, shown, submit):
    add_problems(material=world.material, category=world.categories[0], count=1)
    opinion = submit("理想信念教育走过场。")

    response = client_for(world.committee).post(
        reverse("opinion_adopt", args=[shown.pk, opinion.pk]), {"problem": "", "new_category": "", "text": ""}
    )

    problem = Problem.objects.get(position=2)
    assert (response.status_code, response["Location"]) == (302, _board(shown))
    assert (problem.category.name, problem.text, list(problem.opinions.all())) == (
        "思想",
        "理想信念教育走过场。",
        [opinion],
    )


def test_adopt_view_htmx_returns_the_refreshed_board_with_filters(client_for, world, shown, submit):
    opinion = submit("理想信念教育走过场。")
    submit("学习意见建议。", category="学习")

    response = client_for(world.secretary).post(
        reverse("opinion_adopt", args=[shown.pk, opinion.pk]),
        {"problem": "", "new_category": str(world.categories[2].pk), "text": "工作中的问题。", "status": "adopted"},
        headers={"HX-Request": "true"},
    )

    assert (response.status_code, _texts(response)) == (200, ["理想信念教育走过场。"])
    assert Problem.objects.get().category.name == "工作"


def test_adopt_view_shows_a_refusal_on_the_board(client_for, world, shown, submit):
    opinion = submit("没有方面的意见。", category=None)

    response = client_for(world.secretary).post(
        reverse("opinion_adopt", args=[shown.pk, opinion.pk]), {"problem": ""}, headers={"HX-Request": "true"}
    )

    assert (response.status_code, _error(response)) == (200, "请选择新问题所属的查摆方面。")


def test_answer_and_decline_views(client_for, world, shown, submit):
    first, second = submit("建议一，多组织学习。"), submit("建议二，发放补贴。")
    client = client_for(world.secretary)

    client.post(reverse("opinion_answer", args=[shown.pk, first.pk]), {"response": "已纳入学习计划。"})
    client.post(reverse("opinion_decline", args=[shown.pk, second.pk]), {"response": "不符合规定。"})
    empty = client.post(reverse("opinion_answer", args=[shown.pk, first.pk]), {"response": ""}, follow=True)

    assert list(Opinion.objects.order_by("text").values_list("status", "response")) == [
        ("answered", "已纳入学习计划。"),
        ("declined", "不符合规定。"),
    ]
    assert [str(m) for m in empty.context["messages"]] == [
        "已答复。",
        "已不予采纳并说明理由。",
        "请填写答复或说明（不超过1000字）。",
    ]


def test_merge_view_and_separate_view(client_for, world, shown, submit):
    primary, a, b = submit("会议太多。"), submit("会议太长。"), submit("开会多。")
    client = client_for(world.secretary)

    merged = client.post(
        reverse("campaign_merge", args=[shown.pk]),
        {"primary": str(primary.pk), "duplicates": [str(a.pk), str(b.pk), str(primary.pk)]},
        headers={"HX-Request": "true"},
    )
    client.post(reverse("opinion_separate", args=[shown.pk, b.pk]))

    assert _texts(merged) == ["会议太多。"]
    assert "另有2条相同意见" in merged.content.decode()
    assert sorted(Opinion.objects.filter(duplicate_of__isnull=True).values_list("text", flat=True)) == [
        "会议太多。",
        "开会多。",
    ]


def test_merge_view_needs_a_primary(client_for, world, shown, submit):
    a = submit("会议太长。")

    response = client_for(world.secretary).post(
        reverse("campaign_merge", args=[shown.pk]), {"duplicates": [str(a.pk)]}, headers={"HX-Request": "true"}
    )

    assert _error(response) == "请选择保留的一条意见。"


def test_held_back_opinion_is_not_on_the_board_and_nothing_counts_it(client_for, world, campaign, submit):
    submit("已显示的匿名意见一。")  # released at once by the fixture
    submit("尚未显示的匿名意见。", held=True)

    html = client_for(world.secretary).get(_board(campaign)).content.decode()

    assert _texts_of(html) == ["已显示的匿名意见一。"]
    assert "尚未显示" not in html and "待显示" not in html and "1条" not in html


def test_campaign_create_view(client_for, world):
    client = client_for(world.secretary)
    data = {
        "title": "征求对班子的意见",
        "intro": "请大家畅所欲言。",
        "opens_on": "2022-10-01",
        "closes_on": "2022-10-10",
        "sources": ["member", "masses"],
        "subject": "",
        "categories": [str(c.pk) for c in world.categories[:2]],
        "hold_back": "4",
        "one_per_member": "on",
    }

    response = client.post(reverse("campaign_create", args=[world.cycle.pk]), data)

    campaign = Campaign.objects.get()
    assert (response.status_code, response["Location"]) == (302, reverse("campaign", args=[campaign.pk]))
    assert (campaign.sources, campaign.opens_on, campaign.hold_back, campaign.subject) == (
        ["member", "masses"],
        datetime.date(2022, 10, 1),
        4,
        None,
    )
    assert [c.name for c in campaign.categories.order_by("position")] == ["思想", "学习"]
    assert len(campaign.token) >= 12


def test_campaign_create_view_rejects_closing_before_opening(client_for, world):
    data = {"title": "x", "opens_on": "2022-10-10", "closes_on": "2022-10-01", "sources": ["member"], "hold_back": "3"}

    response = client_for(world.secretary).post(reverse("campaign_create", args=[world.cycle.pk]), data)

    assert response.context["form"].errors == {"closes_on": ["截止日期不能早于开始日期。"]}


def test_campaign_edit_view_keeps_the_link(client_for, world, campaign):
    token = campaign.token
    data = {
        "title": "改名",
        "opens_on": campaign.opens_on.isoformat(),
        "closes_on": campaign.closes_on.isoformat(),
        "sources": ["higher"],
        "hold_back": "3",
    }
    data["subject"] = str(world.committee.pk)

    client_for(world.committee).post(reverse("campaign_edit", args=[campaign.pk]), data)

    campaign.refresh_from_db()
    assert (campaign.title, campaign.token, campaign.sources, campaign.subject_text) == (
        "改名",
        token,
        ["higher"],
        "李委员同志",
    )
    assert campaign.categories.count() == 0 and campaign.one_per_member is False


def test_cycle_page_links_to_the_campaigns(client_for, world, campaign):
    # Through the 征求意见 step card, once there is a campaign (tests/cycles/test_steps.py).
    html = client_for(world.member).get(reverse("cycle", args=[world.cycle.pk])).content.decode()

    assert f'href="{reverse("campaign_list", args=[world.cycle.pk])}"' in html


def test_adopt_dropdown_labels_problems_by_their_printed_place(client_for, world, shown, submit):
    thought, study = world.categories[0], world.categories[1]
    long_text = "理想信念不够坚定，对党的创新理论学得不深不透，学用结合不够紧密。"
    for position, category, text in (
        (7, study, "学习\n流于形式。"),
        (9, thought, long_text),
        (2, thought, "宗旨意识淡化。"),
    ):
        make_problem(material=world.material, category=category, position=position, text=text)
    submit("一条意见建议。")

    html = client_for(world.secretary).get(_board(shown)).content.decode()

    options = re.findall(r'<option value="\d+">(.*?)</option>', html.split('name="problem"')[1].split("</select>")[0])
    assert options == [
        "思想·一是 宗旨意识淡化。",
        "思想·二是 理想信念不够坚定，对党的创新理论学得不深…",
        "学习·一是 学习 流于形式。",
    ]


def _confirm(response) -> str:
    return re.search(r'<p id="merge-question">(.*?)</p>', response.content.decode()).group(1)


def test_merging_across_categories_asks_first_and_merges_on_confirmation(client_for, world, shown, submit):
    primary = submit("会议太多太长。", category="工作")
    other = submit("学习会也开得太长。", category="学习")
    unfiled = submit("开会时间太长。", category=None)
    client = client_for(world.secretary)
    url = reverse("campaign_merge", args=[shown.pk])
    data = {"primary": str(primary.pk), "duplicates": [str(other.pk), str(unfiled.pk)]}

    asked = client.post(url, data, headers={"HX-Request": "true"})
    asked_again = client.post(url, data)  # without htmx: the board page with the same question
    unchanged = list(Opinion.objects.filter(duplicate_of__isnull=False))
    confirmed = client.post(url, data | {"across_categories": "on"}, headers={"HX-Request": "true"})

    question = (
        "所选意见分属不同方面（工作、学习、其他）。合并后，它们在汇总表中都列在保留的一条（工作方面）下面。"
        "确定要合并吗？"
    )
    assert (asked.status_code, _confirm(asked)) == (200, question)
    assert (asked_again.status_code, _confirm(asked_again)) == (200, question)
    assert unchanged == []
    assert (confirmed.status_code, _texts(confirmed)) == (200, ["会议太多太长。"])
    assert sorted(Opinion.objects.filter(duplicate_of=primary).values_list("text", flat=True)) == [
        "学习会也开得太长。",
        "开会时间太长。",
    ]
    html = confirmed.content.decode()
    assert "（方面：学习）" in html and "（方面：其他）" in html and 'id="merge-question"' not in html


def test_a_confirmed_merge_says_so_at_the_board_top_and_takes_the_focus(client_for, world, shown, submit):
    primary = submit("会议太多太长，希望每次会议控制在一小时以内。", category="工作")
    other = submit("学习会也开得太长。", category="学习")
    client = client_for(world.secretary)
    data = {"primary": str(primary.pk), "duplicates": [str(other.pk)], "across_categories": "on"}

    confirmed = client.post(reverse("campaign_merge", args=[shown.pk]), data, headers={"HX-Request": "true"})
    filtered = client.get(_board(shown), headers={"HX-Request": "true"})

    first = re.search(r'<section id="board" class="op-board">\s*(<[^>]*>[^<]*</p>)', confirmed.content.decode())
    assert first.group(1) == (
        '<p class="op-note" role="status" tabindex="-1" autofocus>'
        "已合并1条意见到“会议太多太长，希望每次会议控制在一...”。</p>"
    )
    assert 'class="op-note"' not in filtered.content.decode()


def test_merging_within_one_category_asks_nothing(client_for, world, shown, submit):
    primary, duplicate = submit("会议太多太长。", category="工作"), submit("会议多且长。", category="工作")

    response = client_for(world.secretary).post(
        reverse("campaign_merge", args=[shown.pk]),
        {"primary": str(primary.pk), "duplicates": [str(duplicate.pk)]},
        headers={"HX-Request": "true"},
    )

    assert 'id="merge-question"' not in response.content.decode()
    assert Opinion.objects.get(pk=duplicate.pk).duplicate_of_id == primary.pk
