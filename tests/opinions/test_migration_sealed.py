"""Migration 0008 moves opinions still held back under the old rule into the sealed box."""

import datetime

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("orglife", "0007_cycle_unique_branch_year_kind")]
AFTER = [("orglife", "0008_anon_sealed_inbox")]


@pytest.mark.django_db(transaction=True)
def test_held_back_opinions_move_into_the_sealed_box_and_seen_ones_stay():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    today = timezone.localdate()
    org = old.get_model("orglife", "Organisation").objects.create(name="支部", kind="branch", code="b")
    cycle = old.get_model("orglife", "Cycle").objects.create(branch=org, year=2022, kind="special", title="会")
    category = old.get_model("orglife", "Category").objects.create(cycle=cycle, position=1, name="思想")
    Campaign = old.get_model("orglife", "Campaign")
    Opinion = old.get_model("orglife", "Opinion")
    running = Campaign.objects.create(
        cycle=cycle, title="进行中", token="a", opens_on=today, closes_on=today, hold_back=1 + 1, sources=["masses"]
    )
    over = Campaign.objects.create(
        cycle=cycle,
        title="已结束",
        token="b",
        opens_on=today - datetime.timedelta(days=9),
        closes_on=today - datetime.timedelta(days=1),
        hold_back=5,
        sources=["masses"],
    )
    common = {"source": "masses", "received_on": today, "released": False}
    Opinion.objects.create(campaign=running, category=category, text="暂存中的匿名意见。", **common)
    Opinion.objects.create(campaign=running, text="已答复过的意见。", status="answered", response="已答复。", **common)
    Opinion.objects.create(campaign=over, text="结束后已能看到的意见。", **common)
    Opinion.objects.create(campaign=running, text="已显示的意见。", **(common | {"released": True}))

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Opinion = new.get_model("orglife", "Opinion")
    from orglife.common.sealed import open_payload

    sealed = list(new.get_model("orglife", "SealedItem").objects.values_list("box", "sealed"))
    stayed = sorted(Opinion.objects.values_list("text", flat=True))
    hold_backs = sorted(new.get_model("orglife", "Campaign").objects.values_list("hold_back", flat=True))
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert stayed == ["已显示的意见。", "已答复过的意见。", "结束后已能看到的意见。"]
    assert [(box, open_payload(box=box, sealed=bytes(blob))) for box, blob in sealed] == [
        (
            f"opinion:{running.pk}",
            {"source": "masses", "category": category.pk, "text": "暂存中的匿名意见。", "day": str(today)},
        )
    ]
    assert hold_backs == [3, 5]
    with transaction.atomic():
        from orglife.models import Campaign as Current
        from orglife.opinions.services import release_all_now

        (released,) = release_all_now(campaign=Current.objects.get(pk=running.pk))
    assert (released.text, released.category_id) == ("暂存中的匿名意见。", category.pk)
