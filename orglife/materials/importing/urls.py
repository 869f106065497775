"""URLs of importing a material into a cycle."""

from django.urls import path

from orglife.materials.importing import views as importing

urlpatterns = [
    path("cycles/<int:cycle_id>/import/", importing.import_upload, name="material_import"),
    path("cycles/<int:cycle_id>/import/confirm/", importing.import_confirm, name="material_import_confirm"),
    path("cycles/<int:cycle_id>/import/personal/", importing.import_upload, {"personal": True}, name="personal_import"),
    path(
        "cycles/<int:cycle_id>/import/personal/confirm/",
        importing.import_confirm,
        {"personal": True},
        name="personal_import_confirm",
    ),
]
