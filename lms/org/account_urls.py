"""A user's own account: password reset from the login page, profile and password change.

The names are Django's own (password_reset, password_reset_done, ...), which its views
redirect to."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import account_views

urlpatterns = [
    path(
        "accounts/password/reset/",
        account_views.PasswordResetRequestView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmLimitedView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "accounts/invitation/<uidb64>/<token>/",
        account_views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path(
        "accounts/password/change/",
        account_views.AccountPasswordChangeView.as_view(),
        name="password_change",
    ),
    path("me/profile/", account_views.profile_view, name="profile"),
]
