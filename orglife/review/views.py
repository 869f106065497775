"""The review's pages: a material's review (read the frozen version, comment, return,
approve; submit, resolve), the reviewer's queue, the branch's personal materials, and
the notifications. Every view fetches through orglife.orgs.access."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from orglife.materials.document.snapshot import material_from_data
from orglife.orgs.access import (
    get_cycle,
    get_material,
    get_reviewed_material,
    get_submitted_material,
    organisations_for_user,
    standing,
)
from orglife.printing.names import download_name
from orglife.printing.views import Link, pdf_download
from orglife.review import selectors, services
from orglife.review.forms import BulkApproveForm, CommentForm, DecisionForm, QueueFilterForm
from orglife.review.models import Comment, State
from orglife.review.pdf import approved_job

QUEUE_PER_PAGE = 25


def _to_review(material_id: int, anchor: str = "") -> HttpResponse:
    url = reverse("review_material", args=[material_id])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _refused(request: HttpRequest, refused: services.ReviewRefused) -> None:
    messages.error(request, refused.messages[0])


@require_GET
def review_material(request: HttpRequest, material_id: int) -> HttpResponse:
    material = get_material(request, material_id)
    page = selectors.review_page(request.user, material)
    context = {
        "material": material,
        "cycle": material.cycle,
        "page": page,
        "comment_form": CommentForm(auto_id=False),
        "decision_form": DecisionForm(auto_id=False),
        "personal_link": _sees_personal_list(request, material.cycle),
    }
    return render(request, "review/material.html", context)


def _sees_personal_list(request: HttpRequest, cycle) -> bool:
    viewer = standing(request.user, cycle.branch)
    return viewer.committee or viewer.reviewer


@require_POST
def review_submit(request: HttpRequest, material_id: int) -> HttpResponse:
    material = get_submitted_material(request, material_id)
    form = DecisionForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        review = services.review_submit(material=material, by=request.user, comment=comment)
    except services.ReviewRefused as refused:
        _refused(request, refused)
    else:
        again = "重新" if review.round > 1 else ""
        messages.success(request, f"已{again}报送审核。审核人看到的是此刻的版本，之后的修改需退回后重新报送。")
    return _to_review(material.pk)


@require_POST
def review_comment(request: HttpRequest, material_id: int) -> HttpResponse:
    material = get_reviewed_material(request, material_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return _to_review(material.pk)
    data = form.cleaned_data
    try:
        comment = services.comment_add(
            material=material, by=request.user, part=data["part"], text=data["text"], internal=data["internal"]
        )
    except services.ReviewRefused as refused:
        _refused(request, refused)
        return _to_review(material.pk)
    messages.success(request, f"已对“{comment.label}”提出审核意见。")
    return _to_review(material.pk, f"review-{comment.anchor or 'whole'}")


def _decide(request: HttpRequest, material_id: int, decide, done: str) -> HttpResponse:
    material = get_reviewed_material(request, material_id)
    form = DecisionForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        decide(material=material, by=request.user, comment=comment)
    except services.ReviewRefused as refused:
        _refused(request, refused)
    else:
        messages.success(request, done)
    return _to_review(material.pk)


@require_POST
def review_return_view(request: HttpRequest, material_id: int) -> HttpResponse:
    return _decide(request, material_id, services.review_return, "已退回修改，审核意见已发给支部。")


@require_POST
def review_approve_view(request: HttpRequest, material_id: int) -> HttpResponse:
    return _decide(request, material_id, services.review_approve, "已审核通过。")


@require_POST
def review_resolve(request: HttpRequest, material_id: int, comment_id: int) -> HttpResponse:
    material = get_submitted_material(request, material_id)
    comment = get_object_or_404(
        Comment, pk=comment_id, submission__review__material=material, internal=False, published_at__isnull=False
    )
    resolved = request.POST.get("resolved", "1") != "0"
    try:
        services.comment_resolve(comment=comment, by=request.user, resolved=resolved)
    except services.ReviewRefused as refused:
        _refused(request, refused)
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return _to_review(material.pk, f"comment-{comment.pk}")


@require_GET
def review_approved_pdf(request: HttpRequest, material_id: int) -> HttpResponse:
    """The approved revision with its 审核通过 cover note; 404 before approval."""
    material = get_material(request, material_id)
    review = selectors.review_of(material)
    if review is None or review.state != State.APPROVED:
        raise Http404
    decision = review.transitions.filter(to_state=State.APPROVED).select_related("by").get()
    snapshot = material_from_data(material, review.revision.data)
    links = [Link(reverse("review_material", args=[material.pk]), "返回审核")]
    return pdf_download(
        request,
        approved_job(snapshot=snapshot, review=review, decision=decision),
        filename=download_name(snapshot, "pdf", suffix="（审核通过）"),
        subject=snapshot.title,
        links=links,
    )


@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    """Every material waiting for the user's decision, from every branch below them."""
    organisations = selectors.queue_organisations(request.user)
    form = QueueFilterForm(request.GET or None, organisations=organisations)
    state, organisation = State.SUBMITTED, None
    if form.is_valid():
        state = form.cleaned_data["state"]
        if form.cleaned_data["org"]:
            organisation = get_object_or_404(organisations_for_user(request.user), pk=form.cleaned_data["org"])
    reviews = Paginator(selectors.queue(request.user, state=state, organisation=organisation), QUEUE_PER_PAGE)
    page = reviews.get_page(request.GET.get("page"))
    rows = [(review, selectors.waiting_days(review)) for review in page]
    context = {"form": form, "page": page, "rows": rows, "state": state, "bulk": state == State.SUBMITTED}
    return render(request, "review/queue.html", context)


@require_POST
def review_bulk_approve(request: HttpRequest) -> HttpResponse:
    """Approve the ticked submitted materials at once (each one as review_approve does)."""
    waiting = selectors.queue(request.user, state=State.SUBMITTED)
    form = BulkApproveForm(request.POST, choices=request.POST.getlist("reviews"))
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return redirect("review_queue")
    chosen = list(waiting.filter(pk__in=form.cleaned_data["reviews"]))
    approved, skipped = services.reviews_approve(reviews=chosen, by=request.user)
    missing = len(set(form.cleaned_data["reviews"])) - len(chosen) + skipped
    messages.success(request, f"已审核通过{approved}份材料。")
    if missing:
        messages.warning(request, f"另有{missing}份已不在待审核列表中（可能已由他人处理），未作改动。")
    return redirect("review_queue")


@require_GET
def review_personal(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The branch's members and their personal materials: 未开始 / 起草中 / 已报送 / 退回修改 / 审核通过."""
    cycle = get_cycle(request, cycle_id)
    if not _sees_personal_list(request, cycle):
        raise PermissionDenied("只有支部委员和审核人可以查看党员个人材料的审核情况。")
    rows = selectors.personal_materials(request.user, cycle)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.state] = counts.get(row.state, 0) + 1
    return render(request, "review/personal.html", {"cycle": cycle, "rows": rows, "counts": counts})


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(request.user), QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "review/notifications.html", {"page": page})


@require_GET
def notification_badge(request: HttpRequest) -> HttpResponse:
    """The header's unread notices, and the materials waiting for the user's decision when
    they review any (loaded by htmx after the page, so pages keep their query counts)."""
    context = {"unread": selectors.unread_count(request.user), "reviews": selectors.waiting_count(request.user)}
    return render(request, "review/_badge.html", context)


@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    services.notifications_read(user=request.user)
    return redirect("notifications")
