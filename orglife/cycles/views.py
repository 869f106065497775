from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from orglife.cycles.forms import CycleForm, NewCycleForm
from orglife.cycles.models import Category, Cycle, category_preset_choices
from orglife.cycles.services import (
    category_add,
    category_delete,
    category_move,
    category_update,
    cycle_apply_category_preset,
    cycle_create,
    cycle_update,
    previous_committee_measures,
)
from orglife.cycles.steps import cycle_step_cards
from orglife.materials.importing.ordinals import PART_RE, SECTION_RE
from orglife.orgs.access import get_cycle, materials_for_user, may_edit_branch, organisations_for_user, standing
from orglife.orgs.models import Organisation
from orglife.rectification.selectors import last_year


class CategoryPresetForm(forms.Form):
    preset = forms.ChoiceField(
        label="查摆方面",
        choices=category_preset_choices(),
    )


def _strip_ordinal(text: str) -> tuple[str, str]:
    """`text` without a typed leading ordinal (（一） / (一) / 一、), and the ordinal removed."""
    match = SECTION_RE.match(text) or PART_RE.match(text)
    if match is None:
        return text, ""
    return text[match.end() :].strip(), match.group(0).strip()


class CategoryForm(forms.ModelForm):
    """A category's name and printed heading. The print adds the ordinal, and 方面 after
    a name, so a typed ordinal or a trailing 方面 is taken off (and `stripped` says what)."""

    class Meta:
        model = Category
        fields = ["name", "heading"]
        error_messages = {"name": {"required": "请填写查摆方面的名称。"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stripped: list[str] = []

    def validate_unique(self):
        """The service checks the name within the cycle, under the cycle's lock."""

    def clean_name(self) -> str:
        name, ordinal = _strip_ordinal(self.cleaned_data["name"])
        if ordinal:
            self.stripped.append(ordinal)
        if name.endswith("方面"):
            name = name.removesuffix("方面").strip()
            self.stripped.append("方面")
        if not name:
            raise ValidationError("请填写查摆方面的名称（不含“方面”二字），如：思想。")
        return name

    def clean_heading(self) -> str:
        heading, ordinal = _strip_ordinal(self.cleaned_data["heading"])
        if ordinal:
            self.stripped.append(ordinal)
        return heading

    def stripped_notice(self) -> str:
        """Why the saved name differs from what was typed, or ""."""
        if not self.stripped:
            return ""
        removed = "和".join(f"“{part}”" for part in dict.fromkeys(self.stripped))
        return f"已去掉输入的{removed}：打印时会自动加上序号，名称后自动加“方面”。"


def _cycle_page(
    request: HttpRequest, cycle: Cycle, *, edit_form: CycleForm | None = None, status: int = 200
) -> HttpResponse:
    materials = list(materials_for_user(request.user).filter(cycle=cycle).order_by("kind", "author__full_name"))
    where = standing(request.user, cycle.branch)
    return render(
        request,
        "cycles/cycle.html",
        {
            "cycle": cycle,
            "categories": [
                (category, CategoryForm(instance=category, prefix=f"c{category.pk}"))
                for category in cycle.categories.order_by("position")
            ],
            "materials": materials,
            "steps": cycle_step_cards(
                cycle,
                materials=materials,
                can_edit=where.committee,
                member=where.member,
                reviewer=where.reviewer,
                viewer_id=request.user.pk,
            ),
            "can_edit": where.committee,
            "is_member": where.member,
            "preset_form": CategoryPresetForm(),
            "add_form": CategoryForm(prefix="add"),
            "edit_form": edit_form or CycleForm(instance=cycle, prefix="cycle"),
            # ?edit=1: a step card's "填写…" link opens the details form without JavaScript.
            "edit_open": edit_form is not None or request.GET.get("edit") == "1",
        },
        status=status,
    )


@require_GET
def cycle_detail(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _cycle_page(request, get_cycle(request, cycle_id))


@require_POST
def cycle_edit(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_id, write=True)
    # The form gets its own copy: a refused edit must not show unsaved values as the cycle's.
    form = CycleForm(request.POST, instance=Cycle.objects.get(pk=cycle.pk), prefix="cycle")
    if form.is_valid():
        try:
            cycle_update(cycle=cycle, **form.details())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已保存基本信息：{cycle.title}。")
            return redirect("cycle", cycle.pk)
    return _cycle_page(request, cycle, edit_form=form, status=400)


def _branch_for_new_cycle(request: HttpRequest, org_id: int) -> Organisation:
    branch = get_object_or_404(organisations_for_user(request.user), pk=org_id, kind=Organisation.Kind.BRANCH)
    if not may_edit_branch(request.user, branch):
        raise PermissionDenied("只有支部委员可以新建组织生活会。")
    return branch


def _previous_cycle(request: HttpRequest, cycles: list[Cycle]) -> Cycle | None:
    """The cycle to start from, among the branch's `cycles`: ?from=ID (0 for none), else the latest."""
    wanted = request.POST.get("previous") or request.GET.get("from")
    if wanted is None:
        return cycles[0] if cycles else None
    if not wanted.isdigit() or wanted == "0":
        return None
    for cycle in cycles:
        if cycle.pk == int(wanted):
            return cycle
    raise Http404


@require_http_methods(["GET", "POST"])
def cycle_new(request: HttpRequest, org_id: int) -> HttpResponse:
    branch = _branch_for_new_cycle(request, org_id)
    # The branch is one the user may edit, so all its cycles are visible to them.
    cycles = list(branch.cycles.order_by("-year", "-id"))
    previous = _previous_cycle(request, cycles)
    directions = previous_committee_measures(previous)
    measures = [m for d in directions for m in d.measures_list]
    for measure in measures:  # the lead sentence names the measure; the rest is shown shortened
        lead, stop, rest = measure.text.partition("。")
        measure.lead, measure.rest = lead + stop, rest
    initial = {"year": previous.year + 1, "kind": previous.kind} if previous else {}
    ledger = last_year(previous) is not None
    form = NewCycleForm(request.POST or None, initial=initial, previous=previous, measures=measures, ledger=ledger)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = cycle_create(
                branch=branch,
                by=request.user,
                previous=previous,
                categories=form.cleaned_data["categories"],
                carried_measures=list(form.cleaned_data.get("carried_measures", [])),
                report_last_year=form.cleaned_data.get("report_last_year", False),
                **form.details(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _created_notice(cycle))
            return redirect("cycle", cycle.pk)
    chosen = {str(v) for v in (form["carried_measures"].value() or [])} if "carried_measures" in form.fields else set()
    context = {
        "branch": branch,
        "previous": previous,
        "others": cycles,
        "form": form,
        "directions": directions,
        "chosen": chosen,
    }
    return render(request, "cycles/cycle_new.html", context, status=400 if form.is_bound else 200)


def _created_notice(cycle: Cycle) -> str:
    material = cycle.materials.get()
    parts = [f"已新建：{cycle.title}"]
    count = cycle.categories.count()
    parts.append(f"查摆方面{count}个" if count else "尚未设置查摆方面")
    measures = sum(d.measures.count() for d in material.directions.all())
    if measures:
        parts.append(f"班子对照检查材料已沿用上次的{measures}条整改措施")
    if material.sections.exists():
        parts.append("材料开头已列出上年度整改落实情况")
    return "，".join(parts) + "。"


@require_POST
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
        if form.stripped:
            messages.info(request, form.stripped_notice())
    return redirect("cycle", cycle.pk)


@require_POST
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
        if form.stripped:
            messages.info(request, form.stripped_notice())
    return redirect("cycle", cycle_id)


@require_POST
def cycle_category_move(request: HttpRequest, cycle_id: int, category_id: int, way: str) -> HttpResponse:
    if way not in ("up", "down"):
        raise Http404
    category = _category(request, cycle_id, category_id)
    category_move(category=category, delta=-1 if way == "up" else 1)
    return redirect("cycle", cycle_id)


@require_POST
def cycle_category_delete(request: HttpRequest, cycle_id: int, category_id: int) -> HttpResponse:
    category = _category(request, cycle_id, category_id)
    try:
        category_delete(category=category)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"已删除查摆方面：{category.heading_text}。")
    return redirect("cycle", cycle_id)
