"""Restoring a revision after the cycle's categories were renamed."""

from orglife.cycles.services import category_delete, category_update
from orglife.materials.revisions.services import revision_create, revision_restore
from orglife.materials.services import material_fill
from orglife.models import Category, Problem
from tests.factories import make_category


def _filed(material) -> list[tuple[str, str]]:
    problems = Problem.objects.filter(material=material).order_by("category__position", "position")
    return [(problem.category.name, problem.text) for problem in problems]


def _names(cycle) -> list[str]:
    return list(cycle.categories.order_by("position").values_list("name", flat=True))


def test_a_restore_files_problems_under_the_renamed_category(world):
    thought, study = world.categories[0], world.categories[1]
    material_fill(
        material=world.material,
        data={
            "title": "材料",
            "categories": [
                {"name": "思想", "intro": "思想引言。", "items": [{"text": "理想信念不够坚定。"}]},
                {"name": "学习", "items": [{"text": "学习不够深入。"}]},
            ],
        },
    )
    saved = revision_create(material=world.material, by=world.secretary, reason="手动保存")
    material_fill(material=world.material, data={"title": "材料", "categories": []})
    category_update(category=thought, name="政治", heading="政治建设方面")

    revision_restore(revision=saved, by=world.secretary)

    assert _names(world.cycle) == ["政治", "学习", "工作", "生活"]
    assert _filed(world.material) == [("政治", "理想信念不够坚定。"), ("学习", "学习不够深入。")]
    assert list(world.material.category_intros.values_list("category_id", "text")) == [(thought.pk, "思想引言。")]
    assert Category.objects.get(pk=study.pk).name == "学习"


def test_a_restore_joins_a_gone_category_with_the_one_that_took_its_name(world):
    thought = world.categories[0]
    extra = make_category(cycle=world.cycle, position=5, name="纪律")
    material_fill(
        material=world.material,
        data={
            "title": "材料",
            "categories": [
                {"name": "思想", "items": [{"text": "甲。"}]},
                {"name": "纪律", "items": [{"text": "乙。"}, {"text": "丙。"}]},
            ],
        },
    )
    saved = revision_create(material=world.material, by=world.secretary, reason="手动保存")
    material_fill(material=world.material, data={"title": "材料", "categories": []})
    category_delete(category=extra)
    category_update(category=thought, name="纪律")

    revision_restore(revision=saved, by=world.secretary)

    assert _names(world.cycle) == ["纪律", "学习", "工作", "生活"]
    assert _filed(world.material) == [("纪律", "甲。"), ("纪律", "乙。"), ("纪律", "丙。")]
