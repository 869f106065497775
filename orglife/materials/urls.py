"""URLs of a material: its page, and under it the editor."""

from django.urls import include, path

from orglife.materials import views as material

urlpatterns = [
    path("materials/<int:material_id>/", material.material_detail, name="material"),
    path("materials/<int:material_id>/edit/", include("orglife.materials.editor.urls")),
]
