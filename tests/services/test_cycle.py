import pytest
from django.core.exceptions import ValidationError

from orglife.models import Problem
from orglife.services.cycle import cycle_apply_category_preset


def test_apply_preset_replaces_unused_categories_in_order(world):
    cycle_apply_category_preset(cycle=world.cycle, preset="2019")

    assert list(world.cycle.categories.order_by("position").values_list("position", "name")) == [
        (1, "政治功能强不强"),
        (2, "工作作风实不实"),
        (3, "发挥作用好不好"),
        (4, "自我要求严不严"),
    ]


def test_apply_preset_is_refused_when_a_category_has_problems(world):
    Problem.objects.create(material=world.material, category=world.categories[1], position=1, text="学习不够")

    with pytest.raises(ValidationError) as refused:
        cycle_apply_category_preset(cycle=world.cycle, preset="2024_six")

    assert refused.value.messages == [
        "“学习”下已有查摆出的问题，不能整套替换。请先移动或删除这些问题，或在原有方面上逐个修改。"
    ]
    assert list(world.cycle.categories.values_list("name", flat=True)) == ["思想", "学习", "工作", "生活"]


def test_apply_unknown_preset_is_refused(world):
    with pytest.raises(ValidationError, match="没有这套查摆方面：nonsense"):
        cycle_apply_category_preset(cycle=world.cycle, preset="nonsense")
