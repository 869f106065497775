"""Login throttling for the login page and the admin's login.

Failed logins are counted per account and per client address in the shared
rate-limit store (orglife.common.ratelimit: Redis when REDIS_URL is set), in fixed windows
of LOGIN_RATE_LIMIT and LOGIN_ADDRESS_RATE_LIMIT. Once either count reaches its
limit, every login for that account, or from that address, is refused without
checking the password, the right one included, until the window ends. The counts
are checked before and raised after the password check, so parallel guesses can
overshoot a limit by at most the number of requests served at once. A successful
login clears its account's count (an address's count stays: a valid account of
one's own must not reset the count of guesses at others). The keys are keyed
hashes, so the store holds neither user names nor addresses.
"""

from __future__ import annotations

import logging
import math

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orglife.common import ratelimit

logger = logging.getLogger(__name__)

KEY_SALT = "orglife.orgs.auth.login-throttle"
LOCKED = "登录失败次数过多，请{minutes}分钟后再试。"


def _account_key(username: str) -> str:
    return "login-account:" + salted_hmac(KEY_SALT, "account:" + username.casefold()).hexdigest()


def _address_key(address: str) -> str:
    return "login-address:" + salted_hmac(KEY_SALT, "address:" + address).hexdigest()


def _locked_message(seconds: int) -> str:
    """The refusal, naming the window of the limit that was reached (not of one that was not)."""
    return _(LOCKED).format(minutes=math.ceil(seconds / 60))


class ThrottledLoginMixin:
    """For an AuthenticationForm: refuse a locked account or address, count failures."""

    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if username is None or not password:
            return super().clean()  # a required field is missing: no password is checked
        address = ratelimit.client_address(self.request) if self.request is not None else ""
        limits = [
            (kind, key, limit)
            for kind, key, limit in (
                ("account", _account_key(username), settings.LOGIN_RATE_LIMIT),
                ("address", _address_key(address), settings.LOGIN_ADDRESS_RATE_LIMIT),
            )
            if limit is not None
        ]
        locked = [seconds for _kind, key, (count, seconds) in limits if ratelimit.count(key) >= count]
        if locked:
            logger.warning("Login refused, too many failures: account %r from %s.", username, address)
            raise forms.ValidationError(_locked_message(max(locked)), code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError as exc:
            if exc.code == "invalid_login":
                for kind, key, (count, seconds) in limits:
                    if ratelimit.hit(key, seconds) == count:
                        logger.warning(
                            "Login locked for %ss after %s failures by %s: account %r from %s.",
                            seconds,
                            count,
                            kind,
                            username,
                            address,
                        )
            raise
        ratelimit.clear(_account_key(username))
        return cleaned


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy("用户名或密码不正确，请重新输入。"),
        "inactive": gettext_lazy("该账号已停用，请联系支部书记。"),
    }


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class LoginView(auth_views.LoginView):
    """The login page; a throttled login answers 429 Too Many Requests."""

    authentication_form = LoginForm

    def form_invalid(self, form) -> HttpResponse:
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "throttled"):
            response.status_code = 429
        return response
