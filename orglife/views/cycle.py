from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from orglife.models import category_preset_choices
from orglife.selectors import Access, access_to_branch, materials_for_user
from orglife.services.cycle import cycle_apply_category_preset

from .access import get_cycle


class CategoryPresetForm(forms.Form):
    preset = forms.ChoiceField(
        label="查摆方面",
        choices=category_preset_choices(),
    )


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
            "is_member": cycle.branch.memberships.filter(user=request.user).exists(),
            "preset_form": CategoryPresetForm(),
        },
    )


@require_POST
@login_required
def cycle_category_preset(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_id, write=True)
    form = CategoryPresetForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择一套查摆方面。")
        return redirect("cycle", cycle.pk)
    try:
        categories = cycle_apply_category_preset(cycle=cycle, preset=form.cleaned_data["preset"])
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"查摆方面已设为：{'、'.join(c.name for c in categories)}。")
    return redirect("cycle", cycle.pk)
