from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from orglife.selectors import Access, access_to_branch, materials_for_user

from .access import get_cycle


@require_GET
@login_required
def cycle_detail(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_id)
    materials = materials_for_user(request.user).filter(cycle=cycle).order_by("kind", "author__full_name")
    return render(
        request,
        "orglife/cycle.html",
        {
            "cycle": cycle,
            "categories": cycle.categories.order_by("position"),
            "materials": materials,
            "can_edit": access_to_branch(request.user, cycle.branch) == Access.EDIT,
        },
    )
