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
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from orglife.common import sealed
from orglife.common.locks import locked_material
from orglife.common.ordering import next_position
from orglife.cycles.models import Category, Cycle
from orglife.materials.models import Material, Problem
from orglife.opinions.models import (
    HOLD_BACK_FLOOR,
    Campaign,
    CampaignChange,
    Opinion,
    OpinionSignature,
    Source,
    SubmissionMarker,
)
from orglife.orgs.access import branch_members, committee_material
from orglife.orgs.models import User

MARKER_SALT = "orglife.opinion.submission-marker"


# The campaigns behind public links that this process has read lately, as
# token -> (time.monotonic() when it goes stale, campaign); orglife.opinions.selectors.
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


# The sources a campaign asks for: everything but 谈心谈话, which the committee files from a
# talk record (orglife.talks) and no one picks on the form.
CAMPAIGN_SOURCES = [value for value in Source.values if value != Source.TALK]


def _check_campaign(*, cycle: Cycle, sources: Sequence[str], categories: Iterable[Category], subject: User | None):
    if not set(sources) & set(CAMPAIGN_SOURCES) or set(sources) - set(Source.values):
        raise ValidationError("请至少选择一类征求对象。")
    if any(category.cycle_id != cycle.pk for category in categories):
        raise ValidationError("意见方面必须是本次组织生活会的查摆方面。")
    if subject is not None and not branch_members(cycle.branch).filter(pk=subject.pk).exists():
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
    hold_back: int = HOLD_BACK_FLOOR,
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
        sources=[value for value in CAMPAIGN_SOURCES if value in sources],
        subject=subject,
        hold_back=hold_back,
        one_per_member=one_per_member,
    )
    campaign.full_clean()
    campaign.save()
    campaign.categories.set(categories)
    return campaign


LOWERED_AFTER_OPENING = "征求意见开始后，匿名意见显示门槛只能调高，不能调低。"
POSTPONED_AFTER_OPENING = "征求意见已经开始，开始日期不能改到今天以后。"
# Ending a running campaign releases what waits, whatever its number: it may end today
# at the earliest, so that whoever writes in during the rest of the day joins that batch.
CLOSED_EARLY = "征求意见正在进行，截止日期最早只能改为今天。"


@transaction.atomic
def campaign_update(
    *,
    campaign: Campaign,
    by: User,
    title: str,
    intro: str = "",
    opens_on: datetime.date,
    closes_on: datetime.date,
    sources: Sequence[str],
    categories: Sequence[Category],
    subject: User | None = None,
    hold_back: int = HOLD_BACK_FLOOR,
    one_per_member: bool = True,
) -> Campaign:
    """Change a campaign's settings; the link (token) stays the same.

    Refused (ValidationError, nothing changed) when `hold_back` is below 3; once the
    campaign has opened, when `hold_back` would go down or the opening day move past
    today; while it runs, when the closing day would move before today. Whether
    opinions are waiting must not decide it, as the refusal would then tell.

    Side effects: locks and updates the Campaign row and replaces its category
    links; records a CampaignChange by `by` for each of hold_back,
    opens_on and closes_on that changes; releases what may now be released (a
    campaign moved to its end releases everything, `release_held_back`); drops this
    process's cached copy of the public campaign (other processes drop theirs within
    PUBLIC_CAMPAIGN_SECONDS). Opinions already received keep their category even if
    it is no longer offered.
    """
    _check_campaign(cycle=campaign.cycle, sources=sources, categories=categories, subject=subject)
    stored = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if hold_back < HOLD_BACK_FLOOR:
        raise ValidationError(f"匿名意见显示门槛不能低于{HOLD_BACK_FLOOR}条。")
    state, today = campaign_state(stored), timezone.localdate()
    if state != "upcoming" and hold_back < stored.hold_back:
        raise ValidationError(LOWERED_AFTER_OPENING)
    if state != "upcoming" and opens_on > today:
        raise ValidationError(POSTPONED_AFTER_OPENING)
    if state == "open" and closes_on < today:
        raise ValidationError(CLOSED_EARLY)
    changes = [
        CampaignChange(campaign=campaign, by=by, field=field, old=str(getattr(stored, field)), new=str(value))
        for field, value in (("hold_back", hold_back), ("opens_on", opens_on), ("closes_on", closes_on))
        if getattr(stored, field) != value
    ]
    campaign.title, campaign.intro = title, intro
    campaign.opens_on, campaign.closes_on = opens_on, closes_on
    campaign.sources = [value for value in CAMPAIGN_SOURCES if value in sources]
    campaign.subject, campaign.hold_back, campaign.one_per_member = subject, hold_back, one_per_member
    campaign.full_clean()
    campaign.save()
    campaign.categories.set(categories)
    CampaignChange.objects.bulk_create(changes)
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


def inbox(campaign: Campaign) -> str:
    """The sealed box (orglife.common.sealed) where the campaign's anonymous opinions wait."""
    return f"opinion:{campaign.pk}"


def release_held_back(*, campaign: Campaign, wait: bool = True) -> int:
    """Write the campaign's waiting anonymous opinions that may now be shown.

    While the campaign is open, those of a source (党员, 群众, …) are released once at
    least `hold_back` (never fewer than 3) of that source wait; once it is over,
    all are. Must run inside a transaction. Locks the campaign row, so that two
    looks never release at once; with `wait=False` it gives up at once when another
    transaction holds the lock (that one is releasing; what it did not see waits for
    the committee's next look).

    Side effects: deletes the released opinions' inbox rows and creates their
    Opinion rows, in random order, all in this transaction and each with a new
    random id, dated the day the last of them arrived; a category deleted since
    leaves its opinions under 其他. Returns how many were released; no caller shows
    how many are still waiting.
    """
    locked = Campaign.objects.select_for_update(skip_locked=not wait).filter(pk=campaign.pk)
    current = locked.only("pk", "cycle_id", "opens_on", "closes_on", "hold_back").first()
    if current is None:
        return 0
    at_least = 0 if campaign_state(current) == "closed" else max(current.hold_back, HOLD_BACK_FLOOR)
    return len(_release(current, at_least=at_least))


def _release(campaign: Campaign, *, at_least: int) -> list[Opinion]:
    """Release the campaign's waiting opinions by source, `at_least` of a source at a
    time (0: all). The rule is release_held_back's; this takes it as given."""
    payloads = sealed.release(box=inbox(campaign), at_least=at_least, group=lambda payload: payload["source"])
    if not payloads:
        return []
    wanted = {payload["category"] for payload in payloads if payload["category"] is not None}
    categories = set(Category.objects.filter(cycle_id=campaign.cycle_id, pk__in=wanted).values_list("pk", flat=True))
    day = max(datetime.date.fromisoformat(payload["day"]) for payload in payloads)
    opinions = [
        Opinion(
            campaign_id=campaign.pk,
            source=payload["source"],
            category_id=payload["category"] if payload["category"] in categories else None,
            text=payload["text"],
            received_on=day,
        )
        for payload in payloads
    ]
    return Opinion.objects.bulk_create(opinions)


def release_all_now(*, campaign: Campaign) -> list[Opinion]:
    """Write every waiting opinion of `campaign` now, whatever its hold-back, and return them.

    For made-up opinions only (the demo, tests), never for what people sent: it skips
    the rule that keeps an opinion from showing alone. Must run inside a transaction.
    Side effects as release_held_back.
    """
    return _release(campaign, at_least=0)


def _write_marker(*, campaign: Campaign, user: User) -> None:
    """Inside opinion_submit's transaction, and without a savepoint of its own: on
    PostgreSQL a savepoint that writes gets a transaction id of its own, which would
    give the marker an `xmin` other than the submission's."""
    try:
        SubmissionMarker.objects.create(campaign=campaign, digest=submission_digest(campaign=campaign, user=user))
    except IntegrityError as exc:
        # Leaves opinion_submit's atomic block at once, which rolls it back.
        raise ValidationError("您已经提交过意见，每人限提交一次。") from exc


@transaction.atomic
def opinion_submit(
    *,
    campaign: Campaign,
    source: str,
    category: Category | None,
    text: str,
    user: User | None = None,
    signed: bool = False,
    today: datetime.date | None = None,
) -> Opinion | None:
    """Record one opinion. Anonymous unless `signed` (which needs `user`).

    Raises ValidationError, having written nothing, when the campaign is not open,
    the source or category is not offered (a category deleted after the form was
    shown gives the code "category_gone"), or the user has already submitted.

    Side effects, in one transaction: for a logged-in `user` of a one-per-member
    campaign, a SubmissionMarker; then, when signed, the Opinion and its
    OpinionSignature (returned), and otherwise only a sealed inbox row holding the
    source, category, text and date (`sealed.seal`; returns None): the anonymous
    opinion is written by a later release (`release_held_back`). Nothing about the
    request, the user (unless signed) or the time is stored.
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
    if category is not None and not _exists(category):
        # Deleted after this process cached the campaign (PUBLIC_CAMPAIGN_SECONDS).
        forget_public_campaign(campaign.token)
        raise ValidationError(CATEGORY_GONE, code="category_gone")
    if user is not None and campaign.one_per_member:
        _write_marker(campaign=campaign, user=user)
    if not signed:
        payload = {"source": source, "category": category.pk if category else None, "text": text, "day": str(today)}
        sealed.seal(box=inbox(campaign), payload=payload)
        return None
    opinion = Opinion.objects.create(campaign=campaign, source=source, category=category, text=text, received_on=today)
    OpinionSignature.objects.create(opinion=opinion, author=user)
    return opinion


CATEGORY_GONE = "您选择的意见方面刚刚被取消，请重新选择后再提交。"


def _exists(category: Category) -> bool:
    return Category.objects.filter(pk=category.pk).exists()


def _adoption_material(cycle: Cycle) -> Material:
    """The cycle's committee material, where adopted opinions become problems."""
    material = committee_material(cycle)
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
    material = _adoption_material(opinion.campaign.cycle)
    if problem is None:
        category = category or opinion.category
        if category is None or category.cycle_id != material.cycle_id:
            raise ValidationError("请选择新问题所属的查摆方面。")
        locked_material(material.pk)  # its own row only: lock order in orglife.common.locks
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
def opinion_merge(*, primary: Opinion, duplicates: Sequence[Opinion], across_categories: bool = False) -> Opinion:
    """Merge `duplicates` into `primary`: they are counted, but handled through `primary`.

    Side effects: sets duplicate_of on each duplicate, and moves opinions that
    were merged into a duplicate over to `primary`, so merges stay one level deep.
    Refused when an opinion is in another campaign, is `primary` itself, or has
    already been handled (a handled opinion should be the primary); and, unless
    `across_categories`, when any of them (or of those merged into them) is of
    another category than `primary`, with the code "categories_differ" and a
    message naming the categories, for the committee to confirm.
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
    if not across_categories:
        _same_category(primary, Opinion.objects.filter(Q(pk__in=ids) | Q(duplicate_of_id__in=ids)))
    Opinion.objects.filter(duplicate_of_id__in=ids).update(duplicate_of=primary)
    Opinion.objects.filter(pk__in=ids).update(duplicate_of=primary)
    return primary


def _category_name(category: Category | None) -> str:
    return category.name if category else "其他"


def _same_category(primary: Opinion, merging) -> None:
    others = {opinion.category_id: opinion.category for opinion in merging.select_related("category")}
    others.pop(primary.category_id, None)
    if not others:
        return
    names = [_category_name(primary.category)]
    names += [_category_name(c) for c in sorted(others.values(), key=lambda c: (c is None, c and c.position))]
    raise ValidationError(
        f"所选意见分属不同方面（{'、'.join(names)}）。合并后，它们在汇总表中都列在保留的一条"
        f"（{names[0]}方面）下面。确定要合并吗？",
        code="categories_differ",
    )


@transaction.atomic
def opinion_separate(*, opinion: Opinion) -> Opinion:
    """Undo a merge: `opinion` stands on its own again, pending.

    Side effects: clears duplicate_of on the opinion.
    """
    opinion.duplicate_of = None
    opinion.save(update_fields=["duplicate_of"])
    return opinion
