"""Talks (谈心谈话): the list, a record's page and form, filing an opinion from it, the
coverage matrix with who is responsible for whom, and the prints."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from orglife.orgs.access import get_cycle, get_talk, may_record_talks, may_see_coverage, standing
from orglife.printing.views import Link, pdf_download
from orglife.talks import pdf, services
from orglife.talks.forms import TalkForm, TalkOpinionForm
from orglife.talks.selectors import coverage, liaisons, talks_of_cycle


@require_GET
def talk_list(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_id)
    where = standing(request.user, cycle.branch)
    context = {
        "cycle": cycle,
        "talks": talks_of_cycle(request.user, cycle),
        "can_edit": where.committee,
        "sees_all": where.committee or where.reviewer,
    }
    return render(request, "talks/list.html", context)


def _form_page(request, *, cycle, form, talk=None, status=200) -> HttpResponse:
    return render(request, "talks/form.html", {"cycle": cycle, "form": form, "talk": talk}, status=status)


def _saved(form: TalkForm, save) -> bool:
    """Whether `save`, called with the form's details, saved; otherwise the form has the errors."""
    if not form.is_valid():
        return False
    try:
        save(**form.details())
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    return True


@require_http_methods(["GET", "POST"])
def talk_new(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_id, write=True)
    if request.method == "GET":
        # ?lead=&partner=: the coverage page's 待谈 list opens the form for that pair.
        initial = {"lead": request.GET.get("lead") or request.user.pk, "partners": request.GET.getlist("partner")}
        return _form_page(request, cycle=cycle, form=TalkForm(cycle=cycle, initial=initial))
    form = TalkForm(request.POST, cycle=cycle)
    created = []
    if _saved(form, lambda **d: created.append(services.talk_create(cycle=cycle, by=request.user, **d))):
        messages.success(request, "已保存谈心谈话记录。")
        return redirect("talk", created[0].pk)
    return _form_page(request, cycle=cycle, form=form, status=400)


@require_GET
def talk_detail(request: HttpRequest, talk_id: int) -> HttpResponse:
    talk = get_talk(request, talk_id)
    can_edit = may_record_talks(request.user, talk.cycle.branch)
    people = list(talk.participants.select_related("user"))
    filed = talk.filed.select_related("opinion__campaign", "opinion__signature__author", "opinion__category")
    partner = next((p.user for p in people if p.role == "partner"), None)
    filed = list(filed)
    # The record's opinions start the form until one is filed, so a second click files nothing twice.
    initial = {"raised_by": partner, "text": "" if filed else talk.opinions}
    context = {
        "talk": talk,
        "cycle": talk.cycle,
        "people": people,
        "filed": filed,
        "can_edit": can_edit,
        "opinion_form": TalkOpinionForm(talk=talk, initial=initial) if can_edit else None,
    }
    return render(request, "talks/talk.html", context)


@require_http_methods(["GET", "POST"])
def talk_edit(request: HttpRequest, talk_id: int) -> HttpResponse:
    talk = get_talk(request, talk_id, write=True)
    if request.method == "GET":
        form = TalkForm(cycle=talk.cycle, initial=TalkForm.initial_for(talk))
        return _form_page(request, cycle=talk.cycle, form=form, talk=talk)
    form = TalkForm(request.POST, cycle=talk.cycle)
    if _saved(form, lambda **d: services.talk_update(talk=talk, **d)):
        messages.success(request, "已保存谈心谈话记录。")
        return redirect("talk", talk.pk)
    return _form_page(request, cycle=talk.cycle, form=form, talk=talk, status=400)


@require_POST
def talk_delete(request: HttpRequest, talk_id: int) -> HttpResponse:
    talk = get_talk(request, talk_id, write=True)
    cycle_id = talk.cycle_id
    services.talk_delete(talk=talk)
    messages.success(request, "已删除这条谈心谈话记录（从中登记的意见建议仍保留在征求意见活动中）。")
    return redirect("talk_list", cycle_id)


@require_POST
def talk_opinion(request: HttpRequest, talk_id: int) -> HttpResponse:
    talk = get_talk(request, talk_id, write=True)
    form = TalkOpinionForm(request.POST, talk=talk)
    if form.is_valid():
        try:
            opinion = services.talk_opinion_file(talk=talk, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"已将意见登记到“{opinion.campaign.title}”，来源为谈心谈话，可在意见处理页处理。")
            return redirect("talk", talk.pk)
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    people = list(talk.participants.select_related("user"))
    context = {"talk": talk, "cycle": talk.cycle, "people": people, "can_edit": True, "opinion_form": form}
    context["filed"] = list(talk.filed.select_related("opinion__campaign", "opinion__signature__author"))
    return render(request, "talks/talk.html", context, status=400)


def _coverage_cycle(request: HttpRequest, cycle_id: int):
    cycle = get_cycle(request, cycle_id)
    if not may_see_coverage(request.user, cycle.branch):
        raise PermissionDenied("谈心谈话的覆盖情况只有支部委员和上级审核人可以查看。")
    return cycle


@require_GET
def talk_coverage(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = _coverage_cycle(request, cycle_id)
    found = coverage(cycle)
    responsible = liaisons(cycle.branch)
    committee = [p for p in found.people if p.committee]
    members = [(p, responsible.get(p.user.pk)) for p in found.people if not p.committee]
    context = {
        "cycle": cycle,
        "coverage": found,
        "committee": committee,
        "members": members,
        "can_edit": may_record_talks(request.user, cycle.branch),
    }
    return render(request, "talks/coverage.html", context)


@require_POST
def talk_liaisons(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_id, write=True)
    responsible = {}
    for key, value in request.POST.items():
        if key.startswith("member-"):
            try:
                responsible[int(key.removeprefix("member-"))] = int(value) if value else None
            except ValueError:
                messages.error(request, "联系支委的选择不正确，没有保存。")
                return redirect("talk_coverage", cycle.pk)
    try:
        changed = services.liaisons_set(branch=cycle.branch, cycle=cycle, responsible=responsible)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages) + "没有保存。")
    else:
        messages.success(request, f"已保存联系支委（{changed}处变动）。" if changed else "联系支委没有变动。")
    return redirect(reverse("talk_coverage", args=[cycle.pk]) + "#liaisons")


@require_GET
def talk_pdf(request: HttpRequest, talk_id: int) -> HttpResponse:
    talk = get_talk(request, talk_id)
    links = [Link(reverse("talk", args=[talk.pk]), "返回谈话记录")]
    return pdf_download(
        request, pdf.talk_job(talk), filename=pdf.talk_filename(talk), subject="谈心谈话记录", links=links
    )


@require_GET
def talk_coverage_pdf(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = _coverage_cycle(request, cycle_id)
    links = [Link(reverse("talk_coverage", args=[cycle.pk]), "返回谈心谈话覆盖情况")]
    return pdf_download(
        request,
        pdf.coverage_job(cycle, coverage(cycle)),
        filename=f"谈心谈话覆盖情况表-{cycle.year}.pdf",
        subject="谈心谈话覆盖情况表",
        links=links,
    )
