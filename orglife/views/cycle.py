from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from orglife.models import Category, category_preset_choices
from orglife.selectors import Access, access_to_branch, materials_for_user
from orglife.services.cycle import (
    category_add,
    category_delete,
    category_move,
    category_update,
    cycle_apply_category_preset,
)

from .access import get_cycle


class CategoryPresetForm(forms.Form):
    preset = forms.ChoiceField(
        label="查摆方面",
        choices=category_preset_choices(),
    )


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "heading"]
        error_messages = {"name": {"required": "请填写查摆方面的名称。"}}

    def validate_unique(self):
        """The service checks the name within the cycle, under the cycle's lock."""


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
            "categories": [
                (category, CategoryForm(instance=category, prefix=f"c{category.pk}"))
                for category in cycle.categories.order_by("position")
            ],
            "materials": materials,
            "can_edit": access_to_branch(request.user, cycle.branch) == Access.EDIT,
            "is_member": cycle.branch.memberships.filter(user=request.user).exists(),
            "preset_form": CategoryPresetForm(),
            "add_form": CategoryForm(prefix="add"),
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


def _category(request: HttpRequest, cycle_id: int, category_id: int) -> Category:
    cycle = get_cycle(request, cycle_id, write=True)
    return get_object_or_404(Category.objects.select_related("cycle"), cycle=cycle, pk=category_id)


def _form_errors(form: forms.Form) -> str:
    return "；".join(error for errors in form.errors.values() for error in errors)


@require_POST
@login_required
def cycle_category_add(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_id, write=True)
    form = CategoryForm(request.POST, prefix="add")
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("cycle", cycle.pk)
    try:
        category = category_add(cycle=cycle, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"已添加查摆方面：{category.heading_text}。")
    return redirect("cycle", cycle.pk)


@require_POST
@login_required
def cycle_category_edit(request: HttpRequest, cycle_id: int, category_id: int) -> HttpResponse:
    category = _category(request, cycle_id, category_id)
    old = category.heading_text
    form = CategoryForm(request.POST, prefix=f"c{category.pk}")
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("cycle", cycle_id)
    try:
        category_update(category=category, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"已将“{old}”改为“{category.heading_text}”。")
    return redirect("cycle", cycle_id)


@require_POST
@login_required
def cycle_category_move(request: HttpRequest, cycle_id: int, category_id: int, way: str) -> HttpResponse:
    if way not in ("up", "down"):
        raise Http404
    category = _category(request, cycle_id, category_id)
    category_move(category=category, delta=-1 if way == "up" else 1)
    return redirect("cycle", cycle_id)


@require_POST
@login_required
def cycle_category_delete(request: HttpRequest, cycle_id: int, category_id: int) -> HttpResponse:
    category = _category(request, cycle_id, category_id)
    try:
        category_delete(category=category)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"已删除查摆方面：{category.heading_text}。")
    return redirect("cycle", cycle_id)
