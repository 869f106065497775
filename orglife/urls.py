from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from orglife.auth import AdminLoginForm, LoginView
from orglife.views import cycle, importing, material, opinion, org, printing, revision

urlpatterns = [
    path("", org.home, name="home"),
    path("favicon.ico", org.favicon, name="favicon"),
    path("accounts/login/", LoginView.as_view(), name="login"),
    # Logging out without a session just lands on the login page, not on a login that returns here.
    path("accounts/logout/", login_not_required(auth_views.LogoutView.as_view()), name="logout"),
    path("orgs/<int:org_id>/", org.organisation_detail, name="organisation"),
    path("orgs/<int:org_id>/cycles/new/", cycle.cycle_new, name="cycle_new"),
    path("cycles/<int:cycle_id>/", cycle.cycle_detail, name="cycle"),
    path("cycles/<int:cycle_id>/edit/", cycle.cycle_edit, name="cycle_edit"),
    path("cycles/<int:cycle_id>/categories/preset/", cycle.cycle_category_preset, name="cycle_category_preset"),
    path("cycles/<int:cycle_id>/categories/add/", cycle.cycle_category_add, name="cycle_category_add"),
    path(
        "cycles/<int:cycle_id>/categories/<int:category_id>/edit/",
        cycle.cycle_category_edit,
        name="cycle_category_edit",
    ),
    path(
        "cycles/<int:cycle_id>/categories/<int:category_id>/move/<str:way>/",
        cycle.cycle_category_move,
        name="cycle_category_move",
    ),
    path(
        "cycles/<int:cycle_id>/categories/<int:category_id>/delete/",
        cycle.cycle_category_delete,
        name="cycle_category_delete",
    ),
    path("materials/<int:material_id>/", material.material_detail, name="material"),
    path("materials/<int:material_id>/print.pdf", printing.material_pdf, name="material_pdf"),
    path("materials/<int:material_id>/export.docx", printing.material_docx, name="material_docx"),
    path("cycles/<int:cycle_id>/import/", importing.import_upload, name="material_import"),
    path("cycles/<int:cycle_id>/import/confirm/", importing.import_confirm, name="material_import_confirm"),
    path("cycles/<int:cycle_id>/import/personal/", importing.import_upload, {"personal": True}, name="personal_import"),
    path(
        "cycles/<int:cycle_id>/import/personal/confirm/",
        importing.import_confirm,
        {"personal": True},
        name="personal_import_confirm",
    ),
    path("materials/<int:material_id>/revisions/", revision.revision_list, name="material_revisions"),
    path("materials/<int:material_id>/revisions/save/", revision.revision_save, name="material_revision_save"),
    path("materials/<int:material_id>/revisions/compare/", revision.revision_compare, name="material_revision_compare"),
    path(
        "materials/<int:material_id>/revisions/<int:revision_id>/download/",
        revision.revision_download,
        name="material_revision_download",
    ),
    path(
        "materials/<int:material_id>/revisions/<int:revision_id>/print.pdf",
        revision.revision_pdf,
        name="material_revision_pdf",
    ),
    path(
        "materials/<int:material_id>/revisions/<int:revision_id>/export.docx",
        revision.revision_docx,
        name="material_revision_docx",
    ),
    path(
        "materials/<int:material_id>/revisions/<int:revision_id>/restore/",
        revision.revision_restore_view,
        name="material_revision_restore",
    ),
    path("materials/<int:material_id>/edit/", include("orglife.views.editor_urls")),
    path("healthz", opinion.healthz, name="healthz"),
    path("o/<slug:token>/", opinion.opinion_form, name="opinion_form"),
    path("o/<slug:token>/thanks/", opinion.opinion_thanks, name="opinion_thanks"),
    path("cycles/<int:cycle_id>/campaigns/", opinion.campaign_list, name="campaign_list"),
    path("cycles/<int:cycle_id>/campaigns/new/", opinion.campaign_create, name="campaign_create"),
    path("campaigns/<int:campaign_id>/", opinion.campaign_board, name="campaign"),
    path("campaigns/<int:campaign_id>/edit/", opinion.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:campaign_id>/merge/", opinion.campaign_merge, name="campaign_merge"),
    path("campaigns/<int:campaign_id>/mine/", opinion.campaign_mine, name="campaign_mine"),
    path("campaigns/<int:campaign_id>/publish/", opinion.campaign_publish, name="campaign_publish"),
    path("campaigns/<int:campaign_id>/withdraw/", opinion.campaign_withdraw, name="campaign_withdraw"),
    path(
        "campaigns/<int:campaign_id>/published/summary.xlsx",
        opinion.published_summary_xlsx,
        name="published_summary_xlsx",
    ),
    path(
        "campaigns/<int:campaign_id>/published/summary.pdf", opinion.published_summary_pdf, name="published_summary_pdf"
    ),
    path("campaigns/<int:campaign_id>/poster.pdf", opinion.campaign_poster, name="campaign_poster"),
    path("campaigns/<int:campaign_id>/summary.xlsx", opinion.campaign_summary_xlsx, name="campaign_summary_xlsx"),
    path("campaigns/<int:campaign_id>/summary.pdf", opinion.campaign_summary_pdf, name="campaign_summary_pdf"),
    path("campaigns/<int:campaign_id>/opinions/<uuid:opinion_id>/adopt/", opinion.opinion_adopt, name="opinion_adopt"),
    path(
        "campaigns/<int:campaign_id>/opinions/<uuid:opinion_id>/answer/", opinion.opinion_answer, name="opinion_answer"
    ),
    path(
        "campaigns/<int:campaign_id>/opinions/<uuid:opinion_id>/decline/",
        opinion.opinion_decline,
        name="opinion_decline",
    ),
    path(
        "campaigns/<int:campaign_id>/opinions/<uuid:opinion_id>/separate/",
        opinion.opinion_separate,
        name="opinion_separate",
    ),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "orglife 组织生活会管理"
admin.site.site_title = "orglife"
admin.site.index_title = "数据管理"
admin.site.login_form = AdminLoginForm
