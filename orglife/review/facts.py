"""The committee material's review, as annotations on a cycle queryset for the step cards
(orglife.cycles.steps.with_step_facts): one subquery each, no query per cycle."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.db.models.functions import TruncDate

from orglife.materials.models import Material
from orglife.review.models import Review


def review_facts() -> dict:
    """step_review_state, _round, _submitted_on, _decided_on (dates in the local time zone)."""
    committee = Review.objects.filter(material__cycle=OuterRef("pk"), material__kind=Material.Kind.COMMITTEE)
    return {
        "review_state": Subquery(committee.values("state")[:1]),
        "review_round": Subquery(committee.values("round")[:1]),
        "review_submitted_on": Subquery(committee.annotate(d=TruncDate("submitted_at")).values("d")[:1]),
        "review_decided_on": Subquery(committee.annotate(d=TruncDate("decided_at")).values("d")[:1]),
    }
