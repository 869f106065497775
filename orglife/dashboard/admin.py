from django.contrib import admin

from orglife.dashboard.models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "done", "total", "requested_by", "created_at", "expires_at"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in ExportJob._meta.fields]
