"""URLs of the talks (谈心谈话) of a cycle."""

from django.urls import path

from orglife.talks import views

urlpatterns = [
    path("cycles/<int:cycle_id>/talks/", views.talk_list, name="talk_list"),
    path("cycles/<int:cycle_id>/talks/new/", views.talk_new, name="talk_new"),
    path("cycles/<int:cycle_id>/talks/coverage/", views.talk_coverage, name="talk_coverage"),
    path("cycles/<int:cycle_id>/talks/coverage/pdf/", views.talk_coverage_pdf, name="talk_coverage_pdf"),
    path("cycles/<int:cycle_id>/talks/liaisons/", views.talk_liaisons, name="talk_liaisons"),
    path("talks/<int:talk_id>/", views.talk_detail, name="talk"),
    path("talks/<int:talk_id>/edit/", views.talk_edit, name="talk_edit"),
    path("talks/<int:talk_id>/delete/", views.talk_delete, name="talk_delete"),
    path("talks/<int:talk_id>/opinion/", views.talk_opinion, name="talk_opinion"),
    path("talks/<int:talk_id>/pdf/", views.talk_pdf, name="talk_pdf"),
]
