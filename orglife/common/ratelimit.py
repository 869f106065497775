"""Fixed-window counters per client, kept in the shared store (Redis when REDIS_URL is set).

The public opinion form counts every post here, and the login (orglife.orgs.auth) its
failures per account and per address. One count must cost one round trip:
with Redis it is a single EVALSHA of a script that increments the key and, for the
window's first hit, sets its expiry, atomically. Django's cache API would need two
to four round trips (`incr` asks EXISTS first) and builds a new client on each call.
Without Redis, or while it cannot be reached, each process counts in its own memory.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import time

import redis
from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.translation import gettext as _

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
_clients: dict[str, redis.Redis] = {}
_scripts: dict[str, redis.commands.core.Script] = {}


def _client(url: str) -> redis.Redis:
    client = _clients.get(url)
    if client is None:
        client = _clients.setdefault(url, redis.Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0))
    return client


def _script(url: str):
    script = _scripts.get(url)
    if script is None:
        script = _scripts.setdefault(url, _client(url).register_script(HIT_SCRIPT))
    return script


# After Redis fails, this process counts in its own memory for this long before it
# tries Redis again: a Redis that hangs would otherwise hold every post for the
# socket timeout, and log an error for each.
RETRY_REDIS_SECONDS = 30
_redis_down_until = 0.0


def _redis_url() -> str:
    """REDIS_URL, or "" while it is unset or resting after a failure."""
    return settings.REDIS_URL if settings.REDIS_URL and time.monotonic() >= _redis_down_until else ""


def _redis_failed() -> None:
    global _redis_down_until
    _redis_down_until = time.monotonic() + RETRY_REDIS_SECONDS
    logger.exception("Rate limit store unreachable; counting in this process for %ss.", RETRY_REDIS_SECONDS)


def _local_cache():
    # The shared cache is Redis too when REDIS_URL is set; the default one is always local.
    return caches["default" if settings.REDIS_URL else "shared"]


def hit(key: str, seconds: int) -> int:
    """Count one hit on `key` in its current window of `seconds`; return the hits so far.

    Counts in Redis (REDIS_URL) so that all workers share one count; without Redis, or
    for RETRY_REDIS_SECONDS after Redis failed (logged once as an error), in this
    process's memory, so the limit still holds per worker rather than not at all.
    """
    if url := _redis_url():
        try:
            return int(_script(url)(keys=[KEY_PREFIX + key], args=[seconds]))
        except redis.RedisError:
            _redis_failed()
    cache = _local_cache()
    key = KEY_PREFIX + key
    if cache.add(key, 1, timeout=seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr(): this hit opens a new window
        cache.add(key, 1, timeout=seconds)
        return 1


def count(key: str) -> int:
    """The hits on `key` in its current window, without counting one (0 once it has expired)."""
    if url := _redis_url():
        try:
            return int(_client(url).get(KEY_PREFIX + key) or 0)
        except redis.RedisError:
            _redis_failed()
    return int(_local_cache().get(KEY_PREFIX + key, 0))


def clear(key: str) -> None:
    """Forget the hits on `key`: its next hit opens a new window."""
    if url := _redis_url():
        try:
            _client(url).delete(KEY_PREFIX + key)
            return
        except redis.RedisError:
            _redis_failed()
    _local_cache().delete(KEY_PREFIX + key)


def window_text(seconds: int) -> str:
    """A window of `seconds` as a person says it: 60 -> 一分钟, 300 -> 5分钟, 3600 -> 一小时,
    7200 -> 2小时, 30 -> 30秒, 90 -> 90秒."""
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return _("一小时") if hours == 1 else _("%(n)d小时") % {"n": hours}
    if seconds % 60 == 0:
        minutes = seconds // 60
        return _("一分钟") if minutes == 1 else _("%(n)d分钟") % {"n": minutes}
    return _("%(n)d秒") % {"n": seconds}


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request: HttpRequest) -> str:
    """The address a rate limit counts.

    Walking from REMOTE_ADDR leftwards through X-Forwarded-For: each hop that is one
    of TRUSTED_PROXIES (at most TRUSTED_PROXY_COUNT of them) vouches for the entry
    to its left; the first hop that is not a trusted proxy is the client. So a
    client that reaches the app server directly, or skips an outer proxy, is
    counted by the address the app (or the inner proxy) actually saw, whatever it
    wrote into the header. Fewer entries than proxies: the leftmost entry.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    chain = [*forwarded, remote]
    for trusted_hops, address in enumerate(reversed(chain)):
        if trusted_hops >= hops or not _is_trusted_proxy(address):
            return address
    return chain[0]
