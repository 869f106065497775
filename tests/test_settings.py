import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from orglife.settings import database_from_url, env_bool

ROOT = Path(__file__).resolve().parents[1]


def test_database_from_url_without_url_is_sqlite_under_var():
    assert database_from_url(None, base_dir=Path("/srv/app")) == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": Path("/srv/app/var/orglife.sqlite3"),
        "TEST": {"NAME": Path("/srv/app/var/test.sqlite3")},
    }


def test_database_from_url_reads_postgres():
    config = database_from_url("postgres://orglife:pw@db.internal:5433/orglife", base_dir=ROOT)

    assert {k: config[k] for k in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")} == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "orglife",
        "USER": "orglife",
        "PASSWORD": "pw",
        "HOST": "db.internal",
        "PORT": 5433,
    }


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("bogus", "DATABASE_URL is not a usable database URL"),
        ("postgres://db:notaport/orglife", "DATABASE_URL is not a usable database URL"),
        ("mysql://root@localhost/orglife", "orglife supports postgres://… and sqlite:///… only"),
        ("postgres://db:5432/", "DATABASE_URL names no database"),
    ],
)
def test_database_from_url_rejects_bad_urls(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        database_from_url(url, base_dir=ROOT)


def test_env_bool_rejects_unknown_words(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")

    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe' is not a boolean"):
        env_bool("DEBUG")


def run_check(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY", "DEBUG")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_start_up_fails_loudly_on_a_bad_database_url():
    result = run_check(SECRET_KEY="k", DATABASE_URL="postgresql://user@host:port/db")

    assert result.returncode == 1
    assert "ImproperlyConfigured: DATABASE_URL is not a usable database URL" in result.stderr


def test_start_up_requires_secret_key_unless_debug():
    without = run_check()
    with_debug = run_check(DEBUG="1")

    assert without.returncode == 1
    assert "SECRET_KEY must be set unless DEBUG=1" in without.stderr
    assert (with_debug.returncode, with_debug.stdout.strip()) == (0, "System check identified no issues (0 silenced).")


def test_deployment_without_redis_is_warned(settings):
    from orglife.common.checks import shared_cache_check

    settings.DEBUG, settings.REDIS_URL = False, ""
    warned = [w.id for w in shared_cache_check(None)]
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"

    assert (warned, shared_cache_check(None)) == (["orglife.W001"], [])


def test_a_production_configuration_passes_the_deployment_check():
    # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests' conftest, an error for --deploy.
    unset = ("DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in unset and not k.startswith("SECURE_")}
    production = {
        "DEBUG": "0",
        "SECRET_KEY": "k3Jx9vQ2mR7tW4yZ8bN1cF6hL0pS5dG3aE7uI2oK9jM4nB8vC1xZ6",
        "ALLOWED_HOSTS": "orglife.example.org",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env={**clean, **production},
        capture_output=True,
        text=True,
    )

    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "System check identified no issues (0 silenced).\n",
        "",
    )
