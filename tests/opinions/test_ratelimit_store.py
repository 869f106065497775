"""orglife.common.ratelimit against the real Redis on 127.0.0.1:6379 (database 14), and without it."""

import logging
import os
import socket
import time
import uuid

import pytest
import redis
from django.urls import reverse

from orglife.common import ratelimit
from orglife.models import SealedItem

REDIS_URL = "redis://127.0.0.1:6379/14"


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


# CI starts Redis before the tests, so there a missing Redis is a failure, not a skip.
needs_redis = pytest.mark.skipif(not _redis_answers() and not os.environ.get("CI"), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def store(settings):
    settings.REDIS_URL = REDIS_URL
    return redis.Redis.from_url(REDIS_URL)


def _key() -> str:
    return f"test-{uuid.uuid4().hex}"


@needs_redis
def test_hits_are_counted_in_one_window_with_its_expiry(store):
    key = _key()

    counts = [ratelimit.hit(key, 60) for _ in range(3)]

    assert counts == [1, 2, 3]
    assert int(store.get(ratelimit.KEY_PREFIX + key)) == 3
    assert 58 <= store.ttl(ratelimit.KEY_PREFIX + key) <= 60  # set once, by the first hit


@needs_redis
def test_a_new_window_starts_at_one_after_the_old_one_expires(store):
    key = _key()
    ratelimit.hit(key, 1)
    ratelimit.hit(key, 1)

    time.sleep(1.1)

    assert ratelimit.hit(key, 1) == 1


@needs_redis
def test_the_form_answers_429_when_the_count_lives_in_redis(client, campaign, settings, store):
    settings.OPINION_RATE_LIMIT = (2, 60)
    address = f"198.51.100.{uuid.uuid4().int % 250 + 1}"
    url = reverse("opinion_form", args=[campaign.token])
    data = {"source": "masses", "category": "", "text": "请多听群众意见。"}
    store.flushdb()

    codes = [client.post(url, data, REMOTE_ADDR=address).status_code for _ in range(3)]

    assert codes == [302, 302, 429]
    assert SealedItem.objects.count() == 2
    assert [key.decode()[: len(ratelimit.KEY_PREFIX) + 13] for key in store.keys("*")] == [
        ratelimit.KEY_PREFIX + "opinion-post:"
    ]


def test_an_unreachable_store_counts_in_the_process_and_logs_once(client, campaign, settings, caplog, monkeypatch):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.OPINION_RATE_LIMIT = (2, 60)
    monkeypatch.setattr(ratelimit, "_redis_down_until", 0.0)
    url = reverse("opinion_form", args=[campaign.token])
    data = {"source": "masses", "category": "", "text": "请多听群众意见。"}

    with caplog.at_level(logging.ERROR, logger="orglife.common.ratelimit"):
        codes = [client.post(url, data).status_code for _ in range(3)]

    assert codes == [302, 302, 429]
    assert SealedItem.objects.count() == 2
    assert [record.getMessage() for record in caplog.records] == [
        "Rate limit store unreachable; counting in this process for 30s."
    ]
    assert ratelimit._redis_down_until > time.monotonic() + 25  # Redis is left alone for a while


def test_without_redis_the_shared_cache_counts(settings):
    settings.REDIS_URL = ""
    key = _key()

    assert [ratelimit.hit(key, 60) for _ in range(3)] == [1, 2, 3]
    assert ratelimit.hit(_key(), 60) == 1


@needs_redis
def test_a_counter_left_without_an_expiry_gets_one(store):
    key = _key()
    store.set(ratelimit.KEY_PREFIX + key, 5)  # no TTL

    count = ratelimit.hit(key, 60)

    assert count == 6 and 58 <= store.ttl(ratelimit.KEY_PREFIX + key) <= 60
