from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from orglife.materials.document.assembly import assemble
from orglife.orgs.access import can_edit_material, get_material


@require_GET
def material_detail(request: HttpRequest, material_id: int) -> HttpResponse:
    material = get_material(request, material_id)
    return render(
        request,
        "materials/material.html",
        {
            "material": material,
            "cycle": material.cycle,
            "paragraphs": assemble(material),
            "can_edit": can_edit_material(request.user, material),
        },
    )
