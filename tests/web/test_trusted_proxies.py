"""X-Forwarded-For counts only when the request comes from a configured proxy (TRUSTED_PROXIES)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from orglife.common.ratelimit import client_address

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("10.0.0.1", "203.0.113.7", "203.0.113.7"),  # from the proxy: the address it saw
        ("198.51.100.9", "203.0.113.7", "198.51.100.9"),  # straight to the app: the header is the client's word
        ("::ffff:10.0.0.1", "203.0.113.7", "203.0.113.7"),  # the proxy over IPv4-mapped IPv6
        ("not-an-address", "203.0.113.7", "not-an-address"),
    ],
)
def test_client_address_trusts_the_header_only_from_a_trusted_proxy(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_PROXIES = 1, ["10.0.0.0/24"]
    request = RequestFactory().post("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected


def test_with_two_proxies_an_outer_hop_that_is_not_a_proxy_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_PROXIES = 2, ["10.0.0.1", "192.0.2.10"]
    factory = RequestFactory()
    through_both = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7, 192.0.2.10")
    skipped_outer = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")

    assert (client_address(through_both), client_address(skipped_outer)) == ("203.0.113.7", "203.0.113.7")


def test_a_direct_client_cannot_escape_the_rate_limit_with_a_forged_header(campaign, settings):
    settings.OPINION_RATE_LIMIT = (2, 60)
    settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_PROXIES = 1, ["127.0.0.1"]
    direct = Client(REMOTE_ADDR="198.51.100.9")  # the app server reached without nginx
    url = reverse("opinion_form", args=[campaign.token])
    category = str(campaign.categories.get(name="工作").pk)

    codes = [
        direct.post(
            url,
            {"source": "served", "category": category, "text": f"第{n}条意见建议。"},
            headers={"x-forwarded-for": f"192.0.2.{n}"},
        ).status_code
        for n in range(4)
    ]

    assert codes == [302, 302, 429, 429]


def _settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("TRUSTED_PROXY_COUNT", "TRUSTED_PROXIES", "DEBUG")}
    code = "import orglife.settings as s; print(s.TRUSTED_PROXY_COUNT, s.TRUSTED_PROXIES)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, "SECRET_KEY": "x", **env}, capture_output=True, text=True
    )


def test_trusted_proxies_are_read_as_networks():
    result = _settings(TRUSTED_PROXY_COUNT="1", TRUSTED_PROXIES="127.0.0.1, 10.1.2.0/24,::1")

    assert (result.returncode, result.stdout.strip()) == (0, "1 ['127.0.0.1/32', '10.1.2.0/24', '::1/128']")


def test_a_proxy_count_without_proxy_addresses_stops_the_start_up():
    missing = _settings(TRUSTED_PROXY_COUNT="1")
    bad = _settings(TRUSTED_PROXY_COUNT="1", TRUSTED_PROXIES="10.0.0.300")

    assert (missing.returncode, bad.returncode) == (1, 1)
    assert (
        "ImproperlyConfigured: TRUSTED_PROXY_COUNT=1 needs TRUSTED_PROXIES, the addresses the proxies connect from"
        in missing.stderr
    )
    assert "ImproperlyConfigured: TRUSTED_PROXIES: '10.0.0.300' is not an IP address or network" in bad.stderr
