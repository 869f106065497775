from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.utils import IntegrityError
from django.test.utils import CaptureQueriesContext

from orglife.demo import load_demo
from orglife.models import Organisation, User
from orglife.orgs.access import Access, access_to_branch
from orglife.orgs.services import child_path, organisation_create, organisation_move
from tests.factories import make_membership


def paths() -> dict[str, str]:
    return dict(Organisation.objects.values_list("code", "path"))


TREE_PATHS = {
    "district": "0001.",
    "organs": "0001.0001.",
    "a": "0001.0001.0001.",
    "b": "0001.0001.0002.",
    "other": "0002.",
    "town": "0002.0001.",
}


@pytest.fixture
def tree(db) -> dict[str, Organisation]:
    """区委 → 工委 → 支部 ×2, and a second 区委 with one 党委."""
    district = organisation_create(name="中共临江区委", kind="committee", code="district")
    organs = organisation_create(name="区直机关工委", kind="working_committee", code="organs", parent=district)
    a = organisation_create(name="发改局党支部", kind="branch", code="a", parent=organs)
    b = organisation_create(name="财政局党支部", kind="branch", code="b", parent=organs)
    other = organisation_create(name="中共临海区委", kind="committee", code="other")
    town = organisation_create(name="某镇党委", kind="committee", code="town", parent=other)
    return {org.code: org for org in (district, organs, a, b, other, town)}


def test_child_path_counts_in_base_36_with_four_digits():
    assert [child_path("", 1), child_path("0001.", 10), child_path("0001.", 36), child_path("", 1679615)] == [
        "0001.",
        "0001.000A.",
        "0001.0010.",
        "ZZZZ.",
    ]


def test_organisation_create_appends_to_its_parent(tree):
    assert paths() == TREE_PATHS


def test_organisation_create_after_a_deleted_sibling_takes_a_new_number(tree):
    tree["a"].delete()

    created = organisation_create(name="新支部", kind="branch", code="c", parent=tree["organs"])

    assert created.path == "0001.0001.0003."


def test_organisation_move_carries_everything_below_in_one_update(tree):
    with CaptureQueriesContext(connection) as queries:
        organisation_move(organisation=tree["organs"], parent=tree["town"])

    assert paths() == {
        "district": "0001.",
        "organs": "0002.0001.0001.",
        "a": "0002.0001.0001.0001.",
        "b": "0002.0001.0001.0002.",
        "other": "0002.",
        "town": "0002.0001.",
    }
    assert tree["organs"].path == "0002.0001.0001."
    assert Organisation.objects.get(code="organs").parent == tree["town"]
    assert sum(query["sql"].startswith("UPDATE") for query in queries.captured_queries) == 2


def test_organisation_move_changes_which_reviewer_sees_the_branches(tree):
    before, after = User.objects.create_user("before"), User.objects.create_user("after")
    make_membership(user=before, organisation=tree["district"], role="reviewer")
    make_membership(user=after, organisation=tree["other"], role="reviewer")

    organisation_move(organisation=tree["organs"], parent=tree["town"])
    branch = Organisation.objects.get(code="a")

    assert (access_to_branch(before, branch), access_to_branch(after, branch)) == (Access.NONE, Access.READ)


@pytest.mark.parametrize("target", ["organs", "a"])
def test_organisation_move_under_itself_or_below_is_refused(tree, target):
    with pytest.raises(ValidationError) as raised:
        organisation_move(organisation=tree["organs"], parent=tree[target])

    assert raised.value.messages == ["不能把党组织移到它自己或它的下级党组织之下。"]
    assert paths()["a"] == "0001.0001.0001."


def test_organisation_move_to_its_own_parent_changes_nothing(tree):
    organisation_move(organisation=tree["a"], parent=tree["organs"])

    assert paths()["a"] == "0001.0001.0001."


def test_organisation_move_to_the_top(tree):
    organisation_move(organisation=tree["organs"], parent=None)

    assert (paths()["organs"], paths()["b"]) == ("0003.", "0003.0002.")


def test_an_organisation_created_without_the_service_is_refused(db):
    with pytest.raises(IntegrityError):
        Organisation.objects.create(name="绕过服务", kind="branch", code="raw")


def test_startswith_on_the_path_is_answered_from_the_index(tree):
    sql, params = Organisation.objects.filter(path__startswith="0001.").values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())

    assert "INDEX" in plan.upper()
    assert sorted(Organisation.objects.filter(path__startswith="0001.").values_list("code", flat=True)) == [
        "a",
        "b",
        "district",
        "organs",
    ]


def test_startswith_on_the_path_is_exact_at_segment_edges(tree):
    # "0001.0001." must not match "0001.0001Z." or the range's upper end "0001.0001/".
    found = Organisation.objects.filter(path__startswith="0001.0001.").values_list("code", flat=True)

    assert sorted(found) == ["a", "b", "organs"]


def test_migration_fills_paths_from_the_parents(tree):
    migration = import_module("orglife.migrations.0009_tree_organisation_path")
    for n, org in enumerate(Organisation.objects.order_by("-id"), start=1):
        Organisation.objects.filter(pk=org.pk).update(path=f"X{n}.")

    migration.fill_paths(apps, None)

    assert paths() == TREE_PATHS


def test_load_demo_builds_the_tree_and_a_second_load_puts_a_moved_branch_back(db):
    load_demo()
    organisation_move(
        organisation=Organisation.objects.get(code="linjiang-drc-branch"),
        parent=Organisation.objects.get(code="linjiang-district"),
    )

    load_demo()

    assert paths() == {
        "linjiang-district": "0001.",
        "linjiang-organs": "0001.0001.",
        "linjiang-drc-branch": "0001.0001.0003.",
        "linjiang-finance-branch": "0001.0001.0002.",
    }
