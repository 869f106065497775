"""The project's URLs: each step of the cycle brings its own (orglife/<step>/urls.py)."""

from django.contrib import admin
from django.urls import include, path

from orglife.orgs.auth import AdminLoginForm

urlpatterns = [
    path("", include("orglife.common.urls")),
    path("", include("orglife.orgs.urls")),
    path("", include("orglife.cycles.urls")),
    path("", include("orglife.materials.urls")),
    path("", include("orglife.printing.urls")),
    path("", include("orglife.materials.importing.urls")),
    path("", include("orglife.materials.revisions.urls")),
    path("", include("orglife.opinions.urls")),
    path("", include("orglife.talks.urls")),
    path("", include("orglife.materials.personal.urls")),
    path("", include("orglife.review.urls")),
    path("", include("orglife.meeting.urls")),
    path("", include("orglife.evaluation.urls")),
    path("", include("orglife.rectification.urls")),
    path("", include("orglife.report.urls")),
    path("", include("orglife.dashboard.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "orglife 组织生活会管理"
admin.site.site_title = "orglife"
admin.site.index_title = "数据管理"
admin.site.login_form = AdminLoginForm
