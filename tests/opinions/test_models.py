"""The anonymous opinion table, at the level of the database: nothing in it can name a person."""

import datetime
import uuid

from django.db import connection

from orglife.models import Opinion, OpinionSignature, SubmissionMarker

OPINION_COLUMNS = [
    "id",
    "campaign_id",
    "source",
    "category_id",
    "text",
    "received_on",
    "status",
    "released",
    "response",
    "problem_id",
    "duplicate_of_id",
]


def _columns(model) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, model._meta.db_table)]


def test_opinion_table_has_exactly_the_columns_that_name_nobody(db):
    assert sorted(_columns(Opinion)) == sorted(OPINION_COLUMNS)
    assert sorted(f.column for f in Opinion._meta.concrete_fields) == sorted(OPINION_COLUMNS)


def test_opinion_date_is_a_date_and_its_key_a_uuid(db):
    fields = {f.column: f.get_internal_type() for f in Opinion._meta.concrete_fields}

    assert (fields["received_on"], fields["id"]) == ("DateField", "UUIDField")


def test_marker_table_has_no_link_to_an_opinion_or_a_time(db):
    assert sorted(_columns(SubmissionMarker)) == ["campaign_id", "digest", "id"]


def test_marker_key_is_a_random_uuid_not_a_counter(world, campaign, submit):
    submit("第一位党员的意见。", source="member", user=world.member)
    submit("第二位党员的意见。", source="member", user=world.committee)

    keys = list(SubmissionMarker.objects.values_list("pk", flat=True))
    assert SubmissionMarker._meta.pk.get_internal_type() == "UUIDField"
    assert [(type(key), key.version) for key in keys] == [(uuid.UUID, 4)] * 2


def test_signature_table_is_the_only_place_a_name_is_stored(db):
    assert sorted(_columns(OpinionSignature)) == ["author_id", "id", "opinion_id"]


def test_anonymous_submission_raw_row_holds_no_user_ip_or_time(world, campaign, submit, today):
    opinion = submit("支部学习流于形式，希望多组织实地调研。", source="member", user=world.member)

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(OPINION_COLUMNS)} FROM orglife_opinion")
        rows = cursor.fetchall()

    row = dict(zip(OPINION_COLUMNS, rows[0], strict=True))
    assert len(rows) == 1
    assert str(row.pop("id")).replace("-", "") == opinion.pk.hex
    assert not row.pop("released")  # held back: the campaign asks for 3 before showing
    received = row.pop("received_on")
    assert not isinstance(received, datetime.datetime)
    assert str(received) == today.isoformat()  # SQLite hands back text, PostgreSQL a date
    assert row == {
        "campaign_id": campaign.pk,
        "source": "member",
        "category_id": world.categories[0].pk,
        "text": "支部学习流于形式，希望多组织实地调研。",
        "status": "pending",
        "response": "",
        "problem_id": None,
        "duplicate_of_id": None,
    }
    assert OpinionSignature.objects.count() == 0
