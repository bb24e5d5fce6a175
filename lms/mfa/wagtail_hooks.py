"""Two-factor sign-in in the Wagtail admin: the administrators' page under Settings."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.permissions import SuperuserMenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_mfa_admin_urls():
    urls = [
        path("", admin_views.TwoFactorAccountsView.as_view(), name="index"),
        path("<int:user_id>/reset/", admin_views.TwoFactorResetView.as_view(), name="reset"),
    ]
    return [path("two-factor/", include((urls, "mfa_admin"), namespace="mfa_admin"))]


@hooks.register("register_settings_menu_item")
def register_mfa_menu_item():
    return SuperuserMenuItem(
        _("Two-factor sign-in"),
        reverse("mfa_admin:index"),
        name="two-factor",
        icon_name="lock",
        order=910,
    )
