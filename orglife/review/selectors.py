"""Reads of the review: the reviewer's queue, a material's review page, the comments the
editor shows, the branch's personal materials with their states, the notifications."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet, Subquery
from django.utils import timezone

from orglife.cycles.models import Cycle
from orglife.materials.document.assembly import assemble
from orglife.materials.document.diff import Row, diff_paragraphs
from orglife.materials.document.snapshot import material_from_data
from orglife.materials.models import Material
from orglife.orgs.access import branch_members, may_review, may_submit_for_review, reviews_for_reviewer, standing
from orglife.orgs.models import Membership, Organisation, User
from orglife.review.models import Comment, Notification, Review, State, Transition
from orglife.review.parts import Part, frozen_parts


def review_of(material: Material) -> Review | None:
    return Review.objects.filter(material_id=material.pk).first()


def state_of(review: Review | None) -> str:
    return review.state if review is not None else State.DRAFT


def committee_review_state(cycle_id: int) -> str:
    """Where the cycle's committee material stands in its review (草稿 when it has none,
    or when there is no committee material yet); one query. 审核通过 is final, so once
    it says approved it always will."""
    review = Review.objects.filter(material__cycle_id=cycle_id, material__kind=Material.Kind.COMMITTEE).first()
    return state_of(review)


# --- The reviewer's queue --------------------------------------------------------


def queue(user: User, *, state: str = State.SUBMITTED, organisation: Organisation | None = None) -> QuerySet[Review]:
    """The reviews `user` decides, in one state ("" for every state but draft), under
    `organisation` when given; the longest waiting first. One query per page."""
    reviews = reviews_for_reviewer(user)
    if state:
        reviews = reviews.filter(state=state)
    if organisation is not None:
        reviews = reviews.filter(material__cycle__branch__path__startswith=organisation.path)
    return reviews.select_related("material__cycle__branch", "material__author").order_by("submitted_at", "pk")


def queue_organisations(user: User) -> list[Organisation]:
    """The organisations the queue may be filtered by: those above the branches it lists."""
    paths = set(
        reviews_for_reviewer(user).values_list("material__cycle__branch__path", flat=True).distinct().order_by()
    )
    prefixes = {p[: i + 1] for p in paths for i, c in enumerate(p) if c == "."}
    return list(Organisation.objects.filter(path__in=prefixes).order_by("path"))


def waiting_days(review: Review, *, now: datetime.datetime | None = None) -> int:
    """Whole days since the latest submission."""
    now = now or timezone.now()
    return (timezone.localdate(now) - timezone.localdate(review.submitted_at)).days


# --- A material's review page ------------------------------------------------------


@dataclass
class PartComments:
    part: Part
    comments: list[Comment] = field(default_factory=list)


@dataclass
class ReviewPage:
    review: Review | None
    state: str
    may_review: bool
    may_submit: bool
    transitions: list[Transition]
    submission: Transition | None
    parts: list[PartComments]
    whole: list[Comment]
    diff: list[Row] | None = None
    earlier_comments: list[Comment] = field(default_factory=list)
    changed: int = 0


def visible_comments(user: User, material: Material, *, reviewer: bool) -> QuerySet[Comment]:
    """Comments on `material` that `user` sees: a reviewer all; the branch those returned to
    it (published) and not internal."""
    comments = Comment.objects.filter(submission__review__material_id=material.pk).select_related(
        "author", "resolved_by", "submission"
    )
    return comments if reviewer else comments.filter(internal=False, published_at__isnull=False)


def review_page(user: User, material: Material) -> ReviewPage:
    """What the review page shows `user`: the state and its history; the frozen parts of
    the latest submission with the comments on each; on a resubmission, the
    character-level diff from the previous submission and its comments (resolved or not)."""
    review = review_of(material)
    reviewer, writer = may_review(user, material), may_submit_for_review(user, material)
    if review is None:
        return ReviewPage(None, State.DRAFT, reviewer, writer, [], None, [], [])
    transitions = list(review.transitions.select_related("by", "revision"))
    submissions = [t for t in transitions if t.to_state == State.SUBMITTED]
    submission = submissions[-1] if submissions else None
    comments = list(visible_comments(user, material, reviewer=reviewer))
    current = [c for c in comments if submission and c.submission_id == submission.pk]
    snapshot = material_from_data(material, submission.revision.data)
    parts = [PartComments(p) for p in frozen_parts(snapshot, submission.parts)]
    by_key = {(p.part.kind, p.part.pk): p for p in parts}
    whole = []
    for comment in current:
        target = by_key.get((comment.part_kind, comment.part_id))
        (target.comments if target else whole).append(comment)
    page = ReviewPage(review, review.state, reviewer, writer, transitions, submission, parts, whole)
    if len(submissions) > 1:
        previous = submissions[-2]
        new = [p.text for p in assemble(snapshot)]
        old = [p.text for p in assemble(material_from_data(material, previous.revision.data))]
        page.diff = diff_paragraphs(old, new)
        page.changed = sum(row.op != "equal" for row in page.diff)
        page.earlier_comments = [c for c in comments if c.submission_id == previous.pk]
    return page


def editor_review(material: Material) -> dict:
    """What the editor shows of the review: the state, when it was submitted or decided,
    and the comments returned to the branch in the latest round that has any."""
    review = review_of(material)
    if review is None:
        return {"state": State.DRAFT, "review": None, "comments": []}
    published = Comment.objects.filter(
        submission__review=review, internal=False, published_at__isnull=False
    ).select_related("resolved_by")
    latest = published.order_by("-submission__at", "-submission_id").values("submission_id")[:1]
    comments = list(published.filter(submission_id=Subquery(latest)).order_by("id"))
    return {"state": review.state, "review": review, "comments": comments}


# --- Who has written their personal material ----------------------------------------


@dataclass(frozen=True)
class PersonalRow:
    member: User
    material: Material | None
    state: str  # 未开始 / 起草中 / 已报送 / 退回修改 / 审核通过
    since: datetime.datetime | None  # when the state began (created, submitted, decided)
    may_review: bool


PERSONAL_STATES = {
    State.DRAFT: "起草中",
    State.SUBMITTED: "已报送",
    State.RETURNED: "退回修改",
    State.APPROVED: "审核通过",
}


def personal_materials(user: User, cycle: Cycle) -> list[PersonalRow]:
    """Every member of the cycle's branch, in the branch's order, with their personal
    material's state and its date. A fixed number of queries whatever their number."""
    roles = list(
        cycle.branch.memberships.exclude(role=Membership.Role.REVIEWER).values_list("user_id", "role", "position")
    )
    order: dict[int, int] = {}
    for user_id, _role, position in roles:
        order[user_id] = min(position, order.get(user_id, position))
    secretaries = {user_id for user_id, role, _ in roles if role == Membership.Role.SECRETARY}
    members = sorted(branch_members(cycle.branch), key=lambda u: (order[u.pk], u.pk))
    materials = {
        m.author_id: m
        for m in Material.objects.filter(cycle=cycle, kind=Material.Kind.PERSONAL).select_related("review")
    }
    viewer = standing(user, cycle.branch)
    rows = []
    for member in members:
        material = materials.get(member.pk)
        review = getattr(material, "review", None) if material else None
        if material is None:
            state, since = "未开始", None
        elif review is None or review.state == State.DRAFT:
            state, since = "起草中", material.updated_at
        else:
            state = PERSONAL_STATES[review.state]
            since = review.submitted_at if review.state == State.SUBMITTED else review.decided_at
        if member.pk in secretaries:
            decides = viewer.reviewer
        else:
            decides = viewer.committee and member.pk != user.pk
        rows.append(PersonalRow(member, material, state, since, decides and material is not None))
    return rows


# --- Notifications -----------------------------------------------------------------


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def waiting_count(user: User) -> int | None:
    """How many materials wait for `user`'s decision; None for a user who reviews nothing
    (neither a reviewer nor on a branch committee)."""
    roles = Membership.COMMITTEE_ROLES | {Membership.Role.REVIEWER}
    if not Membership.objects.filter(user=user, role__in=roles).exists():
        return None
    return reviews_for_reviewer(user).filter(state=State.SUBMITTED).count()


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("material")
