from django.contrib import admin

from orglife.rectification.models import Evidence, LedgerItem, ProgressEntry


class ProgressInline(admin.TabularInline):
    model = ProgressEntry
    extra = 0
    fields = ["on", "author", "text"]
    raw_id_fields = ["author"]


@admin.register(LedgerItem)
class LedgerItemAdmin(admin.ModelAdmin):
    list_display = ["text", "cycle", "member", "owner", "deadline", "status", "closed_by", "closed_at"]
    list_filter = ["status"]
    search_fields = ["text", "cycle__title", "cycle__branch__name"]
    raw_id_fields = ["cycle", "member", "measure", "owner", "closed_by", "problems"]
    inlines = [ProgressInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    """Names and types only: the files are read through the evidence view, which checks access."""

    list_display = ["name", "content_type", "size", "entry", "uploaded_at"]
    readonly_fields = ["key", "name", "content_type", "size", "entry"]
