"""The data admin of opinion campaigns and opinions."""

from django.contrib import admin

from orglife.opinions.models import Campaign, Opinion


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
        # which keeps the rules (orglife.opinions.services.campaign_update) and a record.
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "hold_back", "opens_on", "closes_on"] if obj is not None else fields


@admin.register(Opinion)
class OpinionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "campaign", "category", "source", "status", "received_on"]
    list_filter = ["status", "source", "campaign"]
    search_fields = ["text"]
    # Never the order of arrival, and a day, never a time: see orglife/opinions/models.py.
    ordering = ["campaign", "category__position", "text"]
    raw_id_fields = ["problem", "duplicate_of"]
    autocomplete_fields = ["campaign", "category"]
