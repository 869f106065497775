"""The data admin (/admin/): each step of the cycle registers its models in orglife/<step>/admin.py."""

from orglife.cycles import admin as cycles_admin
from orglife.dashboard import admin as dashboard_admin
from orglife.evaluation import admin as evaluation_admin
from orglife.materials import admin as materials_admin
from orglife.meeting import admin as meeting_admin
from orglife.opinions import admin as opinions_admin
from orglife.orgs import admin as orgs_admin
from orglife.rectification import admin as rectification_admin
from orglife.report import admin as report_admin
from orglife.talks import admin as talks_admin

__all__ = [
    "cycles_admin",
    "dashboard_admin",
    "evaluation_admin",
    "materials_admin",
    "meeting_admin",
    "opinions_admin",
    "orgs_admin",
    "rectification_admin",
    "report_admin",
    "talks_admin",
]
