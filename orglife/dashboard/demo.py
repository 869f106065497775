"""The dashboard's part of the demo: where each demo cycle stands, counted at once
(the worker would count them within minutes; the demo should not wait)."""

from orglife.cycles.models import Cycle
from orglife.dashboard.copies import refresh_signatures
from orglife.dashboard.services import summaries_refresh
from orglife.materials.models import Material


def load_dashboard_demo() -> None:
    """Refresh every cycle's summary and every committee material's copy signature (idempotent)."""
    summaries_refresh(list(Cycle.objects.order_by("pk").values_list("pk", flat=True)))
    committee = Material.objects.filter(kind=Material.Kind.COMMITTEE).order_by("pk")
    refresh_signatures(list(committee.values_list("pk", flat=True)))
