"""Keep the public opinion form's requests out of the app's own logs.

A log line with a time and the form's path, read next to `last_login` or a web
server's log of addresses, says who used the form when. The filter drops records
about the form and its thank-you page from Django's request loggers (4xx answers,
CSRF refusals), from runserver's request log and from gunicorn's access log; a 5xx
of the form stays in django.request so that failures are still seen (the view marks
its POST data sensitive, so error reports carry none of it). Installed on those
loggers by orglife.apps.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from urllib.parse import urlsplit

from django.urls import resolve

# The evaluation's ballot (orglife.evaluation) is kept out for the same reason: a line "POST
# …/ballot/ at 15:02" beside a login says who cast when.
PUBLIC_VIEWS = frozenset({"opinion_form", "opinion_thanks", "evaluation_ballot"})
# Loggers that write one record per request (or per refused request).
REQUEST_LOGGERS = ("django.request", "django.security.csrf", "django.server", "gunicorn.access")


def is_public_form(path: str) -> bool:
    try:
        match = resolve(urlsplit(path).path)
    except Exception:  # Resolver404, or a URLconf that fails: a log filter must never raise
        return False
    return match.url_name in PUBLIC_VIEWS


def _path(record: logging.LogRecord) -> str | None:
    request = getattr(record, "request", None)
    path = getattr(request, "path_info", None)  # django.request, django.security.*: the HttpRequest
    if isinstance(path, str):
        return path
    args = record.args
    if isinstance(args, Mapping):  # gunicorn.access: its atoms, "U" the path
        path = args.get("U")
        return path if isinstance(path, str) else None
    if isinstance(args, tuple) and args and isinstance(args[0], str):  # django.server: "POST /o/…/ HTTP/1.1"
        parts = args[0].split()
        return parts[1] if len(parts) >= 2 else None
    return None


class DropPublicFormRequests(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        path = _path(record)
        if path is None or not is_public_form(path):
            return True
        return record.name == "django.request" and getattr(record, "status_code", 0) >= 500


def install() -> None:
    """Add the filter to the request loggers (once, however often it is called)."""
    for name in REQUEST_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, DropPublicFormRequests) for existing in logger.filters):
            logger.addFilter(DropPublicFormRequests())
