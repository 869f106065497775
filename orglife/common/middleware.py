"""Middleware of the web layer: request body limits and the Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve


class BodyLimitMiddleware:
    """Refuse a request whose declared body is larger than its URL accepts, before
    anything reads it.

    Django reads a body only up to CONTENT_LENGTH, and only once something asks for
    it (the CSRF check, request.POST, request.FILES): so checking the declared length
    first keeps a 300 MB post from being written to memory or disk at all. The
    limit is BODY_LIMITS[view name] for the URLs named there (the public opinion
    form, the import uploads), else BODY_LIMITS["namespace:"] for a whole namespace
    (the admin), else BODY_LIMIT_DEFAULT. A body without a length
    (Transfer-Encoding: chunked) would be seen by Django as empty; it is refused
    with 411 instead. Must come before any middleware that reads the body.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH")
        if not declared and request.META.get("HTTP_TRANSFER_ENCODING"):
            return self._refuse(request, 411, "length")
        try:
            length = int(declared or 0)
        except ValueError:
            length = 0  # as Django reads it: no body
        if length > min(settings.BODY_LIMIT_DEFAULT, *settings.BODY_LIMITS.values()):
            limit = self._limit_for(request.path_info)
            if length > limit:
                return self._refuse(request, 413, "size", limit=limit)
        return self.get_response(request)

    @staticmethod
    def _limit_for(path: str) -> int:
        try:
            match = resolve(path)
        except Resolver404:
            return settings.BODY_LIMIT_DEFAULT
        limits = settings.BODY_LIMITS
        if match.view_name in limits:
            return limits[match.view_name]
        return limits.get(f"{match.namespace}:" if match.namespace else "", settings.BODY_LIMIT_DEFAULT)

    @staticmethod
    def _refuse(request: HttpRequest, status: int, reason: str, limit: int = 0) -> HttpResponse:
        # A plain page: the request went through no session, user or CSRF middleware.
        html = render_to_string("body_refused.html", {"reason": reason, "limit": limit})
        return HttpResponse(html, status=status)


class ContentSecurityPolicyMiddleware:
    """Send CONTENT_SECURITY_POLICY with every response that has none of its own.

    The templates hold no inline script or style and htmx is told not to add its
    indicator <style> (templates/base.html), so the policy needs no 'unsafe-inline'.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response
