"""The data admin (/admin/): each step of the cycle registers its models in orglife/<step>/admin.py."""

from orglife.cycles import admin as cycles_admin
from orglife.dashboard import admin as dashboard_admin
from orglife.materials import admin as materials_admin
from orglife.opinions import admin as opinions_admin
from orglife.orgs import admin as orgs_admin

__all__ = ["cycles_admin", "dashboard_admin", "materials_admin", "opinions_admin", "orgs_admin"]
