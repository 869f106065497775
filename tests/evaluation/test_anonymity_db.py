"""The secret ballot read from below the app: someone who can read the database (every
table, its system columns, the SQLite file) but not SECRET_KEY learns who voted, never
what anyone voted.

Voters log in through the real login view (so `last_login` and a session row are
written) and cast through the real ballot page; the committee closes through its page.
The database is read like an administrator would read it, after the casts and after
the close.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from orglife.evaluation.models import Evaluation
from tests.factories import make_evaluation, make_member

pytestmark = pytest.mark.django_db(transaction=True)

BALLOT_TABLES = ("orglife_vote", "orglife_receipt", "orglife_voted")
TIME = re.compile(r"\d{1,2}:\d{2}")


def _login(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": "pw"})
    assert response.status_code == 302
    return client


def _rows(table: str) -> list[tuple]:
    """(physical position, transaction, the row as text): ctid and xmin on PostgreSQL,
    rowid (and no transaction) on SQLite."""
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT ctid::text, xmin::text, t::text FROM {quoted} AS t")
            return [(tuple(int(n) for n in c.strip("()").split(",")), int(x), text) for c, x, text in cursor]
        cursor.execute(f"SELECT rowid, * FROM {quoted}")
        return [(row[0], None, repr(row[1:])) for row in cursor.fetchall()]


def _everything() -> dict[str, list[tuple]]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    return {table: _rows(table) for table in tables}


def _sqlite_bytes() -> bytes:
    name = Path(connection.settings_dict["NAME"])
    return b"".join(p.read_bytes() for p in (name, Path(f"{name}-wal"), Path(f"{name}-journal")) if p.exists())


def test_ballot_tables_have_no_voter_no_time_and_no_order_column(db):
    with connection.cursor() as cursor:
        columns = {
            table: {c.name: c for c in connection.introspection.get_table_description(cursor, table)}
            for table in BALLOT_TABLES
        }
    kinds = {
        table: {name: connection.introspection.get_field_type(c.type_code, c) for name, c in cols.items()}
        for table, cols in columns.items()
    }

    # The graded member is who a grade is about; nothing says who gave it.
    assert sorted(columns["orglife_vote"]) == ["evaluation_id", "grade", "id", "member_id"]
    assert sorted(columns["orglife_receipt"]) == ["code", "evaluation_id", "id"]
    # The voted list: who, and whether on paper; no time, no counter, no position.
    assert sorted(columns["orglife_voted"]) == ["evaluation_id", "id", "on_paper", "voter_id"]
    for table, found in kinds.items():
        assert not {"DateTimeField", "DateField", "TimeField", "AutoField", "BigAutoField"} & set(found.values())
        assert found["id"] in ("UUIDField", "CharField"), table  # a random key, not a counter


def _run(world, voters):
    """Eight voters cast in turn, each a ballot of its own (voter n gives 优秀 to the
    member after them, 合格 to the rest); then the secretary closes. Returns the ballots
    in the order cast, the receipts, and what the database held after the first
    voter's login, after their cast, after all casts and after the close."""
    evaluation = make_evaluation(cycle=world.cycle, state="open")
    subjects = [s.member_id for s in evaluation.subjects.all()]
    url = reverse("evaluation_ballot", args=[evaluation.pk])
    ballots, receipts, seen = [], [], {}
    for n, voter in enumerate(voters):
        client = _login(voter)
        favourite = voters[(n + 1) % len(voters)].pk
        grades = {pk: "excellent" if pk == favourite else "qualified" for pk in subjects if pk != voter.pk}
        if n == 0:
            seen["before"] = {t: _everything()[t] for t in ("django_session", "orglife_user")}
        response = client.post(url, {f"m{pk}": grade for pk, grade in grades.items()})
        assert response.status_code == 200
        receipts.append(response.context["code"])
        if n == 0:
            seen["after"] = {t: _everything()[t] for t in ("django_session", "orglife_user")}
        ballots.append(grades)
    seen["cast"] = _everything()
    if connection.vendor == "sqlite":
        seen["cast_file"] = _sqlite_bytes()
    closed = _login(world.secretary).post(reverse("evaluation_close", args=[evaluation.pk]))
    assert closed.status_code == 302
    assert Evaluation.objects.get().state == "closed"
    seen["closed"] = _everything()
    return evaluation, ballots, receipts, seen


@pytest.fixture
def voters(world):
    extra = [
        make_member(username=f"v{n}", full_name=f"党员{n}", organisation=world.branch, role="member") for n in range(5)
    ]
    return [world.secretary, world.committee, world.member, *extra]


def _check_cast(receipts, seen):
    """While voting runs no row holds a receipt code, and casting wrote nothing to the
    voter's session or user row."""
    for table, rows in seen["cast"].items():
        for _, _, text in rows:
            assert not any(code in text for code in receipts), f"{table} holds a receipt in the clear"
    assert seen["cast"]["orglife_vote"] == seen["cast"]["orglife_receipt"] == []
    assert len(seen["cast"]["orglife_sealeditem"]) == 8
    assert seen["after"] == seen["before"]


def _ordered(table: str, columns: str) -> list[tuple]:
    """`columns` of every row of `table`, in physical order (ctid, rowid)."""
    position = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {connection.ops.quote_name(table)} ORDER BY {position}")
        return [tuple(row) for row in cursor.fetchall()]


def _physical(rows) -> list[str]:
    return [text for _, _, text in sorted(rows)]


def _check_closed(evaluation, voters, ballots, receipts, seen):
    closed = seen["closed"]
    assert closed["orglife_sealeditem"] == []
    # Receipts lie in the order of their codes, never of the casts.
    stored = [next(code for code in receipts if code in text) for text in _physical(closed["orglife_receipt"])]
    assert stored == sorted(receipts)
    # The grades are one shuffled heap, not ballot after ballot in the order cast:
    # 1 chance in about 40! of a false failure.
    written = _ordered("orglife_vote", "member_id, grade")
    in_cast_order = [(pk, grade) for ballot in ballots for pk, grade in ballot.items()]
    assert sorted(written) == sorted(in_cast_order)
    assert written != in_cast_order
    # The voted list was rewritten: its order is no longer the order of the casts.
    voted = [pk for (pk,) in _ordered("orglife_voted", "voter_id")]
    assert sorted(voted) == sorted(v.pk for v in voters)
    assert voted != [v.pk for v in voters]
    # No time anywhere in a ballot table's rows.
    for table in BALLOT_TABLES:
        assert not any(TIME.search(text) for _, _, text in closed[table]), table


def test_database_reader_cannot_link_a_voter_to_their_ballot_on_postgresql(world, voters):
    if connection.vendor != "postgresql":
        pytest.skip("xmin and ctid are PostgreSQL's; the SQLite variant below reads rowid and the file.")
    evaluation, ballots, receipts, seen = _run(world, voters)

    _check_cast(receipts, seen)
    _check_closed(evaluation, voters, ballots, receipts, seen)
    closed = seen["closed"]
    # One transaction wrote every grade, every receipt and the rewritten voted list.
    (release,) = {xmin for _, xmin, _ in closed["orglife_vote"]}
    assert {xmin for t in BALLOT_TABLES for _, xmin, _ in closed[t]} == {release}
    # No cast, login or session transaction wrote any of them.
    casts = {
        xmin
        for table in ("orglife_voted", "orglife_sealeditem", "django_session", "orglife_user")
        for _, xmin, _ in seen["cast"][table]
    }
    assert release not in casts
    # Each voted row was written with its sealed ballot, as one event ("someone voted").
    assert {x for _, x, _ in seen["cast"]["orglife_voted"]} == {x for _, x, _ in seen["cast"]["orglife_sealeditem"]}


def test_database_reader_cannot_link_a_voter_to_their_ballot_on_sqlite(world, voters):
    if connection.vendor != "sqlite":
        pytest.skip("reads SQLite's rowid and file; the PostgreSQL variant above reads xmin and ctid.")
    evaluation, ballots, receipts, seen = _run(world, voters)

    _check_cast(receipts, seen)
    assert not any(code.encode() in seen["cast_file"] for code in receipts)
    _check_closed(evaluation, voters, ballots, receipts, seen)
