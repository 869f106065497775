from django.urls import path

from orglife.dashboard import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/copies/", views.copies_list, name="dashboard_copies"),
    path("dashboard/exports/", views.export_create, name="export_create"),
    path("exports/<uuid:job_id>/", views.export_job, name="export_job"),
    path("exports/<uuid:job_id>/download/", views.export_download, name="export_download"),
    path("materials/<int:material_id>/similar/", views.material_similar, name="material_similar"),
]
