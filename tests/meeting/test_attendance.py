"""Attendance counts (应到/实到/请假/缺席) and the quorum: more than half of the members
with a vote present; probationary members have no vote."""

from __future__ import annotations

import pytest

from orglife.meeting.selectors import meeting_roll
from orglife.meeting.services import NotAMember, attendance_clear, attendance_record
from tests.factories import make_attendance, make_meeting, make_member


@pytest.fixture
def meeting(world):
    return make_meeting(cycle=world.cycle, chair=world.secretary, recorder=world.committee)


@pytest.fixture
def people(world):
    """The world's three (secretary, committee, member) plus two full and two probationary members."""
    extra = {
        "full1": make_member(username="full1", full_name="钱一", organisation=world.branch, role="member"),
        "full2": make_member(username="full2", full_name="钱二", organisation=world.branch, role="member"),
        "prob1": make_member(username="prob1", full_name="孙一", organisation=world.branch, role="probationary"),
        "prob2": make_member(username="prob2", full_name="孙二", organisation=world.branch, role="probationary"),
    }
    return {"secretary": world.secretary, "committee": world.committee, "member": world.member, **extra}


def _counts(meeting):
    roll = meeting_roll(meeting)
    return {
        "expected": roll.expected,
        "present": roll.present,
        "leave": roll.leave,
        "absent": roll.absent,
        "voting": roll.voting,
        "voting_present": roll.voting_present,
        "quorate": roll.quorate,
        "needed": roll.needed,
    }


def test_roll_counts_members_probationary_and_leave(meeting, people):
    for name in ("secretary", "committee", "prob1", "prob2"):
        make_attendance(meeting=meeting, user=people[name])
    make_attendance(meeting=meeting, user=people["full1"], status="leave", reason="出差")

    assert _counts(meeting) == {
        "expected": 7,
        "present": 4,
        "leave": 1,
        "absent": 2,
        "voting": 5,
        "voting_present": 2,
        "quorate": False,
        "needed": 3,
    }


def test_roll_is_quorate_with_three_of_five_voting_members(meeting, people):
    for name in ("secretary", "committee", "member"):
        make_attendance(meeting=meeting, user=people[name])

    counts = _counts(meeting)

    assert (counts["present"], counts["voting_present"], counts["quorate"]) == (3, 3, True)


def test_roll_exactly_half_of_voting_members_is_not_quorate(meeting, world):
    fourth = make_member(username="full4", full_name="钱四", organisation=world.branch, role="member")
    make_attendance(meeting=meeting, user=world.secretary)
    make_attendance(meeting=meeting, user=fourth)

    counts = _counts(meeting)

    assert (counts["voting"], counts["voting_present"], counts["quorate"], counts["needed"]) == (4, 2, False, 3)


def test_roll_probationary_members_present_do_not_make_a_quorum(meeting, people):
    make_attendance(meeting=meeting, user=people["secretary"])
    make_attendance(meeting=meeting, user=people["prob1"])
    make_attendance(meeting=meeting, user=people["prob2"])

    counts = _counts(meeting)

    assert (counts["present"], counts["voting_present"], counts["quorate"]) == (3, 1, False)


def test_roll_reviewers_and_outsiders_are_not_expected(meeting, world):
    assert _counts(meeting)["expected"] == 3
    assert [m.user.username for m in meeting_roll(meeting).members] == ["secretary", "committee", "member"]


def test_attendance_record_replaces_the_earlier_record(meeting, world):
    attendance_record(
        meeting=meeting, user=world.member, status="leave", method="asked", reason="病假", by=world.member
    )
    attendance_record(meeting=meeting, user=world.member, status="present", method="late", by=world.committee)

    (row,) = meeting.attendances.all()
    assert (row.status, row.method, row.reason, row.recorded_by) == ("present", "late", "", world.committee)


def test_attendance_record_refuses_an_outsider(meeting, world):
    with pytest.raises(NotAMember):
        attendance_record(meeting=meeting, user=world.outsider, status="present", method="proxy", by=world.committee)

    assert meeting.attendances.count() == 0


def test_attendance_clear_makes_the_member_absent(meeting, world):
    make_attendance(meeting=meeting, user=world.member)

    assert attendance_clear(meeting=meeting, user=world.member, by=world.secretary) is True
    assert _counts(meeting)["absent"] == 3


def test_attendance_page_proxy_late_and_leave_are_marked(meeting, world, client_for):
    client = client_for(world.committee)  # the recorder
    url = f"/cycles/{world.cycle.pk}/meeting/attendance/"

    client.post(url, {"member": world.secretary.pk, "action": "proxy"})
    client.post(url, {"member": world.member.pk, "action": "late"})
    refused = client.post(url, {"member": world.committee.pk, "action": "leave", "reason": ""})
    client.post(url, {"member": world.committee.pk, "action": "leave", "reason": "外出培训"})

    rows = {a.user.username: (a.status, a.method, a.reason) for a in meeting.attendances.all()}
    assert refused.status_code == 200
    assert rows == {
        "secretary": ("present", "proxy", ""),
        "member": ("present", "late", ""),
        "committee": ("leave", "entered", "外出培训"),
    }
    page = client.get(url).content.decode()
    assert "代签" in page and "补签" in page and "书记登记：外出培训" in page


def test_member_asks_for_leave_with_a_reason(meeting, world, client_for):
    client = client_for(world.member)

    empty = client.post(f"/cycles/{world.cycle.pk}/meeting/leave/", {"reason": "  "})
    asked = client.post(f"/cycles/{world.cycle.pk}/meeting/leave/", {"reason": "家中有事"})

    assert (empty.status_code, asked.status_code) == (302, 302)
    (row,) = meeting.attendances.all()
    assert (row.user, row.status, row.method, row.reason) == (world.member, "leave", "asked", "家中有事")


def test_attendance_page_same_queries_at_two_sizes(meeting, world, client_for, django_assert_num_queries):
    client = client_for(world.committee)
    url = f"/cycles/{world.cycle.pk}/meeting/attendance/"
    make_attendance(meeting=meeting, user=world.member)
    client.get(url)  # the session's first request
    with django_assert_num_queries(QUERIES):
        client.get(url)
    for n in range(6):
        user = make_member(username=f"extra{n}", full_name=f"新{n}", organisation=world.branch, role="member")
        make_attendance(meeting=meeting, user=user)
    with django_assert_num_queries(QUERIES):
        client.get(url)


# session, user, cycle, standing ×2, meeting, memberships, attendances, the committee material's review
QUERIES = 9
