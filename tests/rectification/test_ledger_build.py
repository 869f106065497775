import copy
import datetime
import json

import pytest
from django.conf import settings

from orglife.materials.services import material_fill
from orglife.models import LedgerItem, Measure, MeasureProblem
from orglife.rectification.services import ledger_build
from tests.factories import make_direction, make_material, make_measure, make_problem

DEMO = json.loads((settings.BASE_DIR / "fixtures" / "demo.json").read_text(encoding="utf-8"))
# Which problems (category, item) each of the demo material's ten measures answers.
ANSWERS = [
    [("学习", 1)],
    [("学习", 3)],
    [("生活", 3)],
    [("思想", 3)],
    [("工作", 1)],
    [("思想", 1), ("思想", 2)],
    [("生活", 2)],
    [("学习", 2)],
    [("工作", 2)],
    [("生活", 1), ("工作", 3)],
]


@pytest.fixture
def demo_material(world):
    """The demo's committee material, its measures linked to the problems they answer."""
    data = copy.deepcopy(DEMO["cycles"][0]["committee_material"])
    measures = [m for d in data["directions"] for m in d["measures"]]
    for measure, answers in zip(measures, ANSWERS, strict=True):
        measure["answers"] = [{"category": c, "item": n} for c, n in answers]
    return material_fill(material=world.material, data=data)


def test_ledger_from_the_demo_material_has_one_item_per_measure_with_its_links(world, demo_material):
    made = ledger_build(cycle=world.cycle, by=world.secretary)

    measures = list(
        Measure.objects.filter(direction__material=demo_material).order_by("direction__position", "position")
    )
    items = list(LedgerItem.objects.filter(cycle=world.cycle).order_by("position"))
    assert made == 10
    assert [(i.position, i.measure_id, i.text, i.member_id) for i in items] == [
        (n, m.pk, m.text, None) for n, m in enumerate(measures, start=1)
    ]
    for item, measure in zip(items, measures, strict=True):
        linked = set(MeasureProblem.objects.filter(measure=measure).values_list("problem_id", flat=True))
        assert set(item.problems.values_list("pk", flat=True)) == linked
    assert [sorted((p.category.name, p.position) for p in i.problems.all()) for i in items] == [
        sorted(a) for a in ANSWERS
    ]


def test_building_twice_adds_nothing(world, demo_material):
    ledger_build(cycle=world.cycle, by=world.secretary)

    assert ledger_build(cycle=world.cycle, by=world.secretary) == 0
    assert LedgerItem.objects.filter(cycle=world.cycle).count() == 10


def test_a_rewritten_material_relinks_its_items_instead_of_duplicating(world, demo_material):
    ledger_build(cycle=world.cycle, by=world.secretary)
    first = LedgerItem.objects.get(cycle=world.cycle, position=1)
    first.status = "in_progress"
    first.save()

    material_fill(material=demo_material, data=DEMO["cycles"][0]["committee_material"])  # as an import does
    made = ledger_build(cycle=world.cycle, by=world.secretary)

    first.refresh_from_db()
    assert made == 0
    assert LedgerItem.objects.filter(cycle=world.cycle).count() == 10
    assert first.measure.text == first.text
    assert first.measure.status == "in_progress"


def test_owner_deadline_and_status_come_from_the_measure(world):
    direction = make_direction(material=world.material, heading="强化理论武装")
    make_measure(
        direction=direction,
        text="每月学习。",
        owner=world.committee,
        deadline=datetime.date(2023, 3, 31),
        status="done",
    )

    ledger_build(cycle=world.cycle, by=world.secretary)

    item = LedgerItem.objects.get(cycle=world.cycle)
    assert (item.owner, item.deadline, item.status) == (world.committee, datetime.date(2023, 3, 31), "done")


def test_personal_measures_become_the_members_personal_list(world):
    personal = make_material(cycle=world.cycle, author=world.member)
    problem = make_problem(material=personal, category=world.categories[0], text="学习不深入。")
    direction = make_direction(material=personal)
    make_measure(direction=direction, text="每天读书半小时。", problems=[problem])
    make_measure(direction=direction, text="每月写一篇心得。")
    make_measure(direction=make_direction(material=world.material), text="班子措施。")

    ledger_build(cycle=world.cycle, by=world.secretary)

    rows = list(
        LedgerItem.objects.filter(cycle=world.cycle)
        .order_by("member_id", "position")
        .values_list("member__username", "position", "text", "owner__username")
    )
    assert sorted(rows, key=lambda r: (r[0] or "", r[1])) == [
        (None, 1, "班子措施。", None),
        ("member", 1, "每天读书半小时。", "member"),
        ("member", 2, "每月写一篇心得。", "member"),
    ]
    assert list(LedgerItem.objects.get(text="每天读书半小时。").problems.all()) == [problem]
