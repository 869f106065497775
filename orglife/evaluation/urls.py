"""URLs of the democratic evaluation (民主评议党员)."""

from django.urls import path

from orglife.evaluation import views

urlpatterns = [
    path("cycles/<int:cycle_id>/evaluation/new/", views.evaluation_create, name="evaluation_create"),
    path("evaluations/<int:evaluation_id>/", views.evaluation_page, name="evaluation"),
    path("evaluations/<int:evaluation_id>/edit/", views.evaluation_edit, name="evaluation_edit"),
    path("evaluations/<int:evaluation_id>/self/", views.evaluation_self, name="evaluation_self"),
    path("evaluations/<int:evaluation_id>/open/", views.evaluation_open, name="evaluation_open"),
    path("evaluations/<int:evaluation_id>/close/", views.evaluation_close, name="evaluation_close"),
    path("evaluations/<int:evaluation_id>/ballot/", views.evaluation_ballot, name="evaluation_ballot"),
    path("evaluations/<int:evaluation_id>/paper/", views.evaluation_paper, name="evaluation_paper"),
    path("evaluations/<int:evaluation_id>/paper/voter/", views.evaluation_paper_voter, name="evaluation_paper_voter"),
    path("evaluations/<int:evaluation_id>/grades/", views.evaluation_grades, name="evaluation_grades"),
    path(
        "evaluations/<int:evaluation_id>/grades/publish/",
        views.evaluation_grades_publish,
        name="evaluation_grades_publish",
    ),
    path("evaluations/<int:evaluation_id>/ballots.csv", views.evaluation_votes_csv, name="evaluation_votes_csv"),
    path("evaluations/<int:evaluation_id>/result.pdf", views.evaluation_result_pdf, name="evaluation_result_pdf"),
    path("evaluations/<int:evaluation_id>/blank-ballots.pdf", views.evaluation_blank_pdf, name="evaluation_blank_pdf"),
]
