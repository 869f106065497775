"""Fixed-window counters per client, kept in the shared store (Redis when REDIS_URL is set).

The public opinion form counts every post here, so one count must cost one round trip:
with Redis it is a single EVALSHA of a script that increments the key and, for the
window's first hit, sets its expiry, atomically. Django's cache API would need two
to four round trips (`incr` asks EXISTS first) and builds a new client on each call.
Without Redis the shared cache (per-process memory) counts instead.
"""

from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)

KEY_PREFIX = "orglife:rate:"

# KEYS[1] the counter, ARGV[1] the window in seconds. Returns the count including this hit.
# A counter found without an expiry (written by something else) gets one too, so no
# client can be locked out for good.
HIT_SCRIPT = """
local hits = redis.call('INCR', KEYS[1])
if hits == 1 or redis.call('TTL', KEYS[1]) == -1 then
    redis.call('EXPIRE', KEYS[1], ARGV[1])
end
return hits
"""

# One client (thread-safe, with its own connection pool) per Redis URL and process;
# redis-py drops the pool's connections in a forked child by itself.
_scripts: dict[str, redis.commands.core.Script] = {}


def _script(url: str):
    script = _scripts.get(url)
    if script is None:
        client = redis.Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)
        script = _scripts.setdefault(url, client.register_script(HIT_SCRIPT))
    return script


def hit(key: str, seconds: int) -> int | None:
    """Count one hit on `key` in its current window of `seconds`; return the hits so far.

    Returns None when the store cannot be reached (logged as an error): the caller then
    lets the request through, since refusing every opinion while Redis is down would do
    more harm than a window without a limit.
    """
    if settings.REDIS_URL:
        try:
            return int(_script(settings.REDIS_URL)(keys=[KEY_PREFIX + key], args=[seconds]))
        except redis.RedisError:
            logger.exception("Rate limit store unreachable; request let through uncounted.")
            return None
    cache = caches["shared"]
    key = KEY_PREFIX + key
    if cache.add(key, 1, timeout=seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr(): this hit opens a new window
        cache.add(key, 1, timeout=seconds)
        return 1
