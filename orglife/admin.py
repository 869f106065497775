from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from orglife.cycles.steps import current_step, with_step_facts
from orglife.models import (
    Campaign,
    Category,
    CategoryIntro,
    Cause,
    Cycle,
    Direction,
    ExtraSection,
    Material,
    MaterialRevision,
    Measure,
    MeasureProblem,
    Membership,
    Opinion,
    Organisation,
    Problem,
    User,
    category_preset_choices,
)
from orglife.services.cycle import cycle_apply_category_preset
from orglife.services.org import check_move, organisation_create, organisation_move


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "organisation"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("full_name", "email")}),
        (_("权限"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("重要日期"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "full_name", "password1", "password2")}),)
    list_display = ["username", "full_name", "is_active", "is_staff", "last_login"]
    search_fields = ["username", "full_name", "email"]
    inlines = [MembershipInline]


class OrganisationAdminForm(forms.ModelForm):
    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        if self.instance.pk is not None:
            check_move(organisation=self.instance, parent=parent)
        return parent


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Creating and moving go through orglife.services.org, which keeps the tree's paths."""

    form = OrganisationAdminForm
    list_display = ["name", "kind", "parent", "code"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        if not change:
            created = organisation_create(
                name=obj.name, short_name=obj.short_name, kind=obj.kind, code=obj.code, parent=obj.parent
            )
            # The inlines were built on `obj`: it becomes the row just created.
            obj.pk, obj.path, obj._state = created.pk, created.path, created._state
            return
        fields = [name for name in form.changed_data if name != "parent"]
        if fields:
            obj.save(update_fields=fields)
        if "parent" in form.changed_data:
            organisation_move(organisation=obj, parent=obj.parent)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "position"]
    # No filter by organisation: a district has thousands; search by its name instead.
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


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


class ExtraSectionInline(admin.StackedInline):
    model = ExtraSection
    extra = 0


class CategoryIntroInline(admin.StackedInline):
    model = CategoryIntro
    extra = 0


class ProblemInline(admin.StackedInline):
    model = Problem
    extra = 0
    fields = ["category", "position", "text"]


class CauseInline(admin.StackedInline):
    model = Cause
    extra = 0


class DirectionInline(admin.StackedInline):
    model = Direction
    extra = 0
    show_change_link = True


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ["title", "cycle", "kind", "author", "updated_at"]
    list_filter = ["kind", "layout", "cycle__year"]
    search_fields = ["title", "preamble", "cycle__title", "author__full_name"]
    autocomplete_fields = ["cycle", "author"]
    fieldsets = (
        (None, {"fields": ("cycle", "kind", "author", "title", "preamble")}),
        (
            _("各部分标题"),
            {
                "fields": (
                    "problems_heading",
                    "causes_heading",
                    "causes_intro",
                    "directions_heading",
                    "directions_intro",
                )
            },
        ),
        (_("结尾与署名"), {"fields": ("closing", "signature", "signed_on")}),
        (_("版式"), {"fields": ("layout", "brackets")}),
    )
    inlines = [ExtraSectionInline, CategoryIntroInline, ProblemInline, CauseInline, DirectionInline]


class MeasureInline(admin.StackedInline):
    model = Measure
    extra = 0
    autocomplete_fields = ["owner"]


@admin.register(Direction)
class DirectionAdmin(admin.ModelAdmin):
    list_display = ["heading", "material", "position"]
    search_fields = ["heading", "material__title"]
    inlines = [MeasureInline]


class MeasureProblemInline(admin.TabularInline):
    model = MeasureProblem
    extra = 0
    autocomplete_fields = ["problem"]


@admin.register(Problem)
class ProblemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "material", "category", "position"]
    list_filter = ["category__name", "material__cycle__year"]
    search_fields = ["text", "material__title"]


@admin.register(Cause)
class CauseAdmin(admin.ModelAdmin):
    list_display = ["heading", "material", "position"]
    search_fields = ["heading", "body"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["__str__", "direction", "owner", "deadline", "status"]
    list_filter = ["status", "deadline"]
    search_fields = ["text", "direction__heading"]
    autocomplete_fields = ["owner"]
    inlines = [MeasureProblemInline]


@admin.register(ExtraSection)
class ExtraSectionAdmin(admin.ModelAdmin):
    list_display = ["heading", "material", "placement", "position"]
    search_fields = ["heading", "body"]


@admin.register(CategoryIntro)
class CategoryIntroAdmin(admin.ModelAdmin):
    list_display = ["category", "material"]
    search_fields = ["text"]


@admin.register(MeasureProblem)
class MeasureProblemAdmin(admin.ModelAdmin):
    list_display = ["measure", "problem"]
    autocomplete_fields = ["measure", "problem"]


@admin.register(MaterialRevision)
class MaterialRevisionAdmin(admin.ModelAdmin):
    list_display = ["material", "reason", "automatic", "created_by", "created_at"]
    list_filter = ["automatic", "created_at"]
    search_fields = ["material__title", "reason"]
    autocomplete_fields = ["material", "created_by"]
    readonly_fields = ["created_at"]


# Opinion collection. The opinion admin shows only what the table holds, which
# identifies nobody and holds released opinions only: anonymous ones wait sealed
# (SealedItem) until a release writes them. Signatures, submission markers and the
# sealed inbox are not registered, so the admin offers no way to browse who signed,
# who has submitted, or what is waiting.


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "cycle", "opens_on", "closes_on", "hold_back"]
    list_filter = ["cycle__year"]
    search_fields = ["title", "cycle__title"]
    autocomplete_fields = ["cycle", "subject"]
    filter_horizontal = ["categories"]
    readonly_fields = ["token"]

    def get_readonly_fields(self, request, obj=None):
        # What decides when anonymous opinions show changes only on the campaign page,
        # which keeps the rules (orglife.services.opinion.campaign_update) and a record.
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "hold_back", "opens_on", "closes_on"] if obj is not None else fields


@admin.register(Opinion)
class OpinionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "campaign", "category", "source", "status", "received_on"]
    list_filter = ["status", "source", "campaign"]
    search_fields = ["text"]
    # Never the order of arrival, and a day, never a time: see orglife/models/opinion.py.
    ordering = ["campaign", "category__position", "text"]
    raw_id_fields = ["problem", "duplicate_of"]
    autocomplete_fields = ["campaign", "category"]
