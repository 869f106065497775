"""Every write of the review: submit, comment, return, approve, resolve, and the notices.

Each move goes through `_move`, which applies orglife.review.models.TRANSITIONS and
records a Transition (the database refuses any other pair). Every write takes the
material's row lock first (orglife.common.locks: cycle → material → …), then reads
the review again, so that two reviewers clicking at once give one decision and an
approval never crosses an editor's save.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from orglife.common.locks import locked, locked_material
from orglife.materials.document.snapshot import material_from_data
from orglife.materials.models import Material
from orglife.materials.revisions.services import revision_create
from orglife.orgs.access import branch_members, reviewed_above
from orglife.orgs.models import Membership, User
from orglife.review.models import TRANSITIONS, Comment, Notification, Review, State, Transition
from orglife.review.parts import frozen_parts, part_ids

COMMENT_MAX = 2000


class ReviewRefused(ValidationError):
    """The move is not one the review's state allows (or was just made by someone else)."""


REFUSED = {
    State.SUBMITTED: "材料已报送，正在审核，不能重复报送。",
    State.APPROVED: "材料已审核通过，不能再报送或审核。",
    State.RETURNED: "材料已退回修改，请等待重新报送。",
    State.DRAFT: "材料尚未报送。",
}


def _locked_review(material: Material) -> Review:
    """The material's row locked, then its review (created as a draft the first time)."""
    locked_material(material.pk)
    review = locked(Review.objects.filter(material_id=material.pk)).first()
    if review is None:
        review = Review.objects.create(material_id=material.pk)
    return review


def _move(review: Review, to: str, *, by: User, comment: str = "", **extra) -> Transition:
    if (review.state, to) not in TRANSITIONS:
        raise ReviewRefused(REFUSED[State(review.state)], code="state")
    now = timezone.now()
    transition = Transition.objects.create(
        review=review, from_state=review.state, to_state=to, by=by, at=now, comment=comment, **extra
    )
    review.state = to
    if to == State.SUBMITTED:
        review.round += 1
        review.revision = transition.revision
        review.submitted_at, review.decided_at = now, None
    else:
        review.decided_at = now
    review.save()
    return transition


def current_submission(review: Review) -> Transition | None:
    """The latest submission of `review` (the round being or last reviewed)."""
    return review.transitions.filter(to_state=State.SUBMITTED).order_by("-at", "-id").first()


@transaction.atomic
def review_submit(*, material: Material, by: User, comment: str = "") -> Review:
    """Submit the material as it is now (or resubmit it after a return).

    Side effects: locks the material row; saves a MaterialRevision of its content (the
    frozen version the reviewer reads) and records which live part each of its parts is;
    creates the Review on the first submission; records a Transition; notifies the
    reviewers (Notification rows, and email after commit). Raises ReviewRefused when the
    material is already submitted or approved.
    """
    review = _locked_review(material)
    if (review.state, State.SUBMITTED) not in TRANSITIONS:
        raise ReviewRefused(REFUSED[State(review.state)], code="state")
    live = Material.objects.select_related("cycle", "cycle__branch").get(pk=material.pk)
    revision = revision_create(material=live, by=by, reason=f"第{review.round + 1}次报送审核")
    _move(review, State.SUBMITTED, by=by, comment=comment, revision=revision, parts=part_ids(live))
    again = "重新" if review.round > 1 else ""
    _notify(
        reviewers_of(live),
        kind=Notification.Kind.SUBMITTED,
        material=live,
        text=f"{live.cycle.branch.name}{again}报送了《{live.title}》，请审核。",
    )
    return review


@transaction.atomic
def comment_add(*, material: Material, by: User, part: str, text: str, internal: bool = False) -> Comment:
    """Add a reviewer's comment to the current submission, on `part` ("problem-12", the
    live part's id as the submission recorded it, or "whole").

    Side effects: locks the material row; creates one Comment, which the branch sees
    once the submission is returned or approved (never when `internal`). Raises
    ReviewRefused when the material is not waiting for review, or `part` is not one of
    the submitted parts, or the text is empty or too long.
    """
    text = text.strip()
    if not text:
        raise ReviewRefused("请填写审核意见。", code="empty")
    if len(text) > COMMENT_MAX:
        raise ReviewRefused(f"审核意见最多{COMMENT_MAX}字，现在有{len(text)}字。", code="long")
    review = _locked_review(material)
    if review.state != State.SUBMITTED:
        raise ReviewRefused("只有已报送、等待审核的材料可以提出审核意见。", code="state")
    submission = current_submission(review)
    kind, _, raw = part.partition("-")
    if kind == Comment.Part.WHOLE and not raw:
        return Comment.objects.create(submission=submission, text=text, internal=internal, author=by, label="整体")
    found = next((p for p in submitted_parts(review, submission) if p.kind == kind and str(p.pk) == raw), None)
    if found is None:
        raise ReviewRefused("所选部分不在报送的版本中。", code="part")
    return Comment.objects.create(
        submission=submission,
        part_kind=kind,
        part_id=found.pk,
        label=found.label,
        quote=found.text,
        text=text,
        internal=internal,
        author=by,
    )


def submitted_parts(review: Review, submission: Transition):
    """The parts of `submission`'s frozen revision, under their live ids (no writes)."""
    material = Material.objects.select_related("cycle").get(pk=review.material_id)
    return frozen_parts(material_from_data(material, submission.revision.data), submission.parts)


def _decide(material: Material, to: str, *, by: User, comment: str) -> tuple[Review, int]:
    review = _locked_review(material)
    if (review.state, to) not in TRANSITIONS:
        raise ReviewRefused(REFUSED[State(review.state)], code="state")
    submission = current_submission(review)
    published = submission.comments.filter(internal=False).update(published_at=timezone.now())
    if to == State.RETURNED and not published and not comment.strip():
        raise ReviewRefused("退回修改时，请至少提出一条审核意见或填写退回说明。", code="empty")
    _move(review, to, by=by, comment=comment.strip())
    return review, published


@transaction.atomic
def review_return(*, material: Material, by: User, comment: str = "") -> Review:
    """Return the submitted material for revision, with the round's comments.

    Side effects: locks the material row; publishes the round's comments to the branch
    (those not internal); records a Transition; notifies the writers ("退回修改，审核意见N条").
    Raises ReviewRefused unless it is submitted, or when there is neither a comment nor a
    note saying why.
    """
    review, count = _decide(material, State.RETURNED, by=by, comment=comment)
    live = review.material
    _notify(
        writers_of(live),
        kind=Notification.Kind.RETURNED,
        material=live,
        text=f"《{live.title}》被退回修改，审核意见{count}条。",
    )
    return review


@transaction.atomic
def review_approve(*, material: Material, by: User, comment: str = "") -> Review:
    """Approve the submitted material: the frozen revision is the approved version.

    Side effects: locks the material row; publishes the round's comments; records a
    Transition; from then on nobody edits the material (orglife.orgs.access
    can_edit_material); notifies the writers. Raises ReviewRefused unless it is
    submitted (so of twenty approvals at once, one is recorded).
    """
    review, _count = _decide(material, State.APPROVED, by=by, comment=comment)
    live = review.material
    _notify(writers_of(live), kind=Notification.Kind.APPROVED, material=live, text=f"《{live.title}》已审核通过。")
    return review


def reviews_approve(*, reviews: Iterable[Review], by: User) -> tuple[int, int]:
    """Approve several submitted materials, each in its own transaction (review_approve).
    Returns how many were approved and how many were skipped (no longer submitted)."""
    approved = skipped = 0
    for review in reviews:
        try:
            review_approve(material=review.material, by=by)
        except ReviewRefused:
            skipped += 1
        else:
            approved += 1
    return approved, skipped


@transaction.atomic
def comment_resolve(*, comment: Comment, by: User, resolved: bool = True) -> Comment:
    """Mark a published comment resolved (or open again) by the material's writers.

    Side effects: locks the material row; sets or clears resolved_at/resolved_by.
    Raises ReviewRefused when the material is approved, or the comment is internal or
    not yet returned to the branch.
    """
    review = _locked_review(comment.submission.review.material)
    if review.state == State.APPROVED:
        raise ReviewRefused(REFUSED[State.APPROVED], code="state")
    comment = Comment.objects.get(pk=comment.pk)
    if comment.internal or comment.published_at is None:
        raise ReviewRefused("这条意见尚未退回给支部。", code="unpublished")
    comment.resolved_at, comment.resolved_by = (timezone.now(), by) if resolved else (None, None)
    comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


# --- Notifications ---------------------------------------------------------------


def reviewers_of(material: Material) -> list[User]:
    """Who decides `material`'s review (orglife.orgs.access.may_review), each once."""
    branch = material.cycle.branch
    if reviewed_above(material):
        roles = Membership.objects.filter(
            role=Membership.Role.REVIEWER, organisation__path__in=branch.lineage_paths
        ).values("user_id")
        return list(User.objects.filter(pk__in=roles).order_by("pk"))
    roles = Membership.objects.filter(organisation=branch, role__in=Membership.COMMITTEE_ROLES).values("user_id")
    return list(User.objects.filter(pk__in=roles).exclude(pk=material.author_id).order_by("pk"))


def writers_of(material: Material) -> list[User]:
    """Who hears of a decision: the branch committee for the committee material, the author
    for a personal one."""
    if material.kind == Material.Kind.PERSONAL:
        return [material.author]
    roles = Membership.objects.filter(organisation=material.cycle.branch, role__in=Membership.COMMITTEE_ROLES).values(
        "user_id"
    )
    return list(branch_members(material.cycle.branch).filter(pk__in=roles).order_by("pk"))


def _notify(users: list[User], *, kind: str, material: Material, text: str) -> None:
    """Side effects: one Notification per user; after commit, one email to each who has an
    address (through Django's email backend: the console in development)."""
    Notification.objects.bulk_create(Notification(user=u, kind=kind, material=material, text=text) for u in users)
    body = f"{text}\n\n登录 orglife 查看：{reverse('review_material', args=[material.pk])}"
    messages = [(text, body, None, [u.email]) for u in users if u.email]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))


def notifications_read(*, user: User) -> int:
    """Mark all of `user`'s notifications read; returns how many were unread."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
