from django.contrib import admin

from orglife.talks.models import MemberLiaison, Talk, TalkOpinion, TalkParticipant


class TalkParticipantInline(admin.TabularInline):
    model = TalkParticipant
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Talk)
class TalkAdmin(admin.ModelAdmin):
    list_display = ["held_on", "form", "place", "cycle"]
    list_filter = ["form"]
    date_hierarchy = "held_on"
    inlines = [TalkParticipantInline]
    raw_id_fields = ["recorded_by"]


@admin.register(TalkOpinion)
class TalkOpinionAdmin(admin.ModelAdmin):
    list_display = ["talk", "opinion"]
    raw_id_fields = ["talk", "opinion"]


@admin.register(MemberLiaison)
class MemberLiaisonAdmin(admin.ModelAdmin):
    list_display = ["member", "committee_member", "branch"]
    raw_id_fields = ["member", "committee_member"]
