"""What else could tell who sent an anonymous opinion: the superuser's admin, the
app's request logs, and the member's own session."""

import logging

import pytest
from django.contrib.sessions.models import Session
from django.db import transaction
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.views.debug import SafeExceptionReporterFilter

from orglife.opinions.services import opinion_submit, release_all_now
from tests.factories import make_user


@pytest.fixture
def superuser_client(client, db):
    make_user(username="root", full_name="管理员", is_staff=True, is_superuser=True)
    client.login(username="root", password="pw")
    return client


def test_admin_lists_no_held_back_opinion_and_released_ones_by_day(superuser_client, campaign, today):
    opinion_submit(campaign=campaign, source="masses", category=None, text="刚提交、尚未显示的匿名意见。")
    changelist = reverse("admin:orglife_opinion_changelist")

    held = superuser_client.get(changelist)
    with transaction.atomic():
        release_all_now(campaign=campaign)
    released = superuser_client.get(changelist)

    html = released.content.decode()
    assert (held.context["cl"].result_count, "尚未显示" in held.content.decode()) == (0, False)
    assert released.context["cl"].result_count == 1
    assert f'<td class="field-received_on nowrap">{today.year}年{today.month}月{today.day}日</td>' in html
    with pytest.raises(NoReverseMatch):
        reverse("admin:orglife_sealeditem_changelist")


def test_admin_keeps_the_hold_back_and_dates_out_of_reach(superuser_client, campaign):
    html = superuser_client.get(reverse("admin:orglife_campaign_change", args=[campaign.pk])).content.decode()

    assert ('name="hold_back"' in html, 'name="closes_on"' in html, 'name="title"' in html) == (False, False, True)


def _kept(logger: str, record: logging.LogRecord) -> bool:
    return bool(logging.getLogger(logger).filter(record))


def _record(logger: str, msg: str, args, **extra) -> logging.LogRecord:
    record = logging.LogRecord(logger, logging.INFO, __file__, 1, msg, args, None)
    record.__dict__.update(extra)
    return record


def test_public_form_requests_stay_out_of_the_request_logs(client, campaign, caplog, db):
    with caplog.at_level(logging.INFO, logger="django.request"):
        refused = client.post(reverse("opinion_form", args=[campaign.token]), {"text": "短"})
        missing = client.get(reverse("opinion_form", args=["no-such-link"]))
        elsewhere = client.get("/no-such-page/")

    assert (refused.status_code, missing.status_code, elsewhere.status_code) == (400, 404, 404)
    assert [record.getMessage() for record in caplog.records if record.name == "django.request"] == [
        "Not Found: /no-such-page/"
    ]


def test_runserver_and_gunicorn_access_lines_of_the_form_are_dropped(db):
    form = reverse("opinion_form", args=["abc"])
    runserver = '"%s" %s %s'
    access = '%(h)s "%(r)s" %(s)s'

    assert _kept("django.server", _record("django.server", runserver, (f"POST {form} HTTP/1.1", "302", "0"))) is False
    assert _kept("django.server", _record("django.server", runserver, ("GET /healthz HTTP/1.1", "200", "2"))) is True
    atoms = {"h": "10.0.0.1", "r": f"POST {form} HTTP/1.1", "s": "302", "U": form}
    assert _kept("gunicorn.access", _record("gunicorn.access", access, atoms)) is False
    assert _kept("gunicorn.access", _record("gunicorn.access", access, atoms | {"U": "/healthz"})) is True


def test_a_server_error_of_the_form_is_still_logged_but_its_post_data_is_not_reported(client, campaign):
    url = reverse("opinion_form", args=[campaign.token])
    request = RequestFactory().post(url, {"text": "意见正文。"})
    failure = _record("django.request", "Internal Server Error: %s", (url,), request=request, status_code=500)
    refusal = _record("django.request", "Bad Request: %s", (url,), request=request, status_code=400)

    posted = client.post(url, {"source": "masses", "category": "", "text": "意见正文。"})

    assert (_kept("django.request", failure), _kept("django.request", refusal)) == (True, False)
    # What an error report (ADMINS mail) would show of the post: nothing.
    reported = SafeExceptionReporterFilter().get_post_parameters(posted.wsgi_request)
    assert set(reported.values()) == {"********************"}


def test_the_form_leaves_a_members_session_and_pending_messages_alone(client_for, world, campaign):
    client = client_for(world.secretary)
    data = {
        "title": campaign.title,
        "opens_on": campaign.opens_on.isoformat(),
        "closes_on": campaign.closes_on.isoformat(),
        "sources": campaign.sources,
        "hold_back": "3",
    }
    client.post(reverse("campaign_edit", args=[campaign.pk]), data)  # leaves 已保存。 to show on the next page
    session = Session.objects.values_list("session_key", "session_data", "expire_date").get()

    form = client.get(reverse("opinion_form", args=[campaign.token]))
    posted = client.post(reverse("opinion_form", args=[campaign.token]), {"category": "", "text": "匿名意见正文。"})
    thanks = client.get(posted["Location"])
    board = client.get(reverse("campaign", args=[campaign.pk]))

    written = [(r.status_code, {"sessionid", "messages"} & set(r.cookies)) for r in (form, posted, thanks)]
    assert written == [(200, set()), (302, set()), (200, set())]
    assert Session.objects.values_list("session_key", "session_data", "expire_date").get() == session
    assert [str(message) for message in board.context["messages"]] == ["已保存。"]
