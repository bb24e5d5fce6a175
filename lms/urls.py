from django.conf import settings
from django.contrib.auth import views as auth_views
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms.identity.views import LoginView as IdentityLoginView
from lms.org.public_views import citizen_register_view
from plugins.urls import plugin_urlpatterns

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    # Guessing is stopped by django-axes for every login alike (lms.auth_policy).
    # A button per identity provider beside the password form (lms.identity).
    path("accounts/login/", IdentityLoginView.as_view(), name="login"),
    # Single sign-on: /accounts/sso/<provider>/login/, .../callback/, /accounts/sso/complete/.
    path("", include("lms.identity.urls")),
    path("accounts/register/", citizen_register_view, name="register"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Two-factor sign-in for staff who can see personal data (lms.mfa).
    path("accounts/two-factor/", include("lms.mfa.urls")),
    # Password reset, profile, password change (lms.org.account_views).
    path("", include("lms.org.account_urls")),
    path("certificates/", include("certificates.urls")),
    path("reminders/", include("lms.reminders.urls")),
    # Browsers ask for /favicon.ico whatever the pages link: the site's icon, not a 404 (its
    # address read when asked: the static files' manifest may not exist at import).
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static_url, str)("favicon.svg")),
        name="favicon",
    ),
    path("", include("lms.home.urls")),
    path("", include("courses.urls")),
]

# Plugins that carry URLs are served under /plugins/<name>/ (404 while disabled).
urlpatterns += plugin_urlpatterns()

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
