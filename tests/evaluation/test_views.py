"""The evaluation's pages: only "N of M" before the close, the tally and a download
that recomputes to it after, each member's own final grade only, the ballot itself."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orglife.evaluation import services
from orglife.evaluation.models import Evaluation, Grade
from tests.factories import cast_ballots, make_cycle, make_evaluation, make_member


def _ballot_data(evaluation, voter, grade="qualified") -> dict:
    return {f"m{s.member_id}": grade for s in evaluation.subjects.all() if s.member_id != voter.pk}


def test_before_the_close_the_page_says_only_how_many_have_voted(client_for, evaluation, voters):
    cast_ballots(evaluation=evaluation, voters=voters[:5], grade="excellent")

    page = client_for(voters[5]).get(reverse("evaluation", args=[evaluation.pk]))
    download = client_for(voters[0]).get(reverse("evaluation_votes_csv", args=[evaluation.pk]))
    html = page.content.decode()

    assert page.status_code == 200
    assert "已有5人投票，共6人。" in html
    assert ("优秀" in html, "测评结果" in html, "回执码" in html) == (False, False, False)
    assert page.context["tally"] is None
    assert download.status_code == 403


def test_the_ballot_casts_shows_the_receipt_once_and_refuses_a_second_cast(client_for, evaluation, voters):
    client = client_for(voters[2])
    url = reverse("evaluation_ballot", args=[evaluation.pk])

    form = client.get(url)
    cast = client.post(url, _ballot_data(evaluation, voters[2]))
    again = client.post(url, _ballot_data(evaluation, voters[2]))

    assert form.status_code == 200
    assert [f.label for f in form.context["form"].grade_fields()] == ["张书记", "李委员", "陈党员", "刘党员", "杨党员"]
    code = cast.context["code"]
    assert (cast.status_code, f"<code>{code}</code>" in cast.content.decode()) == (200, True)
    assert (again.status_code, "您已投票，每人只能投一次。" in again.content.decode()) == (200, True)
    assert code not in again.content.decode()


def test_an_incomplete_ballot_keeps_what_was_picked(client_for, evaluation, voters):
    data = _ballot_data(evaluation, voters[2])
    data.pop(f"m{voters[0].pk}")

    response = client_for(voters[2]).post(reverse("evaluation_ballot", args=[evaluation.pk]), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert "还有1位党员未评定等次：张书记。每位党员都要评定后才能投票。" in html
    assert response.context["form"].cleaned_data[f"m{voters[1].pk}"] == "qualified"


def test_casting_leaves_the_session_and_pending_messages_alone(client_for, world, evaluation, voters):
    client = client_for(world.secretary)
    client.post(reverse("evaluation_open", args=[evaluation.pk]))  # refused: leaves a message pending
    session = Session.objects.values_list("session_key", "session_data", "expire_date").get()

    url = reverse("evaluation_ballot", args=[evaluation.pk])
    form = client.get(url)
    cast = client.post(url, _ballot_data(evaluation, world.secretary))
    page = client.get(reverse("evaluation", args=[evaluation.pk]))

    assert [(r.status_code, {"sessionid", "messages"} & set(r.cookies)) for r in (form, cast)] == [
        (200, set()),
        (200, set()),
    ]
    assert Session.objects.values_list("session_key", "session_data", "expire_date").get() == session
    assert [str(m) for m in page.context["messages"]] == ["投票已经开始过了。"]


def test_someone_not_on_the_list_gets_403_at_the_ballot(client_for, evaluation, branch_members):
    response = client_for(branch_members[6]).get(reverse("evaluation_ballot", args=[evaluation.pk]))
    assert response.status_code == 403


@pytest.fixture
def closed(evaluation, voters):
    """Six ballots: the first gives 张书记 优秀 and 李委员 不合格, the rest 合格."""
    cast_ballots(evaluation=evaluation, voters=voters[1:])
    first = {s.member_id: "qualified" for s in evaluation.subjects.all() if s.member_id != voters[0].pk}
    first[voters[1].pk] = "unqualified"
    services.ballot_cast(evaluation=evaluation, voter=voters[0], grades=first)
    return services.evaluation_close(evaluation=evaluation)


def test_after_the_close_the_tally_the_receipts_and_the_download_agree(client_for, closed, voters):
    client = client_for(voters[3])
    page = client.get(reverse("evaluation", args=[closed.pk]))
    download = client.get(reverse("evaluation_votes_csv", args=[closed.pk]))

    shown = {
        (row.member.get_full_name(), str(label)): n
        for row in page.context["tally"].rows
        for label, n in zip(Grade.labels, row.cells, strict=True)
        if n
    }
    text = download.content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    recomputed = Counter((who, grade) for who, grade in lines[1:])

    assert download.status_code == 200
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert lines[0] == ["被评议对象", "等次"]
    assert dict(recomputed) == shown
    assert shown[("李委员", "不合格")] == 1 and shown[("李委员", "合格")] == 4
    assert len(lines) - 1 == 6 * 5
    assert len(page.context["receipts"]) == 6
    assert "收回选票6张（网上投票6张、纸质选票0张），与已投票人数相同。" in page.content.decode()


def test_a_name_that_looks_like_a_formula_is_written_as_text(client_for, world, branch_members):
    make_member(username="eve", full_name="=HYPERLINK(1)", organisation=world.branch, role="member")
    evaluation = make_evaluation(cycle=world.cycle, state="open")
    cast_ballots(evaluation=evaluation, voters=branch_members[:6])
    services.evaluation_close(evaluation=evaluation)

    text = client_for(world.member).get(reverse("evaluation_votes_csv", args=[evaluation.pk])).content.decode()

    assert "'=HYPERLINK(1),合格" in text
    assert "\n=HYPERLINK" not in text


def test_each_member_sees_only_their_own_final_grade(client_for, world, closed, voters):
    grades = {v.pk: ("qualified", "") for v in voters} | {voters[3].pk: ("basic", "学习不够主动。")}
    services.final_grades_save(evaluation=closed, grades=grades, by=world.secretary)
    services.final_grades_publish(evaluation=closed)

    mine = client_for(voters[3]).get(reverse("evaluation", args=[closed.pk])).content.decode()
    other = client_for(voters[2]).get(reverse("evaluation", args=[closed.pk])).content.decode()
    refused = [
        client_for(voters[2]).get(reverse(name, args=[closed.pk])).status_code
        for name in ("evaluation_grades", "evaluation_result_pdf")
    ]

    assert "支部委员会评定您的等次为：<strong>基本合格</strong>（学习不够主动。）" in mine
    assert "支部委员会评定您的等次为：<strong>合格</strong>" in other
    assert "基本合格</strong>" not in other and "学习不够主动" not in other
    assert refused == [403, 403]


def test_the_grades_page_warns_when_more_than_a_third_are_excellent(client_for, world, closed, voters):
    client = client_for(world.secretary)
    url = reverse("evaluation_grades", args=[closed.pk])
    data = {f"g{v.pk}": "excellent" if n < 3 else "qualified" for n, v in enumerate(voters)}
    data |= {f"r{v.pk}": "" for v in voters}

    saved = client.post(url, data)
    page = client.get(url)
    missing_reason = client.post(url, data | {f"g{voters[5].pk}": "unqualified"})

    assert saved.status_code == 302
    assert page.context["over_third"] is True
    assert '<p class="alert ev-third" id="ev-third"' in page.content.decode()
    assert '评为优秀的有<span id="ev-excellent">3</span>人，超过参评党员（6人）的三分之一。' in page.content.decode()
    assert missing_reason.status_code == 400
    assert "评为基本合格或不合格须写明理由：杨党员。" in missing_reason.content.decode()


def test_grades_page_shows_no_warning_at_two_of_six(client_for, world, closed, voters):
    data = {f"g{v.pk}": "excellent" if n < 2 else "qualified" for n, v in enumerate(voters)}
    client = client_for(world.secretary)
    client.post(reverse("evaluation_grades", args=[closed.pk]), data)
    page = client.get(reverse("evaluation_grades", args=[closed.pk]))
    assert page.context["over_third"] is False


def test_the_committee_sets_up_opens_and_closes(client_for, world, branch_members):
    client = client_for(world.secretary)
    created = client.post(reverse("evaluation_create", args=[world.cycle.pk]), {"rate_committee": "on"})
    evaluation = Evaluation.objects.get()
    voters = [m.pk for m in branch_members[:5]]
    edited = client.post(reverse("evaluation_edit", args=[evaluation.pk]), {"voters": voters, "rate_committee": "on"})
    opened = client.post(reverse("evaluation_open", args=[evaluation.pk]))

    assert (created.status_code, created["Location"]) == (302, reverse("evaluation_edit", args=[evaluation.pk]))
    assert edited.status_code == 302
    evaluation.refresh_from_db()
    assert (opened.status_code, evaluation.state, evaluation.rate_committee) == (302, "open", True)
    assert sorted(evaluation.voters.values_list("member_id", flat=True)) == sorted(voters)


def _closed_with(cycle, world):
    evaluation = make_evaluation(cycle=cycle, state="open")
    voters = [v.member for v in evaluation.voters.select_related("member")]
    cast_ballots(evaluation=evaluation, voters=voters)
    closed = services.evaluation_close(evaluation=evaluation)
    services.final_grades_save(evaluation=closed, grades={v.pk: ("qualified", "") for v in voters}, by=world.secretary)
    for voter in voters:
        services.self_assessment_save(evaluation=closed, member=voter, text="按时参加组织生活。")
    return closed


@pytest.mark.parametrize("page", ["evaluation", "evaluation_grades"])
def test_the_tally_pages_run_the_same_queries_at_6_and_at_12_members(client_for, world, branch_members, page):
    small = _closed_with(world.cycle, world)
    for n in range(6):
        make_member(username=f"m{n}", full_name=f"党员{n}", organisation=world.branch, role="member")
    large = _closed_with(make_cycle(branch=world.branch, year=2023, title="2023年组织生活会"), world)
    client = client_for(world.secretary)
    counts, rows = [], []
    for evaluation in (small, large):
        url = reverse(page, args=[evaluation.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts.append(len(queries))
        rows.append(len(response.context["tally"].rows if page == "evaluation" else response.context["rows"]))

    assert rows == [6, 12]
    assert counts[0] == counts[1]


def test_a_self_assessment_is_read_by_its_author_and_the_committee_only(client_for, world, closed, voters):
    url = reverse("evaluation_self", args=[closed.pk])
    saved = client_for(voters[3]).post(url, {"text": "  认真履行党员义务，<b>按时</b>交纳党费。 "})
    too_long = client_for(voters[3]).post(url, {"text": "长" * 501})

    mine = client_for(voters[3]).get(reverse("evaluation", args=[closed.pk])).content.decode()
    other = client_for(voters[2]).get(reverse("evaluation", args=[closed.pk])).content.decode()
    grades = client_for(world.secretary).get(reverse("evaluation_grades", args=[closed.pk])).content.decode()

    assert (saved.status_code, too_long.status_code) == (302, 302)
    assert "认真履行党员义务，&lt;b&gt;按时&lt;/b&gt;交纳党费。</textarea>" in mine
    assert "认真履行党员义务" not in other
    assert '<p class="pre">认真履行党员义务，&lt;b&gt;按时&lt;/b&gt;交纳党费。</p>' in grades


def test_a_self_assessment_cannot_change_once_grades_are_told(client_for, world, closed, voters):
    services.final_grades_save(evaluation=closed, grades={v.pk: ("qualified", "") for v in voters}, by=world.secretary)
    services.final_grades_publish(evaluation=closed)
    client = client_for(voters[3])

    client.post(reverse("evaluation_self", args=[closed.pk]), {"text": "补写。"})
    page = client.get(reverse("evaluation", args=[closed.pk]))

    assert [str(m) for m in page.context["messages"]] == ["评定等次已告知，不能再修改自我评价。"]
    assert '<p class="pre">未填写。</p>' in page.content.decode()


def test_only_a_member_evaluated_writes_a_self_assessment(client_for, world, closed, branch_members):
    response = client_for(branch_members[6]).post(reverse("evaluation_self", args=[closed.pk]), {"text": "x"})
    assert response.status_code == 403
