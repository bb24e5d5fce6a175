from django.urls import path

from . import views

urlpatterns = [
    path("accounts/sso/complete/", views.sso_complete_view, name="sso_complete"),
    path("accounts/sso/<slug:provider_code>/login/", views.sso_login_view, name="sso_login"),
    path(
        "accounts/sso/<slug:provider_code>/callback/",
        views.sso_callback_view,
        name="sso_callback",
    ),
]
