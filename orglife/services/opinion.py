"""Writes for opinion collection: campaigns, submissions and the committee's triage.

Views check who may call these (the public may submit, the committee triages);
the services check that the data is consistent.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from orglife.models import (
    Campaign,
    Category,
    Cycle,
    Material,
    Opinion,
    OpinionSignature,
    Problem,
    Source,
    SubmissionMarker,
    User,
)

from .locks import locked_material
from .ordering import next_position

MARKER_SALT = "orglife.opinion.submission-marker"


# The campaigns behind public links that this process has read lately, as
# token -> (time.monotonic() when it goes stale, campaign); orglife.selectors_opinion.
# public_campaign fills it. A plain dict rather than a Django cache: the public form
# reads it on every post, and a cache would unpickle the campaign each time.
public_campaigns: dict[str, tuple[float, Campaign]] = {}


def forget_public_campaign(token: str | None = None) -> None:
    """Drop this process's cached copy of the campaign behind `token` (all when None)."""
    if token is None:
        public_campaigns.clear()
    else:
        public_campaigns.pop(token, None)


def campaign_state(campaign: Campaign, *, today: datetime.date | None = None) -> str:
    """The campaign on `today` (the local date by default): "upcoming", "open" or "closed"."""
    today = today or timezone.localdate()
    if today < campaign.opens_on:
        return "upcoming"
    return "open" if today <= campaign.closes_on else "closed"


def _check_campaign(*, cycle: Cycle, sources: Sequence[str], categories: Iterable[Category], subject: User | None):
    if not sources or set(sources) - set(Source.values):
        raise ValidationError("请至少选择一类征求对象。")
    if any(category.cycle_id != cycle.pk for category in categories):
        raise ValidationError("意见方面必须是本次组织生活会的查摆方面。")
    if subject is not None and not cycle.branch.memberships.filter(user=subject).exists():
        raise ValidationError("只能征求对本支部党员的意见。")


@transaction.atomic
def campaign_create(
    *,
    cycle: Cycle,
    title: str,
    intro: str = "",
    opens_on: datetime.date,
    closes_on: datetime.date,
    sources: Sequence[str],
    categories: Sequence[Category],
    subject: User | None = None,
    hold_back: int = 3,
    one_per_member: bool = True,
) -> Campaign:
    """Open a campaign for `cycle` with a fresh random link token.

    Side effects: creates the Campaign and its category links.
    """
    _check_campaign(cycle=cycle, sources=sources, categories=categories, subject=subject)
    campaign = Campaign(
        cycle=cycle,
        title=title,
        intro=intro,
        token=secrets.token_urlsafe(9),
        opens_on=opens_on,
        closes_on=closes_on,
        sources=[value for value in Source.values if value in sources],
        subject=subject,
        hold_back=hold_back,
        one_per_member=one_per_member,
    )
    campaign.full_clean()
    campaign.save()
    campaign.categories.set(categories)
    return campaign


@transaction.atomic
def campaign_update(
    *,
    campaign: Campaign,
    title: str,
    intro: str = "",
    opens_on: datetime.date,
    closes_on: datetime.date,
    sources: Sequence[str],
    categories: Sequence[Category],
    subject: User | None = None,
    hold_back: int = 3,
    one_per_member: bool = True,
) -> Campaign:
    """Change a campaign's settings; the link (token) stays the same.

    Side effects: updates the Campaign row and replaces its category links;
    releases the held-back anonymous opinions if the new `hold_back` is already
    reached (`release_held_back`); drops this process's cached copy of the public
    campaign (other processes drop theirs within PUBLIC_CAMPAIGN_SECONDS). Opinions
    already received keep their category even if it is no longer offered.
    """
    _check_campaign(cycle=campaign.cycle, sources=sources, categories=categories, subject=subject)
    campaign.title, campaign.intro = title, intro
    campaign.opens_on, campaign.closes_on = opens_on, closes_on
    campaign.sources = [value for value in Source.values if value in sources]
    campaign.subject, campaign.hold_back, campaign.one_per_member = subject, hold_back, one_per_member
    campaign.full_clean()
    campaign.save()
    campaign.categories.set(categories)
    release_held_back(campaign=campaign)
    transaction.on_commit(lambda: forget_public_campaign(campaign.token))
    return campaign


def submission_digest(*, campaign: Campaign, user: User) -> str:
    """The marker of `user` for `campaign`: keyed with SECRET_KEY, so the table alone names nobody."""
    return salted_hmac(MARKER_SALT, f"{campaign.pk}:{user.pk}", algorithm="sha256").hexdigest()


def has_submitted(*, campaign: Campaign, user: User) -> bool:
    """Whether a logged-in user already used their one submission (only ever shown to that user)."""
    digest = submission_digest(campaign=campaign, user=user)
    return SubmissionMarker.objects.filter(campaign=campaign, digest=digest).exists()


def release_held_back(*, campaign: Campaign, wait: bool = True) -> int:
    """Release the campaign's held-back anonymous opinions once there are enough of them.

    Must run inside a transaction. Locks the campaign row, so that two submissions
    never release overlapping batches: every batch released holds at least the
    campaign's current `hold_back` opinions (any number when it is 1 or less), and
    exactly the opinions counted are released. With `wait=False` it gives up at once
    when another transaction holds the lock (that one is releasing; what it did not
    see waits for the committee's next look, or for the campaign to close).
    Side effects, on the batch's rows, locked first:

    - While the campaign is open nobody has seen a held-back opinion, so the batch
      is written again, released, in a random order (one DELETE, one INSERT, same
      ids and content): the rows then share the release's transaction id, and their
      physical order (PostgreSQL's ctid, SQLite's rowid) no longer follows the order
      in which they arrived, which a SubmissionMarker's order would otherwise match.
    - An opinion the committee could already act on (the campaign is over, so the
      board shows every opinion; it may since have been reopened) is only marked
      released in place, as is any that was triaged or merged, or that another
      opinion is merged into: rewriting it would drop those links or race with
      the committee's own writes.

    Returns how many were released.
    """
    locked = Campaign.objects.select_for_update(skip_locked=not wait).filter(pk=campaign.pk)
    hold_back = locked.values_list("hold_back", flat=True).first()
    if hold_back is None:
        return 0
    held = list(
        Opinion.objects.select_for_update(of=("self",)).filter(
            campaign=campaign, released=False, signature__isnull=True
        )
    )
    if not held or (hold_back > 1 and len(held) < hold_back):
        return 0
    ids = [opinion.pk for opinion in held]
    merged_into = set(Opinion.objects.filter(duplicate_of__in=ids).values_list("duplicate_of_id", flat=True))
    unseen = [
        opinion
        for opinion in held
        if opinion.status == Opinion.Status.PENDING
        and opinion.duplicate_of_id is None
        and opinion.problem_id is None
        and not opinion.response
        and opinion.pk not in merged_into
    ]
    if campaign_state(campaign) != "open" or hold_back <= 1:
        unseen = []
    if unseen:
        secrets.SystemRandom().shuffle(unseen)
        Opinion.objects.filter(pk__in=[opinion.pk for opinion in unseen]).delete()
        for opinion in unseen:
            opinion.released = True
        Opinion.objects.bulk_create(unseen)
    rewritten = {opinion.pk for opinion in unseen}
    Opinion.objects.filter(pk__in=[pk for pk in ids if pk not in rewritten]).update(released=True)
    return len(held)


def _write_marker(*, campaign: Campaign, user: User) -> SubmissionMarker:
    try:
        with transaction.atomic():
            return SubmissionMarker.objects.create(
                campaign=campaign, digest=submission_digest(campaign=campaign, user=user)
            )
    except IntegrityError as exc:
        raise ValidationError("您已经提交过意见，每人限提交一次。") from exc


def opinion_submit(
    *,
    campaign: Campaign,
    source: str,
    category: Category | None,
    text: str,
    user: User | None = None,
    signed: bool = False,
    today: datetime.date | None = None,
) -> Opinion:
    """Record one opinion. Anonymous unless `signed` (which needs `user`).

    Stores only the date, never the time, the user (unless signed), or anything
    about the request. Raises ValidationError, having written nothing, when the
    campaign is not open, the source or category is not offered, or the user has
    already submitted.

    Side effects, in up to two transactions of their own. (Called inside a
    transaction, as the demo loader does, they become savepoints of it and commit
    together; the public form's view holds no transaction open.)

    1. For a logged-in `user` of a one-per-member campaign, a SubmissionMarker,
       committed on its own, so that the marker and the opinion never share a
       transaction (in PostgreSQL, the same `xmin`).
    2. The Opinion; if signed, its OpinionSignature. A signed opinion, or any
       opinion when the campaign's hold_back is 1 or less, is stored released.
       Otherwise it is stored held back: a single INSERT, without BEGIN and COMMIT
       around it (bench/opinions.py). Held-back opinions are released in batches
       when the committee next looks at the campaign (`release_held_back`, called
       by orglife.views.opinion.get_campaign), so the moment of a release says
       nothing about any one submission either.

    If step 2 fails, the marker of step 1 is deleted again (in a third transaction)
    and the error is re-raised, so that the member may try again; a category
    deleted after the form was shown comes back as a ValidationError with the code
    "category_gone". Should that
    deletion fail as well, the member stays marked as having submitted without an
    opinion stored; the committee can only tell them to submit without logging in.
    """
    today = today or timezone.localdate()
    if campaign_state(campaign, today=today) != "open":
        raise ValidationError("本次征求意见不在开放时间内。")
    if source not in campaign.sources:
        raise ValidationError("请选择您的身份。")
    # .all() so that categories the caller prefetched are checked without a query.
    if category is not None and category.pk not in {offered.pk for offered in campaign.categories.all()}:
        raise ValidationError("请选择列出的意见方面。")
    if signed and user is None:
        raise ValidationError("署名提交需要先登录。")
    released = signed or campaign.hold_back <= 1
    opinion = Opinion(
        campaign=campaign, source=source, category=category, text=text, received_on=today, released=released
    )
    marker = _write_marker(campaign=campaign, user=user) if user is not None and campaign.one_per_member else None
    try:
        if signed:
            with transaction.atomic():
                opinion.save(force_insert=True)
                OpinionSignature.objects.create(opinion=opinion, author=user)
        else:
            opinion.save(force_insert=True)  # one INSERT: a transaction of its own
    except Exception as exc:
        if marker is not None:
            SubmissionMarker.objects.filter(pk=marker.pk).delete()
        if isinstance(exc, IntegrityError) and category is not None and not _exists(category):
            # Deleted after this process cached the campaign (PUBLIC_CAMPAIGN_SECONDS).
            forget_public_campaign(campaign.token)
            raise ValidationError(CATEGORY_GONE, code="category_gone") from exc
        raise
    return opinion


CATEGORY_GONE = "您选择的意见方面刚刚被取消，请重新选择后再提交。"


def _exists(category: Category) -> bool:
    return Category.objects.filter(pk=category.pk).exists()


def committee_material(cycle: Cycle) -> Material:
    """The cycle's committee material, where adopted opinions become problems."""
    material = Material.objects.filter(cycle=cycle, kind=Material.Kind.COMMITTEE).first()
    if material is None:
        raise ValidationError("本次组织生活会还没有班子对照检查材料，请先建立材料再采纳意见。")
    return material


def _triageable(opinion: Opinion) -> None:
    if opinion.duplicate_of_id is not None:
        raise ValidationError("这条意见已合并到另一条意见，请处理那一条。")


@transaction.atomic
def opinion_adopt(
    *,
    opinion: Opinion,
    problem: Problem | None = None,
    category: Category | None = None,
    text: str = "",
) -> Problem:
    """Adopt `opinion` into an existing `problem`, or into a new one of the committee material.

    A new problem goes to the end of `category` (the opinion's category by
    default) with the next position, and reads `text` (the opinion's text by default).
    Side effects: may create a Problem (the committee material row is locked while
    its next position is chosen); sets the opinion's status to adopted, links it to
    the problem and clears any earlier answer.
    """
    _triageable(opinion)
    material = committee_material(opinion.campaign.cycle)
    if problem is None:
        category = category or opinion.category
        if category is None or category.cycle_id != material.cycle_id:
            raise ValidationError("请选择新问题所属的查摆方面。")
        locked_material(material.pk)  # its own row only: lock order in orglife.services.locks
        position = next_position(Problem, material=material, category=category)
        problem = Problem.objects.create(
            material=material, category=category, position=position, text=text.strip() or opinion.text
        )
    elif problem.material_id != material.pk:
        raise ValidationError("只能采纳到本次班子对照检查材料的问题中。")
    opinion.status, opinion.problem, opinion.response = Opinion.Status.ADOPTED, problem, ""
    opinion.save(update_fields=["status", "problem", "response"])
    return problem


def _set_response(*, opinion: Opinion, status: str, response: str) -> Opinion:
    _triageable(opinion)
    if not response.strip():
        raise ValidationError("请填写答复或说明。")
    opinion.status, opinion.response, opinion.problem = status, response.strip(), None
    opinion.save(update_fields=["status", "response", "problem"])
    return opinion


@transaction.atomic
def opinion_answer(*, opinion: Opinion, response: str) -> Opinion:
    """Answer an opinion (反馈) without adopting it as a problem.

    Side effects: sets status answered and the response; unlinks any problem it
    was adopted into (the problem itself stays in the material).
    """
    return _set_response(opinion=opinion, status=Opinion.Status.ANSWERED, response=response)


@transaction.atomic
def opinion_decline(*, opinion: Opinion, reason: str) -> Opinion:
    """Decline an opinion (不予采纳), giving the reason.

    Side effects: sets status declined and the reason; unlinks any problem it
    was adopted into (the problem itself stays in the material).
    """
    return _set_response(opinion=opinion, status=Opinion.Status.DECLINED, response=reason)


@transaction.atomic
def opinion_merge(*, primary: Opinion, duplicates: Sequence[Opinion]) -> Opinion:
    """Merge `duplicates` into `primary`: they are counted, but handled through `primary`.

    Side effects: sets duplicate_of on each duplicate, and moves opinions that
    were merged into a duplicate over to `primary`, so merges stay one level deep.
    Refused when an opinion is in another campaign, is `primary` itself, or has
    already been handled (a handled opinion should be the primary).
    """
    _triageable(primary)
    if not duplicates:
        raise ValidationError("请勾选要合并的意见。")
    for duplicate in duplicates:
        if duplicate.pk == primary.pk:
            raise ValidationError("不能把一条意见合并到它自己。")
        if duplicate.campaign_id != primary.campaign_id:
            raise ValidationError("只能合并同一次征求意见中的意见。")
        if duplicate.status != Opinion.Status.PENDING:
            raise ValidationError("已处理的意见不能作为重复意见合并，请把它选为保留的一条。")
    ids = [duplicate.pk for duplicate in duplicates]
    Opinion.objects.filter(duplicate_of_id__in=ids).update(duplicate_of=primary)
    Opinion.objects.filter(pk__in=ids).update(duplicate_of=primary)
    return primary


@transaction.atomic
def opinion_separate(*, opinion: Opinion) -> Opinion:
    """Undo a merge: `opinion` stands on its own again, pending.

    Side effects: clears duplicate_of on the opinion.
    """
    opinion.duplicate_of = None
    opinion.save(update_fields=["duplicate_of"])
    return opinion
