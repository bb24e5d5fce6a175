from django.contrib.auth import views as auth_views
from django.urls import include, path

from demo_idp.claims import configuration


class LoginView(auth_views.LoginView):
    template_name = "demo_idp/login.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "identities": configuration()["identities"]}


urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("", include("oidc_provider.urls", namespace="oidc_provider")),
]
