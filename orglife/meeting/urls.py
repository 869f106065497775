"""URLs of a cycle's meeting: notice and plan, sign-in, attendance, minutes, prints."""

from django.urls import path

from orglife.meeting import views

M = "cycles/<int:cycle_id>/meeting/"

urlpatterns = [
    path(M, views.meeting_page, name="meeting"),
    path(M + "plan/", views.meeting_plan, name="meeting_plan"),
    path(M + "agenda/add/", views.meeting_agenda_add, name="meeting_agenda_add"),
    path(M + "agenda/<int:item_id>/", views.meeting_agenda_item, name="meeting_agenda_item"),
    path(M + "notice/send/", views.meeting_notice_send, name="meeting_notice_send"),
    path(M + "notice.pdf", views.meeting_notice_pdf, name="meeting_notice_pdf"),
    path(M + "notice.docx", views.meeting_notice_docx, name="meeting_notice_docx"),
    path(M + "screen/", views.meeting_screen, name="meeting_screen"),
    path(M + "screen/code/", views.meeting_screen_code, name="meeting_screen_code"),
    path(M + "screen/qr.svg", views.meeting_qr, name="meeting_qr"),
    path(M + "checkin/<str:code>/", views.meeting_checkin, name="meeting_checkin"),
    path(M + "attendance/", views.meeting_attendance, name="meeting_attendance"),
    path(M + "leave/", views.meeting_leave, name="meeting_leave"),
    path(M + "minutes/", views.meeting_minutes, name="meeting_minutes"),
    path(M + "minutes/save/", views.meeting_minutes_save, name="meeting_minutes_save"),
    path(M + "minutes/turns/<int:member_id>/remarks/", views.meeting_remark_add, name="meeting_remark_add"),
    path(M + "minutes/remarks/<int:remark_id>/delete/", views.meeting_remark_delete, name="meeting_remark_delete"),
    path(M + "minutes/sign/", views.meeting_sign, name="meeting_sign"),
    path(M + "minutes/correct/", views.meeting_correct, name="meeting_correct"),
    path(M + "minutes.pdf", views.meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path(M + "minutes.docx", views.meeting_minutes_docx, name="meeting_minutes_docx"),
    path(M + "sign-in-sheet.pdf", views.meeting_sheet_pdf, name="meeting_sheet_pdf"),
    path(M + "sign-in-sheet.docx", views.meeting_sheet_docx, name="meeting_sheet_docx"),
]
