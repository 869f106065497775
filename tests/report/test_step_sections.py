"""The situation report's sections of the talks, the meeting and the evaluation: their
figures equal the cycle's records, and a step with no records leaves its section out."""

from __future__ import annotations

import datetime

from orglife.common.ordinals import chinese_date
from orglife.evaluation import services as evaluation_services
from orglife.evaluation.report import report_section as evaluation_section
from orglife.meeting.report import report_section as meeting_section
from orglife.report.services import report_generate
from orglife.report.sources import SOURCES, report_parts, source_function
from orglife.talks.report import report_section as talks_section
from orglife.talks.services import talk_opinion_file
from tests.factories import (
    cast_ballots,
    make_attendance,
    make_campaign,
    make_evaluation,
    make_meeting,
    make_member,
    make_talk,
)


def test_every_source_is_built_and_a_cycle_without_records_has_none(world):
    assert [key for key, path in SOURCES if source_function(path) is None] == []
    assert report_parts(world.cycle) == []


def test_talks_section_counts_talks_by_form_and_the_coverage(world):
    """Required: the secretary with the committee member and with the member (2 pairs)."""
    first = make_talk(cycle=world.cycle, lead=world.secretary, partners=[world.committee])
    assert talks_section(world.cycle).body == (
        "会前，支部书记与支部委员、党员，支部委员之间、支部委员与联系的党员深入开展谈心谈话，共谈话1次（面谈1次）。\n"
        "按规定应谈2人次，已谈1人次，尚有1人次未谈。"
    )

    make_talk(cycle=world.cycle, lead=world.secretary, partners=[world.member], form="phone")
    talk_opinion_file(
        talk=first, campaign=make_campaign(cycle=world.cycle), raised_by=world.committee, text="会议要少而精。"
    )

    section = talks_section(world.cycle)
    assert (section.heading, section.body) == (
        "谈心谈话情况",
        "会前，支部书记与支部委员、党员，支部委员之间、支部委员与联系的党员深入开展谈心谈话，共谈话2次（面谈1次、电话1次）。\n"
        "按规定应谈2人次，已谈2人次，做到应谈尽谈。\n"
        "谈话中提出的意见建议1条，已纳入征求意见汇总一并研究。",
    )


def test_meeting_section_says_when_it_is_planned_then_how_it_was_held(world):
    meeting = make_meeting(cycle=world.cycle, chair=world.secretary, recorder=world.committee)
    when = f"{chinese_date(meeting.date)}14:30"
    assert meeting_section(world.cycle).body == f"会议定于{when}在三楼会议室召开，张书记主持。"

    make_attendance(meeting=meeting, user=world.secretary)
    make_attendance(meeting=meeting, user=world.committee, method="proxy")
    make_attendance(meeting=meeting, user=world.member, status="leave", reason="出差")

    section = meeting_section(world.cycle)
    assert (section.heading, section.body) == (
        "会议召开情况",
        f"{when}，支部在三楼会议室召开2022年专题组织生活会，张书记主持，区委组织部 周审核到会指导。\n"
        "支部应到党员3名，实到2名，请假1名：王党员（出差）。",
    )


def test_meeting_section_says_when_the_quorum_was_not_met(world):
    meeting = make_meeting(cycle=world.cycle, chair=world.secretary, recorder=world.committee, higher_attendee="")
    make_attendance(meeting=meeting, user=world.secretary)

    assert meeting_section(world.cycle).body.split("\n") == [
        f"{chinese_date(meeting.date)}14:30，支部在三楼会议室召开2022年专题组织生活会，张书记主持。",
        "支部应到党员3名，实到1名，缺席2名。到会有表决权的党员未超过半数。",
    ]


def test_evaluation_section_gives_counts_only_once_closed(world):
    others = [
        make_member(username=f"m{n}", full_name=f"党员{n}", organisation=world.branch, role="member") for n in (1, 2, 3)
    ]
    evaluation = make_evaluation(cycle=world.cycle, rate_committee=True)
    evaluation = evaluation_services.evaluation_open(evaluation=evaluation)
    cast_ballots(evaluation=evaluation, voters=[world.secretary, world.committee, *others], rating="good")
    assert evaluation_section(world.cycle) is None  # nothing before the close

    evaluation = evaluation_services.evaluation_close(evaluation=evaluation)
    subjects = list(evaluation.subjects.values_list("member_id", flat=True))
    assert evaluation_section(world.cycle).body == (
        "会上开展民主评议党员，参加评议的党员6名，收回有效选票5张。\n班子民主测评：“好”5票、“较好”0票、“一般”0票、“差”0票。"
    )

    grades = {pk: ("qualified", "") for pk in subjects} | {world.member.pk: ("excellent", "")}
    evaluation_services.final_grades_save(evaluation=evaluation, grades=grades, by=world.secretary)
    evaluation_services.final_grades_publish(evaluation=evaluation)

    section = evaluation_section(world.cycle)
    assert (section.heading, section.body.split("\n")) == (
        "民主评议党员情况",
        [
            "会上开展民主评议党员，参加评议的党员6名，收回有效选票5张。",
            "经支部委员会综合评定，优秀1名、合格5名，评定结果已逐一告知本人。",
            "班子民主测评：“好”5票、“较好”0票、“一般”0票、“差”0票。",
        ],
    )
    assert "王党员" not in section.body  # counts only, never a name beside a grade


def test_the_report_puts_the_steps_sections_in_the_cycle_s_order(world):
    make_talk(cycle=world.cycle, lead=world.secretary, partners=[world.committee, world.member])
    make_meeting(cycle=world.cycle, chair=world.secretary, recorder=world.committee, date=datetime.date(2022, 12, 8))

    report = report_generate(cycle=world.cycle, by=world.secretary)

    assert [(s.position, s.heading) for s in report.sections.order_by("position")] == [
        (1, "谈心谈话情况"),
        (2, "会议召开情况"),
    ]
    assert report.sections.get(position=1).body.split("\n")[0].endswith("共谈话1次（集体谈1次）。")
