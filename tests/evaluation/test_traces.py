"""What else could tell how someone voted: the request logs, error reports, mail or
messages sent to a voter, the admin, and the prints."""

import io
import logging

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.views.debug import SafeExceptionReporterFilter
from pypdf import PdfReader

from orglife.evaluation import services
from tests.factories import cast_ballots, make_user


def _record(logger: str, msg: str, args, **extra) -> logging.LogRecord:
    record = logging.LogRecord(logger, logging.INFO, __file__, 1, msg, args, None)
    record.__dict__.update(extra)
    return record


def _kept(logger: str, record: logging.LogRecord) -> bool:
    return bool(logging.getLogger(logger).filter(record))


def test_ballot_requests_stay_out_of_the_request_logs(client_for, evaluation, voters, caplog):
    url = reverse("evaluation_ballot", args=[evaluation.pk])
    with caplog.at_level(logging.INFO):
        refused = client_for(voters[0]).post(url, {})  # 400: incomplete
        cast = client_for(voters[1]).post(
            url, {f"m{s.member_id}": "qualified" for s in evaluation.subjects.all() if s.member_id != voters[1].pk}
        )
    runserver = '"%s" %s %s'
    line = _record("django.server", runserver, (f"POST {url} HTTP/1.1", "200", "0"))
    atoms = {"h": "10.0.0.1", "r": f"POST {url} HTTP/1.1", "s": "200", "U": url}

    assert (refused.status_code, cast.status_code) == (400, 200)
    assert [r.getMessage() for r in caplog.records if url in r.getMessage()] == []
    assert _kept("django.server", line) is False
    assert _kept("gunicorn.access", _record("gunicorn.access", '%(h)s "%(r)s" %(s)s', atoms)) is False
    page = reverse("evaluation", args=[evaluation.pk])
    assert _kept("django.server", _record("django.server", runserver, (f"GET {page} HTTP/1.1", "200", "0"))) is True


def test_an_error_report_of_the_ballot_shows_none_of_its_grades(client_for, evaluation, voters):
    data = {f"m{s.member_id}": "excellent" for s in evaluation.subjects.all() if s.member_id != voters[1].pk}
    posted = client_for(voters[1]).post(reverse("evaluation_ballot", args=[evaluation.pk]), data)
    reported = SafeExceptionReporterFilter().get_post_parameters(posted.wsgi_request)
    assert set(reported.values()) == {"********************"}
    request = RequestFactory().post(reverse("evaluation_ballot", args=[evaluation.pk]), data)
    failure = _record("django.request", "Internal Server Error: %s", (request.path,), request=request, status_code=500)
    assert _kept("django.request", failure) is True  # failures are still seen


def test_no_one_is_told_anything_per_voter(client_for, world, evaluation, voters):
    cast_ballots(evaluation=evaluation, voters=voters)
    closed = client_for(world.secretary).post(reverse("evaluation_close", args=[evaluation.pk]))
    page = client_for(voters[2]).get(reverse("evaluation", args=[evaluation.pk]))

    assert closed.status_code == 302
    assert mail.outbox == []
    # The voter's page lists the receipts in code order and names no voter beside them.
    html = page.content.decode()
    start = html.index('<ul class="ev-receipts">')
    receipts = html[start : html.index("</ul>", start)]
    assert not any(v.get_full_name() in receipts for v in voters)
    assert [str(m) for m in page.context["messages"]] == []


@pytest.fixture
def superuser_client(client, db):
    make_user(username="root", full_name="管理员", is_staff=True, is_superuser=True)
    client.login(username="root", password="pw")
    return client


def test_the_admin_registers_no_ballot_grade_receipt_or_voted_list(superuser_client, evaluation):
    for model in ("vote", "voted", "receipt", "finalgrade", "voter", "subject"):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:orglife_{model}_changelist")
    page = superuser_client.get(reverse("admin:orglife_evaluation_changelist"))
    assert page.status_code == 200


def _text(content: bytes) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages)


def test_result_table_and_blank_ballots_print(client_for, world, evaluation, voters):
    blank = client_for(world.secretary).get(reverse("evaluation_blank_pdf", args=[evaluation.pk]) + "?copies=2")
    cast_ballots(evaluation=evaluation, voters=voters)
    closed = services.evaluation_close(evaluation=evaluation)
    services.final_grades_save(
        evaluation=closed, grades={voters[2].pk: ("basic", "<b>多次缺席</b>")}, by=world.secretary
    )
    result = client_for(world.reviewer).get(reverse("evaluation_result_pdf", args=[closed.pk]))

    assert (blank.status_code, blank["Content-Type"]) == (200, "application/pdf")
    assert len(PdfReader(io.BytesIO(blank.content)).pages) == 2
    assert _text(blank.content).count("民主评议党员选票") == 2
    assert "本人一栏不填" in _text(blank.content)
    text = _text(result.content)
    assert result.status_code == 200
    assert text.startswith("民主评议党员测评结果统计表")
    assert "3王党员05005基本合格<b>多次缺席</b>" in text
    assert "收回选票6张（其中纸质选票0张）" in text
