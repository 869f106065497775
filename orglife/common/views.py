"""Views that belong to no step: the health check."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse


@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and the benchmark: the cheapest response Django can give."""
    return HttpResponse("ok", content_type="text/plain")
