import datetime

import pytest
from django.core.exceptions import ValidationError

from orglife.cycles.services import (
    category_add,
    category_delete,
    category_move,
    category_update,
    cycle_apply_category_preset,
)
from orglife.models import Category, Problem
from tests.factories import make_intro, make_problem


def test_apply_preset_replaces_unused_categories_in_order(world):
    cycle_apply_category_preset(cycle=world.cycle, preset="2019")

    assert list(world.cycle.categories.order_by("position").values_list("position", "name")) == [
        (1, "政治功能强不强"),
        (2, "工作作风实不实"),
        (3, "发挥作用好不好"),
        (4, "自我要求严不严"),
    ]


def test_apply_preset_is_refused_when_a_category_has_problems(world):
    make_problem(material=world.material, category=world.categories[1], position=1, text="学习不够")

    with pytest.raises(ValidationError) as refused:
        cycle_apply_category_preset(cycle=world.cycle, preset="2024_six")

    assert refused.value.messages == [
        "“学习”下已有查摆出的问题，不能整套替换。请先移动或删除这些问题，或在原有方面上逐个修改。"
    ]
    assert list(world.cycle.categories.values_list("name", flat=True)) == ["思想", "学习", "工作", "生活"]


def test_apply_unknown_preset_is_refused(world):
    with pytest.raises(ValidationError, match="没有这套查摆方面：nonsense"):
        cycle_apply_category_preset(cycle=world.cycle, preset="nonsense")


def _names(cycle) -> list[str]:
    return list(cycle.categories.order_by("position").values_list("name", flat=True))


def test_category_add_puts_it_last_and_refuses_a_taken_name(world):
    added = category_add(cycle=world.cycle, name="纪律", heading="遵守纪律方面")

    with pytest.raises(ValidationError) as refused:
        category_add(cycle=world.cycle, name="学习")

    assert (added.position, added.heading_text) == (5, "遵守纪律方面")
    assert refused.value.messages == ["已有名为“学习”的查摆方面。"]
    assert _names(world.cycle) == ["思想", "学习", "工作", "生活", "纪律"]


def test_category_update_renames_and_keeps_what_is_filed_under_it(world):
    thought = world.categories[0]
    problem = make_problem(material=world.material, category=thought, position=1, text="理想信念不够坚定。")

    category_update(category=thought, name="政治", heading="政治建设方面")
    with pytest.raises(ValidationError) as refused:
        category_update(category=thought, name="工作")

    thought.refresh_from_db()
    assert (thought.name, thought.heading) == ("政治", "政治建设方面")
    assert refused.value.messages == ["已有名为“工作”的查摆方面。"]
    assert Problem.objects.get(pk=problem.pk).category_id == thought.pk


def test_category_move_swaps_with_its_neighbour_and_stops_at_the_ends(world):
    work = world.categories[2]

    moved = [category_move(category=work, delta=-1), category_move(category=work, delta=-1)]
    at_top = category_move(category=work, delta=-1)
    last = category_move(category=world.categories[3], delta=+1)

    assert (moved, at_top, last) == ([True, True], False, False)
    assert _names(world.cycle) == ["工作", "思想", "学习", "生活"]


def test_category_delete_refuses_while_used_and_names_counts_not_texts(world):
    from orglife.opinions.services import campaign_create, opinion_submit

    thought, study, work = world.categories[0], world.categories[1], world.categories[2]
    make_problem(material=world.material, category=thought, position=1, text="甲")
    make_problem(material=world.material, category=thought, position=2, text="乙")
    make_intro(material=world.material, category=thought, text="引言")
    today = datetime.date.today()
    campaign = campaign_create(
        cycle=world.cycle,
        title="征求意见",
        opens_on=today,
        closes_on=today,
        sources=["member", "masses"],
        categories=[study, work],
    )
    opinion_submit(campaign=campaign, source="member", category=work, text="署名意见。", user=world.member, signed=True)

    with pytest.raises(ValidationError) as thought_refused:
        category_delete(category=thought)
    with pytest.raises(ValidationError) as work_refused:
        category_delete(category=work)
    category_delete(category=world.categories[3])

    assert thought_refused.value.messages == [
        "“思想”下已有2个问题、1段引言，不能删除。可以改名，或先把这些内容移到其他方面。"
    ]
    assert work_refused.value.messages == ["“工作”下已有1条意见建议，不能删除。可以改名，或先把这些内容移到其他方面。"]
    assert _names(world.cycle) == ["思想", "学习", "工作"]


def test_category_delete_neither_counts_nor_refuses_for_opinions_still_held_back(world):
    """The secretary must not see an anonymous submission arrive, nor its category."""
    from orglife.opinions.services import campaign_create, opinion_submit

    study = world.categories[1]
    today = datetime.date.today()
    campaign = campaign_create(
        cycle=world.cycle, title="征求意见", opens_on=today, closes_on=today, sources=["masses"], categories=[study]
    )
    opinion_submit(campaign=campaign, source="masses", category=study, text="一条仍被暂存的匿名意见。", today=today)

    category_delete(category=study)

    assert _names(world.cycle) == ["思想", "工作", "生活"]


def test_category_move_reads_the_position_again_under_the_lock(world):
    study, work = world.categories[1], world.categories[2]
    stale_study = Category.objects.get(pk=study.pk)  # read before the other move commits
    category_move(category=work, delta=-1)  # 思想, 工作, 学习, 生活

    moved = category_move(category=stale_study, delta=-1)

    assert moved is True
    assert _names(world.cycle) == ["思想", "学习", "工作", "生活"]


def test_category_changes_drop_the_cached_public_campaign(world, django_capture_on_commit_callbacks):
    from orglife.opinions.selectors import public_campaign
    from orglife.opinions.services import campaign_create, public_campaigns

    today = datetime.date.today()
    offered = world.categories
    campaign = campaign_create(
        cycle=world.cycle, title="征求意见", opens_on=today, closes_on=today, sources=["masses"], categories=offered
    )
    public_campaign(campaign.token)

    with django_capture_on_commit_callbacks(execute=True):
        category_delete(category=world.categories[3])
    after_delete = campaign.token in public_campaigns
    public_campaign(campaign.token)
    with django_capture_on_commit_callbacks(execute=True):
        category_update(category=world.categories[0], name="政治")

    assert (after_delete, campaign.token in public_campaigns) == (False, False)
    assert [c.name for c in public_campaign(campaign.token).categories.all()] == ["政治", "学习", "工作"]
