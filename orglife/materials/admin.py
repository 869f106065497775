"""The data admin of materials, their parts and revisions."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from orglife.materials.models import (
    CategoryIntro,
    Cause,
    Direction,
    ExtraSection,
    Material,
    Measure,
    MeasureProblem,
    Problem,
)
from orglife.materials.revisions.models import MaterialRevision


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
