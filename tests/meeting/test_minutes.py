"""The minutes: autosave with base tokens, conflicts that keep both texts, sign-off that
locks, corrections as new versions."""

from __future__ import annotations

import json

import pytest

from orglife.meeting.models import MinutesVersion
from orglife.meeting.services import block_values, minutes_correct, minutes_sign, token_of
from tests.factories import make_meeting


@pytest.fixture
def meeting(world):
    return make_meeting(cycle=world.cycle, chair=world.secretary, recorder=world.committee)


def _save(client, world, **data):
    return client.post(f"/cycles/{world.cycle.pk}/meeting/minutes/save/", data)


def _item(meeting, position=1):
    return meeting.items.get(position=position)


def _empty_token(kind):
    return token_of(block_values(None, kind))


def test_save_stores_the_block_and_answers_saved(meeting, world, client_for):
    item = _item(meeting)
    base = token_of(block_values(item, "item"))

    response = _save(
        client_for(world.committee),
        world,
        kind="item",
        key=item.pk,
        base=base,
        points="书记宣读材料。",
        conclusion="通过。",
    )

    item.refresh_from_db()
    assert response.status_code == 200
    assert response["X-Orglife-Saved"] == "1"
    assert json.loads(response.content)["token"] == token_of({"points": "书记宣读材料。", "conclusion": "通过。"})
    assert (item.points, item.conclusion) == ("书记宣读材料。", "通过。")


def test_save_renews_the_session(meeting, world, client_for):
    item = _item(meeting)
    client = client_for(world.committee)
    client.get(f"/cycles/{world.cycle.pk}/meeting/minutes/")

    response = _save(client, world, kind="item", key=item.pk, base=_empty_token("item"), points="甲", conclusion="")

    assert response.cookies["sessionid"].value == client.session.session_key


def test_two_recorders_at_once_keep_both_texts(meeting, world, client_for):
    item = _item(meeting)
    base = _empty_token("item")
    secretary, recorder = client_for(world.secretary), client_for(world.committee)

    first = _save(recorder, world, kind="item", key=item.pk, base=base, points="记录人的记录。", conclusion="")
    clash = _save(secretary, world, kind="item", key=item.pk, base=base, points="书记的记录。", conclusion="")
    data = json.loads(clash.content)
    merged = _save(
        secretary,
        world,
        kind="item",
        key=item.pk,
        base=data["token"],
        points="记录人的记录。\n书记的记录。",
        conclusion="",
    )

    item.refresh_from_db()
    assert (first.status_code, clash.status_code, merged.status_code) == (200, 409, 200)
    assert data["theirs"] == {"points": "记录人的记录。", "conclusion": ""}
    assert "X-Orglife-Saved" not in clash
    assert item.points == "记录人的记录。\n书记的记录。"


def test_conflict_changes_nothing(meeting, world, client_for):
    item = _item(meeting)
    _save(
        client_for(world.committee),
        world,
        kind="item",
        key=item.pk,
        base=_empty_token("item"),
        points="甲",
        conclusion="",
    )

    _save(client_for(world.secretary), world, kind="item", key=item.pk, base="stale", points="乙", conclusion="丙")

    item.refresh_from_db()
    assert (item.points, item.conclusion) == ("甲", "")


def test_turn_is_created_on_its_first_save(meeting, world, client_for):
    response = _save(
        client_for(world.committee),
        world,
        kind="turn",
        key=world.member.pk,
        base=_empty_token("turn"),
        self_criticism="理论学习不够。",
        response="虚心接受。",
    )

    (turn,) = meeting.turns.all()
    assert response.status_code == 200
    assert (turn.member, turn.self_criticism, turn.response) == (world.member, "理论学习不够。", "虚心接受。")


def test_turn_of_an_outsider_is_refused(meeting, world, client_for):
    response = _save(
        client_for(world.committee),
        world,
        kind="turn",
        key=world.outsider.pk,
        base=_empty_token("turn"),
        self_criticism="x",
        response="",
    )

    assert response.status_code == 404
    assert meeting.turns.count() == 0


def test_save_with_a_field_left_out_is_refused(meeting, world, client_for):
    item = _item(meeting)

    response = _save(
        client_for(world.committee), world, kind="item", key=item.pk, base=_empty_token("item"), points="甲"
    )

    item.refresh_from_db()
    assert response.status_code == 400
    assert item.points == ""


def test_member_may_not_write_the_minutes(meeting, world, client_for):
    item = _item(meeting)

    response = _save(
        client_for(world.member), world, kind="item", key=item.pk, base=_empty_token("item"), points="甲", conclusion=""
    )

    item.refresh_from_db()
    assert response.status_code == 403
    assert item.points == ""


def test_remarks_record_who_criticised_whom(meeting, world, client_for):
    client = client_for(world.committee)

    client.post(
        f"/cycles/{world.cycle.pk}/meeting/minutes/turns/{world.member.pk}/remarks/",
        {"speaker": world.secretary.pk, "text": "发挥先锋作用不够。"},
    )

    (turn,) = meeting.turns.all()
    assert [(r.speaker, r.text) for r in turn.remarks.all()] == [(world.secretary, "发挥先锋作用不够。")]


def test_minutes_locked_after_chair_and_recorder_confirm(meeting, world, client_for):
    item = _item(meeting)
    client = client_for(world.committee)
    _save(client, world, kind="item", key=item.pk, base=_empty_token("item"), points="甲", conclusion="")

    client_for(world.secretary).post(f"/cycles/{world.cycle.pk}/meeting/minutes/sign/", {"action": "sign"})
    client.post(f"/cycles/{world.cycle.pk}/meeting/minutes/sign/", {"action": "sign"})
    refused = _save(
        client,
        world,
        kind="item",
        key=item.pk,
        base=token_of({"points": "甲", "conclusion": ""}),
        points="乙",
        conclusion="",
    )
    attendance = client.post(
        f"/cycles/{world.cycle.pk}/meeting/attendance/", {"member": world.member.pk, "action": "proxy"}
    )
    agenda = client.post(f"/cycles/{world.cycle.pk}/meeting/agenda/add/", {"title": "新议程"})

    meeting.refresh_from_db()
    item.refresh_from_db()
    (version,) = meeting.versions.all()
    assert meeting.locked is True
    assert refused.status_code == 423
    assert (attendance.status_code, agenda.status_code) == (302, 302)
    assert item.points == "甲"
    assert meeting.attendances.count() == 0
    assert meeting.items.count() == 6
    assert (version.number, version.snapshot["items"][0]["points"], version.reason) == (1, "甲", "")


def test_one_confirmation_holds_the_text_until_withdrawn(meeting, world, client_for):
    item = _item(meeting)
    chair = client_for(world.secretary)
    chair.post(f"/cycles/{world.cycle.pk}/meeting/minutes/sign/", {"action": "sign"})

    held = _save(
        client_for(world.committee),
        world,
        kind="item",
        key=item.pk,
        base=_empty_token("item"),
        points="甲",
        conclusion="",
    )
    chair.post(f"/cycles/{world.cycle.pk}/meeting/minutes/sign/", {"action": "withdraw"})
    saved = _save(
        client_for(world.committee),
        world,
        kind="item",
        key=item.pk,
        base=_empty_token("item"),
        points="甲",
        conclusion="",
    )

    assert (held.status_code, saved.status_code) == (423, 200)


def test_member_may_not_confirm(meeting, world, client_for):
    response = client_for(world.member).post(f"/cycles/{world.cycle.pk}/meeting/minutes/sign/", {"action": "sign"})

    meeting.refresh_from_db()
    assert response.status_code == 403
    assert (meeting.chair_signed_at, meeting.recorder_signed_at) == (None, None)


def test_correction_is_a_new_recorded_version(meeting, world, client_for):
    item = _item(meeting)
    item.points = "原记录。"
    item.save()
    minutes_sign(meeting=meeting, user=world.secretary)
    minutes_sign(meeting=meeting, user=world.committee)

    minutes_correct(meeting=meeting, reason="漏记一位党员发言", by=world.secretary)
    _save(
        client_for(world.committee),
        world,
        kind="item",
        key=item.pk,
        base=token_of({"points": "原记录。", "conclusion": ""}),
        points="原记录。补记发言。",
        conclusion="",
    )
    minutes_sign(meeting=meeting, user=world.secretary)
    meeting = minutes_sign(meeting=meeting, user=world.committee)

    versions = [
        (v.number, v.reason, v.snapshot["items"][0]["points"]) for v in MinutesVersion.objects.filter(meeting=meeting)
    ]
    assert versions == [(1, "", "原记录。"), (2, "漏记一位党员发言", "原记录。补记发言。")]
    assert (meeting.locked, meeting.correction_reason) == (True, "")


def test_minutes_page_same_queries_at_two_sizes(meeting, world, client_for, django_assert_num_queries):
    from tests.factories import make_member

    client = client_for(world.committee)
    url = f"/cycles/{world.cycle.pk}/meeting/minutes/"
    client.get(url)
    with django_assert_num_queries(QUERIES):
        client.get(url)
    for n in range(5):
        make_member(username=f"extra{n}", full_name=f"新{n}", organisation=world.branch, role="member")
    with django_assert_num_queries(QUERIES):
        client.get(url)


QUERIES = 15  # with the committee material's review (may the meeting be held)


def test_ids_of_another_branch_are_answered_as_missing(meeting, world, client_for):
    from orglife.meeting.services import remark_add
    from tests.factories import make_cycle

    other = make_meeting(
        cycle=make_cycle(branch=world.other_branch, year=2022, title="另一支部"),
        chair=world.outsider,
        recorder=world.outsider,
    )
    theirs = remark_add(
        meeting=other, member=world.outsider, speaker=world.outsider, text="他们的。", by=world.outsider
    )
    client = client_for(world.secretary)
    base = f"/cycles/{world.cycle.pk}/meeting/minutes/"

    add = client.post(f"{base}turns/{world.outsider.pk}/remarks/", {"speaker": world.secretary.pk, "text": "x"})
    delete = client.post(f"{base}remarks/{theirs.pk}/delete/")
    other_page = client.get(f"/cycles/{other.cycle_id}/meeting/minutes/")

    assert (add.status_code, delete.status_code, other_page.status_code) == (404, 404, 404)
    assert [r.text for r in theirs.turn.remarks.all()] == ["他们的。"]
    assert meeting.turns.count() == 0
