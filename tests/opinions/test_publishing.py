"""Publishing the summary (公布汇总) and what a member reads of a campaign."""

import datetime
import re
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from orglife.models import Campaign
from orglife.opinions.publishing import published_summary, summary_publish, summary_withdraw
from orglife.opinions.services import opinion_adopt, opinion_answer, opinion_decline, opinion_merge


@pytest.fixture
def shown(campaign):
    """The campaign, its anonymous opinions released as they arrive (the `submit` fixture)."""
    return campaign


def _sheet(response) -> list[list]:
    return [list(row) for row in load_workbook(BytesIO(response.content))["汇总表"].iter_rows(values_only=True)][3:]


def test_publish_records_who_and_when_and_withdraw_hides_it(world, shown, submit):
    submit("会议太多太长。", category="工作")
    before = timezone.now()

    summary_publish(campaign=shown, by=world.secretary)
    stored = Campaign.objects.get()
    published = (stored.summary_published_by, stored.summary_published_at >= before)
    rows = [(row.category, row.text) for row in published_summary(stored).rows]
    summary_withdraw(campaign=stored, by=world.committee)
    withdrawn = Campaign.objects.get()

    assert published == (world.secretary, True)
    assert rows == [("工作", "会议太多太长。")]
    assert (withdrawn.published_summary, withdrawn.summary_withdrawn_by) == (None, world.committee)
    assert (withdrawn.summary_published_by, published_summary(withdrawn)) == (world.secretary, None)


def test_withdraw_of_nothing_published_is_refused(world, shown):
    with pytest.raises(ValidationError) as refused:
        summary_withdraw(campaign=shown, by=world.secretary)

    assert refused.value.messages == ["汇总表还没有公布，无需撤回。"]
    assert Campaign.objects.get().summary_withdrawn_at is None


def test_member_reads_the_summary_as_published_not_as_triaged_since(world, client_for, shown, submit):
    meetings = submit("会议太多太长。", category="工作")
    opinion_merge(primary=meetings, duplicates=[submit("学习会也开得太长。", category="学习")], across_categories=True)
    summary_publish(campaign=shown, by=world.secretary)
    opinion_decline(opinion=meetings, reason="会议已按规定精简。")  # after publishing
    submit("食堂饭菜太咸。", category="生活")
    url = reverse("published_summary_xlsx", args=[shown.pk])

    member_rows = _sheet(client_for(world.member).get(url))
    working_rows = _sheet(client_for(world.secretary).get(reverse("campaign_summary_xlsx", args=[shown.pk])))

    assert member_rows == [
        ["序号", "方面", "意见建议", "来源", "提出次数", "处理情况", "答复或说明"],
        [
            1,
            "工作",
            "会议太多太长。\n另有1条相同意见：\n（1）学习会也开得太长。（方面：学习）",
            "群众",
            2,
            "待处理",
            None,
        ],
    ]
    assert [row[1:3] + row[5:] for row in working_rows[1:]] == [
        [
            "工作",
            "会议太多太长。\n另有1条相同意见：\n（1）学习会也开得太长。（方面：学习）",
            "不予采纳",
            "会议已按规定精简。",
        ],
        ["生活", "食堂饭菜太咸。", "待处理", None],
    ]


def test_republishing_replaces_the_published_summary(world, client_for, shown, submit):
    opinion = submit("会议太多太长。", category="工作")
    summary_publish(campaign=shown, by=world.secretary)
    opinion_answer(opinion=opinion, response="已精简会议。")
    board = client_for(world.committee).get(reverse("campaign", args=[shown.pk])).content.decode()

    summary_publish(campaign=shown, by=world.committee)

    assert "公布后意见或处理情况有变化，党员看到的仍是公布时的汇总。" in board
    rows = published_summary(Campaign.objects.get()).rows
    assert [(row.status, row.note) for row in rows] == [("已答复", "已精简会议。")]
    assert Campaign.objects.get().summary_published_by == world.committee


def test_board_says_who_published_and_when(world, client_for, shown, submit):
    submit("会议太多太长。")
    client = client_for(world.secretary)

    first = client.post(reverse("campaign_publish", args=[shown.pk]), headers={"HX-Request": "true"})
    second = client.post(reverse("campaign_publish", args=[shown.pk]), headers={"HX-Request": "true"})
    withdrawn = client.post(reverse("campaign_withdraw", args=[shown.pk]), headers={"HX-Request": "true"})

    at = timezone.localtime(Campaign.objects.get().summary_published_at)
    said = f"汇总表已于{at:%Y}年{at.month}月{at.day}日 {at:%H:%M}由张书记公布，支部党员可以查看和下载。"
    assert (said in first.content.decode(), said in second.content.decode()) == (True, True)
    assert "重新公布汇总" in second.content.decode() and "撤回公布" in second.content.decode()
    out = timezone.localtime(Campaign.objects.get().summary_withdrawn_at)
    assert f"汇总表已于{out:%Y}年{out.month}月{out.day}日 {out:%H:%M}由张书记撤回，支部党员看不到。" in (
        withdrawn.content.decode()
    )


def _cards(html: str) -> list[str]:
    return re.findall(r'<p class="pre op-body">(.*?)</p>', html)


def test_member_page_lists_only_their_signed_opinions_with_what_became_of_them(world, client_for, shown, submit):
    shown.one_per_member = False
    shown.save()
    mine = submit("理论学习走过场。", source="member", category="学习", user=world.member, signed=True)
    merged = submit("会议多且长。", source="member", category="工作", user=world.member, signed=True)
    primary = submit("会议太多太长。", category="工作")
    submit("李委员署名的意见。", source="member", user=world.committee, signed=True)
    submit("匿名意见。")
    opinion_adopt(opinion=mine, text="理论学习流于形式。")
    opinion_merge(primary=primary, duplicates=[merged])
    opinion_answer(opinion=primary, response="已精简会议。")

    html = client_for(world.member).get(reverse("campaign_mine", args=[shown.pk])).content.decode()

    assert _cards(html) == ["理论学习走过场。", "会议多且长。"]  # by category (学习, 工作), then text
    assert "已与相同意见合并处理。" in html and "答复：已精简会议。" in html
    assert "已列入问题：学习方面 · 理论学习流于形式。" in html
    assert "会议太多太长。" not in html and "匿名意见。" not in html
    assert "支部委员会还没有公布汇总表。" in html


def test_member_page_shows_the_published_summary(world, client_for, shown, submit):
    opinion = submit("会议太多太长。", category="工作")
    opinion_merge(primary=opinion, duplicates=[submit("学习会也开得太长。", category="学习")], across_categories=True)
    summary_publish(campaign=shown, by=world.secretary)

    html = client_for(world.member).get(reverse("campaign_mine", args=[shown.pk])).content.decode()

    assert _cards(html) == ["会议太多太长。"]
    assert "征求对党支部班子的意见，共征求意见建议2条，合并相同意见后为1条。" in html
    assert '<li class="pre">（1）学习会也开得太长。（方面：学习）</li>' in html
    assert reverse("published_summary_pdf", args=[shown.pk]) in html


def test_campaign_list_sends_members_to_their_page_and_the_committee_to_the_board(world, client_for, shown):
    url = reverse("campaign_list", args=[world.cycle.pk])

    member = client_for(world.member).get(url).content.decode()
    secretary = client_for(world.secretary).get(url).content.decode()

    assert f'href="{reverse("campaign_mine", args=[shown.pk])}"' in member
    assert f'href="{reverse("campaign", args=[shown.pk])}"' not in member
    assert f'href="{reverse("campaign", args=[shown.pk])}"' in secretary


def test_published_summary_leaves_out_held_back_opinions(world, campaign, submit, today):
    submit("第一条匿名意见。", held=True)
    submit("署名意见。", source="member", user=world.member, signed=True)

    summary_publish(campaign=campaign, by=world.secretary)

    assert [row.text for row in published_summary(campaign).rows] == ["署名意见。"]
    campaign.closes_on = today - datetime.timedelta(days=1)
    campaign.save()
    assert [row.text for row in published_summary(campaign).rows] == ["署名意见。"]  # as published


def test_member_on_the_board_is_refused_and_shown_their_page(world, client_for, shown, submit):
    submit("会议太多太长。")

    response = client_for(world.member).get(reverse("campaign", args=[shown.pk]))

    html = response.content.decode()
    assert response.status_code == 403
    assert "意见建议在组织生活会上通报之前，只有支部委员可以查看和处理。" in html
    assert f'<a href="{reverse("campaign_mine", args=[shown.pk])}">查看我署名提交的意见和公布的汇总表</a>' in html
    assert "会议太多太长。" not in html


def test_published_counts_keep_their_order(world, shown, submit):
    # Stored in reverse of the printed order: PostgreSQL's jsonb would sort keys by length.
    submit("生活方面的意见。", source="served", category="生活")
    submit("思想方面的意见。", source="masses", category="思想")
    submit("党员的意见。", source="member", category=None, user=world.member)

    summary_publish(campaign=shown, by=world.secretary)

    counts = published_summary(Campaign.objects.get()).counts
    assert (list(counts["by_source"].items()), list(counts["by_category"].items())) == (
        [("党员", 1), ("群众", 1), ("服务对象", 1)],
        [("思想", 1), ("生活", 1), ("其他", 1)],
    )


@pytest.mark.parametrize("count", [1, 3])
def test_member_page_query_count_does_not_grow_with_opinions(
    world, client_for, shown, submit, django_assert_num_queries, count
):
    shown.one_per_member = False
    shown.save()
    for n in range(count):
        signed = submit(f"署名意见{n}。", source="member", user=world.member, signed=True)
        opinion_merge(primary=submit(f"相同意见{n}。"), duplicates=[signed], across_categories=True)
        opinion_adopt(opinion=submit(f"采纳的意见{n}。", source="member", user=world.member, signed=True))
    summary_publish(campaign=shown, by=world.secretary)
    client = client_for(world.member)
    client.get(reverse("campaign_mine", args=[shown.pk]))  # warm the session

    with django_assert_num_queries(9):
        response = client.get(reverse("campaign_mine", args=[shown.pk]))

    assert len(_cards(response.content.decode())) == 2 * count + 2 * count  # signed, then the summary's rows
