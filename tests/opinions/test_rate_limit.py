"""The public form's rate limit: who counts as one client, the default, and the 429 page."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from orglife.models import SealedItem
from orglife.opinions.views import client_address

ROOT = Path(__file__).resolve().parents[2]
LIMITED = "提交太频繁，请一分钟后再试；您填写的内容仍在下面。"


def _post(client, campaign, text="请多听群众意见。", **headers):
    data = {"source": "served", "category": str(campaign.categories.get(name="工作").pk), "text": text}
    return client.post(reverse("opinion_form", args=[campaign.token]), data, headers=headers)


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.1"),  # no proxy trusted: the header is the client's word
        (1, "", "10.0.0.1"),  # no header: REMOTE_ADDR
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.66, 203.0.113.7", "203.0.113.7"),  # the left entry was written by the client
        (2, "198.51.100.66, 203.0.113.7, 192.0.2.10", "203.0.113.7"),
        (2, "203.0.113.7", "203.0.113.7"),  # fewer entries than proxies: the first proxy's
        (1, " 203.0.113.7 ,", "203.0.113.7"),
    ],
)
def test_client_address(settings, hops, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_PROXIES = hops, ["10.0.0.1", "192.0.2.10"]
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected


def test_behind_a_proxy_each_visitor_has_their_own_count(campaign, settings):
    settings.OPINION_RATE_LIMIT, settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_PROXIES = (2, 60), 1, ["10.0.0.1"]
    proxy = Client(REMOTE_ADDR="10.0.0.1")  # every request arrives from nginx

    first = [_post(proxy, campaign, f"第{n}条意见建议。", x_forwarded_for="203.0.113.7").status_code for n in range(3)]
    other = _post(proxy, campaign, x_forwarded_for="198.51.100.20").status_code
    spoofed = _post(proxy, campaign, x_forwarded_for="192.0.2.1, 203.0.113.7").status_code

    assert (first, other, spoofed) == ([302, 302, 429], 302, 429)


def test_without_trusted_proxies_a_forged_header_does_not_escape_the_limit(campaign, settings):
    settings.OPINION_RATE_LIMIT, settings.TRUSTED_PROXY_COUNT = (2, 60), 0
    client = Client(REMOTE_ADDR="203.0.113.7")

    codes = [
        _post(client, campaign, f"第{n}条意见建议。", x_forwarded_for=f"192.0.2.{n}").status_code for n in range(3)
    ]

    assert codes == [302, 302, 429]


def test_429_shows_the_form_again_with_the_typed_text(client, campaign, settings):
    settings.OPINION_RATE_LIMIT = (1, 60)
    _post(client, campaign, "第一条意见建议。")
    typed = "食堂排队太久，希望错峰开饭。\n第二行也在。"

    response = _post(client, campaign, typed)

    html = response.content.decode()
    form = response.context["form"]
    assert response.status_code == 429
    assert form.non_field_errors() == [LIMITED]
    assert (form["text"].value(), form["source"].value()) == (typed, "served")
    assert f">\n{typed}</textarea>" in html and 'value="served" id="id_source_2" required checked' in html
    assert f'<ul class="errorlist" role="alert"><li>{LIMITED}</li></ul>' in html
    assert SealedItem.objects.count() == 1


def _settings_in_a_fresh_process(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in ("OPINION_RATE_LIMIT", "TRUSTED_PROXY_COUNT", "TRUSTED_PROXIES")
    }
    code = "import orglife.settings as s; print(s.OPINION_RATE_LIMIT, s.TRUSTED_PROXY_COUNT)"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "SECRET_KEY": "x", **env},
        capture_output=True,
        text=True,
    )


def test_defaults_let_a_meeting_hall_on_one_wifi_submit_and_trust_no_proxy():
    result = _settings_in_a_fresh_process()

    assert (result.returncode, result.stdout.strip()) == (0, "(20, 60) 0")


def test_trusted_proxy_count_is_read_and_checked():
    two = _settings_in_a_fresh_process(TRUSTED_PROXY_COUNT="2", TRUSTED_PROXIES="127.0.0.1")
    bad = _settings_in_a_fresh_process(TRUSTED_PROXY_COUNT="yes")

    assert (two.returncode, two.stdout.strip()) == (0, "(20, 60) 2")
    assert bad.returncode == 1
    assert "ImproperlyConfigured: TRUSTED_PROXY_COUNT='yes' is not a whole number" in bad.stderr


@pytest.mark.parametrize(
    ("window", "said"),
    [(60, "一分钟"), (300, "5分钟"), (30, "30秒"), (3600, "一小时"), (90, "90秒")],
)
def test_429_names_the_configured_window(client, campaign, settings, window, said):
    settings.OPINION_RATE_LIMIT = (1, window)
    _post(client, campaign, "第一条意见建议。")

    response = _post(client, campaign, "第二条意见建议。")

    assert response.status_code == 429
    assert response.context["form"].non_field_errors() == [f"提交太频繁，请{said}后再试；您填写的内容仍在下面。"]
