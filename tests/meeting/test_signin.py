"""The rotating sign-in code: current and previous 30-second bucket only, signed per meeting."""

from __future__ import annotations

import time

import pytest

from orglife.meeting import signin
from tests.factories import make_meeting

NOW = 1_800_000_015.0  # 15 s into a bucket


@pytest.fixture
def meeting(world):
    return make_meeting(cycle=world.cycle, chair=world.secretary, recorder=world.committee)


def test_code_changes_every_thirty_seconds():
    assert signin.signin_code(1, now=NOW) == signin.signin_code(1, now=NOW + 14)
    assert signin.signin_code(1, now=NOW) != signin.signin_code(1, now=NOW + 15)


def test_code_is_taken_in_its_bucket_and_the_next_only():
    code = signin.signin_code(7, now=NOW)

    assert signin.code_is_fresh(7, code, now=NOW) is True
    assert signin.code_is_fresh(7, code, now=NOW + 44) is True  # previous bucket
    assert signin.code_is_fresh(7, code, now=NOW + 45) is False  # two buckets on: over a minute at most
    assert signin.code_is_fresh(7, code, now=NOW - 30) is False  # from the future


def test_code_of_another_meeting_or_forged_is_refused():
    code = signin.signin_code(7, now=NOW)
    number = code.split(".")[0]

    assert signin.code_is_fresh(8, code, now=NOW) is False
    assert signin.code_is_fresh(7, f"{number}.forged", now=NOW) is False
    assert signin.code_is_fresh(7, "garbage", now=NOW) is False


def test_checkin_with_a_fresh_code_signs_the_member_in(meeting, world, client_for):
    client = client_for(world.member)
    url = f"/cycles/{world.cycle.pk}/meeting/checkin/{signin.signin_code(meeting.pk)}/"

    page = client.get(url)
    grant = page.context["grant"]
    done = client.post(url, {"grant": grant})
    again = client.post(url, {"grant": grant})

    assert (page.status_code, done.status_code, again.status_code) == (200, 200, 200)
    (row,) = meeting.attendances.all()
    assert (row.user, row.status, row.method) == (world.member, "present", "qr")
    assert "签到成功" in done.content.decode()
    assert "您已经签到过了" in again.content.decode()


def test_checkin_with_a_code_older_than_a_minute_is_refused(meeting, world, client_for):
    client = client_for(world.member)
    old = signin.signin_code(meeting.pk, now=time.time() - 61)

    response = client.get(f"/cycles/{world.cycle.pk}/meeting/checkin/{old}/")

    assert response.status_code == 410
    assert "已过期" in response.content.decode()
    assert meeting.attendances.count() == 0


def test_checkin_post_without_a_valid_grant_is_refused(meeting, world, client_for):
    client = client_for(world.member)
    url = f"/cycles/{world.cycle.pk}/meeting/checkin/{signin.signin_code(meeting.pk)}/"
    other = signin.make_grant(meeting.pk, world.secretary.pk)  # someone else's

    assert client.post(url, {"grant": other}).status_code == 410
    assert client.post(url, {}).status_code == 410
    assert meeting.attendances.count() == 0


def test_checkin_by_outsider_is_404_and_by_reviewer_403(meeting, world, client_for):
    url = f"/cycles/{world.cycle.pk}/meeting/checkin/{signin.signin_code(meeting.pk)}/"

    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(world.reviewer).get(url).status_code == 403
    assert meeting.attendances.count() == 0


def test_qr_svg_is_never_cached(meeting, world, client_for):
    response = client_for(world.committee).get(f"/cycles/{world.cycle.pk}/meeting/screen/qr.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"<?xml")


def test_screen_is_for_those_who_manage_the_meeting(meeting, world, client_for):
    url = f"/cycles/{world.cycle.pk}/meeting/screen/"

    answers = [client_for(u).get(url).status_code for u in (world.committee, world.member, world.outsider)]

    assert answers == [200, 403, 404]
