"""Server-side enforcement of two-factor sign-in, for every page of the site and the admin.

Installed after django-otp's OTPMiddleware (which says whether this session passed a second
factor). With LMS_REQUIRE_2FA on, a signed-in account that can see personal data and whose
session has not passed one is sent to set up an authenticator app (if it has none yet) or to
enter a code, and then back where it was going. Checked in process_view, once the URL is
resolved, so that exemptions are by URL name rather than by path.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.views.static import serve as static_serve

from .selectors import authenticator_for, two_factor_applies

# Pages an account must reach before it has passed its second factor: the two-factor pages
# themselves, signing out (of the site or the admin), the language switch.
EXEMPT_NAMESPACES = {"mfa"}
EXEMPT_URL_NAMES = {"logout", "wagtailadmin_logout", "set_language", "favicon"}


def _exempt(request, view_func) -> bool:
    match = request.resolver_match
    if match is not None and (
        EXEMPT_NAMESPACES.intersection(match.namespaces) or match.url_name in EXEMPT_URL_NAMES
    ):
        return True
    # Media served by Django in development (static files never get here: WhiteNoise).
    return view_func is static_serve


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.LMS_REQUIRE_2FA:
            return None
        user = request.user
        if not user.is_authenticated or _exempt(request, view_func):
            return None
        # Cheapest first: a verified session costs one query (its device), loaded anyway.
        if user.is_verified() or not two_factor_applies(user):
            return None
        target = "mfa:verify" if authenticator_for(user=user) else "mfa:setup"
        url = reverse(target)
        # Only a page that can be opened again is worth coming back to.
        if request.method in {"GET", "HEAD"}:
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
