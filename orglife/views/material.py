from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from orglife.document.assembly import assemble
from orglife.selectors import materials_for_user


@require_GET
@login_required
def material_detail(request: HttpRequest, material_id: int) -> HttpResponse:
    material = get_object_or_404(materials_for_user(request.user), pk=material_id)
    return render(
        request,
        "orglife/material.html",
        {"material": material, "cycle": material.cycle, "paragraphs": assemble(material)},
    )
