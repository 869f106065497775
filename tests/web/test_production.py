"""Production settings: the Content-Security-Policy, HTTPS, and where errors go."""

import os
import subprocess
import sys
from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.core import mail
from django.test import Client
from django.urls import path

ROOT = Path(__file__).resolve().parents[2]
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


@login_not_required  # this URLconf has no login page to send a visitor to
def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom)]


def _fresh(code: str, **env: str) -> subprocess.CompletedProcess:
    names = ("DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "ADMINS", "DATABASE_URL")
    clean = {k: v for k, v in os.environ.items() if k not in names and not k.startswith("SECURE_HSTS")}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, "SECRET_KEY": "x", **env}, capture_output=True, text=True
    )


def test_every_page_has_the_content_security_policy(world, client):
    client.force_login(world.secretary)
    pages = [f"/cycles/{world.cycle.pk}/", f"/materials/{world.material.pk}/edit/", "/no/such/page/"]

    headers = [client.get(url).headers.get("Content-Security-Policy") for url in pages]
    anonymous = [Client().get(url).headers.get("Content-Security-Policy") for url in ("/accounts/login/", "/admin/")]

    assert headers + anonymous == [CSP] * 5


def test_htmx_is_told_not_to_add_its_inline_style(db, client):
    html = client.get("/accounts/login/").content.decode()

    assert (
        """<meta name="htmx-config" content='{"includeIndicatorStyles": false, "allowEval": false, """
        """"attributesToSettle": ["class", "width", "height"]}'>"""
    ) in html


def test_https_is_required_in_production_and_not_in_debug():
    code = (
        "import orglife.settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    )

    production = _fresh(code, DEBUG="0")
    debug = _fresh(code, DEBUG="1")
    behind_nginx = _fresh(code, DEBUG="0", TRUSTED_PROXY_COUNT="1", TRUSTED_PROXIES="127.0.0.1")
    plain_http = _fresh(code, DEBUG="0", SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0")

    assert [r.stdout.strip() for r in (production, debug, behind_nginx, plain_http)] == [
        "True 31536000 True True None",
        "False 0 False False None",
        "True 31536000 True True ('HTTP_X_FORWARDED_PROTO', 'https')",
        "False 0 False False None",
    ]


def test_production_redirects_to_https_except_the_health_check(db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000

    plain = Client().get("/accounts/login/")
    health = Client().get("/healthz")
    secure = Client().get("/accounts/login/", secure=True)

    assert (plain.status_code, plain["Location"]) == (301, "https://testserver/accounts/login/")
    assert (health.status_code, secure.status_code) == (200, 200)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_a_500_in_production_is_logged_with_its_traceback():
    code = (
        "import warnings; warnings.simplefilter('ignore')  # WhiteNoise: no collectstatic here\n"
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "from django.test.utils import override_settings\n"
        "with override_settings(ROOT_URLCONF='tests.web.test_production', ALLOWED_HOSTS=['testserver']):\n"
        "    print(Client(raise_request_exception=False).get('/boom/', secure=True).status_code)\n"
    )

    result = _fresh(code, DEBUG="0", DJANGO_SETTINGS_MODULE="orglife.settings")

    assert result.stdout == "500\n"
    first, *rest = result.stderr.splitlines()
    assert first.endswith(" ERROR django.request: Internal Server Error: /boom/")
    assert rest[0] == "Traceback (most recent call last):"
    assert rest[-1] == "RuntimeError: boom"


def test_a_500_is_mailed_to_the_admins(db, settings):
    settings.ROOT_URLCONF = __name__
    settings.ADMINS = [("运维", "ops@example.org")]

    response = Client(raise_request_exception=False).get("/boom/")

    assert response.status_code == 500
    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("[orglife] ERROR (EXTERNAL IP): Internal Server Error: /boom/", ["ops@example.org"])
    ]


def test_admins_are_read_from_the_environment():
    code = "import orglife.settings as s; print(s.ADMINS)"

    good = _fresh(code, ADMINS="运维 <ops@example.org>, dev@example.org")
    bad = _fresh(code, ADMINS="ops@example.org, nobody")

    assert good.stdout.strip() == "[('运维', 'ops@example.org'), ('dev@example.org', 'dev@example.org')]"
    assert bad.returncode == 1
    assert "ImproperlyConfigured: ADMINS: 'nobody' is not an e-mail address." in bad.stderr
