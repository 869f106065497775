import pytest
from django.urls import reverse
from django.utils import timezone

from orglife.cycles.services import cycle_create, previous_committee_measures
from orglife.models import ExtraSection, Measure
from orglife.rectification.services import ledger_build
from tests.factories import make_direction, make_ledger_item, make_measure


@pytest.fixture
def ledger(world):
    """Five measures of last year's committee material in the ledger, one in each state,
    and an item added by hand that is still open."""
    direction = make_direction(material=world.material, heading="强化理论武装")
    texts = {
        "closed": "每月集中学习一次。按计划开展。",
        "done": "开展读书班。",
        "long_term": "坚持“三会一课”。",
        "in_progress": "每季度调研一次。",
        "not_started": "建立联系群众制度。",
    }
    for text in texts.values():
        make_measure(direction=direction, text=text, owner=world.committee)
    ledger_build(cycle=world.cycle, by=world.secretary)
    for status, text in texts.items():
        item = world.cycle.ledger_items.get(text=text)
        item.status = status
        if status in ("closed", "long_term"):
            item.closed_by, item.closed_at = world.secretary, timezone.now()
        item.save()
    make_ledger_item(cycle=world.cycle, text="整改会风。", owner=world.secretary)
    make_ledger_item(cycle=world.cycle, text="个人事项。", member=world.member)
    return texts


def test_next_year_s_section_lists_exactly_the_unfinished_items(world, ledger):
    cycle = cycle_create(
        branch=world.branch, by=world.secretary, kind="annual", year=2023, previous=world.cycle, report_last_year=True
    )

    section = ExtraSection.objects.get(material__cycle=cycle)
    assert section.heading == "上年度整改落实情况"
    assert section.body.splitlines() == [
        "上年度组织生活会共列出整改事项6项，已完成2项，长期坚持1项，尚未完成3项。",
        "已完成的整改事项：",
        "每月集中学习一次（责任人：李委员）。",
        "开展读书班（责任人：李委员）。",
        "需要长期坚持的整改事项：",
        "坚持“三会一课”（责任人：李委员）。",
        "尚未完成、转入本年度继续整改的事项：",
        "每季度调研一次（责任人：李委员）。",
        "建立联系群众制度（责任人：李委员）。",
        "整改会风（责任人：张书记）。",
    ]


def test_only_unfinished_and_long_term_measures_are_offered(world, ledger):
    offered = [m.text for d in previous_committee_measures(world.cycle) for m in d.measures_list]

    assert offered == [ledger["long_term"], ledger["in_progress"], ledger["not_started"]]


def test_the_new_cycle_form_ticks_the_offered_measures(world, client_for, ledger):
    response = client_for(world.secretary).get(reverse("cycle_new", args=[world.branch.pk]))

    ticked = sorted(int(pk) for pk in response.context["chosen"])
    expected = sorted(
        Measure.objects.filter(text__in=[ledger[s] for s in ("long_term", "in_progress", "not_started")]).values_list(
            "pk", flat=True
        )
    )
    assert ticked == expected
    assert "根据上年度整改台账生成" in response.content.decode()


def test_carried_measures_start_next_year_s_material(world, ledger):
    carried = [m for d in previous_committee_measures(world.cycle) for m in d.measures_list]

    cycle = cycle_create(
        branch=world.branch,
        by=world.secretary,
        kind="annual",
        year=2023,
        previous=world.cycle,
        carried_measures=carried,
    )

    texts = list(
        Measure.objects.filter(direction__material__cycle=cycle).order_by("position").values_list("text", "status")
    )
    assert texts == [
        (ledger["long_term"], "planned"),
        (ledger["in_progress"], "planned"),
        (ledger["not_started"], "planned"),
    ]
