import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection

from orglife.cycles.services import cycle_create, cycle_default_title, cycle_update
from orglife.models import Cycle, Direction, ExtraSection, Material, Measure
from tests.factories import make_cycle, make_direction, make_material, make_measure


@pytest.fixture
def measures(world):
    """Two directions of the 2022 committee material, with three measures in all."""
    study = make_direction(material=world.material, position=1, heading="强化理论武装", intro="坚持学习。")
    work = make_direction(material=world.material, position=2, heading="改进工作作风")
    return [
        make_measure(
            direction=study,
            position=1,
            text="每月集中学习一次。",
            owner=world.committee,
            deadline=datetime.date(2022, 12, 31),
            status="done",
        ),
        make_measure(direction=study, position=2, text="开展读书班。", owner=world.outsider),
        make_measure(direction=work, position=1, text="每季度调研一次。"),
    ]


def _categories(cycle: Cycle) -> list[tuple[int, str, str]]:
    return list(cycle.categories.order_by("position").values_list("position", "name", "heading"))


def test_cycle_create_copies_categories_with_headings_in_order(world):
    world.categories[1].heading = "理论学习方面"
    world.categories[1].save()

    cycle = cycle_create(branch=world.branch, by=world.secretary, kind="special", year=2023, previous=world.cycle)

    assert (cycle.title, cycle.year, cycle.kind) == ("2023年专题组织生活会", 2023, "special")
    assert _categories(cycle) == [(1, "思想", ""), (2, "学习", "理论学习方面"), (3, "工作", ""), (4, "生活", "")]
    material = cycle.materials.get()
    assert (material.kind, material.title) == ("committee", "党支部班子2023年专题组织生活会对照检查材料")
    assert list(material.directions.all()) == []
    assert _categories(world.cycle)[1] == (2, "学习", "理论学习方面")


def test_cycle_create_carries_the_ticked_measures_under_their_directions(world, measures):
    _done, outsiders, survey = measures

    cycle = cycle_create(
        branch=world.branch,
        by=world.secretary,
        kind="annual",
        year=2023,
        theme="学思想",
        notice="区委组织部《通知》",
        study_content="党章",
        planned_date=datetime.date(2024, 1, 20),
        previous=world.cycle,
        carried_measures=[survey, outsiders],
    )

    material = cycle.materials.get()
    copied = [
        (
            d.position,
            d.heading,
            d.intro,
            [(m.position, m.text, m.owner, m.deadline, m.status) for m in d.measures.all()],
        )
        for d in material.directions.order_by("position")
    ]
    # The outsider left the branch: the copy has no owner. Deadlines and statuses start afresh.
    assert copied == [
        (1, "强化理论武装", "坚持学习。", [(1, "开展读书班。", None, None, "planned")]),
        (2, "改进工作作风", "", [(1, "每季度调研一次。", None, None, "planned")]),
    ]
    assert (cycle.theme, cycle.notice, cycle.study_content, cycle.planned_date) == (
        "学思想",
        "区委组织部《通知》",
        "党章",
        datetime.date(2024, 1, 20),
    )
    assert Measure.objects.filter(direction__material=world.material).count() == 3


def test_cycle_create_keeps_an_owner_who_is_still_in_the_branch(world, measures):
    cycle = cycle_create(
        branch=world.branch,
        by=world.secretary,
        kind="annual",
        year=2023,
        previous=world.cycle,
        carried_measures=[measures[0]],
    )

    measure = Measure.objects.get(direction__material__cycle=cycle)
    assert (measure.text, measure.owner, measure.deadline, measure.status) == (
        "每月集中学习一次。",
        world.committee,
        None,
        "planned",
    )


def test_cycle_create_refuses_a_duplicate_and_creates_nothing(world):
    with pytest.raises(ValidationError) as refused:
        cycle_create(branch=world.branch, by=world.secretary, kind="special", year=2022, previous=world.cycle)

    assert refused.value.messages == [
        "本支部已有2022年的专题组织生活会：2022年专题组织生活会。同一年度同一类型只能有一次，请修改年度或类型。"
    ]
    assert (Cycle.objects.count(), Material.objects.count()) == (1, 1)


def test_cycle_create_refuses_a_measure_of_another_cycle(world):
    elsewhere = make_cycle(branch=world.other_branch, year=2022, title="别的支部")
    foreign = make_measure(
        direction=make_direction(material=make_material(cycle=elsewhere, title="x"), position=1, heading=""),
        position=1,
        text="别人的措施。",
    )

    with pytest.raises(ValidationError, match="所选的整改措施不属于上一次组织生活会的班子对照检查材料。"):
        cycle_create(
            branch=world.branch,
            by=world.secretary,
            kind="annual",
            year=2023,
            previous=world.cycle,
            carried_measures=[foreign],
        )

    assert Cycle.objects.filter(branch=world.branch).count() == 1


def test_cycle_create_from_a_preset_or_with_no_categories(world):
    six = cycle_create(branch=world.branch, by=world.secretary, kind="annual", year=2023, categories="2023_branch")
    none = cycle_create(
        branch=world.branch, by=world.secretary, kind="annual", year=2024, previous=six, categories="none"
    )

    assert [name for _, name, _ in _categories(six)] == [
        "组织开展主题教育",
        "执行上级组织决定",
        "严格组织生活",
        "加强党员教育管理监督",
        "联系服务群众",
        "抓好自身建设",
    ]
    assert _categories(none) == []


def test_cycle_create_is_for_branches_only(world):
    with pytest.raises(ValidationError, match="只有党支部可以召开组织生活会。"):
        cycle_create(branch=world.district, by=world.reviewer, kind="annual", year=2023)


def test_the_database_refuses_a_second_cycle_of_the_same_year_and_kind(world):
    with pytest.raises(IntegrityError):
        make_cycle(branch=world.branch, year=2022, kind="special", title="又一次")


def test_cycle_update_changes_details_and_refuses_a_duplicate(world):
    later = cycle_create(branch=world.branch, by=world.secretary, kind="annual", year=2023, previous=world.cycle)

    cycle_update(
        cycle=later,
        kind="special",
        year=2023,
        theme="学思想、强党性",
        title="",
        planned_date=datetime.date(2023, 12, 1),
    )
    with pytest.raises(ValidationError) as refused:
        cycle_update(cycle=later, kind="special", year=2022)

    later.refresh_from_db()
    assert (later.title, later.kind, later.year, later.planned_date) == (
        "2023年“学思想、强党性”专题组织生活会",
        "special",
        2023,
        datetime.date(2023, 12, 1),
    )
    assert refused.value.messages[0].startswith("本支部已有2022年的专题组织生活会：")


def test_cycle_update_renames_a_usual_title_but_keeps_a_typed_one(world):
    usual = cycle_create(branch=world.branch, by=world.secretary, kind="special", year=2023, theme="学思想")
    typed = cycle_create(branch=world.branch, by=world.secretary, kind="annual", year=2023, title="支部2023年会")

    cycle_update(cycle=usual, kind="special", year=2023, theme="强党性", title="2023年“学思想”专题组织生活会")
    cycle_update(cycle=typed, kind="annual", year=2024, theme="强党性", title="支部2023年会")

    assert (usual.title, typed.title) == ("2023年“强党性”专题组织生活会", "支部2023年会")


def test_default_titles():
    assert [
        cycle_default_title(year=2023, kind="annual"),
        cycle_default_title(year=2023, kind="special", theme="学思想"),
        cycle_default_title(year=2023, kind="special"),
        cycle_default_title(year=2023, kind="democratic", theme="学思想"),
    ] == [
        "2023年度组织生活会",
        "2023年“学思想”专题组织生活会",
        "2023年专题组织生活会",
        "2023年度“学思想”专题民主生活会",
    ]


@pytest.mark.django_db(transaction=True)
def test_concurrent_creations_of_the_same_meeting_give_one_cycle_and_clear_refusals(world):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database cannot take concurrent writers; CI runs this on PostgreSQL.")
    outcomes: list[str] = []
    start = threading.Barrier(8)

    def create() -> None:
        start.wait()
        try:
            cycle_create(branch=world.branch, by=world.secretary, kind="annual", year=2023, previous=world.cycle)
            outcomes.append("created")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    refusal = "本支部已有2023年的年度组织生活会：2023年度组织生活会。同一年度同一类型只能有一次，请修改年度或类型。"
    assert sorted(outcomes) == ["created"] + [refusal] * 7
    assert Cycle.objects.filter(year=2023).count() == 1
    assert Material.objects.filter(cycle__year=2023).count() == 1


def test_cycle_create_can_start_the_material_with_last_years_rectification(world, measures):
    cycle = cycle_create(
        branch=world.branch, by=world.secretary, kind="annual", year=2023, previous=world.cycle, report_last_year=True
    )

    section = ExtraSection.objects.get(material__cycle=cycle)
    assert (section.position, section.placement, section.heading) == (1, "before", "上年度整改落实情况")
    assert section.body.splitlines() == [
        "每月集中学习一次：已完成（责任人：李委员）。",
        "开展读书班：未开始（责任人：赵外人）。",
        "每季度调研一次：未开始。",
    ]
    assert Direction.objects.filter(material__cycle=cycle).count() == 0
