"""URLs that belong to no step."""

from django.urls import path

from orglife.common import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]
