from django.contrib import admin

from orglife.meeting.models import AgendaItem, Attendance, Meeting, MinutesVersion


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "kind", "title"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["cycle", "date", "place", "notice_sent_at", "chair_signed_at", "recorder_signed_at"]
    list_select_related = ["cycle"]
    inlines = [AgendaItemInline]
    raw_id_fields = ["cycle", "chair", "recorder", "notice_sent_by"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["meeting", "user", "status", "method", "recorded_at"]
    list_select_related = ["meeting__cycle", "user"]
    raw_id_fields = ["meeting", "user", "recorded_by"]


@admin.register(MinutesVersion)
class MinutesVersionAdmin(admin.ModelAdmin):
    list_display = ["meeting", "number", "reason", "created_at"]
    list_select_related = ["meeting__cycle"]
    readonly_fields = ["meeting", "number", "snapshot", "reason", "chair_signed_at", "recorder_signed_at"]
