"""URLs of a cycle: its page, details and categories."""

from django.urls import path

from orglife.cycles import views as cycle

urlpatterns = [
    path("orgs/<int:org_id>/cycles/new/", cycle.cycle_new, name="cycle_new"),
    path("cycles/<int:cycle_id>/", cycle.cycle_detail, name="cycle"),
    path("cycles/<int:cycle_id>/edit/", cycle.cycle_edit, name="cycle_edit"),
    path("cycles/<int:cycle_id>/categories/preset/", cycle.cycle_category_preset, name="cycle_category_preset"),
    path("cycles/<int:cycle_id>/categories/add/", cycle.cycle_category_add, name="cycle_category_add"),
    path(
        "cycles/<int:cycle_id>/categories/<int:category_id>/edit/",
        cycle.cycle_category_edit,
        name="cycle_category_edit",
    ),
    path(
        "cycles/<int:cycle_id>/categories/<int:category_id>/move/<str:way>/",
        cycle.cycle_category_move,
        name="cycle_category_move",
    ),
    path(
        "cycles/<int:cycle_id>/categories/<int:category_id>/delete/",
        cycle.cycle_category_delete,
        name="cycle_category_delete",
    ),
]
