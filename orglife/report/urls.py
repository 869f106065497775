"""URLs of the situation report (情况报告)."""

from django.urls import path

from orglife.report import views as report

urlpatterns = [
    path("cycles/<int:cycle_id>/report/", report.report, name="report"),
    path("cycles/<int:cycle_id>/report/generate/", report.report_generate, name="report_generate"),
    path("cycles/<int:cycle_id>/report/edit/", report.report_edit, name="report_edit"),
    path("cycles/<int:cycle_id>/report/sections/add/", report.report_section_add, name="report_section_add"),
    path(
        "cycles/<int:cycle_id>/report/sections/<int:section_id>/edit/",
        report.report_section_edit,
        name="report_section_edit",
    ),
    path(
        "cycles/<int:cycle_id>/report/sections/<int:section_id>/delete/",
        report.report_section_delete,
        name="report_section_delete",
    ),
    path("cycles/<int:cycle_id>/report/report.pdf", report.report_pdf, name="report_pdf"),
    path("cycles/<int:cycle_id>/report/report.docx", report.report_docx, name="report_docx"),
]
