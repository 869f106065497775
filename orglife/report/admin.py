from django.contrib import admin

from orglife.report.models import Report, ReportSection


class SectionInline(admin.StackedInline):
    model = ReportSection
    extra = 0


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["title", "cycle", "generated_at", "updated_at"]
    raw_id_fields = ["cycle", "updated_by"]
    inlines = [SectionInline]
