"""URLs of the rectification ledger (整改台账)."""

from django.urls import path

from orglife.rectification import views as ledger

urlpatterns = [
    path("cycles/<int:cycle_id>/ledger/", ledger.ledger, name="ledger"),
    path("cycles/<int:cycle_id>/ledger/build/", ledger.ledger_build, name="ledger_build"),
    path("cycles/<int:cycle_id>/ledger/add/", ledger.ledger_item_add, name="ledger_item_add"),
    path("cycles/<int:cycle_id>/ledger/public/", ledger.ledger_public, name="ledger_public"),
    path("cycles/<int:cycle_id>/ledger/ledger.xlsx", ledger.ledger_xlsx, name="ledger_xlsx"),
    path("cycles/<int:cycle_id>/ledger/ledger.pdf", ledger.ledger_pdf, name="ledger_pdf"),
    path("ledger/items/<int:item_id>/", ledger.ledger_item, name="ledger_item"),
    path("ledger/items/<int:item_id>/edit/", ledger.ledger_item_edit, name="ledger_item_edit"),
    path("ledger/items/<int:item_id>/progress/", ledger.ledger_progress_add, name="ledger_progress_add"),
    path("ledger/items/<int:item_id>/close/", ledger.ledger_item_close, name="ledger_item_close"),
    path("ledger/items/<int:item_id>/long-term/", ledger.ledger_item_long_term, name="ledger_item_long_term"),
    path("ledger/items/<int:item_id>/reopen/", ledger.ledger_item_reopen, name="ledger_item_reopen"),
    path("ledger/evidence/<int:evidence_id>/", ledger.evidence_download, name="evidence_download"),
]
