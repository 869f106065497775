import datetime

from django.db import transaction

from orglife.models import Campaign, Opinion, SealedItem
from orglife.opinions import selectors as selectors_opinion
from orglife.opinions.selectors import (
    opinion_counts,
    opinion_counts_for_cycle,
    opinion_counts_sentence,
    opinions_for_user,
    public_campaign,
)
from orglife.opinions.services import campaign_update, opinion_merge, public_campaigns, release_held_back


def _texts(user, campaign) -> list[str]:
    """What the committee sees when it opens the board: the release check runs first."""
    with transaction.atomic():
        release_held_back(campaign=campaign)
    return list(opinions_for_user(user, campaign).values_list("text", flat=True))


def test_hold_back_hides_anonymous_opinions_until_n_have_arrived(world, campaign, submit):
    submit("第一条匿名意见。", held=True)
    submit("第二条匿名意见。", held=True)
    submit("署名意见。", source="member", user=world.member, signed=True)
    before = _texts(world.secretary, campaign)

    submit("第三条匿名意见。", held=True)

    assert before == ["署名意见。"]
    assert _texts(world.secretary, campaign) == [
        "第一条匿名意见。",
        "第三条匿名意见。",
        "第二条匿名意见。",
        "署名意见。",
    ]


def test_hold_back_counts_each_source_on_its_own(world, campaign, submit):
    """Three opinions, but 党员 two and 群众 one: whoever knows which members took part
    could otherwise pick a member's opinion out of a batch by its source."""
    submit("党员意见一。", source="member", held=True)
    submit("党员意见二。", source="member", held=True)
    submit("群众意见一。", held=True)
    before = _texts(world.secretary, campaign)
    submit("党员意见三。", source="member", held=True)

    assert before == []
    assert _texts(world.secretary, campaign) == ["党员意见一。", "党员意见三。", "党员意见二。"]
    assert SealedItem.objects.count() == 1


def test_hold_back_is_per_campaign(world, campaign, submit):
    campaign.hold_back = 5
    campaign.save()
    for n in range(4):
        submit(f"匿名意见{n}。", held=True)

    assert _texts(world.secretary, campaign) == []


def test_hold_back_ends_when_the_campaign_closes(world, campaign, submit, today):
    submit("唯一的匿名意见。", held=True)
    campaign.closes_on = today - datetime.timedelta(days=1)
    campaign.save()

    assert _texts(world.secretary, campaign) == ["唯一的匿名意见。"]
    assert SealedItem.objects.count() == 0


def test_held_back_opinions_are_left_out_of_the_counts(world, campaign, submit):
    submit("第一条匿名意见。", held=True)

    assert opinion_counts_for_cycle(world.cycle) == {"total": 0, "distinct": 0, "by_source": {}, "by_category": {}}


def test_opinions_are_never_listed_in_arrival_order(world, campaign, submit):
    for text in ("丙：意见。", "甲：意见。", "乙：意见。"):
        submit(text, category="学习")
    submit("丁：意见。", category="思想")

    assert _texts(world.secretary, campaign) == ["丁：意见。", "丙：意见。", "乙：意见。", "甲：意见。"]


def test_opinions_for_user_outsider_sees_none(world, campaign, submit):
    submit("一条意见。")

    assert (_texts(world.outsider, campaign), _texts(world.secretary, campaign)) == ([], ["一条意见。"])


def test_opinions_for_user_others_than_the_committee_see_only_what_they_signed(world, campaign, submit):
    submit("匿名意见。")
    submit("王党员署名的意见。", source="member", user=world.member, signed=True)
    submit("李委员署名的意见。", source="member", user=world.committee, signed=True)

    seen = {user.username: _texts(user, campaign) for user in (world.member, world.reviewer, world.committee)}

    assert seen == {
        "member": ["王党员署名的意见。"],
        "reviewer": [],
        "committee": ["匿名意见。", "李委员署名的意见。", "王党员署名的意见。"],
    }


def test_counts_by_source_and_category_and_the_sentence(world, campaign, submit):
    a = submit("会议太多。", source="masses", category="工作")
    b = submit("会议太长。", source="served", category="工作")
    submit("学习不够。", source="member", category="学习", user=world.member)
    submit("作风问题。", source="masses", category=None)
    opinion_merge(primary=a, duplicates=[b])

    counts = opinion_counts_for_cycle(world.cycle)

    assert counts == {
        "total": 4,
        "distinct": 3,
        "by_source": {"党员": 1, "群众": 2, "服务对象": 1},
        "by_category": {"学习": 1, "工作": 2, "其他": 1},
    }
    assert (
        opinion_counts_sentence(counts) == "共征求意见建议4条，其中党员1条、群众2条、服务对象1条，合并相同意见后为3条"
    )


def test_counts_sentence_for_one_source(world, campaign, submit):
    for n in range(3):
        submit(f"群众意见{n}。")

    assert opinion_counts_sentence(opinion_counts(campaign.opinions.all())) == "共征求意见建议3条"


def test_anonymous_opinions_are_released_in_batches_of_hold_back(world, campaign, submit):
    shown = []
    for n in range(1, 7):
        submit(f"第{n}条匿名意见。", held=True)
        shown.append(len(_texts(world.secretary, campaign)))

    assert campaign.hold_back == 3
    assert shown == [0, 0, 3, 3, 3, 6]
    assert sorted(_texts(world.secretary, campaign)) == sorted(f"第{n}条匿名意见。" for n in range(1, 7))


def test_a_new_opinion_after_a_release_waits_for_its_own_batch(world, campaign, submit):
    for n in range(3):
        submit(f"第{n}条匿名意见。", held=True)
    _texts(world.secretary, campaign)  # the committee looks: the first batch of three is released

    submit("第四条匿名意见。", held=True)
    submit("署名意见。", source="member", user=world.member, signed=True)

    assert "第四条匿名意见。" not in _texts(world.secretary, campaign)
    assert "署名意见。" in _texts(world.secretary, campaign)
    assert opinion_counts_for_cycle(world.cycle)["total"] == 4
    assert (Opinion.objects.count(), SealedItem.objects.count()) == (4, 1)


def test_raising_hold_back_keeps_waiting_until_it_is_reached(world, campaign, submit):
    for n in range(3):
        submit(f"第{n}条匿名意见。", held=True)

    campaign_update(
        campaign=campaign,
        by=world.secretary,
        title=campaign.title,
        opens_on=campaign.opens_on,
        closes_on=campaign.closes_on,
        sources=campaign.sources,
        categories=list(campaign.categories.all()),
        hold_back=4,
    )
    hidden = _texts(world.secretary, campaign)
    submit("第四条匿名意见。", held=True)

    assert (hidden, len(_texts(world.secretary, campaign))) == ([], 4)


def test_public_campaign_is_kept_per_process_for_ten_seconds(world, campaign, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(selectors_opinion.time, "monotonic", lambda: clock[0])
    first = public_campaign(campaign.token)
    Campaign.objects.filter(pk=campaign.pk).update(title="改过的标题")  # behind the cache's back

    clock[0] += 9.9
    still = public_campaign(campaign.token)
    clock[0] += 0.2
    fresh = public_campaign(campaign.token)

    assert still is first and first.title == "2022年专题组织生活会征求意见"
    assert fresh.title == "改过的标题"
    assert [category.name for category in fresh.categories.all()] == ["思想", "学习", "工作", "生活"]


def test_an_edit_through_the_service_reaches_the_public_form_at_once(
    world, campaign, today, django_capture_on_commit_callbacks
):
    cached = public_campaign(campaign.token)

    with django_capture_on_commit_callbacks(execute=True):
        campaign_update(
            campaign=campaign,
            by=world.secretary,
            title="新标题",
            opens_on=today,
            closes_on=today,
            sources=["masses"],
            categories=world.categories[:1],
        )

    fresh = public_campaign(campaign.token)
    assert cached.title != fresh.title == "新标题"
    assert (fresh.sources, [c.name for c in fresh.categories.all()]) == (["masses"], ["思想"])


def test_links_that_lead_nowhere_are_not_remembered(world):
    assert public_campaign("no-such-link") is None
    assert "no-such-link" not in public_campaigns
