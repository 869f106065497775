import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from orglife.cycles.steps import StepContext, StepFacts, with_step_facts
from orglife.models import Cycle
from orglife.rectification.card import rectification_card
from orglife.report.card import report_card
from orglife.report.services import report_generate
from tests.factories import make_ledger_item

TODAY = datetime.date(2023, 7, 1)


def _ctx(world, *, can_edit: bool) -> StepContext:
    facts = StepFacts.of(with_step_facts(Cycle.objects.filter(pk=world.cycle.pk), today=TODAY).get())
    return StepContext(cycle=world.cycle, facts=facts, can_edit=can_edit)


def _closed(**extra):
    return {"status": "closed", "closed_by": extra.pop("by"), "closed_at": timezone.now(), **extra}


def test_without_a_ledger_the_committee_is_asked_to_build_it(world):
    card = rectification_card(_ctx(world, can_edit=True))

    assert (card.state, card.kind, card.action, card.url) == (
        "尚未建立整改台账",
        "todo",
        "建立整改台账",
        reverse("ledger", args=[world.cycle.pk]),
    )
    assert rectification_card(_ctx(world, can_edit=False)).url is None


def test_the_card_counts_closed_overdue_and_waiting_items(world):
    make_ledger_item(cycle=world.cycle, **_closed(by=world.secretary))
    make_ledger_item(cycle=world.cycle, deadline=datetime.date(2023, 6, 30), status="in_progress")
    make_ledger_item(cycle=world.cycle, deadline=datetime.date(2023, 6, 30), status="done")
    make_ledger_item(cycle=world.cycle, deadline=datetime.date(2023, 7, 1))

    card = rectification_card(_ctx(world, can_edit=False))

    assert (card.state, card.kind, card.details) == (
        "整改中：共4项，已销号或长期坚持1项",
        "active",
        ("已逾期1项", "已完成待销号1项"),
    )
    assert (card.action, card.url) == ("查看整改台账", reverse("ledger", args=[world.cycle.pk]))


def test_the_card_is_done_when_every_item_is_closed_or_long_term(world):
    make_ledger_item(cycle=world.cycle, **_closed(by=world.secretary))
    make_ledger_item(cycle=world.cycle, **_closed(by=world.secretary, status="long_term"))

    card = rectification_card(_ctx(world, can_edit=True))

    assert (card.state, card.kind, card.action) == ("整改事项2项均已销号或长期坚持", "done", "管理整改台账")


def test_the_report_card_follows_the_report(world):
    assert report_card(_ctx(world, can_edit=True)).action == "生成情况报告"
    report_generate(cycle=world.cycle, by=world.secretary)

    card = report_card(_ctx(world, can_edit=False))

    assert (card.state, card.kind, card.action, card.url) == (
        "已起草情况报告",
        "done",
        "查看情况报告",
        reverse("report", args=[world.cycle.pk]),
    )


@pytest.mark.parametrize("count", [1, 3])
def test_the_facts_are_one_query_however_many_items(world, django_assert_num_queries, count):
    for _ in range(count):
        make_ledger_item(cycle=world.cycle, deadline=datetime.date(2023, 1, 1))

    with django_assert_num_queries(1):
        facts = StepFacts.of(with_step_facts(Cycle.objects.filter(pk=world.cycle.pk), today=TODAY).get())

    assert (facts.ledger_items, facts.ledger_overdue) == (count, count)
