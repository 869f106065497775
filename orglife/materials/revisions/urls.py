"""URLs of a material's revisions."""

from django.urls import path

from orglife.materials.revisions import views as revision

urlpatterns = [
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
]
