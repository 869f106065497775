"""The democratic evaluation: its page, the committee's set-up, opening and closing,
the phone ballot, paper ballots, final grades, the download and the prints."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from orglife.common.ordinals import chinese_date
from orglife.evaluation import exports, selectors, services
from orglife.evaluation.forms import BallotForm, EvaluationForm, FinalGradesForm, PaperVoterForm, SelfAssessmentForm
from orglife.evaluation.models import MIN_BALLOTS, Evaluation, Grade, Rating
from orglife.orgs.access import (
    get_cycle,
    get_evaluation,
    is_branch_member,
    may_cast_ballot,
    may_run_evaluation,
    may_see_final_grades,
)
from orglife.printing.pdf import PrintRefused
from orglife.printing.views import Link, print_refused

RESULTS_LATER = "投票结束后才公布结果。"
BLANK_COPIES_MAX = 200


def _posted(request: HttpRequest):
    """The form's data on a POST, even an empty one (which is then refused, not shown blank)."""
    return request.POST if request.method == "POST" else None


def _back(evaluation: Evaluation) -> HttpResponse:
    return redirect("evaluation", evaluation.pk)


def _refused(request: HttpRequest, evaluation: Evaluation, exc: ValidationError) -> HttpResponse:
    messages.error(request, exc.messages[0])
    return _back(evaluation)


@require_http_methods(["GET", "POST"])
def evaluation_create(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_id, write=True)
    existing = Evaluation.objects.filter(cycle=cycle).first()
    if existing is not None:
        return _back(existing)
    if request.method == "POST":
        services.evaluation_create(
            cycle=cycle,
            include_probationary=request.POST.get("include_probationary") == "on",
            rate_committee=request.POST.get("rate_committee") == "on",
        )
        evaluation = Evaluation.objects.get(cycle=cycle)
        messages.success(request, _("已建立民主评议，请核对参评党员和投票人。"))
        return redirect("evaluation_edit", evaluation.pk)
    return render(request, "evaluation/create.html", {"cycle": cycle})


@require_http_methods(["GET", "POST"])
def evaluation_edit(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = get_evaluation(request, evaluation_id, write=True)
    if evaluation.state != Evaluation.State.DRAFT:
        messages.error(request, _("投票已经开始，不能再修改参评党员和投票人。"))
        return _back(evaluation)
    members = services.voting_members(evaluation.cycle)
    initial = {
        "include_probationary": evaluation.include_probationary,
        "rate_committee": evaluation.rate_committee,
        "voters": [v.member_id for v in evaluation.voters.all()],
    }
    form = EvaluationForm(_posted(request), initial=initial, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        order = {m.pk: n for n, m in enumerate(members)}
        try:
            services.evaluation_update(
                evaluation=evaluation,
                include_probationary=data["include_probationary"],
                rate_committee=data["rate_committee"],
                voters=sorted(data["voters"], key=lambda user: order[user.pk]),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存。"))
            return _back(evaluation)
    context = {"evaluation": evaluation, "form": form, "subjects": selectors.subjects(evaluation)}
    return render(request, "evaluation/edit.html", context, status=400 if form.errors else 200)


@require_GET
def evaluation_page(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """Before the close only "N of M have voted"; after it the tally, the receipts and
    the download; the member's own final grade once told; the committee's tools."""
    evaluation = get_evaluation(request, evaluation_id)
    user = request.user
    context = {
        "evaluation": evaluation,
        "cycle": evaluation.cycle,
        "progress": selectors.progress(evaluation),
        "subjects": selectors.subjects(evaluation),
        "can_run": may_run_evaluation(user, evaluation),
        "can_vote": may_cast_ballot(user, evaluation),
        "has_voted": selectors.has_voted(evaluation, user),
        "tally": selectors.tally(evaluation),
        "receipts": selectors.receipt_codes(evaluation),
        "paper": selectors.paper_count(evaluation),
        "own_grade": selectors.own_final_grade(evaluation, user),
        "is_subject": selectors.is_subject(evaluation, user),
        "self_form": SelfAssessmentForm(initial={"text": selectors.own_self_assessment(evaluation, user)}),
        "sees_grades": may_see_final_grades(user, evaluation),
        "grades": Grade.labels,
        "ratings": Rating.labels,
        "min_ballots": MIN_BALLOTS,
    }
    if evaluation.closed_at:
        context["closed_on"] = chinese_date(timezone.localdate(evaluation.closed_at))
    return render(request, "evaluation/evaluation.html", context)


@require_POST
def evaluation_self(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """A member evaluated writes their self-assessment (自我评价)."""
    evaluation = get_evaluation(request, evaluation_id)
    if not (is_branch_member(request.user, evaluation.cycle.branch) and selectors.is_subject(evaluation, request.user)):
        raise PermissionDenied("只有参评党员本人可以填写自我评价。")
    form = SelfAssessmentForm(request.POST)
    if not form.is_valid():
        return _refused(request, evaluation, ValidationError(form.errors["text"][0]))
    try:
        services.self_assessment_save(evaluation=evaluation, member=request.user, text=form.cleaned_data["text"])
    except ValidationError as exc:
        return _refused(request, evaluation, exc)
    messages.success(request, _("已保存自我评价。"))
    return _back(evaluation)


def _move(request: HttpRequest, evaluation_id: int, move, done: str) -> HttpResponse:
    """Open or close the vote through `move` (a service), saying `done` or why not."""
    evaluation = get_evaluation(request, evaluation_id, write=True)
    try:
        move(evaluation=evaluation)
    except ValidationError as exc:
        return _refused(request, evaluation, exc)
    messages.success(request, done)
    return _back(evaluation)


@require_POST
def evaluation_open(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    return _move(request, evaluation_id, services.evaluation_open, _("投票已开始。"))


@require_POST
def evaluation_close(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    return _move(request, evaluation_id, services.evaluation_close, _("投票已结束，结果和回执码已公布。"))


def _ballot_render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    """`messages` empty: showing a pending message would write the voter's session just
    when they cast."""
    return render(request, template, context | {"messages": ()}, status=status)


# The grades never reach an error report (ADMINS mail), where they would stand next to
# the user and the time; the request is kept out of the request logs (opinions/logfilter.py).
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def evaluation_ballot(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The phone ballot. It writes nothing but the cast: not the session, not a message;
    the receipt code is in the answer to the cast, and nowhere else."""
    evaluation = get_evaluation(request, evaluation_id)
    if not may_cast_ballot(request.user, evaluation):
        raise PermissionDenied("您不在本次民主评议的投票人名单中。")
    context = {"evaluation": evaluation, "cycle": evaluation.cycle}
    if evaluation.state != Evaluation.State.OPEN or selectors.has_voted(evaluation, request.user):
        context["has_voted"] = selectors.has_voted(evaluation, request.user)
        return _ballot_render(request, "evaluation/ballot_closed.html", context)
    subjects = [s for s in selectors.subjects(evaluation) if s.member_id != request.user.pk]
    form = BallotForm(_posted(request), subjects=subjects, rate_committee=evaluation.rate_committee)
    if request.method == "POST" and form.is_valid():
        try:
            code = services.ballot_cast(
                evaluation=evaluation, voter=request.user, grades=form.chosen_grades(), rating=form.chosen_rating()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _ballot_render(request, "evaluation/receipt.html", context | {"code": code})
    context |= {"form": form, "total": len(subjects)}
    return _ballot_render(request, "evaluation/ballot.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def evaluation_paper(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The committee enters the paper ballots from the box, each without a voter."""
    evaluation = get_evaluation(request, evaluation_id, write=True)
    form = BallotForm(
        _posted(request), subjects=selectors.subjects(evaluation), rate_committee=evaluation.rate_committee
    )
    if request.method == "POST":
        if evaluation.state != Evaluation.State.OPEN:
            return _refused(request, evaluation, ValidationError(services.NOT_OPEN))
        if form.is_valid():
            try:
                services.paper_ballot_enter(
                    evaluation=evaluation, grades=form.chosen_grades(), rating=form.chosen_rating()
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("已录入一张纸质选票。"))
                return redirect("evaluation_paper", evaluation.pk)
    voters = [v.member for v in evaluation.voters.select_related("member")]
    evaluation.refresh_from_db(fields=["paper_entered"])
    context = {
        "evaluation": evaluation,
        "cycle": evaluation.cycle,
        "form": form,
        "voter_form": PaperVoterForm(voters=voters),
        "ticked": selectors.paper_count(evaluation),
        "progress": selectors.progress(evaluation),
    }
    return render(request, "evaluation/paper.html", context, status=400 if form.errors else 200)


@require_POST
def evaluation_paper_voter(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = get_evaluation(request, evaluation_id, write=True)
    voters = [v.member for v in evaluation.voters.select_related("member")]
    form = PaperVoterForm(request.POST, voters=voters)
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return redirect("evaluation_paper", evaluation.pk)
    try:
        services.paper_voter_mark(evaluation=evaluation, voter=form.cleaned_data["voter"])
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, _("已登记%(name)s投纸质选票。") % {"name": form.cleaned_data["voter"].get_full_name()}
        )
    return redirect("evaluation_paper", evaluation.pk)


@require_http_methods(["GET", "POST"])
def evaluation_grades(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The committee sets each member's final grade with the tally beside it."""
    evaluation = get_evaluation(request, evaluation_id, write=True)
    tally = selectors.tally(evaluation, with_final=True)
    if tally is None:
        return _refused(request, evaluation, ValidationError(RESULTS_LATER))
    initial = {}
    for row in tally.rows:
        if row.final:
            initial |= {f"g{row.member.pk}": row.final.grade, f"r{row.member.pk}": row.final.reason}
    form = FinalGradesForm(_posted(request), initial=initial, subjects=selectors.subjects(evaluation))
    if request.method == "POST" and form.is_valid():
        try:
            services.final_grades_save(evaluation=evaluation, grades=form.grades(), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存评定等次。"))
            return redirect("evaluation_grades", evaluation.pk)
    fields = {subject.member_id: (grade, reason) for subject, grade, reason in form.pairs()}
    written = selectors.self_assessments(evaluation)
    rows = [(row, *fields[row.member.pk], written.get(row.member.pk, "")) for row in tally.rows]
    # As picked on the form when it comes back refused, as saved otherwise.
    excellent = sum(1 for _, grade, _ in form.pairs() if grade.value() == Grade.EXCELLENT)
    context = {
        "evaluation": evaluation,
        "cycle": evaluation.cycle,
        "form": form,
        "rows": rows,
        "grades": Grade.labels,
        "excellent": excellent,
        "over_third": selectors.excellent_over_third(evaluation, excellent),
        "subject_count": len(tally.rows),
    }
    return render(request, "evaluation/grades.html", context, status=400 if form.errors else 200)


@require_POST
def evaluation_grades_publish(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = get_evaluation(request, evaluation_id, write=True)
    try:
        services.final_grades_publish(evaluation=evaluation)
    except ValidationError as exc:
        return _refused(request, evaluation, exc)
    messages.success(request, _("已告知党员本人的评定等次。"))
    return _back(evaluation)


@require_GET
def evaluation_votes_csv(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = get_evaluation(request, evaluation_id)
    if not selectors.results_shown(evaluation):
        raise PermissionDenied(RESULTS_LATER)
    response = HttpResponse(exports.votes_csv(evaluation), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E6%B0%91%E4%B8%BB%E8%AF%84%E8%AE%AE%E9%80%89%E7%A5%A8.csv"
    )
    response["Cache-Control"] = "no-store"
    return response


def _pdf(request: HttpRequest, evaluation: Evaluation, make, filename: str) -> HttpResponse:
    try:
        data = make()
    except PrintRefused as refused:
        links = [Link(reverse("evaluation", args=[evaluation.pk]), _("返回民主评议"))]
        return print_refused(request, refused, subject=_("民主评议"), links=links)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@require_GET
def evaluation_result_pdf(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """测评结果统计表, with the final grades: the committee and the reviewers."""
    evaluation = get_evaluation(request, evaluation_id)
    if not may_see_final_grades(request.user, evaluation):
        raise PermissionDenied("只有支部委员和上级审核人可以查看评定等次。")
    tally = selectors.tally(evaluation, with_final=True)
    if tally is None:
        raise PermissionDenied(RESULTS_LATER)
    name = "%E6%B5%8B%E8%AF%84%E7%BB%93%E6%9E%9C%E7%BB%9F%E8%AE%A1%E8%A1%A8.pdf"  # 测评结果统计表.pdf
    return _pdf(request, evaluation, lambda: exports.result_pdf(evaluation, tally), name)


@require_GET
def evaluation_blank_pdf(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """Blank paper ballots, as many as there are voters (or ?copies=N, at most 200)."""
    evaluation = get_evaluation(request, evaluation_id, write=True)
    try:
        copies = int(request.GET.get("copies") or evaluation.voters.count())
    except ValueError:
        copies = evaluation.voters.count()
    copies = min(max(copies, 1), BLANK_COPIES_MAX)
    name = "%E6%B0%91%E4%B8%BB%E8%AF%84%E8%AE%AE%E9%80%89%E7%A5%A8.pdf"  # 民主评议选票.pdf
    return _pdf(request, evaluation, lambda: exports.blank_ballots_pdf(evaluation, copies=copies), name)
