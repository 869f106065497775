"""The data admin for the evaluation: the evaluations themselves only. Ballots, grades,
receipts and the voted list are not registered (as the opinions' inbox is not)."""

from django.contrib import admin

from orglife.evaluation import services
from orglife.evaluation.models import Evaluation


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ("cycle", "state", "ballots")
    fields = ("cycle", "include_probationary", "rate_committee", "state", "ballots", "paper_entered")
    readonly_fields = ("state", "ballots", "paper_entered")

    def get_readonly_fields(self, request, obj=None):
        # Once made, it changes only through its pages, which keep the lists and the box consistent.
        return self.fields if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change) -> None:
        if change:
            return
        made = services.evaluation_create(
            cycle=obj.cycle, include_probationary=obj.include_probationary, rate_committee=obj.rate_committee
        )
        obj.pk, obj.state = made.pk, made.state
