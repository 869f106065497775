"""URLs of a member's own material: starting it, and its 发言提纲."""

from django.urls import path

from orglife.materials.personal import views

urlpatterns = [
    path("cycles/<int:cycle_id>/personal/", views.personal_home, name="personal_home"),
    path("cycles/<int:cycle_id>/personal/start/", views.personal_start, name="personal_start"),
    path("materials/<int:material_id>/outline/", views.outline, name="outline"),
    path("materials/<int:material_id>/outline/generate/", views.outline_generate, name="outline_generate"),
    path("materials/<int:material_id>/outline/edit/", views.outline_edit, name="outline_edit"),
    path("materials/<int:material_id>/outline/pdf/", views.outline_pdf, name="outline_pdf"),
]
