"""URLs under /materials/<material_id>/edit/."""

from django.urls import path

from orglife.materials.editor import views as editor

urlpatterns = [
    path("", editor.editor_page, name="editor"),
    path("preview/", editor.editor_preview, name="editor_preview"),
    path("checks/", editor.editor_checks, name="editor_checks"),
    path("presence/", editor.editor_presence, name="editor_presence"),
    path("fix-punctuation/", editor.fix_punctuation, name="editor_fix_punctuation"),
    path("fields/<str:group>/", editor.group_view, name="editor_group"),
    path("intro/<int:category_id>/", editor.intro_view, name="editor_intro"),
    path("undo/", editor.part_undo, name="editor_part_undo"),
    path("<str:kind>/add/", editor.part_add, name="editor_part_add"),
    path("<str:kind>/<int:pk>/", editor.part_view, name="editor_part"),
    path("<str:kind>/<int:pk>/move/<str:way>/", editor.part_move, name="editor_part_move"),
    path("<str:kind>/<int:pk>/delete/", editor.part_delete, name="editor_part_delete"),
]
