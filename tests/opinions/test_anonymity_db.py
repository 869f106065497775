"""The anonymity promise read from below the app: someone who can read the database
(every table, its system columns, the SQLite file) but not SECRET_KEY cannot tell
which released opinion a logged-in member sent.

Members log in through the real login view (so `last_login` and a session row are
written), submit through the real public form, between people who are not logged
in; then the committee opens the board, which releases the batch. The database is
read like an administrator would read it, before and after the release.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from orglife.models import Membership
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)

UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")


def _login(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": "pw"})
    assert response.status_code == 302
    return client


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def _ctid(text: str) -> tuple[int, int]:
    page, slot = text.strip("()").split(",")
    return int(page), int(slot)


def _rows(table: str) -> list[tuple]:
    """(physical position, transaction, the row as text) for every row of `table`:
    ctid and xmin on PostgreSQL, rowid (and no transaction) on SQLite."""
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT ctid::text, xmin::text, t::text FROM {quoted} AS t")
            return [
                (tuple(int(n) for n in ctid.strip("()").split(",")), int(xmin), text) for ctid, xmin, text in cursor
            ]
        cursor.execute(f"SELECT rowid, * FROM {quoted}")
        return [(row[0], None, repr(row[1:])) for row in cursor.fetchall()]


def _everything() -> dict[str, list[tuple]]:
    return {table: _rows(table) for table in _tables()}


def _sqlite_bytes() -> bytes:
    """The SQLite database file as stored, with its journal or write-ahead log."""
    name = Path(connection.settings_dict["NAME"])
    return b"".join(path.read_bytes() for path in (name, Path(f"{name}-wal"), Path(f"{name}-journal")) if path.exists())


def _session_row(client: Client) -> list[tuple]:
    key = client.cookies["sessionid"].value
    return [row for row in _rows("django_session") if key in row[2]]


def _user_row(user) -> list[tuple]:
    quoted = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT xmin::text, last_login FROM {quoted('orglife_user')} WHERE id = %s", [user.pk])
        else:
            cursor.execute(f"SELECT rowid, last_login FROM {quoted('orglife_user')} WHERE id = %s", [user.pk])
        return cursor.fetchall()


def _run(world, campaign):
    """Eight people submit anonymously, four members logged in among four who are not.
    Returns the texts in the order sent, the target member's text, and what the
    database held after the target's login, after their submission, before and after
    the release."""
    members = [
        world.committee,
        world.member,
        make_user(username="member2", full_name="陈党员"),
        make_user(username="member3", full_name="刘党员"),
    ]
    for extra in members[2:]:
        Membership.objects.create(user=extra, organisation=world.branch, role="member")
    target = world.member
    url = reverse("opinion_form", args=[campaign.token])
    category = str(campaign.categories.get(name="学习").pk)
    tag = uuid.uuid4().hex[:8]  # texts no earlier test can have left in a free page
    sent, seen = [], {}
    for n in range(8):
        text = f"意见{tag}-{n}：学习要结合实际。"
        member = members[n // 2] if n % 2 else None
        client = _login(member) if member else Client()
        if member == target:
            seen["session_after_login"] = _session_row(client)
            seen["user_after_login"] = _user_row(target)
        response = client.post(url, {"source": "masses", "category": category, "text": text})
        assert response.status_code == 302
        if member == target:
            seen["session_after_submit"] = _session_row(client)
            seen["user_after_submit"] = _user_row(target)
        sent.append(text)
    seen["held"] = _everything()
    if connection.vendor == "sqlite":
        seen["held_file"] = _sqlite_bytes()
    board = _login(world.secretary).get(reverse("campaign", args=[campaign.pk]))
    assert board.status_code == 200
    seen["released"] = _everything()
    return sent, sent[3], seen


def _check_held(sent, seen):
    """Before the release no row holds any opinion's text, in any table."""
    for table, rows in seen["held"].items():
        for _, _, text in rows:
            assert not any(opinion in text for opinion in sent), f"{table} holds an opinion in the clear"
    # The submission wrote nothing to the member's session or user row.
    assert seen["session_after_submit"] == seen["session_after_login"] != []
    assert seen["user_after_submit"] == seen["user_after_login"] != []


def _opinions(sent, seen) -> list[tuple]:
    """(position, transaction, text) of each released opinion, in physical order."""
    found = []
    for position, xmin, text in seen["released"]["orglife_opinion"]:
        matches = [opinion for opinion in sent if opinion in text]
        assert len(matches) == 1
        found.append((position, xmin, matches[0], text))
    return sorted(found)


def _check_released(sent, target_text, seen):
    opinions = _opinions(sent, seen)
    assert seen["released"]["orglife_sealeditem"] == []  # the release deleted what it wrote out
    # All eight are shown, in an order that is not the order they were sent in:
    # 1 chance in 8! (40,320) of a false failure.
    assert sorted(text for _, _, text, _ in opinions) == sorted(sent)
    assert [text for _, _, text, _ in opinions] != sent
    # Besides its random id and its text, the target's row holds exactly what the
    # other members' rows hold (source, category, date, status): no value sets it apart.
    rest = {text: UUID.sub("", row.replace(text, "")) for _, _, text, row in opinions}
    members = {value for text, value in rest.items() if sent.index(text) % 2}
    assert len(members) == 1 and rest[target_text] in members


def test_database_reader_cannot_link_a_member_to_their_opinion_on_postgresql(world, campaign):
    if connection.vendor != "postgresql":
        pytest.skip("xmin and ctid are PostgreSQL's; the SQLite variant below reads rowid and the file.")
    sent, target_text, seen = _run(world, campaign)

    _check_held(sent, seen)
    _check_released(sent, target_text, seen)
    opinions = _opinions(sent, seen)
    released_in = {xmin for _, xmin, _, _ in opinions}
    # One transaction wrote them all, and it wrote nothing else.
    assert len(released_in) == 1
    (release,) = released_in
    elsewhere = [table for table, rows in seen["released"].items() for _, xmin, _ in rows if xmin == release]
    assert elsewhere == ["orglife_opinion"] * 8
    # No transaction of a submission, a login or a session wrote an opinion.
    submissions = {
        xmin
        for table in ("orglife_submissionmarker", "orglife_sealeditem", "django_session", "orglife_user")
        if table in seen["held"]
        for _, xmin, _ in seen["held"][table]
    }
    assert release not in submissions
    # Each member's marker was written with their sealed row, as one event: "a member took part".
    markers = sorted(xmin for _, xmin, _ in seen["held"]["orglife_submissionmarker"])
    assert len(markers) == 4 and set(markers) <= {xmin for _, xmin, _ in seen["held"]["orglife_sealeditem"]}
    # The target's opinion is one of at least three 党员 opinions of that one release.
    members_released = [text for _, _, text, row in opinions if ",member," in row]
    assert len(members_released) == 4 and target_text in members_released


def test_database_reader_cannot_link_a_member_to_their_opinion_on_sqlite(world, campaign):
    if connection.vendor != "sqlite":
        pytest.skip("reads SQLite's rowid and database file; the PostgreSQL variant above reads xmin and ctid.")
    sent, target_text, seen = _run(world, campaign)

    _check_held(sent, seen)
    # Not in the file either, nor its journal: nothing to find in a free page or a backup.
    assert not any(text.encode() in seen["held_file"] for text in sent)
    _check_released(sent, target_text, seen)
