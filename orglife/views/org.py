from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from orglife.models import Cycle
from orglife.selectors import Access, access_to_branch, cycles_for_user, organisations_for_user, roles_by_organisation


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "orglife/welcome.html")
    roles = roles_by_organisation(request.user)
    organisations = organisations_for_user(request.user).select_related("parent").order_by("kind", "name")
    rows = [(org, roles.get(org.pk, [])) for org in organisations]
    return render(request, "orglife/home.html", {"rows": rows})


@require_GET
@login_required
def organisation_detail(request: HttpRequest, org_id: int) -> HttpResponse:
    visible = organisations_for_user(request.user)
    organisation = get_object_or_404(visible.select_related("parent"), pk=org_id)
    children = visible.filter(parent=organisation).order_by("name")
    cycles = cycles_for_user(request.user).filter(branch=organisation).order_by("-year", "-id")
    child_cycles = cycles_for_user(request.user).filter(branch__in=children).order_by("branch__name", "-year")
    return render(
        request,
        "orglife/organisation.html",
        {
            "organisation": organisation,
            "children": children,
            "cycles": cycles,
            "child_cycles": child_cycles,
            "statuses": Cycle.Status,
            "can_create_cycle": organisation.is_branch and access_to_branch(request.user, organisation) == Access.EDIT,
        },
    )
