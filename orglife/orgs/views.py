from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from orglife.cycles.steps import with_current_steps, with_step_facts
from orglife.dashboard.selectors import is_reviewer_only
from orglife.dashboard.views import dashboard
from orglife.orgs.access import (
    cycles_below,
    cycles_for_user,
    may_edit_branch,
    organisations_below,
    organisations_for_user,
    roles_by_organisation,
    subtree_counts,
)
from orglife.rectification.selectors import overdue_for_owner

# A district has thousands of branches: the organisation page shows them a page at a time.
ORGANISATIONS_PER_PAGE = 50
CYCLES_PER_PAGE = 50


FAVICON = "img/favicon.svg"


@login_not_required
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for on their own: to the SVG icon. Not permanent,
    since the static URL carries the file's hash in production."""
    return redirect(static(FAVICON))


@login_not_required  # anonymous visitors get the welcome page, with the way to log in
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The organisations the user belongs to or reviews; those below a reviewed one are on its page."""
    if not request.user.is_authenticated:
        return render(request, "orgs/welcome.html")
    if is_reviewer_only(request.user):  # a reviewer's home is the district's dashboard
        return dashboard(request)
    roles = roles_by_organisation(request.user)
    organisations = organisations_for_user(request.user).filter(pk__in=list(roles)).select_related("parent")
    organisations = list(organisations.order_by("kind", "name"))
    counts = subtree_counts(request.user, organisations)
    rows = [(org, roles[org.pk], counts[org.pk]) for org in organisations]
    overdue = list(overdue_for_owner(request.user))
    return render(request, "orgs/home.html", {"rows": rows, "overdue": overdue})


@require_GET
def organisation_detail(request: HttpRequest, org_id: int) -> HttpResponse:
    """An organisation, its own cycles, and everything below it: the organisations
    directly under it (or, with a name filter, any below whose name matches) and the
    cycles of all branches below, both paginated."""
    visible = organisations_for_user(request.user)
    organisation = get_object_or_404(visible.select_related("parent"), pk=org_id)
    query = request.GET.get("q", "").strip()[:50]
    listed = organisations_below(request.user, organisation)
    listed_cycles = cycles_below(request.user, organisation)
    if query:
        listed = listed.filter(name__icontains=query)
        listed_cycles = listed_cycles.filter(Q(branch__name__icontains=query) | Q(title__icontains=query))
    else:
        listed = listed.filter(parent=organisation)
    children = Paginator(listed.select_related("parent").order_by("name", "pk"), ORGANISATIONS_PER_PAGE)
    children = children.get_page(request.GET.get("orgs"))
    child_cycles = Paginator(with_step_facts(listed_cycles).order_by("-year", "branch__name", "-pk"), CYCLES_PER_PAGE)
    child_cycles = child_cycles.get_page(request.GET.get("page"))
    own_cycles = list(
        with_step_facts(cycles_for_user(request.user).filter(branch=organisation)).order_by("-year", "-id")
    )
    counts = subtree_counts(request.user, [organisation, *children])
    return render(
        request,
        "orgs/organisation.html",
        {
            "organisation": organisation,
            "ancestors": visible.filter(path__in=organisation.lineage_paths[:-1]).order_by("path"),
            "cycles": own_cycles,
            "cycle_rows": with_current_steps(own_cycles),
            "query": query,
            "totals": counts[organisation.pk],
            "children": children,
            "child_rows": [(child, counts[child.pk]) for child in children],
            "child_cycles": child_cycles,
            "child_cycle_rows": with_current_steps(child_cycles),
            "can_create_cycle": organisation.is_branch and may_edit_branch(request.user, organisation),
        },
    )
