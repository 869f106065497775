from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from orglife.views import cycle, material, org

urlpatterns = [
    path("", org.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("orgs/<int:org_id>/", org.organisation_detail, name="organisation"),
    path("cycles/<int:cycle_id>/", cycle.cycle_detail, name="cycle"),
    path("cycles/<int:cycle_id>/categories/preset/", cycle.cycle_category_preset, name="cycle_category_preset"),
    path("materials/<int:material_id>/", material.material_detail, name="material"),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "orglife 组织生活会管理"
admin.site.site_title = "orglife"
admin.site.index_title = "数据管理"
