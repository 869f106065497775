"""Login throttling (orglife.orgs.auth): per account and per address, on the login page and the admin's."""

import logging
import os
import socket
import time

import pytest
import redis
from django.test import Client

from orglife.models import User

LOCKED = "登录失败次数过多，请5分钟后再试。"
WRONG = "用户名或密码不正确，请重新输入。"
REDIS_URL = "redis://127.0.0.1:6379/12"


def _login(client: Client, username: str, password: str, url: str = "/accounts/login/"):
    return client.post(url, {"username": username, "password": password})


def _errors(response) -> list[str]:
    return response.context["form"].non_field_errors()


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_login_locks_the_account_after_five_failures_even_for_the_right_password(world, client):
    failures = [_login(client, "member", f"guess{n}") for n in range(5)]

    locked = _login(client, "member", "pw")

    assert [(r.status_code, _errors(r)) for r in failures] == [(200, [WRONG])] * 5
    assert (locked.status_code, _errors(locked), _logged_in(client)) == (429, [LOCKED], False)
    assert f'<p class="error" role="alert">{LOCKED}</p>' in locked.content.decode()


def test_the_right_password_logs_in_once_the_window_is_over(world, client, settings):
    settings.LOGIN_RATE_LIMIT = (2, 1)
    _login(client, "member", "guess1")
    _login(client, "member", "guess2")
    during = _login(client, "member", "pw")

    time.sleep(1.1)
    after = _login(client, "member", "pw")

    assert (during.status_code, after.status_code, after["Location"], _logged_in(client)) == (429, 302, "/", True)


def test_the_lock_message_names_the_window_of_the_limit_that_locked(world, client, settings):
    """An account locked for 2 minutes was told 5, the window of the address limit that was not reached."""
    settings.LOGIN_RATE_LIMIT = (2, 120)
    settings.LOGIN_ADDRESS_RATE_LIMIT = (30, 300)
    _login(client, "member", "guess1")
    _login(client, "member", "guess2")

    locked = _login(client, "member", "pw")

    assert (locked.status_code, _errors(locked)) == (429, ["登录失败次数过多，请2分钟后再试。"])


def test_a_successful_login_starts_the_account_count_again(world, client):
    for n in range(4):
        _login(client, "member", f"guess{n}")
    success = _login(client, "member", "pw")
    client.logout()

    again = [_login(client, "member", f"again{n}").status_code for n in range(4)]
    last = _login(client, "member", "pw")

    assert (success.status_code, again, last.status_code) == (302, [200] * 4, 302)


def test_other_accounts_are_not_locked_by_guesses_at_one(world, client):
    for n in range(5):
        _login(client, "member", f"guess{n}")

    other = _login(Client(REMOTE_ADDR="198.51.100.20"), "secretary", "pw")
    member_elsewhere = _login(Client(REMOTE_ADDR="198.51.100.20"), "member", "pw")

    assert (other.status_code, member_elsewhere.status_code) == (302, 429)


def test_one_address_guessing_at_many_accounts_is_locked(world, settings):
    settings.LOGIN_ADDRESS_RATE_LIMIT = (3, 300)
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    failures = [_login(guesser, name, "guess").status_code for name in ("secretary", "committee", "nobody")]

    refused = _login(guesser, "member", "pw")
    elsewhere = _login(Client(REMOTE_ADDR="198.51.100.20"), "member", "pw")

    assert (failures, refused.status_code, _errors(refused), elsewhere.status_code) == (
        [200, 200, 200],
        429,
        [LOCKED],
        302,
    )


def test_the_username_counts_whatever_its_case(world, client):
    for name in ("member", "Member", "MEMBER", "mEmber", "membeR"):
        _login(client, name, "guess")

    assert _errors(_login(client, "member", "pw")) == [LOCKED]


def test_admin_login_is_throttled_with_the_same_message(db, client):
    User.objects.create_superuser(username="admin", password="right-password", full_name="管理员")
    failures = [_login(client, "admin", f"guess{n}", "/admin/login/") for n in range(5)]

    locked = _login(client, "admin", "right-password", "/admin/login/")

    assert [r.status_code for r in failures] == [200] * 5
    assert (locked.status_code, _errors(locked), _logged_in(client)) == (200, [LOCKED], False)
    assert f'<p class="errornote">\n    {LOCKED}\n</p>' in locked.content.decode()


def test_throttling_is_logged_without_the_password(world, client, caplog):
    with caplog.at_level(logging.WARNING, logger="orglife.orgs.auth"):
        for n in range(5):
            _login(client, "member", f"secret-guess-{n}")
        _login(client, "member", "pw")

    assert [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "orglife.orgs.auth"] == [
        ("WARNING", "Login locked for 300s after 5 failures by account: account 'member' from 127.0.0.1."),
        ("WARNING", "Login refused, too many failures: account 'member' from 127.0.0.1."),
    ]
    assert "secret-guess" not in caplog.text


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_answers() and not os.environ.get("CI"), reason="no Redis on 127.0.0.1:6379")
def test_failures_are_counted_in_redis_for_every_worker(world, client, settings):
    settings.REDIS_URL = REDIS_URL
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    for n in range(5):
        _login(client, "member", f"guess{n}")

    locked = _login(Client(), "member", "pw")  # any worker: the count is in Redis, not in this process

    keys = sorted(key.decode().split(":")[2] for key in store.keys("*"))
    counts = sorted(int(store.get(key)) for key in store.keys("*"))
    ttls = [store.ttl(key) for key in store.keys("*")]
    store.flushdb()
    assert (locked.status_code, keys, counts) == (429, ["login-account", "login-address"], [5, 5])
    assert all(295 <= ttl <= 300 for ttl in ttls)
