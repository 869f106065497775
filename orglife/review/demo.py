"""Demo data for the review: the demo cycle's committee material submitted by the
secretary and waiting in the district reviewer's queue."""

from __future__ import annotations

from orglife.materials.models import Material
from orglife.orgs.models import Membership
from orglife.review.models import Review
from orglife.review.services import review_submit


def load_review_demo() -> None:
    """Submit each demo branch's committee material once (a second load changes nothing:
    a material that has a review, in any state, is left as it is).

    Side effects: those of review_submit (a revision, a Review, a Transition, notices to
    the reviewers; no email, as the demo users have no address)."""
    materials = Material.objects.filter(
        kind=Material.Kind.COMMITTEE, cycle__branch__code="linjiang-drc-branch"
    ).select_related("cycle__branch")
    for material in materials:
        if Review.objects.filter(material=material).exists():
            continue
        secretary = Membership.objects.filter(
            organisation=material.cycle.branch, role=Membership.Role.SECRETARY
        ).first()
        if secretary is not None:
            review_submit(material=material, by=secretary.user, comment="请审核。")
