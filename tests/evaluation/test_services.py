"""The evaluation's rules, through its services: who is evaluated and votes, one
complete ballot per voter, paper ballots, the close, final grades."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from orglife.common.models import SealedItem
from orglife.evaluation import selectors, services
from orglife.evaluation.models import Evaluation, FinalGrade, Receipt, Vote, Voted
from tests.factories import cast_ballots, make_attendance, make_evaluation, make_meeting, make_member


def _grades(evaluation, voter, grade="qualified"):
    return {s.member_id: grade for s in evaluation.subjects.all() if s.member_id != voter.pk}


def test_default_voters_are_the_members_with_a_vote_and_subjects_add_probationary_by_choice(world, branch_members):
    make_member(username="rev2", full_name="审核人", organisation=world.branch, role="reviewer")
    evaluation = make_evaluation(cycle=world.cycle)
    names = [u.get_full_name() for u in services.default_voters(evaluation)]
    with_probationary = services.default_subjects(world.cycle, include_probationary=True)

    assert names == ["张书记", "李委员", "王党员", "陈党员", "刘党员", "杨党员"]
    assert [s.member.get_full_name() for s in evaluation.subjects.all()] == names
    assert [u.get_full_name() for u in with_probationary] == [*names, "吴预备"]
    assert sorted(v.member.get_full_name() for v in evaluation.voters.all()) == sorted(names)


def test_default_voters_are_those_present_at_the_meeting_once_attendance_is_taken(world, branch_members):
    evaluation = make_evaluation(cycle=world.cycle)
    everyone = services.default_voters(evaluation)
    meeting = make_meeting(cycle=world.cycle, chair=world.secretary, recorder=world.committee)
    for user in everyone[:5]:
        make_attendance(meeting=meeting, user=user)
    make_attendance(meeting=meeting, user=everyone[5], status="leave", reason="出差")

    present = [u.get_full_name() for u in services.default_voters(evaluation)]

    assert present == ["张书记", "李委员", "王党员", "陈党员", "刘党员"]


def test_a_second_evaluation_of_a_cycle_is_refused(world, evaluation):
    with pytest.raises(ValidationError) as refused:
        services.evaluation_create(cycle=world.cycle)
    assert refused.value.messages == ["本次组织生活会已经有民主评议。"]


def test_opening_with_fewer_than_five_voters_is_refused(world):
    evaluation = make_evaluation(cycle=world.cycle)
    with pytest.raises(ValidationError) as refused:
        services.evaluation_open(evaluation=evaluation)
    assert refused.value.messages == ["投票人不能少于5人，否则无法公布结果。"]


def test_cast_returns_a_receipt_and_counts_only_who_voted(evaluation, voters):
    code = services.ballot_cast(evaluation=evaluation, voter=voters[0], grades=_grades(evaluation, voters[0]))

    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", code)
    assert selectors.progress(evaluation) == selectors.Progress(voted=1, voters=6)
    assert (Vote.objects.count(), Receipt.objects.count(), SealedItem.objects.count()) == (0, 0, 1)
    assert list(Voted.objects.values_list("voter__username", "on_paper")) == [("secretary", False)]


def test_an_incomplete_ballot_is_refused_naming_who_is_missing(evaluation, voters):
    grades = _grades(evaluation, voters[0])
    del grades[voters[2].pk], grades[voters[4].pk]

    with pytest.raises(ValidationError) as refused:
        services.ballot_cast(evaluation=evaluation, voter=voters[0], grades=grades)

    assert refused.value.messages == ["还有2位党员未评定等次：王党员、刘党员。每位党员都要评定后才能投票。"]
    assert (Voted.objects.count(), SealedItem.objects.count()) == (0, 0)


def test_a_grade_for_oneself_is_refused(evaluation, voters):
    grades = _grades(evaluation, voters[0]) | {voters[0].pk: "excellent"}
    with pytest.raises(ValidationError) as refused:
        services.ballot_cast(evaluation=evaluation, voter=voters[0], grades=grades)
    assert refused.value.messages == ["选票上有不参加本次评议的党员。"]


def test_a_second_ballot_of_the_same_voter_is_refused(evaluation, voters):
    services.ballot_cast(evaluation=evaluation, voter=voters[1], grades=_grades(evaluation, voters[1]))
    with pytest.raises(ValidationError) as refused:
        services.ballot_cast(evaluation=evaluation, voter=voters[1], grades=_grades(evaluation, voters[1]))
    assert refused.value.messages == ["您已经投过票了，每人只能投一次。"]
    assert (Voted.objects.count(), SealedItem.objects.count()) == (1, 1)


def test_someone_not_on_the_voters_list_cannot_vote(evaluation, branch_members):
    probationary = branch_members[6]
    with pytest.raises(ValidationError) as refused:
        services.ballot_cast(evaluation=evaluation, voter=probationary, grades=_grades(evaluation, probationary))
    assert refused.value.messages == ["您不在本次民主评议的投票人名单中。"]


def test_the_committee_rating_is_required_when_asked_for(world, branch_members):
    evaluation = make_evaluation(cycle=world.cycle, state="open", rate_committee=True)
    voter = branch_members[0]
    with pytest.raises(ValidationError) as refused:
        services.ballot_cast(evaluation=evaluation, voter=voter, grades=_grades(evaluation, voter))
    assert refused.value.messages == ["请对支部班子作出总体评价。"]


def test_no_result_before_the_close_nor_a_close_below_five_ballots(evaluation, voters):
    cast_ballots(evaluation=evaluation, voters=voters[:4])

    assert (selectors.tally(evaluation), selectors.anonymised_votes(evaluation)) == (None, [])
    assert selectors.receipt_codes(evaluation) == []
    with pytest.raises(ValidationError) as refused:
        services.evaluation_close(evaluation=evaluation)
    assert refused.value.messages == ["已投票4人，不足5人，不能结束投票，也不公布结果。"]
    evaluation.refresh_from_db()
    assert (evaluation.state, SealedItem.objects.count(), Vote.objects.count()) == ("open", 4, 0)


def test_the_close_writes_every_grade_apart_and_the_receipts_sorted(evaluation, voters):
    codes = cast_ballots(evaluation=evaluation, voters=voters[:5])
    services.ballot_cast(
        evaluation=evaluation,
        voter=voters[5],
        grades=_grades(evaluation, voters[5]) | {voters[0].pk: "excellent", voters[1].pk: "unqualified"},
    )

    closed = services.evaluation_close(evaluation=evaluation)
    tally = selectors.tally(closed)

    assert (closed.state, closed.ballots, SealedItem.objects.count()) == ("closed", 6, 0)
    assert Vote.objects.count() == 6 * 5  # six ballots, five grades each (nobody grades themselves)
    assert len(codes) == 5 and set(codes) < set(selectors.receipt_codes(closed))
    assert selectors.receipt_codes(closed) == sorted(selectors.receipt_codes(closed))
    assert list(Receipt.objects.order_by("code").values_list("code", flat=True)) == selectors.receipt_codes(closed)
    assert [(row.member.username, row.cells) for row in tally.rows] == [
        ("secretary", [1, 4, 0, 0]),
        ("committee", [0, 4, 0, 1]),
        ("member", [0, 5, 0, 0]),
        ("chen", [0, 5, 0, 0]),
        ("liu", [0, 5, 0, 0]),
        ("yang", [0, 5, 0, 0]),
    ]
    assert Voted.objects.count() == 6


def test_paper_ballots_need_a_ticked_voter_each_and_all_entered_before_the_close(evaluation, voters):
    cast_ballots(evaluation=evaluation, voters=voters[:4])
    services.paper_voter_mark(evaluation=evaluation, voter=voters[4])
    services.paper_voter_mark(evaluation=evaluation, voter=voters[5])
    everyone = {s.member_id: "excellent" for s in evaluation.subjects.all()}
    one_blank = {pk: grade for pk, grade in everyone.items() if pk != voters[4].pk}

    services.paper_ballot_enter(evaluation=evaluation, grades=one_blank)
    with pytest.raises(ValidationError) as early:
        services.evaluation_close(evaluation=evaluation)
    two_blank = {pk: g for pk, g in one_blank.items() if pk != voters[0].pk}
    with pytest.raises(ValidationError) as incomplete:
        services.paper_ballot_enter(evaluation=evaluation, grades=two_blank)
    services.paper_ballot_enter(evaluation=evaluation, grades=everyone)
    with pytest.raises(ValidationError) as extra:
        services.paper_ballot_enter(evaluation=evaluation, grades=everyone)
    with pytest.raises(ValidationError) as online:
        cast_ballots(evaluation=evaluation, voters=[voters[5]])
    closed = services.evaluation_close(evaluation=evaluation)

    assert early.value.messages == ["还有1张纸质选票未录入，不能结束投票。"]
    assert incomplete.value.messages == ["还有2位党员未评定等次：张书记、刘党员。每位党员都要评定后才能投票。"]
    assert extra.value.messages == ["登记纸质投票的有2人，已录入2张，不能再录入。请先登记投票人。"]
    assert online.value.messages == ["您已经投过票了，每人只能投一次。"]
    # Four online ballots, two paper ones: six ballots for six voters, four receipts.
    assert (closed.ballots, len(selectors.receipt_codes(closed)), selectors.paper_count(closed)) == (6, 4, 2)
    excellent = {row.member.username: row.counts["excellent"] for row in selectors.tally(closed).rows}
    assert excellent == {"secretary": 2, "committee": 2, "member": 2, "chen": 2, "liu": 1, "yang": 2}


def test_a_voter_cannot_be_ticked_for_paper_twice_or_after_voting_online(evaluation, voters):
    cast_ballots(evaluation=evaluation, voters=[voters[0]])
    with pytest.raises(ValidationError) as online:
        services.paper_voter_mark(evaluation=evaluation, voter=voters[0])
    assert online.value.messages == ["张书记已经投过票。"]


@pytest.fixture
def closed(evaluation, voters):
    cast_ballots(evaluation=evaluation, voters=voters)
    return services.evaluation_close(evaluation=evaluation)


def test_final_grades_need_a_reason_for_the_lower_grades(closed, voters, world):
    grades = {voters[2].pk: ("basic", " "), voters[3].pk: ("unqualified", "")}
    with pytest.raises(ValidationError) as refused:
        services.final_grades_save(evaluation=closed, grades=grades, by=world.secretary)
    saved = services.final_grades_save(
        evaluation=closed, grades={voters[2].pk: ("basic", "多次无故缺席组织生活。")}, by=world.secretary
    )

    assert refused.value.messages == ["评为基本合格或不合格须写明理由：王党员、陈党员。"]
    assert saved == 1
    assert list(FinalGrade.objects.values_list("member__username", "grade", "reason")) == [
        ("member", "basic", "多次无故缺席组织生活。")
    ]


def test_more_than_a_third_excellent_is_flagged(closed):
    assert [selectors.excellent_over_third(closed, n) for n in (0, 1, 2, 3)] == [False, False, False, True]


def test_final_grades_are_told_only_once_everyone_has_one(closed, voters, world):
    everyone = {v.pk: ("qualified", "") for v in voters}
    with pytest.raises(ValidationError) as early:
        services.final_grades_publish(evaluation=closed)
    services.final_grades_save(evaluation=closed, grades=everyone, by=world.secretary)
    before = selectors.own_final_grade(closed, voters[2])
    told = services.final_grades_publish(evaluation=closed)

    assert early.value.messages == ["还有6位党员未评定等次。"]
    assert before is None
    assert selectors.own_final_grade(told, voters[2]).grade == "qualified"


def test_the_closed_voted_list_is_complete_and_the_evaluation_refuses_more(closed, voters):
    with pytest.raises(ValidationError) as refused:
        cast_ballots(evaluation=closed, voters=[voters[0]])
    assert refused.value.messages == ["投票尚未开始或已经结束。"]
    assert Evaluation.objects.get().ballots == Voted.objects.count() == 6
