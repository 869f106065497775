"""URLs of the organisation tree and of signing in and out."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from orglife.orgs import views as org
from orglife.orgs.auth import LoginView

urlpatterns = [
    path("", org.home, name="home"),
    path("favicon.ico", org.favicon, name="favicon"),
    path("accounts/login/", LoginView.as_view(), name="login"),
    # Logging out without a session just lands on the login page, not on a login that returns here.
    path("accounts/logout/", login_not_required(auth_views.LogoutView.as_view()), name="logout"),
    path("orgs/<int:org_id>/", org.organisation_detail, name="organisation"),
]
