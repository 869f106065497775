"""The data admin for the evaluation: the evaluations themselves only. Ballots, grades,
receipts and the voted list are not registered (as the opinions' inbox is not)."""

from django.contrib import admin

from orglife.evaluation.models import Evaluation


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ("cycle", "state", "ballots")
    readonly_fields = ("state", "ballots", "paper_entered")
    fields = ("cycle", "include_probationary", "rate_committee", "state", "ballots", "paper_entered")

    def has_add_permission(self, request) -> bool:
        return False
