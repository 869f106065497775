"""Which campaigns and opinions a user may see, and the counts the material quotes.

Anonymous opinions wait sealed until they are released, in batches of at least the
campaign's `hold_back` (orglife.opinions.services.release_held_back), or the campaign
is over, so that no opinion shows alone right after someone was known to be filling
in the form. Until then they are not in the Opinion table at all: nothing here can
show them, or how many wait. Named opinions show at once.
"""

from __future__ import annotations

import time
from typing import TypedDict

from django.db.models import Count, Prefetch, Q, QuerySet

from orglife.cycles.models import Cycle
from orglife.opinions.models import Campaign, Opinion, Source
from orglife.opinions.services import public_campaigns
from orglife.orgs.access import cycles_for_user, may_triage
from orglife.orgs.models import User


class OpinionCounts(TypedDict):
    total: int
    distinct: int
    by_source: dict[str, int]
    by_category: dict[str, int]


UNCATEGORISED = "其他"


def campaigns_for_user(user: User) -> QuerySet[Campaign]:
    """Campaigns of the cycles the user may see."""
    return Campaign.objects.filter(cycle__in=cycles_for_user(user)).select_related("cycle", "cycle__branch", "subject")


# The public link's campaign is read on every post: a QR poster can send a whole
# meeting hall to the form within a minute. Each process keeps it for a few seconds,
# so an edit to the campaign reaches the form within this many seconds.
PUBLIC_CAMPAIGN_SECONDS = 10


def public_campaign(token: str) -> Campaign | None:
    """The campaign behind a public link, with its cycle, branch and offered categories.

    Anyone with the link may see it. Each process keeps what it read for
    PUBLIC_CAMPAIGN_SECONDS (orglife.opinions.services.public_campaigns), and the
    threads of a process share that one instance: callers must not change it. It
    holds no opinion and no user. Links that lead nowhere are not remembered.
    """
    now = time.monotonic()
    cached = public_campaigns.get(token)
    if cached is not None and cached[0] > now:
        return cached[1]
    found = Campaign.objects.filter(token=token).select_related("cycle__branch").prefetch_related("categories")
    campaign = found.first()
    # list(): other threads of this process may add entries meanwhile.
    for stale in [key for key, (until, _) in list(public_campaigns.items()) if until <= now]:
        public_campaigns.pop(stale, None)
    if campaign is not None:
        public_campaigns[token] = (now + PUBLIC_CAMPAIGN_SECONDS, campaign)
    return campaign


def released_opinions(campaign: Campaign) -> QuerySet[Opinion]:
    """The campaign's opinions: every one written so far has been released; for callers already scoped."""
    return Opinion.objects.filter(campaign=campaign)


def opinions_for_user(user: User, campaign: Campaign) -> QuerySet[Opinion]:
    """The opinions of `campaign` that `user` may see.

    The branch committee: all of them (those still sealed in the inbox are nobody's to
    see). Anyone else who may see the campaign (members, reviewers above the branch):
    only the opinions they signed themselves; the rest they read in the summary once it
    is published (orglife.opinions.publishing). Outside the branch: none.
    """
    if not campaigns_for_user(user).filter(pk=campaign.pk).exists():
        return Opinion.objects.none()
    if may_triage(user, campaign):
        return released_opinions(campaign)
    return Opinion.objects.filter(campaign=campaign, signature__author=user)


def signed_opinions(user: User, campaign: Campaign) -> QuerySet[Opinion]:
    """The opinions `user` signed in `campaign`, with what became of them (a merged one
    through the opinion it was merged into), for the member's own page."""
    return (
        opinions_for_user(user, campaign)
        .filter(signature__author=user)
        .select_related("category", "problem__category", "duplicate_of__problem__category")
    )


def board_opinions(
    opinions: QuerySet[Opinion], *, category: str = "", source: str = "", status: str = ""
) -> QuerySet[Opinion]:
    """Opinions that stand on their own (not merged into another), filtered, with their
    duplicates, category, signature and problem loaded in a fixed number of queries.
    Ordered by category and text, never by arrival. `category` is a category id or
    "none" for opinions given without one."""
    rows = opinions.filter(duplicate_of__isnull=True)
    if category == "none":
        rows = rows.filter(category__isnull=True)
    elif category:
        rows = rows.filter(category_id=category)
    if source:
        rows = rows.filter(source=source)
    if status:
        rows = rows.filter(status=status)
    duplicates = opinions.select_related("signature__author", "category").order_by("text", "id")
    return rows.select_related("category", "signature__author", "problem__category", "talk_link").prefetch_related(
        Prefetch("duplicates", queryset=duplicates)
    )


def opinion_counts(opinions: QuerySet[Opinion]) -> OpinionCounts:
    """Counts for the summary: every opinion received, those left after merging, by source and category.

    Sources follow the order of `Source`, categories the cycle's order, then 其他
    for opinions given without a category; zero counts are left out.
    """
    by_source = dict(opinions.values_list("source").annotate(n=Count("pk")).order_by())
    by_category = (
        opinions.values_list("category__name", "category__position")
        .annotate(n=Count("pk"))
        .order_by("category__position")
    )
    categories = {name: n for name, _, n in by_category if name}
    uncategorised = sum(n for name, _, n in by_category if not name)
    if uncategorised:
        categories[UNCATEGORISED] = uncategorised
    totals = opinions.aggregate(total=Count("pk"), distinct=Count("pk", filter=Q(duplicate_of__isnull=True)))
    return {
        "total": totals["total"],
        "distinct": totals["distinct"],
        "by_source": {str(Source(value).label): by_source[value] for value in Source.values if by_source.get(value)},
        "by_category": categories,
    }


def opinion_counts_for_cycle(cycle: Cycle) -> OpinionCounts:
    """Counts over all the cycle's campaigns, for the material's preamble (opinions still sealed are not counted)."""
    return opinion_counts(Opinion.objects.filter(campaign__cycle=cycle))


def opinion_counts_sentence(counts: OpinionCounts) -> str:
    """The sentence the preamble quotes, e.g. 共征求意见建议12条，其中党员5条、群众7条，合并相同意见后为10条."""
    sentence = f"共征求意见建议{counts['total']}条"
    if len(counts["by_source"]) > 1:
        sentence += "，其中" + "、".join(f"{label}{n}条" for label, n in counts["by_source"].items())
    if counts["distinct"] < counts["total"]:
        sentence += f"，合并相同意见后为{counts['distinct']}条"
    return sentence
