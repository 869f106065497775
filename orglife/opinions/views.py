"""Opinion collection: the public form at /o/<token>/; the committee's campaigns,
triage board, exports and publishing of the summary; and a member's page (their
own signed opinions, and the summary once published)."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from orglife.common import ratelimit
from orglife.common.ratelimit import client_address
from orglife.opinions import services
from orglife.opinions.forms import AdoptForm, BoardFilterForm, CampaignForm, MergeForm, OpinionForm, ResponseForm
from orglife.opinions.models import Campaign, Opinion
from orglife.opinions.pdf import poster_pdf, summary_pdf
from orglife.opinions.publishing import current_summary, published_summary, summary_publish, summary_withdraw
from orglife.opinions.selectors import (
    board_opinions,
    campaigns_for_user,
    opinions_for_user,
    public_campaign,
    signed_opinions,
)
from orglife.opinions.summary import Summary
from orglife.opinions.xlsx import summary_workbook
from orglife.orgs.access import committee_material, get_cycle, is_branch_member, may_edit_branch, may_triage
from orglife.printing.pdf import PrintRefused
from orglife.printing.views import Link, print_refused

RATE_LIMIT_SALT = "orglife.opinion.rate-limit"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- The public form -------------------------------------------------------------


RATE_LIMITED = "提交太频繁，请%(window)s后再试；您填写的内容仍在下面。"


def _over_rate_limit(request: HttpRequest) -> bool:
    """Count this post for the client. The key is a keyed hash of the client's
    address, kept only in the shared store for the window, so the limit stores
    nothing next to the opinion."""
    if settings.OPINION_RATE_LIMIT is None:
        return False
    count, seconds = settings.OPINION_RATE_LIMIT
    key = "opinion-post:" + salted_hmac(RATE_LIMIT_SALT, client_address(request)).hexdigest()
    return ratelimit.hit(key, seconds) > count


def _public_campaign(token: str) -> Campaign:
    campaign = public_campaign(token)
    if campaign is None:
        raise Http404("没有这个征求意见链接。")
    return campaign


def _public_render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    """Render a page of the public form. `messages` is set empty: the base template would
    otherwise show, and so mark as read, a logged-in member's pending messages, which
    writes to their session (or cookie) when they use the form."""
    return render(request, template, context | {"messages": ()}, status=status)


# The opinion text and choices never reach an error report (ADMINS mail, Sentry), where
# they would stand next to the logged-in user and the time.
@login_not_required
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def opinion_form(request: HttpRequest, token: str) -> HttpResponse:
    """The public form. It writes nothing but the submission: not the session, not a message."""
    campaign = _public_campaign(token)
    state = services.campaign_state(campaign)
    if state != "open":
        return _public_render(request, "opinions/closed.html", {"campaign": campaign, "state": state}, status=403)
    user = request.user if request.user.is_authenticated else None
    if user and campaign.one_per_member and services.has_submitted(campaign=campaign, user=user):
        return _public_render(request, "opinions/already.html", {"campaign": campaign})
    member = user is not None and is_branch_member(user, campaign.cycle.branch)
    form = OpinionForm(request.POST or None, campaign=campaign, user=user, member_of_branch=member)
    if request.method == "POST" and _over_rate_limit(request):
        # The form again, as typed, so that nothing is lost while waiting.
        window = ratelimit.window_text(settings.OPINION_RATE_LIMIT[1])
        form.add_error(None, _(RATE_LIMITED) % {"window": window})
        return _public_render(request, "opinions/form.html", {"campaign": campaign, "form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.opinion_submit(
                campaign=campaign,
                source=data["source"],
                category=data["category"],
                text=data["text"],
                user=user,
                signed=data.get("signed", False),
            )
        except ValidationError as exc:
            if exc.code == "category_gone":  # the campaign changed under the form: show it as it is now
                campaign = _public_campaign(token)
                form = OpinionForm(request.POST, campaign=campaign, user=user, member_of_branch=member)
                form.is_valid()
            form.add_error(None, exc)
        else:
            return redirect("opinion_thanks", token)
    status = 400 if form.is_bound else 200
    return _public_render(request, "opinions/form.html", {"campaign": campaign, "form": form}, status=status)


@login_not_required
@require_GET
def opinion_thanks(request: HttpRequest, token: str) -> HttpResponse:
    return _public_render(request, "opinions/thanks.html", {"campaign": _public_campaign(token)})


# --- The committee's side ------------------------------------------------------------


COMMITTEE_ONLY = "意见建议在组织生活会上通报之前，只有支部委员可以查看和处理。"


def get_campaign(request: HttpRequest, campaign_id: int, *, committee: bool = False) -> Campaign:
    """The campaign if the user may see it (else 404); 403 when `committee` and the user is not on it.

    Side effect, for the committee: releases the waiting anonymous opinions that now
    make a full batch, or all of them once the campaign is over, so the page shows
    them (orglife.opinions.services.release_held_back).
    """
    campaign = get_object_or_404(campaigns_for_user(request.user), pk=campaign_id)
    if not committee:
        return campaign
    if not may_triage(request.user, campaign):
        raise PermissionDenied(COMMITTEE_ONLY)
    with transaction.atomic():
        services.release_held_back(campaign=campaign)
    return campaign


@require_GET
def campaign_list(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_id)
    campaigns = campaigns_for_user(request.user).filter(cycle=cycle).order_by("-opens_on", "id")
    rows = [(campaign, services.campaign_state(campaign)) for campaign in campaigns]
    can_edit = may_edit_branch(request.user, cycle.branch)
    return render(request, "opinions/campaigns.html", {"cycle": cycle, "rows": rows, "can_edit": can_edit})


@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_id, write=True)
    form = CampaignForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(cycle=cycle, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "征求意见活动已建立，可以打印二维码海报或分享链接。")
            return redirect("campaign", campaign.pk)
    return render(request, "opinions/campaign_form.html", {"cycle": cycle, "form": form, "campaign": None})


@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_campaign(request, campaign_id, committee=True)
    initial = CampaignForm.initial_for(campaign)
    form = CampaignForm(request.POST or None, cycle=campaign.cycle, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(campaign=campaign, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("campaign", campaign.pk)
    context = {"cycle": campaign.cycle, "form": form, "campaign": campaign}
    return render(request, "opinions/campaign_form.html", context)


def _board_response(
    request: HttpRequest,
    campaign: Campaign,
    query,
    *,
    error: str = "",
    done: str = "",
    confirm: dict | None = None,
) -> HttpResponse:
    """The committee's board page, or only its #board partial for htmx; `query` holds
    the filters, `confirm` a merge waiting for confirmation, `done` what a write did (shown
    at the board's top as a status that takes the focus, which the swap took away)."""
    opinions = opinions_for_user(request.user, campaign)
    filters = BoardFilterForm(query, campaign=campaign)
    material = committee_material(campaign.cycle)
    adopt = AdoptForm(material=material, cycle=campaign.cycle)
    published = published_summary(campaign)
    context = {
        "campaign": campaign,
        "state": services.campaign_state(campaign),
        "filters": filters,
        "rows": board_opinions(opinions, **filters.filters()),
        "problems": adopt.problem_choices(),
        "categories": list(adopt.fields["new_category"].queryset),
        "error": error,
        "done": done,
        "confirm": confirm,
        "published": published is not None,
        "changed_since_published": published is not None and published != current_summary(campaign),
        "changes": campaign.changes.select_related("by"),
        "link": request.build_absolute_uri(reverse("opinion_form", args=[campaign.token])),
    }
    template = "opinions/board.html#board" if request.htmx else "opinions/board.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def campaign_board(request: HttpRequest, campaign_id: int) -> HttpResponse:
    try:
        campaign = get_campaign(request, campaign_id, committee=True)
    except PermissionDenied as refused:
        # A member who followed an old link: say why, and where their part of it is.
        campaign = get_campaign(request, campaign_id)
        return render(request, "opinions/committee_only.html", {"campaign": campaign, "reason": refused}, status=403)
    return _board_response(request, campaign, request.GET)


@require_GET
def campaign_mine(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """What a member may read of a campaign: the opinions they signed, with what became
    of them, and the summary once the committee has published it."""
    campaign = get_campaign(request, campaign_id)
    context = {
        "campaign": campaign,
        "state": services.campaign_state(campaign),
        "signed": signed_opinions(request.user, campaign),
        "summary": published_summary(campaign),
        "can_edit": may_triage(request.user, campaign),
        "link": request.build_absolute_uri(reverse("opinion_form", args=[campaign.token])),
    }
    return render(request, "opinions/mine.html", context)


def _after_write(
    request: HttpRequest, campaign: Campaign, *, error: str = "", done: str = "", confirm: dict | None = None
) -> HttpResponse:
    """htmx: the refreshed board (filters ride along in the post). Otherwise back to the
    board (or, for a merge to confirm, the board with the question)."""
    if request.htmx or confirm:
        return _board_response(request, campaign, request.POST, error=error, done=done, confirm=confirm)
    if error:
        messages.error(request, error)
    elif done:
        messages.success(request, done)
    return redirect("campaign", campaign.pk)


def _write_target(request: HttpRequest, campaign_id: int, opinion_id: UUID) -> tuple[Campaign, Opinion]:
    campaign = get_campaign(request, campaign_id, committee=True)
    opinion = get_object_or_404(
        opinions_for_user(request.user, campaign).select_related("campaign__cycle"), pk=opinion_id
    )
    return campaign, opinion


@require_POST
def opinion_adopt(request: HttpRequest, campaign_id: int, opinion_id: UUID) -> HttpResponse:
    campaign, opinion = _write_target(request, campaign_id, opinion_id)
    material = committee_material(campaign.cycle)
    form = AdoptForm(request.POST, material=material, cycle=campaign.cycle)
    if not form.is_valid():
        return _after_write(request, campaign, error="请选择要采纳到的问题或方面。")
    try:
        data = form.cleaned_data
        problem = services.opinion_adopt(
            opinion=opinion, problem=data["problem"], category=data["new_category"], text=data["text"]
        )
    except ValidationError as exc:
        return _after_write(request, campaign, error=exc.messages[0])
    return _after_write(request, campaign, done=f"已采纳，列入{problem.category.heading_text}问题。")


def _respond(request: HttpRequest, campaign_id: int, opinion_id: UUID, *, decline: bool) -> HttpResponse:
    campaign, opinion = _write_target(request, campaign_id, opinion_id)
    form = ResponseForm(request.POST)
    if not form.is_valid():
        return _after_write(request, campaign, error="请填写答复或说明（不超过1000字）。")
    try:
        if decline:
            services.opinion_decline(opinion=opinion, reason=form.cleaned_data["response"])
        else:
            services.opinion_answer(opinion=opinion, response=form.cleaned_data["response"])
    except ValidationError as exc:
        return _after_write(request, campaign, error=exc.messages[0])
    return _after_write(request, campaign, done="已不予采纳并说明理由。" if decline else "已答复。")


@require_POST
def opinion_answer(request: HttpRequest, campaign_id: int, opinion_id: UUID) -> HttpResponse:
    return _respond(request, campaign_id, opinion_id, decline=False)


@require_POST
def opinion_decline(request: HttpRequest, campaign_id: int, opinion_id: UUID) -> HttpResponse:
    return _respond(request, campaign_id, opinion_id, decline=True)


@require_POST
def opinion_separate(request: HttpRequest, campaign_id: int, opinion_id: UUID) -> HttpResponse:
    campaign, opinion = _write_target(request, campaign_id, opinion_id)
    services.opinion_separate(opinion=opinion)
    return _after_write(request, campaign, done="已取消合并。")


@require_POST
def campaign_merge(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_campaign(request, campaign_id, committee=True)
    form = MergeForm(request.POST, opinions=opinions_for_user(request.user, campaign))
    if not form.is_valid():
        return _after_write(request, campaign, error=next(iter(form.errors.values()))[0])
    primary = form.cleaned_data["primary"]
    duplicates = [d for d in form.cleaned_data["duplicates"] if d.pk != primary.pk]
    try:
        services.opinion_merge(
            primary=primary, duplicates=duplicates, across_categories=form.cleaned_data["across_categories"]
        )
    except ValidationError as exc:
        if exc.code != "categories_differ":
            return _after_write(request, campaign, error=exc.messages[0])
        confirm = {"message": exc.messages[0], "primary": primary.pk, "duplicates": [d.pk for d in duplicates]}
        return _after_write(request, campaign, confirm=confirm)
    done = _("已合并%(n)d条意见到“%(primary)s”。") % {
        "n": len(duplicates),
        "primary": Truncator(primary.text).chars(20),
    }
    return _after_write(request, campaign, done=done)


@require_POST
def campaign_publish(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_campaign(request, campaign_id, committee=True)
    again = campaign.published_summary is not None
    summary_publish(campaign=campaign, by=request.user)
    done = "已重新公布汇总表，支部党员看到的是现在的汇总。" if again else "已公布汇总表，支部党员可以查看和下载。"
    return _after_write(request, campaign, done=done)


@require_POST
def campaign_withdraw(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_campaign(request, campaign_id, committee=True)
    try:
        summary_withdraw(campaign=campaign, by=request.user)
    except ValidationError as exc:
        return _after_write(request, campaign, error=exc.messages[0])
    return _after_write(request, campaign, done="已撤回公布，支部党员不再能查看汇总表。")


# --- Exports ---------------------------------------------------------------------


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _pdf_download(
    request: HttpRequest, campaign: Campaign, print_pdf: Callable[[], bytes], filename: str, *, excel: str = ""
) -> HttpResponse:
    """The PDF `print_pdf` makes, or the engine's refusal (503) with the way back and,
    for a summary, its Excel file (the URL name `excel`)."""
    try:
        return _download(print_pdf(), "application/pdf", filename)
    except PrintRefused as refused:
        links = [Link(reverse("campaign_mine", args=[campaign.pk]), _("返回征求意见"))]
        if excel:
            links.append(Link(reverse(excel, args=[campaign.pk]), _("汇总表（Excel）")))
        return print_refused(request, refused, subject=campaign.title, links=links)


@require_GET
def campaign_poster(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Anyone in the branch may print the poster: it holds only the public link."""
    campaign = get_campaign(request, campaign_id)
    url = request.build_absolute_uri(reverse("opinion_form", args=[campaign.token]))
    return _pdf_download(request, campaign, lambda: poster_pdf(campaign=campaign, url=url), f"poster-{campaign.pk}.pdf")


def _summary(request: HttpRequest, campaign_id: int, *, published: bool) -> tuple[Campaign, Summary]:
    """The committee's working summary, or the published one (403 while there is none)."""
    if not published:
        campaign = get_campaign(request, campaign_id, committee=True)
        return campaign, current_summary(campaign)
    campaign = get_campaign(request, campaign_id)
    summary = published_summary(campaign)
    if summary is None:
        raise PermissionDenied("支部委员会还没有公布意见建议汇总表。")
    return campaign, summary


def _summary_pdf(request: HttpRequest, campaign_id: int, *, published: bool) -> HttpResponse:
    """The committee's working summary, or the published one, as PDF."""
    campaign, summary = _summary(request, campaign_id, published=published)
    suffix, excel = ("-published", "published_summary_xlsx") if published else ("", "campaign_summary_xlsx")
    return _pdf_download(
        request,
        campaign,
        lambda: summary_pdf(campaign=campaign, summary=summary),
        f"opinions-{campaign.pk}{suffix}.pdf",
        excel=excel,
    )


@require_GET
def campaign_summary_xlsx(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign, summary = _summary(request, campaign_id, published=False)
    return _download(summary_workbook(campaign=campaign, summary=summary), XLSX, f"opinions-{campaign.pk}.xlsx")


@require_GET
def campaign_summary_pdf(request: HttpRequest, campaign_id: int) -> HttpResponse:
    return _summary_pdf(request, campaign_id, published=False)


@require_GET
def published_summary_xlsx(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign, summary = _summary(request, campaign_id, published=True)
    content = summary_workbook(campaign=campaign, summary=summary)
    return _download(content, XLSX, f"opinions-{campaign.pk}-published.xlsx")


@require_GET
def published_summary_pdf(request: HttpRequest, campaign_id: int) -> HttpResponse:
    return _summary_pdf(request, campaign_id, published=True)
