"""The signed-in account's own two-factor pages (the site's side; the administrators' reset
is in the admin, see wagtail_hooks)."""

from django.urls import path

from . import views

app_name = "mfa"

urlpatterns = [
    path("", views.manage_view, name="manage"),
    path("setup/", views.setup_view, name="setup"),
    path("verify/", views.verify_view, name="verify"),
]
