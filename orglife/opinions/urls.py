"""URLs of opinion collection: the public form, campaigns and the triage board."""

from django.urls import path

from orglife.opinions import views as opinion

urlpatterns = [
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
]
