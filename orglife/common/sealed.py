"""Sealed boxes: hold anonymous submissions unreadable, then release them together.

The mechanism behind held-back anonymous opinions (orglife.opinions.services), and
meant for anything else that must not be traceable to the person who handed it in,
such as ballots. A submission is `seal`ed into a named box: one row of
orglife.models.SealedItem holding only a ciphertext of fixed size. `release` opens a
box, and when enough submissions wait in it hands them back in random order and
deletes their rows; the caller writes the records they become in that same
transaction. So every record written from a box shares the release's transaction,
and neither its physical place nor its content points back at a sealed row, whose
own place and transaction do follow the order of arrival.

The key is derived from SECRET_KEY (HKDF-SHA256); SECRET_KEY_FALLBACKS still open
what was sealed before a key rotation. Whoever holds the key and the database can
open what is waiting; the database alone shows ciphertexts of one size.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
from collections import defaultdict
from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import connection

from orglife.common.models import SealedItem

logger = logging.getLogger(__name__)

VERSION = b"\x01"
NONCE_BYTES = 12
# Every payload is padded to a whole number of these, so that the length of a ciphertext
# says nothing about the text inside (an opinion of 1,000 characters, even of
# characters JSON escapes to six bytes, fits in one).
BLOCK_BYTES = 8192
LENGTH_BYTES = 4

Payload = dict[str, Any]


@lru_cache(maxsize=8)
def _key(secret: str) -> bytes:
    kdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"orglife.sealed", info=b"sealed-box v1")
    return kdf.derive(secret.encode())


def seal_payload(*, box: str, payload: Payload, secret: str | None = None) -> bytes:
    """`payload` (JSON-serialisable) as VERSION + nonce + AES-GCM ciphertext, padded, bound to `box`."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    framed = len(data).to_bytes(LENGTH_BYTES, "big") + data
    framed += bytes(-len(framed) % BLOCK_BYTES)
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_key(secret or settings.SECRET_KEY)).encrypt(nonce, framed, box.encode())
    return VERSION + nonce + sealed


def open_payload(*, box: str, sealed: bytes) -> Payload | None:
    """The payload sealed into `box`, or None when no configured key opens it (or it was altered)."""
    if sealed[:1] != VERSION:
        return None
    nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
    for secret in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS):
        try:
            framed = AESGCM(_key(secret)).decrypt(nonce, body, box.encode())
        except InvalidTag:
            continue
        length = int.from_bytes(framed[:LENGTH_BYTES], "big")
        return json.loads(framed[LENGTH_BYTES : LENGTH_BYTES + length])
    return None


def seal(*, box: str, payload: Payload) -> None:
    """Put one submission into `box`.

    Side effects: inserts one SealedItem (a random key, the box's name, the ciphertext).
    Call it in the transaction that writes whatever else the submission writes (a
    one-per-person marker): they are then one event, and nothing tells them apart
    from each other by transaction.
    """
    SealedItem.objects.create(box=box, sealed=seal_payload(box=box, payload=payload))


def release(*, box: str, at_least: int, group: Callable[[Payload], Hashable] | None = None) -> list[Payload]:
    """Open `box` and take out the submissions that may now be written in the clear.

    With `group`, the submissions are taken out by group (e.g. by who gave them): a
    group leaves the box only when it holds at least `at_least`; without, the whole
    box does. `at_least` 0 takes out everything (the end of a campaign). Returns the
    payloads taken out, in random order; empty when none may leave yet.

    Must run inside the transaction that writes the records the payloads become.
    Side effects: locks the box's rows (PostgreSQL; other releases of the box wait,
    submissions do not) and deletes those taken out. Rows no key opens stay, logged
    as an error with their count only.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("sealed.release must run inside the transaction that writes what it releases.")
    rows = list(SealedItem.objects.select_for_update().filter(box=box).values_list("pk", "sealed"))
    if not rows or len(rows) < at_least:
        return []
    groups: dict[Hashable, list[tuple[Any, Payload]]] = defaultdict(list)
    unreadable = 0
    for pk, sealed in rows:
        payload = open_payload(box=box, sealed=bytes(sealed))
        if payload is None:
            unreadable += 1
        else:
            groups[group(payload) if group else None].append((pk, payload))
    if unreadable:
        logger.error("%d sealed item(s) in box %s open with no SECRET_KEY or fallback", unreadable, box)
    taken = [item for members in groups.values() if len(members) >= at_least for item in members]
    if not taken:
        return []
    SealedItem.objects.filter(pk__in=[pk for pk, _ in taken]).delete()
    payloads = [payload for _, payload in taken]
    secrets.SystemRandom().shuffle(payloads)
    return payloads
