"""Publishing the 意见建议汇总表 to the branch (公布汇总).

Opinions are for the committee until the meeting reads them out. When the
committee publishes the summary, the branch's members (and the reviewers above
it) may read it: exactly the summary as it stood when published, however the
committee goes on triaging. Publishing again replaces it; withdrawing hides it.
Views check that the caller is on the committee.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from orglife.opinions.models import Campaign
from orglife.opinions.selectors import released_opinions
from orglife.opinions.summary import Summary, build_summary
from orglife.orgs.models import User


def current_summary(campaign: Campaign) -> Summary:
    """The summary of what the committee sees now (held-back opinions left out)."""
    return build_summary(released_opinions(campaign))


def published_summary(campaign: Campaign) -> Summary | None:
    """The summary as published, or None while it is not."""
    return None if campaign.published_summary is None else Summary.from_json(campaign.published_summary)


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


@transaction.atomic
def summary_publish(*, campaign: Campaign, by: User) -> Campaign:
    """Publish the campaign's summary as it stands now (or publish it again, updated).

    Side effects: locks the campaign row; stores the summary on it with the time
    and `by` as publisher; clears an earlier withdrawal. Updates `campaign` in place.
    """
    locked = _locked(campaign)
    locked.published_summary = current_summary(locked).to_json()
    locked.summary_published_at, locked.summary_published_by = timezone.now(), by
    locked.summary_withdrawn_at, locked.summary_withdrawn_by = None, None
    fields = ["published_summary", "summary_published_at", "summary_published_by"]
    locked.save(update_fields=[*fields, "summary_withdrawn_at", "summary_withdrawn_by"])
    _copy(locked, campaign)
    return campaign


@transaction.atomic
def summary_withdraw(*, campaign: Campaign, by: User) -> Campaign:
    """Withdraw the published summary: members no longer see it.

    Side effects: locks the campaign row; drops the stored summary; records the
    time and `by` as who withdrew it (who published it last stays recorded).
    Refused when nothing is published. Updates `campaign` in place.
    """
    locked = _locked(campaign)
    if locked.published_summary is None:
        raise ValidationError("汇总表还没有公布，无需撤回。", code="not_published")
    locked.published_summary = None
    locked.summary_withdrawn_at, locked.summary_withdrawn_by = timezone.now(), by
    locked.save(update_fields=["published_summary", "summary_withdrawn_at", "summary_withdrawn_by"])
    _copy(locked, campaign)
    return campaign


def _copy(source: Campaign, target: Campaign) -> None:
    for name in (
        "published_summary",
        "summary_published_at",
        "summary_published_by",
        "summary_withdrawn_at",
        "summary_withdrawn_by",
    ):
        setattr(target, name, getattr(source, name))
