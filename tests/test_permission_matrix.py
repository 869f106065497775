"""The permission matrix: every URL pattern the resolver knows, for every role, GET and POST.

MATRIX holds one row per URL name: the exact answer each role gets, in ROLES order,
when it GETs and when it POSTs (with no data: an allowed user then gets the form
with its errors, a refusal or a redirect, and that answer is recorded as it is).
Patterns that take a material are asked twice: MATRIX with the committee material,
PERSONAL with the member's personal material. A new URL without a row fails
test_every_url_pattern_has_a_row, naming the pattern.

Every request runs in a savepoint that is rolled back, so each starts from the same
data; a refusal (403, 404, 405, or the login page for an anonymous visitor) must
leave every table as it was.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from orglife.materials.revisions.services import revision_create
from orglife.materials.services import material_fill
from orglife.models import Campaign, Material, MaterialRevision, Opinion, Source, User
from orglife.opinions.publishing import summary_publish
from orglife.opinions.services import campaign_create, opinion_submit, release_all_now
from orglife.orgs.services import organisation_create, organisation_move
from tests.conftest import World
from tests.factories import make_category, make_cycle, make_material, make_membership, make_user

# Who asks, in the order of every row of the table.
ROLES = (
    "secretary",  # 书记 of the branch
    "committee",  # 组织委员 of the branch (支委)
    "member",  # 党员 of the branch, author of the personal material
    "fellow",  # 预备党员 of the branch, not its author
    "reviewer",  # 审核人 at the district, two levels above the branch
    "elsewhere",  # 审核人 of another district
    "outsider",  # 书记 of another branch of the same district
    "anonymous",  # not logged in
)
LOGIN = "login"  # 302 to the login page, with ?next= the URL asked for


@dataclass(frozen=True)
class Row:
    """The answers to GET and to POST: one per role, in ROLES order, "login" for a 302 to
    the login page (with ?next= the URL asked for)."""

    get: str
    post: str
    kind: str = "problem"  # the editor part a <kind>/<pk> URL is asked about
    query: str = ""  # added to the URL, formatted with "revision" (the material's revision id)


# fmt: off
MATRIX: dict[str, Row] = {
    # committee material, GET:         sec com mem fel rev els out anon POST sec com mem fel rev els out anon
    "campaign":                   Row("200 200 403 403 403 404 404 login", "405 405 405 405 405 405 405 login"),
    "campaign_create":            Row("200 200 403 403 403 404 404 login", "200 200 403 403 403 404 404 login"),
    "campaign_edit":              Row("200 200 403 403 403 404 404 login", "200 200 403 403 403 404 404 login"),
    "campaign_list":              Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "campaign_merge":             Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "campaign_mine":              Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "campaign_poster":            Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "campaign_publish":           Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "campaign_summary_pdf":       Row("200 200 403 403 403 404 404 login", "405 405 405 405 405 405 405 login"),
    "campaign_summary_xlsx":      Row("200 200 403 403 403 404 404 login", "405 405 405 405 405 405 405 login"),
    "campaign_withdraw":          Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "cycle":                      Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "cycle_category_add":         Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "cycle_category_delete":      Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "cycle_category_edit":        Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "cycle_category_move":        Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "cycle_category_preset":      Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "cycle_edit":                 Row("405 405 405 405 405 405 405 login", "400 400 403 403 403 404 404 login"),
    "cycle_new":                  Row("200 200 403 403 403 404 404 login", "200 200 403 403 403 404 404 login"),
    # --- dashboard ---
    "dashboard":                  Row("404 404 404 404 200 200 404 login", "405 405 405 405 405 405 405 login"),
    "dashboard_copies":           Row("404 404 404 404 200 200 404 login", "405 405 405 405 405 405 405 login"),
    "export_create":              Row("405 405 405 405 405 405 405 login", "404 404 404 404 302 302 404 login"),
    "export_download":            Row("404 404 404 404 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "export_job":                 Row("404 404 404 404 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "material_similar":           Row("403 403 403 403 200 404 404 login", "405 405 405 405 405 405 405 login"),
    # --- end dashboard ---
    "editor":                     Row("200 200 403 403 403 404 404 login", "405 405 405 405 405 405 405 login"),
    "editor_checks":              Row("200 200 403 403 403 404 404 login", "405 405 405 405 405 405 405 login"),
    "editor_fix_punctuation":     Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "editor_group":               Row("200 200 403 403 403 404 404 login", "200 200 403 403 403 404 404 login"),
    "editor_intro":               Row("200 200 403 403 403 404 404 login", "200 200 403 403 403 404 404 login"),
    "editor_part":                Row("200 200 403 403 403 404 404 login", "200 200 403 403 403 404 404 login",
                                      kind="problem"),
    "editor_part_add":            Row("405 405 405 405 405 405 405 login", "400 400 403 403 403 404 404 login",
                                      kind="measure"),
    "editor_part_delete":         Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login",
                                      kind="section"),
    "editor_part_move":           Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login",
                                      kind="cause"),
    "editor_part_undo":           Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "editor_presence":            Row("405 405 405 405 405 405 405 login", "200 200 403 403 403 404 404 login"),
    "editor_preview":             Row("200 200 403 403 403 404 404 login", "405 405 405 405 405 405 405 login"),
    "evaluation":                 Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "evaluation_ballot":          Row("200 200 200 403 403 404 404 login", "200 200 200 403 403 404 404 login"),
    "evaluation_blank_pdf":       Row("200 200 403 403 403 404 404 login", "405 405 405 405 405 405 405 login"),
    "evaluation_close":           Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "evaluation_create":          Row("200 200 403 403 403 404 404 login", "302 302 403 403 403 404 404 login"),
    "evaluation_edit":            Row("302 302 403 403 403 404 404 login", "302 302 403 403 403 404 404 login"),
    "evaluation_grades":          Row("200 200 403 403 403 404 404 login", "302 302 403 403 403 404 404 login"),
    "evaluation_grades_publish":  Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "evaluation_open":            Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "evaluation_paper":           Row("200 200 403 403 403 404 404 login", "302 302 403 403 403 404 404 login"),
    "evaluation_paper_voter":     Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "evaluation_result_pdf":      Row("200 200 403 403 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "evaluation_self":            Row("405 405 405 405 405 405 405 login", "302 302 302 403 403 404 404 login"),
    "evaluation_votes_csv":       Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "favicon":                    Row("302 302 302 302 302 302 302 302", "405 405 405 405 405 405 405 405"),
    "healthz":                    Row("200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200"),
    "home":                       Row("200 200 200 200 200 200 200 200", "405 405 405 405 405 405 405 405"),
    "login":                      Row("200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200"),
    "logout":                     Row("405 405 405 405 405 405 405 405", "302 302 302 302 302 302 302 302"),
    "material":                   Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "material_docx":              Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "material_import":            Row("200 200 403 403 403 404 404 login", "200 200 403 403 403 404 404 login"),
    "material_import_confirm":    Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "material_pdf":               Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "material_revision_compare":  Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login",
                                      query="a={revision}&b=current"),
    "material_revision_docx":     Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "material_revision_download": Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "material_revision_pdf":      Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "material_revision_restore":  Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "material_revision_save":     Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "material_revisions":         Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "meeting":                   Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "meeting_agenda_add":        Row("405 405 405 405 405 405 405 login", "302 302 302 403 403 404 404 login"),
    "meeting_agenda_item":       Row("405 405 405 405 405 405 405 login", "400 400 400 403 403 404 404 login"),
    "meeting_attendance":        Row("200 200 200 403 403 404 404 login", "200 200 200 403 403 404 404 login"),
    "meeting_checkin":           Row("200 200 200 200 403 404 404 login", "410 410 410 410 403 404 404 login"),
    "meeting_correct":           Row("405 405 405 405 405 405 405 login", "302 302 302 403 403 404 404 login"),
    "meeting_leave":             Row("405 405 405 405 405 405 405 login", "302 302 302 302 403 404 404 login"),
    "meeting_minutes":           Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "meeting_minutes_docx":      Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "meeting_minutes_pdf":       Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "meeting_minutes_save":      Row("405 405 405 405 405 405 405 login", "400 400 400 403 403 404 404 login"),
    "meeting_notice_docx":       Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "meeting_notice_pdf":        Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "meeting_notice_send":       Row("405 405 405 405 405 405 405 login", "302 302 302 403 403 404 404 login"),
    "meeting_plan":              Row("200 200 403 403 403 404 404 login", "200 200 403 403 403 404 404 login"),
    "meeting_qr":                Row("200 200 200 403 403 404 404 login", "405 405 405 405 405 405 405 login"),
    "meeting_remark_add":        Row("405 405 405 405 405 405 405 login", "302 302 302 403 403 404 404 login"),
    "meeting_remark_delete":     Row("405 405 405 405 405 405 405 login", "302 302 302 403 403 404 404 login"),
    "meeting_screen":            Row("200 200 200 403 403 404 404 login", "405 405 405 405 405 405 405 login"),
    "meeting_screen_code":       Row("200 200 200 403 403 404 404 login", "405 405 405 405 405 405 405 login"),
    "meeting_sheet_docx":        Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "meeting_sheet_pdf":         Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "meeting_sign":              Row("405 405 405 405 405 405 405 login", "302 403 302 403 403 404 404 login"),
    "opinion_adopt":              Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "opinion_answer":             Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "opinion_decline":            Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "opinion_form":               Row("200 200 200 200 200 200 200 200", "200 200 200 200 200 200 200 200"),
    "opinion_separate":           Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "opinion_thanks":             Row("200 200 200 200 200 200 200 200", "405 405 405 405 405 405 405 405"),
    "organisation":               Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "personal_import":            Row("200 200 200 200 403 404 404 login", "200 200 200 200 403 404 404 login"),
    "personal_import_confirm":    Row("405 405 405 405 405 405 405 login", "302 302 302 302 403 404 404 login"),
    "published_summary_pdf":      Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "published_summary_xlsx":     Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    # --- talks and personal materials ---
    "talk":                       Row("200 200 200 404 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "talk_coverage":              Row("200 200 403 403 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "talk_coverage_pdf":          Row("200 200 403 403 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "talk_delete":                Row("405 405 405 405 405 405 405 login", "302 302 403 404 403 404 404 login"),
    "talk_edit":                  Row("200 200 403 404 403 404 404 login", "400 400 403 404 403 404 404 login"),
    "talk_liaisons":              Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "talk_list":                  Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "talk_new":                   Row("200 200 403 403 403 404 404 login", "400 400 403 403 403 404 404 login"),
    "talk_opinion":               Row("405 405 405 405 405 405 405 login", "400 400 403 404 403 404 404 login"),
    "talk_pdf":                   Row("200 200 200 404 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "outline":                    Row("404 404 404 404 404 404 404 login", "405 405 405 405 405 405 405 login"),
    "outline_edit":               Row("405 405 405 405 405 405 405 login", "404 404 404 404 404 404 404 login"),
    "outline_generate":           Row("405 405 405 405 405 405 405 login", "404 404 404 404 404 404 404 login"),
    "outline_pdf":                Row("404 404 404 404 404 404 404 login", "405 405 405 405 405 405 405 login"),
    "personal_home":              Row("200 200 200 200 403 404 404 login", "405 405 405 405 405 405 405 login"),
    "personal_start":             Row("405 405 405 405 405 405 405 login", "302 302 302 302 403 404 404 login"),
    "notifications":              Row("200 200 200 200 200 200 200 login", "405 405 405 405 405 405 405 login"),
    "notifications_badge":        Row("200 200 200 200 200 200 200 login", "405 405 405 405 405 405 405 login"),
    "notifications_read":         Row("405 405 405 405 405 405 405 login", "302 302 302 302 302 302 302 login"),
    "review_approve":             Row("405 405 405 405 405 405 405 login", "403 403 403 403 302 404 404 login"),
    "review_approved_pdf":        Row("404 404 404 404 404 404 404 login", "405 405 405 405 405 405 405 login"),
    "review_bulk_approve":        Row("405 405 405 405 405 405 405 login", "302 302 302 302 302 302 302 login"),
    "review_comment":             Row("405 405 405 405 405 405 405 login", "403 403 403 403 302 404 404 login"),
    "review_material":            Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "review_personal":            Row("200 200 403 403 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "review_queue":               Row("200 200 200 200 200 200 200 login", "405 405 405 405 405 405 405 login"),
    "review_resolve":             Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "review_return":              Row("405 405 405 405 405 405 405 login", "403 403 403 403 302 404 404 login"),
    "review_submit":              Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    # --- rectification ---
    "evidence_download":          Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "ledger":                     Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "ledger_build":               Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "ledger_item":                Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "ledger_item_add":            Row("405 405 405 405 405 405 405 login", "400 400 403 403 403 404 404 login"),
    "ledger_item_close":          Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "ledger_item_edit":           Row("405 405 405 405 405 405 405 login", "400 400 403 403 403 404 404 login"),
    "ledger_item_long_term":      Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "ledger_item_reopen":         Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "ledger_pdf":                 Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "ledger_progress_add":        Row("405 405 405 405 405 405 405 login", "400 400 400 403 403 404 404 login"),
    "ledger_public":              Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "ledger_xlsx":                Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "report":                     Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "report_docx":                Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "report_edit":                Row("405 405 405 405 405 405 405 login", "400 400 403 403 403 404 404 login"),
    "report_generate":            Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "report_pdf":                 Row("200 200 200 200 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "report_section_add":         Row("405 405 405 405 405 405 405 login", "400 400 403 403 403 404 404 login"),
    "report_section_delete":      Row("405 405 405 405 405 405 405 login", "302 302 403 403 403 404 404 login"),
    "report_section_edit":        Row("405 405 405 405 405 405 405 login", "400 400 403 403 403 404 404 login"),
}

PERSONAL: dict[str, Row] = {
    # personal material, GET:          sec com mem fel rev els out anon POST sec com mem fel rev els out anon
    "editor":                     Row("403 403 200 404 403 404 404 login", "405 405 405 405 405 405 405 login"),
    "editor_checks":              Row("403 403 200 404 403 404 404 login", "405 405 405 405 405 405 405 login"),
    "editor_fix_punctuation":     Row("405 405 405 405 405 405 405 login", "403 403 302 404 403 404 404 login"),
    "editor_group":               Row("403 403 200 404 403 404 404 login", "403 403 200 404 403 404 404 login"),
    "editor_intro":               Row("403 403 200 404 403 404 404 login", "403 403 200 404 403 404 404 login"),
    "editor_part":                Row("403 403 200 404 403 404 404 login", "403 403 200 404 403 404 404 login",
                                      kind="problem"),
    "editor_part_add":            Row("405 405 405 405 405 405 405 login", "403 403 400 404 403 404 404 login",
                                      kind="measure"),
    "editor_part_delete":         Row("405 405 405 405 405 405 405 login", "403 403 302 404 403 404 404 login",
                                      kind="section"),
    "editor_part_move":           Row("405 405 405 405 405 405 405 login", "403 403 302 404 403 404 404 login",
                                      kind="cause"),
    "editor_part_undo":           Row("405 405 405 405 405 405 405 login", "403 403 302 404 403 404 404 login"),
    "editor_presence":            Row("405 405 405 405 405 405 405 login", "403 403 200 404 403 404 404 login"),
    "editor_preview":             Row("403 403 200 404 403 404 404 login", "405 405 405 405 405 405 405 login"),
    "material":                   Row("200 200 200 404 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "material_docx":              Row("200 200 200 404 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "material_pdf":               Row("200 200 200 404 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "material_revision_compare":  Row("200 200 200 404 200 404 404 login", "405 405 405 405 405 405 405 login",
                                      query="a={revision}&b=current"),
    "material_revision_docx":     Row("200 200 200 404 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "material_revision_download": Row("200 200 200 404 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "material_revision_pdf":      Row("200 200 200 404 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "material_revision_restore":  Row("405 405 405 405 405 405 405 login", "403 403 302 404 403 404 404 login"),
    "material_revision_save":     Row("405 405 405 405 405 405 405 login", "403 403 302 404 403 404 404 login"),
    "material_revisions":         Row("200 200 200 404 200 404 404 login", "405 405 405 405 405 405 405 login"),
    # --- talks and personal materials ---
    "outline":                    Row("200 200 200 404 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "outline_edit":               Row("405 405 405 405 405 405 405 login", "403 403 302 404 403 404 404 login"),
    "outline_generate":           Row("405 405 405 405 405 405 405 login", "403 403 302 404 403 404 404 login"),
    "outline_pdf":                Row("200 200 200 404 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "review_approve":             Row("405 405 405 405 405 405 405 login", "302 302 403 404 403 404 404 login"),
    "review_approved_pdf":        Row("404 404 404 404 404 404 404 login", "405 405 405 405 405 405 405 login"),
    "review_comment":             Row("405 405 405 405 405 405 405 login", "302 302 403 404 403 404 404 login"),
    "review_material":            Row("200 200 200 404 200 404 404 login", "405 405 405 405 405 405 405 login"),
    "review_resolve":             Row("405 405 405 405 405 405 405 login", "403 403 302 404 403 404 404 login"),
    "review_return":              Row("405 405 405 405 405 405 405 login", "302 302 403 404 403 404 404 login"),
    "review_submit":              Row("405 405 405 405 405 405 405 login", "403 403 302 404 403 404 404 login"),
    # --- dashboard ---
    "material_similar":           Row("404 404 404 404 404 404 404 login", "405 405 405 405 405 405 405 login"),
}
# fmt: on


# --- Enumerating the URL patterns ---------------------------------------------------


def _excluded(resolver: URLResolver) -> bool:
    """The admin is Django's, behind its own staff check (AdminSite.has_permission) and
    covered by tests/test_admin.py; static files are served by WhiteNoise before any
    view (and by no pattern today). Neither goes through the branch access policy."""
    if resolver.namespace == "admin":
        return True
    return str(resolver.pattern).startswith(settings.STATIC_URL.lstrip("/"))


def url_patterns(resolver: URLResolver | None = None, prefix: str = "", params: frozenset = frozenset()):
    """(name, route, parameter names) of every pattern, recursively, outside the excluded ones."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        names = params | set(getattr(entry.pattern, "converters", {}))
        if isinstance(entry, URLResolver):
            if not _excluded(entry):
                yield from url_patterns(entry, route, frozenset(names))
        elif isinstance(entry, URLPattern):
            yield entry.name, route, frozenset(names)


# --- One set of data every URL is asked about ---------------------------------------


CONTENT = {
    "title": "党支部班子对照检查材料",
    "preamble": "根据上级党组织的通知要求，现对照检查如下。",
    "extra_sections": [{"heading": "上年度整改落实情况", "text": "上年度整改措施已全部完成。"}],
    "categories": [{"name": "思想", "intro": "思想方面存在一些差距。", "items": [{"text": "理想信念不够坚定。"}]}],
    "causes": [{"heading": "党性修养锤炼不够", "text": "放松了理论学习。"}],
    "directions": [{"heading": "强化理论武装", "measures": [{"text": "每周集中学习一次。"}]}],
}


@dataclass
class Place:
    world: World
    users: dict[str, User | None]
    committee_material: Material
    personal_material: Material
    revisions: dict[int, MaterialRevision]
    campaign: Campaign
    opinion: Opinion


@pytest.fixture
def place(world, tmp_path_factory, settings) -> Place:
    """The world's branch moved under a working committee, so that the district's reviewer
    is two levels up; a reviewer of another district; both materials filled with one part
    of each kind and a revision; an open campaign with an anonymous and a signed opinion,
    its summary published."""
    settings.CACHES = {
        **settings.CACHES,
        "print": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path_factory.getbasetemp() / "matrix-print-cache"),
        },
    }
    works = organisation_create(
        name="中共测试区委机关工委", kind="working_committee", code="works", parent=world.district
    )
    organisation_move(organisation=world.branch, parent=works)
    other_district = organisation_create(name="中共另一区委", kind="committee", code="district-2")
    organisation_create(name="另一区党支部", kind="branch", code="branch-3", parent=other_district)
    fellow = make_user(username="fellow", full_name="孙预备")
    make_membership(user=fellow, organisation=world.branch, role="probationary")
    elsewhere = make_user(username="elsewhere", full_name="钱审核")
    make_membership(user=elsewhere, organisation=other_district, role="reviewer")

    committee_material = material_fill(material=world.material, data=CONTENT)
    personal = make_material(
        cycle=world.cycle, kind=Material.Kind.PERSONAL, author=world.member, title="个人对照检查材料"
    )
    personal_material = material_fill(material=personal, data={**CONTENT, "title": "王党员个人对照检查材料"})
    revisions = {
        m.pk: revision_create(material=m, by=m.author or world.secretary, reason="手动保存", automatic=False)
        for m in (committee_material, personal_material)
    }
    today = timezone.localdate()
    campaign = campaign_create(
        cycle=world.cycle,
        title="征求意见",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=7),
        sources=Source.values,
        categories=world.categories,
    )
    opinion_submit(campaign=campaign, source="masses", category=world.categories[0], text="理论学习走过场。")
    opinion_submit(campaign=campaign, source="member", category=None, text="会议太多。", user=world.member, signed=True)
    with transaction.atomic():
        (opinion,) = release_all_now(campaign=campaign)
    summary_publish(campaign=campaign, by=world.secretary)
    users = {name: getattr(world, name, None) for name in ROLES} | {"elsewhere": elsewhere, "fellow": fellow}
    return Place(world, users, committee_material, personal_material, revisions, campaign, opinion)


def _part(material: Material, kind: str) -> int:
    parts = {
        "problem": material.problems,
        "cause": material.causes,
        "direction": material.directions,
        "section": material.sections,
        "measure": material.directions.get().measures,
    }
    return parts[kind].get().pk


# --- talks and personal materials ---
def talks_records(place: Place):
    """A talk of the secretary with the member (the fellow took no part), and the
    member's 发言提纲; made once per test, before anything is asked."""
    from orglife.materials.personal.services import outline_generate
    from orglife.talks.services import talk_create

    world = place.world
    talk = world.cycle.talks.first()
    if talk is None:
        talk = talk_create(
            cycle=world.cycle,
            held_on=datetime.date(2022, 11, 9),
            place="支部活动室",
            form="face",
            lead=world.secretary,
            partners=[world.member],
            topics="谈思想和工作。",
            by=world.secretary,
        )
        outline_generate(material=place.personal_material)
    return talk


# --- evaluation ---


def _closed_evaluation(place: Place) -> int:
    """The cycle's democratic evaluation, closed with six ballots: three more full members
    join the branch so that its six voters reach the minimum (the 预备党员 does not vote)."""
    from orglife.evaluation.services import evaluation_close
    from tests.factories import cast_ballots, make_evaluation

    if getattr(place, "evaluation_id", None) is None:
        world = place.world
        for n in range(3):
            voter = make_user(username=f"voter{n}", full_name=f"投票人{n}")
            make_membership(user=voter, organisation=world.branch, role="member")
        evaluation = make_evaluation(cycle=world.cycle, state="open")
        cast_ballots(evaluation=evaluation, voters=[v.member for v in evaluation.voters.select_related("member")])
        place.evaluation_id = evaluation_close(evaluation=evaluation).pk
    return place.evaluation_id


# --- end evaluation ---
# --- dashboard ---
def _dashboard_job(place: Place):
    """The reviewer's finished dashboard export (made once per test)."""
    from orglife.dashboard.models import ExportJob
    from tests.factories import make_export_job

    reviewer = place.users["reviewer"]
    return ExportJob.objects.filter(requested_by=reviewer).first() or make_export_job(by=reviewer, done=True)


# --- end dashboard ---


def url_kwargs(place: Place, name: str, row: Row, material: Material) -> dict:
    """URL `name`'s arguments, all taken from `place`: the branch, its cycle, `material`…"""
    world = place.world
    params = PATTERNS[name]
    talk = talks_records(place)
    values = {
        "org_id": lambda: world.branch.pk,
        "cycle_id": lambda: world.cycle.pk,
        "category_id": lambda: world.categories[0].pk,
        "way": lambda: "down",
        "material_id": lambda: material.pk,
        "revision_id": lambda: place.revisions[material.pk].pk,
        "group": lambda: "basics",
        "kind": lambda: row.kind,
        "pk": lambda: _part(material, row.kind),
        "campaign_id": lambda: place.campaign.pk,
        "opinion_id": lambda: place.opinion.pk,
        "token": lambda: place.campaign.token,
        "talk_id": lambda: talk.pk,
        "comment_id": lambda: returned_comment(place, material).pk,  # review
        **meeting_kwargs(place, held=name.startswith("meeting")),
        "evaluation_id": lambda: _closed_evaluation(place),  # --- evaluation ---
    }
    # --- rectification ---
    _rectification(place)  # the report exists for the URLs that take only the cycle
    values |= {
        "item_id": lambda: _rectification(place)["item"].pk,
        "evidence_id": lambda: _rectification(place)["evidence"].pk,
        "section_id": lambda: _rectification(place)["section"].pk,
        # --- dashboard ---
        "job_id": lambda: _dashboard_job(place).pk,
    }
    missing = params - set(values)
    assert not missing, f"no value for URL parameter(s) {sorted(missing)}: add them to url_kwargs"
    return {name: values[name]() for name in params}


# --- review ---


def returned_comment(place: Place, material: Material):
    """A comment on `material`'s first problem, returned to the branch: the writer submitted
    it, its reviewer (the district's for the committee material, the secretary for the
    member's) commented and returned it."""
    from orglife.review.services import comment_add, review_return, review_submit

    world = place.world
    writer, reviewer = (
        (world.secretary, world.reviewer) if material.author is None else (material.author, world.secretary)
    )
    review_submit(material=material, by=writer)
    part = f"problem-{material.problems.get().pk}"
    comment = comment_add(material=material, by=reviewer, part=part, text="问题不够具体。")
    review_return(material=material, by=reviewer)
    return comment


# --- meeting ---
# The cycle's meeting, made on first use: chaired by the secretary, recorded by the member
# (so the recorder's rights show apart from the committee's), its notice sent. For the
# meeting's own URLs the committee material is approved first (the meeting may be held
# only then) and one criticism remark recorded; the other URLs are asked with the
# material not approved, so it can still be edited. The meeting's URLs take the agenda
# item, a member, the remark and a fresh code.


def _meeting(place: Place, *, held: bool):
    from orglife.meeting.models import Meeting
    from orglife.meeting.services import remark_add
    from tests.factories import make_meeting

    world = place.world
    meeting = Meeting.objects.filter(cycle=world.cycle).first()
    if meeting is None:
        meeting = make_meeting(cycle=world.cycle, chair=world.secretary, recorder=world.member, approved=held)
        if held:
            remark_add(
                meeting=meeting, member=world.member, speaker=world.secretary, text="学习不够。", by=world.member
            )
    return meeting


def meeting_kwargs(place: Place, *, held: bool) -> dict:
    from orglife.meeting.models import CriticismRemark
    from orglife.meeting.signin import signin_code

    meeting = _meeting(place, held=held)  # every URL is asked with the meeting there, those without its ids too
    return {
        "item_id": lambda: meeting.items.first().pk,
        "member_id": lambda: place.world.member.pk,
        "remark_id": lambda: CriticismRemark.objects.get(turn__meeting=meeting).pk,
        "code": lambda: signin_code(meeting.pk),
    }


# --- rectification ---


def _rectification(place: Place) -> dict:
    """Made once per place: a ledger item of the branch list owned by the member, with a
    progress entry and its evidence file, and the cycle's situation report."""
    if not hasattr(place, "rectification"):
        from orglife.report.services import report_generate
        from tests.factories import make_evidence, make_ledger_item, make_progress

        world = place.world
        item = make_ledger_item(cycle=world.cycle, text="每周集中学习一次。", owner=world.member)
        entry = make_progress(item=item, author=world.member)
        report = report_generate(cycle=world.cycle, by=world.secretary)
        place.rectification = {
            "item": item,
            "evidence": make_evidence(entry=entry),
            "section": report.sections.order_by("position").first(),
        }
    return place.rectification


# --- Asking ------------------------------------------------------------------------


def fingerprint() -> dict[str, str]:
    """A hash of every row of every table (Django's own included), per table."""
    prints = {}
    for model in apps.get_models(include_auto_created=True):
        rows = model._base_manager.order_by("pk").values_list()
        prints[model._meta.db_table] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return prints


def _outcome(response, url: str) -> int | str:
    if response.status_code == 302:
        location = urlsplit(response["Location"])
        if location.path == reverse("login") and "next" in parse_qs(location.query):
            assert parse_qs(location.query)["next"] == [url], response["Location"]
            return LOGIN
    return response.status_code


REFUSED = (403, 404, 405, LOGIN)


def ask(
    place: Place, url: str, roles: tuple[str, ...] = ROLES, *, watch: tuple = REFUSED
) -> tuple[dict[str, tuple], list[str]]:
    """Each role's answer to GET and POST `url`, and the requests answered with one of
    `watch` (by default the refusals; None for any answer) that changed a table."""
    clients = {}
    for role in roles:
        user = place.users[role]
        clients[role] = Client()
        if user is not None:
            clients[role].force_login(user)
    before = fingerprint()
    answers: dict[str, list] = {"get": [], "post": []}
    changed = []
    for role in roles:
        for method in ("get", "post"):
            with transaction.atomic():
                outcome = _outcome(getattr(clients[role], method)(url), url)
                if watch is None or outcome in watch:
                    after = fingerprint()
                    tables = sorted(table for table in before if after[table] != before[table])
                    if tables:
                        changed.append(f"{method.upper()} by {role} ({outcome}) changed {', '.join(tables)}")
                transaction.set_rollback(True)
            answers[method].append(outcome)
    return {method: tuple(codes) for method, codes in answers.items()}, changed


PATTERNS = {name: params for name, _route, params in url_patterns()}


def test_every_url_pattern_has_a_row():
    names = [name for name, _route, _params in url_patterns()]
    unnamed = [route for name, route, _params in url_patterns() if not name]
    takes_material = {name for name, _route, params in url_patterns() if "material_id" in params}

    assert unnamed == [], f"URL patterns without a name cannot have a row: {unnamed}"
    assert sorted(set(names) - set(MATRIX)) == [], "URL patterns with no row in MATRIX (add one)"
    assert sorted(takes_material - set(PERSONAL)) == [], "URL patterns of a material with no row in PERSONAL"
    assert sorted(set(MATRIX) - set(names)) == [], "MATRIX rows for URL names that no longer exist"
    assert sorted(set(PERSONAL) - takes_material) == [], "PERSONAL rows for URLs that take no material"


def _expected(codes: str) -> tuple:
    return tuple(code if code == LOGIN else int(code) for code in codes.split())


def _check(place: Place, name: str, row: Row, material: Material):
    url = reverse(name, kwargs=url_kwargs(place, name, row, material))
    if row.query:
        url += "?" + row.query.format(revision=place.revisions[material.pk].pk)

    answers, changed = ask(place, url)

    assert answers == {"get": _expected(row.get), "post": _expected(row.post)}
    assert changed == []


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(place, name):
    _check(place, name, MATRIX[name], place.committee_material)


@pytest.mark.parametrize("name", sorted(PERSONAL))
def test_permission_matrix_personal_material(place, name):
    _check(place, name, PERSONAL[name], place.personal_material)


# --- Ids of another branch's records inside a URL the user may use ------------------

# The URL parameters that name a record inside the one before it (a cycle's category,
# a material's part or revision, a campaign's opinion); the rest are asked above.
INNER = ("category_id", "revision_id", "pk", "opinion_id")


@pytest.fixture
def foreign(place) -> dict:
    """The same records in the outsider's branch: a cycle, its categories, a filled
    committee material with a revision, a campaign with a released opinion."""
    world = place.world
    cycle = make_cycle(branch=world.other_branch, year=2022, kind="special", title="另一支部组织生活会")
    categories = [make_category(cycle=cycle, position=1, name="思想")]
    material = material_fill(material=make_material(cycle=cycle, title="另一支部材料"), data=CONTENT)
    today = timezone.localdate()
    campaign = campaign_create(
        cycle=cycle,
        title="征求意见",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=7),
        sources=Source.values,
        categories=categories,
    )
    opinion_submit(campaign=campaign, source="masses", category=categories[0], text="另一支部的意见。")
    with transaction.atomic():
        (opinion,) = release_all_now(campaign=campaign)
    revision = revision_create(material=material, by=world.outsider, reason="手动保存", automatic=False)
    return {"category_id": categories[0].pk, "revision_id": revision.pk, "material": material, "opinion_id": opinion.pk}


def _inner_cases():
    for name, _route, params in url_patterns():
        for param in INNER:
            if param in params:
                yield name, param


@pytest.mark.parametrize(("name", "param"), sorted(_inner_cases()))
def test_an_id_from_another_branch_is_answered_as_a_missing_one(place, foreign, name, param):
    """The secretary, who may edit everything of their own branch, puts another
    branch's id into one of their URLs: the answer must be the one for an id that does
    not exist, so nothing tells that it does; and nothing changes."""
    row = MATRIX[name]
    kwargs = url_kwargs(place, name, row, place.committee_material)
    missing = uuid.UUID(int=0) if param == "opinion_id" else 0
    theirs = _part(foreign["material"], row.kind) if param == "pk" else foreign[param]
    query = "?" + row.query.format(revision=place.revisions[place.committee_material.pk].pk) if row.query else ""
    urls = {
        which: reverse(name, kwargs={**kwargs, param: value}) + query
        for which, value in (("missing", missing), ("theirs", theirs))
    }

    answers = {which: ask(place, url, ("secretary",), watch=None) for which, url in urls.items()}

    assert answers["theirs"][0] == answers["missing"][0]
    assert answers["theirs"][1] == []
