import datetime

import pytest
from django.core.exceptions import ValidationError

from orglife.common.deletion import DeletionRefused
from orglife.materials.editor import services as edit
from orglife.models import CategoryIntro, Material, Problem
from tests.factories import make_material, make_problem

FIELDS = edit.PART_KINDS["problem"].fields


def token(obj):
    return edit.version_token(obj, edit.PART_KINDS[type(obj).__name__.lower()].fields)


def test_part_save_with_current_base_saves(world, drafted):
    p1 = drafted["p1"]

    edit.part_save(
        kind="problem",
        material=world.material,
        pk=p1.pk,
        base=token(p1),
        changes={"category_id": p1.category_id, "text": "新文字。"},
        by=world.secretary,
    )

    assert Problem.objects.get(pk=p1.pk).text == "新文字。"


def test_part_save_with_stale_base_raises_conflict_and_keeps_theirs(world, drafted):
    p1 = drafted["p1"]
    stale = token(p1)
    Problem.objects.filter(pk=p1.pk).update(text="别人的文字。")

    with pytest.raises(edit.EditConflict) as conflict:
        edit.part_save(
            kind="problem",
            material=world.material,
            pk=p1.pk,
            base=stale,
            changes={"category_id": p1.category_id, "text": "我的文字。"},
            by=world.secretary,
        )

    assert conflict.value.current.text == "别人的文字。"
    assert conflict.value.token == token(Problem.objects.get(pk=p1.pk))
    assert Problem.objects.get(pk=p1.pk).text == "别人的文字。"


def test_part_save_of_a_deleted_part_is_a_conflict_without_current(world, drafted):
    p2 = drafted["p2"]
    base = token(p2)
    p2.delete()

    with pytest.raises(edit.EditConflict) as conflict:
        edit.part_save(kind="problem", material=world.material, pk=p2.pk, base=base, changes={"text": "x"}, by=None)

    assert conflict.value.current is None


def test_part_save_moving_a_problem_to_another_category_appends_it(world, drafted):
    study = world.categories[1]
    make_problem(material=world.material, category=study, position=1, text="学习问题。")
    p1 = drafted["p1"]

    edit.part_save(
        kind="problem",
        material=world.material,
        pk=p1.pk,
        base=token(p1),
        changes={"category_id": study.pk, "text": p1.text},
        by=world.secretary,
    )

    assert list(study.problems.order_by("position").values_list("position", "text")) == [
        (1, "学习问题。"),
        (2, "理想信念不够坚定。比如某次学习缺席。"),
    ]


def test_measure_save_sets_problem_links_and_conflicts_on_link_changes(world, drafted):
    measure, p1, p2 = drafted["measure"], drafted["p1"], drafted["p2"]
    base = token(measure)
    changes = {"text": measure.text, "owner_id": world.member.pk, "deadline": None, "status": "planned"}

    edit.part_save(
        kind="measure",
        material=world.material,
        pk=measure.pk,
        base=base,
        changes={**changes, "problem_ids": [p1.pk, p2.pk]},
        by=world.secretary,
    )

    assert sorted(measure.problems.values_list("pk", flat=True)) == sorted([p1.pk, p2.pk])
    with pytest.raises(edit.EditConflict):
        edit.part_save(
            kind="measure",
            material=world.material,
            pk=measure.pk,
            base=base,
            changes={**changes, "problem_ids": []},
            by=world.secretary,
        )


def test_part_move_swaps_neighbours_and_stops_at_the_ends(world, drafted):
    p1, p2 = drafted["p1"], drafted["p2"]

    moved = edit.part_move(kind="problem", material=world.material, pk=p2.pk, delta=-1, by=world.secretary)
    again = edit.part_move(kind="problem", material=world.material, pk=p2.pk, delta=-1, by=world.secretary)

    assert (moved, again) == (True, False)
    assert list(world.material.problems.order_by("position").values_list("pk", "position")) == [(p2.pk, 1), (p1.pk, 2)]


def test_part_delete_refuses_a_problem_a_measure_answers(world, drafted):
    drafted["measure"].problems.add(drafted["p1"])

    with pytest.raises(DeletionRefused):
        edit.part_delete(kind="problem", material=world.material, pk=drafted["p1"].pk, by=world.secretary)

    assert Problem.objects.filter(pk=drafted["p1"].pk).exists()


def test_parts_of_another_material_are_out_of_reach(world, drafted):
    other = make_material(cycle=world.cycle, kind="personal", author=world.member, title="个人")

    with pytest.raises(edit.EditConflict):
        edit.part_save(
            kind="problem",
            material=other,
            pk=drafted["p1"].pk,
            base=token(drafted["p1"]),
            changes={"text": "x"},
            by=world.member,
        )
    assert edit.part_delete(kind="problem", material=other, pk=drafted["p1"].pk, by=world.member) is None
    assert edit.part_move(kind="problem", material=other, pk=drafted["p1"].pk, delta=1, by=world.member) is False


def test_intro_save_creates_updates_clears_and_detects_conflicts(world):
    thought = world.categories[0]
    edit.intro_save(material=world.material, category=thought, base="", text="引言一", by=world.secretary)
    intro = CategoryIntro.objects.get()
    base = edit.version_token(intro, ("text",))

    with pytest.raises(edit.EditConflict):
        edit.intro_save(material=world.material, category=thought, base="", text="又一个", by=world.secretary)
    edit.intro_save(material=world.material, category=thought, base=base, text="", by=world.secretary)

    assert CategoryIntro.objects.count() == 0


def test_material_fix_punctuation_fixes_every_field_and_brackets(world, drafted):
    material = world.material
    material.title = '关于"四个意识"的材料'
    material.brackets = Material.Brackets.HALF
    material.save()
    Problem.objects.filter(pk=drafted["p2"].pk).update(text="存在问题:一是(重点)工作,落实不够。")

    changed = edit.material_fix_punctuation(material=material, by=world.secretary)

    material.refresh_from_db()
    assert changed == 3
    assert (material.title, material.brackets) == ("关于“四个意识”的材料", "full")
    assert Problem.objects.get(pk=drafted["p2"].pk).text == "存在问题：一是（重点）工作，落实不够。"


def test_every_edit_of_a_part_moves_the_material_modified_time(world, drafted):
    p1, measure = drafted["p1"], drafted["measure"]
    long_ago = datetime.datetime(2022, 1, 1, tzinfo=datetime.UTC)
    writes = [
        lambda: edit.part_save(
            kind="problem",
            material=world.material,
            pk=p1.pk,
            base=token(p1),
            changes={"category_id": p1.category_id, "text": "新文字。"},
            by=world.secretary,
        ),
        lambda: edit.problem_add(material=world.material, category=p1.category, text="又一个。", by=world.secretary),
        lambda: edit.measure_add(direction=measure.direction, text="新措施。", by=world.secretary),
        lambda: edit.part_move(kind="problem", material=world.material, pk=p1.pk, delta=1, by=world.secretary),
        lambda: edit.part_delete(kind="measure", material=world.material, pk=measure.pk, by=world.secretary),
    ]

    moved = []
    for write in writes:
        Material.objects.filter(pk=world.material.pk).update(updated_at=long_ago)
        write()
        moved.append(Material.objects.get(pk=world.material.pk).updated_at > long_ago)

    assert moved == [True] * 5


def test_a_refused_edit_leaves_the_material_modified_time_alone(world, drafted):
    long_ago = datetime.datetime(2022, 1, 1, tzinfo=datetime.UTC)
    Material.objects.filter(pk=world.material.pk).update(updated_at=long_ago)

    with pytest.raises(edit.EditConflict):
        edit.part_save(
            kind="problem",
            material=world.material,
            pk=drafted["p1"].pk,
            base="stale",
            changes={"text": "x"},
            by=world.secretary,
        )

    assert Material.objects.get(pk=world.material.pk).updated_at == long_ago


def test_undelete_puts_problems_back_in_their_places(world, drafted):
    p1, p2 = drafted["p1"], drafted["p2"]
    p3 = edit.problem_add(material=world.material, category=p1.category, text="作风不够扎实。", by=world.secretary)
    first = edit.part_delete(kind="problem", material=world.material, pk=p1.pk, by=world.secretary)
    second = edit.part_delete(kind="problem", material=world.material, pk=p2.pk, by=world.secretary)

    back = [
        edit.part_undelete(kind="problem", material=world.material, data=snapshot, by=world.secretary)
        for snapshot in (second, first)  # undone in the other order
    ]

    problems = Problem.objects.filter(material=world.material).order_by("position")
    assert [(p.position, p.text) for p in problems] == [
        (1, "理想信念不够坚定。比如某次学习缺席。"),
        (2, "宗旨意识有所淡化。"),
        (3, "作风不够扎实。"),
    ]
    assert [p.position for p in back] == [2, 1] and Problem.objects.get(pk=p3.pk).position == 3


def test_undelete_relinks_the_opinions_of_a_problem(world):
    from tests.factories import adopted_opinion

    opinion = adopted_opinion(cycle=world.cycle, category=world.categories[0])
    snapshot = edit.part_delete(kind="problem", material=world.material, pk=opinion.problem_id, by=world.secretary)

    problem = edit.part_undelete(kind="problem", material=world.material, data=snapshot, by=world.secretary)

    opinion.refresh_from_db()
    assert snapshot["opinions"] == [str(opinion.pk)]
    assert (opinion.status, opinion.problem_id) == ("adopted", problem.pk)


def test_undelete_of_a_direction_brings_back_its_measures_and_their_links(world, drafted):
    measure, p2 = drafted["measure"], drafted["p2"]
    measure.owner, measure.deadline, measure.status = world.member, datetime.date(2023, 6, 30), "done"
    measure.save()
    measure.problems.set([p2])
    snapshot = edit.part_delete(
        kind="direction", material=world.material, pk=drafted["direction"].pk, by=world.secretary
    )

    direction = edit.part_undelete(kind="direction", material=world.material, data=snapshot, by=world.secretary)

    restored = direction.measures.get()
    assert (direction.position, direction.heading) == (1, "加强学习")
    assert (restored.text, restored.owner, restored.deadline, restored.status) == (
        "每周集中学习。",
        world.member,
        datetime.date(2023, 6, 30),
        "done",
    )
    assert list(restored.problems.all()) == [p2]


def test_undelete_of_a_measure_whose_direction_is_gone_is_refused(world, drafted):
    snapshot = edit.part_delete(kind="measure", material=world.material, pk=drafted["measure"].pk, by=world.secretary)
    edit.part_delete(kind="direction", material=world.material, pk=drafted["direction"].pk, by=world.secretary)

    with pytest.raises(ValidationError) as refused:
        edit.part_undelete(kind="measure", material=world.material, data=snapshot, by=world.secretary)

    assert refused.value.messages == ["无法撤销：这条措施所属的努力方向已被删除。"]
