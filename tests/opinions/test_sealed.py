"""The sealed box (orglife.common.sealed) that anonymous opinions, and later ballots, wait in."""

import pytest
from django.db import transaction

from orglife.common import sealed
from orglife.models import SealedItem
from orglife.opinions.forms import TEXT_MAX

SIZE = 1 + sealed.NONCE_BYTES + sealed.BLOCK_BYTES + 16  # version, nonce, one padded block, GCM tag


def test_a_payload_comes_back_only_from_its_own_box(settings):
    payload = {"source": "masses", "category": 7, "text": "意见建议。", "day": "2022-11-24"}

    blob = sealed.seal_payload(box="opinion:1", payload=payload)

    assert sealed.open_payload(box="opinion:1", sealed=blob) == payload
    assert sealed.open_payload(box="opinion:2", sealed=blob) is None
    assert "意见".encode() not in blob


def test_every_payload_a_form_allows_seals_to_one_size():
    """Length says nothing: the shortest opinion and the longest, even of characters that
    JSON writes as six bytes each, give ciphertexts of the same length."""
    worst = "\x01" * TEXT_MAX
    payloads = [
        {"source": "masses", "category": None, "text": "短意见。", "day": "2022-11-24"},
        {"source": "served", "category": 123456789, "text": "长" * TEXT_MAX, "day": "2022-11-24"},
        {"source": "higher", "category": 123456789, "text": worst, "day": "2022-11-24"},
    ]

    sizes = {len(sealed.seal_payload(box="opinion:1", payload=payload)) for payload in payloads}

    assert sizes == {SIZE}


def test_an_altered_ciphertext_is_refused():
    blob = bytearray(sealed.seal_payload(box="opinion:1", payload={"text": "意见建议。"}))
    blob[40] ^= 1

    assert sealed.open_payload(box="opinion:1", sealed=bytes(blob)) is None


def test_a_rotated_key_still_opens_what_it_sealed_through_the_fallbacks(settings):
    settings.SECRET_KEY = "old-key"
    blob = sealed.seal_payload(box="opinion:1", payload={"text": "轮换前的意见。"})
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "new-key", []
    lost = sealed.open_payload(box="opinion:1", sealed=blob)
    settings.SECRET_KEY_FALLBACKS = ["old-key"]

    assert (lost, sealed.open_payload(box="opinion:1", sealed=blob)) == (None, {"text": "轮换前的意见。"})


def test_release_takes_out_only_groups_that_are_large_enough(db):
    for n in range(3):
        sealed.seal(box="b", payload={"who": "member", "n": n})
    for n in range(2):
        sealed.seal(box="b", payload={"who": "masses", "n": n})
    sealed.seal(box="other", payload={"who": "member", "n": 9})

    with transaction.atomic():
        taken = sealed.release(box="b", at_least=3, group=lambda payload: payload["who"])

    assert sorted(payload["n"] for payload in taken) == [0, 1, 2]
    assert {payload["who"] for payload in taken} == {"member"}
    assert sorted(SealedItem.objects.values_list("box", flat=True)) == ["b", "b", "other"]


def test_release_of_everything_and_of_too_few(db):
    sealed.seal(box="b", payload={"n": 1})
    sealed.seal(box="b", payload={"n": 2})

    with transaction.atomic():
        too_few = sealed.release(box="b", at_least=3)
        everything = sealed.release(box="b", at_least=0)

    assert (too_few, sorted(payload["n"] for payload in everything)) == ([], [1, 2])
    assert SealedItem.objects.count() == 0


def test_what_no_key_opens_stays_in_the_box_and_is_logged(db, settings, caplog):
    settings.SECRET_KEY = "lost-key"
    sealed.seal(box="b", payload={"n": 1})
    settings.SECRET_KEY = "new-key"
    sealed.seal(box="b", payload={"n": 2})

    with transaction.atomic():
        taken = sealed.release(box="b", at_least=0)

    assert taken == [{"n": 2}]
    assert SealedItem.objects.count() == 1
    assert [record.getMessage() for record in caplog.records] == [
        "1 sealed item(s) in box b open with no SECRET_KEY or fallback"
    ]


@pytest.mark.django_db(transaction=True)
def test_release_must_run_in_the_transaction_that_writes_the_records():
    with pytest.raises(RuntimeError):
        sealed.release(box="b", at_least=0)
