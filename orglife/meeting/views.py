"""The meeting's pages: the overview with notice and agenda, the plan, the sign-in
screen and check-in, attendance, the minutes with autosave, sign-off and prints.

Every view fetches through orglife.orgs.access (get_cycle / get_meeting): outsiders
get 404, members who may only read get 403 on writes.
"""

from __future__ import annotations

from io import BytesIO

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from orglife.meeting import prints, selectors, services, signin
from orglife.meeting.forms import (
    AgendaTitleForm,
    AttendanceForm,
    CorrectionForm,
    LeaveForm,
    MinutesBlockForm,
    PlanForm,
    RemarkForm,
)
from orglife.meeting.models import Attendance, Meeting
from orglife.orgs.access import (
    get_cycle,
    get_meeting,
    is_branch_member,
    may_edit_branch,
    may_manage_meeting,
    may_record_minutes,
    may_sign_minutes,
)
from orglife.orgs.models import User
from orglife.printing.views import DOCX_CONTENT_TYPE, Link, pdf_download

PAGE = "meeting/meeting.html"


def _back(meeting: Meeting, name: str = "meeting", anchor: str = "") -> HttpResponse:
    url = reverse(name, args=[meeting.cycle_id])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _not_held(meeting: Meeting) -> str:
    """Why the meeting may not be held yet ("" once the committee material is approved)."""
    refused = services.not_approved(meeting)
    return refused.message if refused else ""


def _refused(request: HttpRequest, meeting: Meeting, locked: services.MinutesLocked, name: str = "meeting"):
    messages.error(request, locked.message)
    return _back(meeting, name)


@require_GET
def meeting_page(request: HttpRequest, cycle_id: int) -> HttpResponse:
    meeting = get_meeting(request, cycle_id)
    manage = may_manage_meeting(request.user, meeting)
    roll = selectors.meeting_roll(meeting)
    mine = next((m for m in roll.members if m.user.pk == request.user.pk), None)
    context = {
        "meeting": meeting,
        "cycle": meeting.cycle,
        "manage": manage,
        "committee": may_edit_branch(request.user, meeting.cycle.branch),
        "visible": manage or meeting.notice_sent_at is not None,
        "items": selectors.agenda(meeting),
        "roll": roll,
        "mine": mine,
        "leave_form": LeaveForm(),
        "days_ahead": services.days_ahead(meeting),
        "sent_days_ahead": (meeting.date - timezone.localtime(meeting.notice_sent_at).date()).days
        if meeting.notice_sent_at
        else None,
        "notice_days": services.NOTICE_DAYS_AHEAD,
        "add_form": AgendaTitleForm(),
        "versions": meeting.versions.all(),
        "not_held": _not_held(meeting),
    }
    return render(request, PAGE, context)


@require_http_methods(["GET", "POST"])
def meeting_plan(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The notice and plan: the first save creates the meeting with the agenda generated from the cycle."""
    cycle = get_cycle(request, cycle_id, write=True)
    meeting = Meeting.objects.filter(cycle=cycle).first()
    initial = {"date": cycle.planned_date, "chair": request.user}
    data = request.POST if request.method == "POST" else None
    form = PlanForm(data, instance=meeting, initial=initial, branch=cycle.branch)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            meeting = services.meeting_plan_save(cycle=cycle, by=request.user, **fields)
        except services.MinutesLocked as locked:
            form.add_error(None, locked.message)
        else:
            messages.success(request, "会议方案已保存。")
            return _back(meeting)
    return render(request, "meeting/plan.html", {"cycle": cycle, "meeting": meeting, "form": form})


@require_POST
def meeting_agenda_add(request: HttpRequest, cycle_id: int) -> HttpResponse:
    meeting = get_meeting(request, cycle_id, manage=True)
    form = AgendaTitleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写议程内容（200字以内）。")
        return _back(meeting, anchor="agenda")
    try:
        services.agenda_item_add(meeting=meeting, title=form.cleaned_data["title"], by=request.user)
    except services.MinutesLocked as locked:
        return _refused(request, meeting, locked)
    return _back(meeting, anchor="agenda")


@require_POST
def meeting_agenda_item(request: HttpRequest, cycle_id: int, item_id: int) -> HttpResponse:
    """One agenda item: rename (action=save), move (up / down) or delete."""
    meeting = get_meeting(request, cycle_id, manage=True)
    action = request.POST.get("action", "")
    try:
        if action == "save":
            form = AgendaTitleForm(request.POST)
            if not form.is_valid():
                messages.error(request, "请填写议程内容（200字以内）。")
            else:
                services.agenda_item_rename(
                    meeting=meeting, item_id=item_id, title=form.cleaned_data["title"], by=request.user
                )
        elif action in ("up", "down"):
            delta = -1 if action == "up" else 1
            services.agenda_item_move(meeting=meeting, item_id=item_id, delta=delta, by=request.user)
        elif action == "delete":
            services.agenda_item_delete(meeting=meeting, item_id=item_id, by=request.user)
        else:
            return HttpResponse("请求无效：没有指明对议程的操作。", status=400)
    except services.MinutesLocked as locked:
        return _refused(request, meeting, locked)
    return _back(meeting, anchor="agenda")


@require_POST
def meeting_notice_send(request: HttpRequest, cycle_id: int) -> HttpResponse:
    meeting = get_meeting(request, cycle_id, manage=True)
    meeting = services.notice_send(meeting=meeting, by=request.user)
    ahead = services.days_ahead(meeting)
    if ahead < services.NOTICE_DAYS_AHEAD:
        messages.warning(
            request, f"通知已发出，但距会议只有{ahead}天，少于{services.NOTICE_DAYS_AHEAD}天。请确认党员来得及准备。"
        )
    else:
        messages.success(request, f"通知已发出，距会议还有{ahead}天。党员在本页和组织生活会页面即可看到。")
    return _back(meeting)


def _readable_notice(request: HttpRequest, meeting: Meeting) -> None:
    if meeting.notice_sent_at is None and not may_manage_meeting(request.user, meeting):
        raise PermissionDenied("会议通知尚未发出。")


def _docx(content: bytes, filename: str) -> HttpResponse:
    response = FileResponse(BytesIO(content), as_attachment=True, filename=filename, content_type=DOCX_CONTENT_TYPE)
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _links(meeting: Meeting) -> list[Link]:
    return [Link(reverse("meeting", args=[meeting.cycle_id]), "返回会议")]


def _print(request: HttpRequest, meeting: Meeting, job, name: str) -> HttpResponse:
    return pdf_download(request, job, filename=f"{name}.pdf", subject=name, links=_links(meeting))


@require_GET
def meeting_notice_pdf(request: HttpRequest, cycle_id: int) -> HttpResponse:
    meeting = get_meeting(request, cycle_id)
    _readable_notice(request, meeting)
    return _print(request, meeting, prints.notice_job(meeting), "会议通知")


@require_GET
def meeting_notice_docx(request: HttpRequest, cycle_id: int) -> HttpResponse:
    meeting = get_meeting(request, cycle_id)
    _readable_notice(request, meeting)
    return _docx(prints.notice_docx(meeting), "会议通知.docx")


@require_GET
def meeting_minutes_pdf(request: HttpRequest, cycle_id: int) -> HttpResponse:
    meeting = get_meeting(request, cycle_id)
    return _print(request, meeting, prints.minutes_job(meeting), "会议记录")


@require_GET
def meeting_minutes_docx(request: HttpRequest, cycle_id: int) -> HttpResponse:
    meeting = get_meeting(request, cycle_id)
    return _docx(prints.minutes_docx(meeting), "会议记录.docx")


@require_GET
def meeting_sheet_pdf(request: HttpRequest, cycle_id: int) -> HttpResponse:
    meeting = get_meeting(request, cycle_id)
    return _print(request, meeting, prints.sheet_job(meeting), "签到表")


@require_GET
def meeting_sheet_docx(request: HttpRequest, cycle_id: int) -> HttpResponse:
    meeting = get_meeting(request, cycle_id)
    return _docx(prints.sheet_docx(meeting), "签到表.docx")


# --- Sign-in -----------------------------------------------------------------------


def _checkin_url(request: HttpRequest, meeting: Meeting, code: str) -> str:
    return request.build_absolute_uri(reverse("meeting_checkin", args=[meeting.cycle_id, code]))


@require_GET
def meeting_screen(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The page shown on the screen in the room: the rotating code and who has signed in."""
    meeting = get_meeting(request, cycle_id, manage=True)
    return render(request, "meeting/screen.html", _screen_context(meeting))


def _screen_context(meeting: Meeting) -> dict:
    return {
        "meeting": meeting,
        "cycle": meeting.cycle,
        "bucket": signin.bucket(),
        "roll": selectors.meeting_roll(meeting),
        "seconds": signin.BUCKET_SECONDS,
        "not_held": _not_held(meeting),
    }


@require_GET
def meeting_screen_code(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The screen's code and counts, polled by htmx every ten seconds."""
    meeting = get_meeting(request, cycle_id, manage=True)
    response = render(request, "meeting/screen.html#code", _screen_context(meeting))
    add_never_cache_headers(response)
    return response


@require_GET
def meeting_qr(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The QR code of the current check-in URL as SVG; never cached."""
    meeting = get_meeting(request, cycle_id, manage=True)
    if not_held := _not_held(meeting):
        return HttpResponse(not_held, status=409, content_type="text/plain; charset=utf-8")
    url = _checkin_url(request, meeting, signin.signin_code(meeting.pk))
    buffer = BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="svg", scale=10, border=2)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "POST"])
def meeting_checkin(request: HttpRequest, cycle_id: int, code: str) -> HttpResponse:
    """Where the scanned code leads: a member confirms and is signed in. A code older
    than a minute is refused; the confirmation page's grant lasts two minutes."""
    meeting = get_meeting(request, cycle_id)
    if not is_branch_member(request.user, meeting.cycle.branch):
        raise PermissionDenied("只有本支部党员可以签到。")
    context = {"meeting": meeting, "cycle": meeting.cycle, "code": code}
    if request.method == "GET":
        if not_held := _not_held(meeting):
            return render(request, "meeting/checkin.html", {**context, "error": not_held}, status=409)
        if not signin.code_is_fresh(meeting.pk, code):
            return render(request, "meeting/checkin.html", {**context, "expired": True}, status=410)
        context["grant"] = signin.make_grant(meeting.pk, request.user.pk)
        return render(request, "meeting/checkin.html", context)
    if not signin.grant_is_valid(request.POST.get("grant", ""), meeting.pk, request.user.pk):
        return render(request, "meeting/checkin.html", {**context, "expired": True}, status=410)
    try:
        attendance, new = services.self_sign_in(meeting=meeting, user=request.user)
    except services.MinutesLocked as locked:
        return render(request, "meeting/checkin.html", {**context, "error": locked.message}, status=409)
    return render(request, "meeting/checkin.html", {**context, "done": attendance, "new": new})


@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The recorder's roll: 代签, 补签, leave entered for a member, or taking a record back."""
    meeting = get_meeting(request, cycle_id, manage=True)
    form = AttendanceForm(request.POST if request.method == "POST" else None, branch=meeting.cycle.branch)
    if request.method == "POST":
        if form.is_valid():
            try:
                _record(meeting, form.cleaned_data, request.user)
            except services.MinutesLocked as locked:
                return _refused(request, meeting, locked, "meeting_attendance")
            return _back(meeting, "meeting_attendance", f"member-{form.cleaned_data['member'].pk}")
        messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors))
    roll = selectors.meeting_roll(meeting)
    context = {"meeting": meeting, "cycle": meeting.cycle, "roll": roll, "not_held": _not_held(meeting)}
    return render(request, "meeting/attendance.html", context)


def _record(meeting: Meeting, data: dict, by: User) -> None:
    member, action = data["member"], data["action"]
    if action == "clear":
        services.attendance_clear(meeting=meeting, user=member, by=by)
    elif action == "leave":
        services.attendance_record(
            meeting=meeting,
            user=member,
            status=Attendance.Status.LEAVE,
            method=Attendance.Method.ENTERED,
            reason=data["reason"].strip(),
            by=by,
        )
    else:
        services.attendance_record(meeting=meeting, user=member, status=Attendance.Status.PRESENT, method=action, by=by)


@require_POST
def meeting_leave(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """A member asks for leave for themselves, with the reason."""
    meeting = get_meeting(request, cycle_id)
    if not is_branch_member(request.user, meeting.cycle.branch):
        raise PermissionDenied("只有本支部党员可以请假。")
    form = LeaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写请假原因（200字以内）。")
        return _back(meeting, anchor="my-attendance")
    try:
        services.attendance_record(
            meeting=meeting,
            user=request.user,
            status=Attendance.Status.LEAVE,
            method=Attendance.Method.ASKED,
            reason=form.cleaned_data["reason"].strip(),
            by=request.user,
        )
    except services.MinutesLocked as locked:
        return _refused(request, meeting, locked)
    messages.success(request, "已向党支部请假。")
    return _back(meeting, anchor="my-attendance")


# --- Minutes -----------------------------------------------------------------------


def _minutes_context(request: HttpRequest, meeting: Meeting) -> dict:
    roll = selectors.meeting_roll(meeting)
    items = selectors.agenda(meeting)
    turns = selectors.criticism_turns(meeting, roll.members)
    not_held = _not_held(meeting)
    return {
        "meeting": meeting,
        "cycle": meeting.cycle,
        "items": [_block(item, "item") for item in items],
        "turns": [(t, *_block(t.turn, "turn")[1:]) for t in turns],
        "higher_token": _block(meeting, "higher")[1],
        "higher_fields": _block(meeting, "higher")[2],
        "has_higher": any(item.kind == "higher" for item in items),
        "has_criticism": any(item.kind == "criticism" for item in items),
        "members": roll.members,
        "roll": roll,
        "record": may_record_minutes(request.user, meeting) and not meeting.signing and not not_held,
        "may_sign": may_sign_minutes(request.user, meeting) and not not_held,
        "not_held": not_held,
        "may_correct": may_sign_minutes(request.user, meeting) or may_edit_branch(request.user, meeting.cycle.branch),
        "versions": meeting.versions.all(),
    }


LABELS = {
    "points": "发言要点",
    "conclusion": "结论",
    "self_criticism": "自我批评",
    "response": "本人表态",
    "higher_comments": "点评内容",
}


def _block(obj, kind: str) -> tuple:
    """(obj, its token, its fields as (name, label, value)) for one autosave form."""
    values = services.block_values(obj, kind)
    return obj, services.token_of(values), [(name, LABELS[name], value) for name, value in values.items()]


@require_GET
def meeting_minutes(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The minutes: for the recorder, forms that save themselves; for everyone else, the text."""
    meeting = get_meeting(request, cycle_id)
    return render(request, "meeting/minutes.html", _minutes_context(request, meeting))


def _record_minutes(request: HttpRequest, cycle_id: int) -> Meeting:
    meeting = get_meeting(request, cycle_id)
    if not may_record_minutes(request.user, meeting):
        raise PermissionDenied("只有记录人和支部委员可以填写会议记录。")
    return meeting


@require_POST
def meeting_minutes_save(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """One autosave, answered in JSON: 200 saved (with X-Orglife-Saved and the new
    token), 409 conflict (with their text), 423 locked, 400 refused. A save also keeps
    the session alive, so a recorder who types for hours is never logged out."""
    meeting = _record_minutes(request, cycle_id)
    request.session.modified = True  # renews the session's expiry with every save
    form = MinutesBlockForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": "内容无效或超过20000字，没有保存。"}, status=400)
    data = form.cleaned_data
    try:
        token = services.minutes_save(
            meeting=meeting,
            kind=data["kind"],
            key=data["key"] or 0,
            base=data["base"],
            changes=form.changes(),
            by=request.user,
        )
    except services.EditConflict as conflict:
        return JsonResponse({"conflict": True, "theirs": conflict.current, "token": conflict.token}, status=409)
    except services.MinutesLocked as locked:
        return JsonResponse({"error": locked.message}, status=423)
    except LookupError:
        return JsonResponse({"error": "这一项已不存在（可能已被删除），没有保存。请刷新页面。"}, status=404)
    response = JsonResponse({"token": token, "saved_at": timezone.localtime().strftime("%H:%M:%S")})
    response["X-Orglife-Saved"] = "1"
    return response


@require_POST
def meeting_remark_add(request: HttpRequest, cycle_id: int, member_id: int) -> HttpResponse:
    meeting = _record_minutes(request, cycle_id)
    member = get_object_or_404(selectors.member_users(meeting), pk=member_id)
    form = RemarkForm(request.POST, branch=meeting.cycle.branch)
    if not form.is_valid():
        messages.error(request, "请选择提出人并填写批评意见。")
        return _back(meeting, "meeting_minutes", f"turn-{member.pk}")
    try:
        services.remark_add(
            meeting=meeting,
            member=member,
            speaker=form.cleaned_data["speaker"],
            text=form.cleaned_data["text"],
            by=request.user,
        )
    except services.MinutesLocked as locked:
        return _refused(request, meeting, locked, "meeting_minutes")
    return _back(meeting, "meeting_minutes", f"turn-{member.pk}")


@require_POST
def meeting_remark_delete(request: HttpRequest, cycle_id: int, remark_id: int) -> HttpResponse:
    meeting = _record_minutes(request, cycle_id)
    remark = get_object_or_404(selectors.remarks(meeting), pk=remark_id)
    try:
        services.remark_delete(meeting=meeting, remark_id=remark.pk, by=request.user)
    except services.MinutesLocked as locked:
        return _refused(request, meeting, locked, "meeting_minutes")
    return _back(meeting, "meeting_minutes", f"turn-{remark.turn.member_id}")


@require_POST
def meeting_sign(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The chair's or the recorder's confirmation (action=sign), or its withdrawal (withdraw)."""
    meeting = get_meeting(request, cycle_id)
    if not may_sign_minutes(request.user, meeting):
        raise PermissionDenied("只有本次会议的主持人和记录人可以确认会议记录。")
    if request.POST.get("action") == "withdraw":
        try:
            services.minutes_unsign(meeting=meeting, user=request.user)
        except services.MinutesLocked as locked:
            return _refused(request, meeting, locked, "meeting_minutes")
        messages.success(request, "已撤回确认，会议记录可以继续修改。")
        return _back(meeting, "meeting_minutes")
    meeting = services.minutes_sign(meeting=meeting, user=request.user)
    if meeting.locked:
        messages.success(request, f"主持人和记录人均已确认，会议记录已锁定（第{meeting.versions.count()}版）。")
    else:
        messages.success(request, "已确认会议记录，等待另一位确认。确认期间会议记录不能修改。")
    return _back(meeting, "meeting_minutes")


@require_POST
def meeting_correct(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Reopen locked minutes for a correction, with the reason; the signed version is kept."""
    meeting = get_meeting(request, cycle_id)
    if not (may_sign_minutes(request.user, meeting) or may_edit_branch(request.user, meeting.cycle.branch)):
        raise PermissionDenied("只有主持人、记录人和支部委员可以申请更正。")
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写更正原因（200字以内）。")
        return _back(meeting, "meeting_minutes", "sign-off")
    try:
        services.minutes_correct(meeting=meeting, reason=form.cleaned_data["reason"], by=request.user)
    except services.MinutesLocked as locked:
        return _refused(request, meeting, locked, "meeting_minutes")
    messages.success(request, "会议记录已重新开放更正。更正后须主持人和记录人再次确认，形成新的版本。")
    return _back(meeting, "meeting_minutes")
