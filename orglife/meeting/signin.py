"""The sign-in code shown on the screen in the room: a new one every 30 seconds.

A code is the number of the 30-second bucket it was made in and an HMAC of the
meeting and that bucket (django.core.signing, keyed by SECRET_KEY; old keys in
SECRET_KEY_FALLBACKS still verify). Only the current bucket's code and the one
before it are taken, so a code is never good for more than a minute: a photo of
the screen sent to someone at home has expired before it can be used.

Scanning opens the check-in page, which asks the member to confirm. The page
carries a *grant*, signed for that meeting and member and good for two minutes,
so a member who reads the page slowly is not refused for the code's age.
"""

from __future__ import annotations

import time

from django.core import signing

BUCKET_SECONDS = 30
GRANT_SECONDS = 120
_codes = signing.Signer(salt="orglife.meeting.signin")
GRANT_SALT = "orglife.meeting.checkin"


def bucket(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // BUCKET_SECONDS)


def signin_code(meeting_id: int, *, now: float | None = None) -> str:
    """The code of the current bucket, e.g. "58876521.Zq3…"."""
    number = bucket(now)
    return f"{number}.{_codes.signature(f'{meeting_id}:{number}')}"


def code_is_fresh(meeting_id: int, code: str, *, now: float | None = None) -> bool:
    """Whether `code` was made for this meeting in the current or the previous bucket."""
    number, _, signature = code.partition(".")
    if not number.isdigit() or not signature:
        return False
    if int(number) not in (bucket(now), bucket(now) - 1):
        return False
    try:
        _codes.unsign(f"{meeting_id}:{number}{_codes.sep}{signature}")
    except signing.BadSignature:
        return False
    return True


def make_grant(meeting_id: int, user_id: int) -> str:
    return signing.dumps({"m": meeting_id, "u": user_id}, salt=GRANT_SALT)


def grant_is_valid(grant: str, meeting_id: int, user_id: int) -> bool:
    try:
        data = signing.loads(grant, salt=GRANT_SALT, max_age=GRANT_SECONDS)
    except signing.BadSignature:  # SignatureExpired too
        return False
    return data == {"m": meeting_id, "u": user_id}
