"""URLs of a material's printed PDF and Word file."""

from django.urls import path

from orglife.printing import views as printing

urlpatterns = [
    path("materials/<int:material_id>/print.pdf", printing.material_pdf, name="material_pdf"),
    path("materials/<int:material_id>/export.docx", printing.material_docx, name="material_docx"),
]
