import pytest

from orglife.common.deletion import DeletionRefused, delete_object
from orglife.models import Category, Cycle, MeasureProblem, Organisation, Problem
from tests.factories import make_direction, make_measure, make_problem


@pytest.fixture
def linked(world):
    problem = make_problem(material=world.material, category=world.categories[0], position=1, text="理想信念不牢")
    direction = make_direction(material=world.material, position=1, heading="坚定信念")
    measure = make_measure(direction=direction, position=1, text="加强学习", owner=world.member)
    MeasureProblem.objects.create(measure=measure, problem=problem)
    return problem, measure


def test_delete_problem_answered_by_a_measure_is_refused(world, linked):
    problem, _ = linked

    with pytest.raises(DeletionRefused) as refused:
        delete_object(obj=problem)

    assert (
        refused.value.message
        == "无法删除问题“理想信念不牢”：措施与问题的对应“加强学习 → 理想信念不牢”仍在使用它，请先修改或删除这些记录。"
    )
    assert Problem.objects.filter(pk=problem.pk).exists()


def test_delete_category_with_problems_is_refused(world, linked):
    with pytest.raises(DeletionRefused) as refused:
        delete_object(obj=world.categories[0])

    assert refused.value.message.startswith("无法删除查摆方面“思想”：问题“理想信念不牢”仍在使用它")
    assert Category.objects.filter(cycle=world.cycle).count() == 4


def test_delete_cycle_with_material_is_refused(world):
    with pytest.raises(DeletionRefused) as refused:
        delete_object(obj=world.cycle)

    assert refused.value.message == (
        "无法删除组织生活会“2022年专题组织生活会”：对照检查材料“党支部班子对照检查材料”仍在使用它，请先修改或删除这些记录。"
    )
    assert Cycle.objects.filter(pk=world.cycle.pk).exists()


def test_delete_organisation_with_branches_is_refused(world):
    with pytest.raises(DeletionRefused) as refused:
        delete_object(obj=world.district)

    assert [str(b) for b in refused.value.blockers] == ["第一党支部", "第二党支部"]
    assert Organisation.objects.count() == 3


def test_delete_user_owning_a_measure_is_refused(world, linked):
    with pytest.raises(DeletionRefused) as refused:
        delete_object(obj=world.member)

    assert refused.value.message == "无法删除用户“王党员”：整改措施“加强学习”仍在使用它，请先修改或删除这些记录。"


def test_delete_measure_cascades_its_links_and_frees_the_problem(world, linked):
    problem, measure = linked

    delete_object(obj=measure)
    delete_object(obj=problem)

    assert (MeasureProblem.objects.count(), Problem.objects.count()) == (0, 0)
