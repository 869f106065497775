"""The anonymous opinion table, at the level of the database: nothing in it can name a person."""

import datetime
import uuid

from django.db import connection

from orglife.models import Opinion, OpinionSignature, SealedItem, SubmissionMarker

OPINION_COLUMNS = [
    "id",
    "campaign_id",
    "source",
    "category_id",
    "text",
    "received_on",
    "status",
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


def test_sealed_table_has_a_random_key_a_box_and_a_ciphertext_only(db):
    assert sorted(_columns(SealedItem)) == ["box", "id", "sealed"]
    assert SealedItem._meta.pk.get_internal_type() == "UUIDField"


def test_anonymous_submission_is_stored_only_as_a_ciphertext_of_one_size(world, campaign, submit):
    short, long = "学习流于形式。", "支部学习流于形式，希望多组织实地调研，" * 50
    submit(short, source="member", user=world.member, held=True)
    submit(long, held=True)

    with connection.cursor() as cursor:
        cursor.execute("SELECT id, box, sealed FROM orglife_sealeditem")
        rows = cursor.fetchall()

    assert Opinion.objects.count() == 0
    assert sorted(box for _, box, _ in rows) == [f"opinion:{campaign.pk}"] * 2
    assert [len(bytes(sealed)) for _, _, sealed in rows] == [1 + 12 + 8192 + 16] * 2
    for key, _, sealed in rows:
        assert uuid.UUID(str(key)).version == 4
        assert short.encode() not in bytes(sealed) and "学习".encode() not in bytes(sealed)
    assert SubmissionMarker.objects.count() == 1 and OpinionSignature.objects.count() == 0


def test_a_released_opinion_row_holds_no_user_ip_or_time(world, campaign, submit, today):
    opinion = submit("支部学习流于形式，希望多组织实地调研。", source="member", user=world.member)

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(OPINION_COLUMNS)} FROM orglife_opinion")
        rows = cursor.fetchall()

    row = dict(zip(OPINION_COLUMNS, rows[0], strict=True))
    assert len(rows) == 1
    assert str(row.pop("id")).replace("-", "") == opinion.pk.hex
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
