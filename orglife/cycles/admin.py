"""The data admin of cycles and their categories."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from orglife.cycles.models import Category, Cycle, category_preset_choices
from orglife.cycles.services import cycle_apply_category_preset
from orglife.cycles.steps import current_step, with_step_facts


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0
    fields = ["position", "name", "heading"]


class CycleAdminForm(forms.ModelForm):
    category_preset = forms.ChoiceField(
        label=_("选用一套查摆方面"),
        required=False,
        choices=[("", "—"), *category_preset_choices()],
        help_text=_("保存时用这套方面替换下面的查摆方面（已有问题的方面不会被替换）"),
    )


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    form = CycleAdminForm
    list_display = ["title", "branch", "year", "kind", "planned_date", "current_step"]
    list_filter = ["kind", "year"]
    search_fields = ["title", "theme", "branch__name"]
    date_hierarchy = "planned_date"
    autocomplete_fields = ["branch"]
    inlines = [CategoryInline]

    def get_queryset(self, request):
        return with_step_facts(super().get_queryset(request))

    @admin.display(description=_("当前步骤"))
    def current_step(self, cycle: Cycle) -> str:
        step = current_step(cycle)
        return step.name if step else "—"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        preset = form.cleaned_data.get("category_preset")
        if preset:
            try:
                cycle_apply_category_preset(cycle=form.instance, preset=preset)
            except ValidationError as exc:
                self.message_user(request, exc.messages[0], level="error")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "cycle", "position", "heading"]
    list_filter = ["cycle__year"]
    search_fields = ["name", "cycle__title"]
    ordering = ["cycle", "position"]
