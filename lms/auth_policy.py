"""One policy for every way in: the site's login, Wagtail's admin login, Wagtail's login for
private pages, the admin's password reset and the page-privacy password form.

The policy is two numbers, LMS_AUTH_FAILURE_LIMIT failures and LMS_AUTH_COOLOFF, applied with
the client identified by ``lms.ratelimits.client_ip``:

- Logins (anything that calls ``django.contrib.auth.authenticate``) are watched by django-axes
  through its authentication backend, so no login view can forget it. Lockout is per
  username *from* one client (AXES_LOCKOUT_PARAMETERS in settings): per client alone, one
  person behind an office NAT could lock out the whole office; per username alone, anyone
  anywhere could lock any named user (the administrator, say) out of the site. While locked,
  the right password is refused too, until the cool-off has passed since the last failure.
- Endpoints without a username (password reset, a page's shared password) are limited per
  client with django-ratelimit, by ``AuthEndpointLimitMiddleware`` below, over the same numbers.
"""

from dataclasses import dataclass

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage

from lms.ratelimits import FailureLimit, client_ip, too_many_requests


def failure_limit(request=None, credentials=None) -> int:
    """AXES_FAILURE_LIMIT: failed logins allowed before a lockout."""
    return settings.LMS_AUTH_FAILURE_LIMIT


def cool_off(request=None):
    """AXES_COOLOFF_TIME: how long a lockout lasts after the last failure."""
    return settings.LMS_AUTH_COOLOFF


def auth_rate(group=None, request=None) -> tuple[int, int]:
    """The same policy as a django-ratelimit rate: failures per cool-off window."""
    return settings.LMS_AUTH_FAILURE_LIMIT, max(int(settings.LMS_AUTH_COOLOFF.total_seconds()), 1)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a page in the visitor's language, status 429.

    Rendered here rather than as a TemplateResponse: axes swaps it in from its middleware,
    after the view's response has already been rendered.
    """
    minutes = max(round(settings.LMS_AUTH_COOLOFF.total_seconds() / 60), 1)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


@dataclass(frozen=True)
class EndpointLimit:
    group: str
    # "requests": every request counts (each one can send an e-mail or try a token);
    # "failures": only answers that refuse (a re-shown form) count, so that an office whose
    # people type the right page password is never held up by the limit.
    counts: str
    method: str = "POST"


# Wagtail's views, by URL name: matching names rather than paths keeps the policy on them if
# a Wagtail release moves a URL.
ENDPOINT_LIMITS = {
    "wagtailadmin_password_reset": EndpointLimit("auth:password-reset", counts="requests"),
    # A reset link carries a token in its path: guessing tokens is a GET, so every method counts.
    "wagtailadmin_password_reset_confirm": EndpointLimit(
        "auth:password-reset-confirm", counts="requests", method="ALL"
    ),
    "wagtailcore_authenticate_with_password": EndpointLimit(
        "auth:page-password", counts="failures"
    ),
}


def _matches(limit: EndpointLimit, request) -> bool:
    return limit.method == "ALL" or request.method == limit.method


class AuthEndpointLimitMiddleware:
    """Applies the policy to the authentication endpoints that have no username to lock."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        limit = getattr(request, "_lms_endpoint_limit", None)
        if limit is not None and limit.counts == "failures" and _is_refusal(response):
            FailureLimit(group=limit.group, rate=auth_rate).record_failure(request)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        limit = ENDPOINT_LIMITS.get(match.url_name) if match else None
        if limit is None or not _matches(limit, request):
            return None
        if limit.counts == "failures":
            if FailureLimit(group=limit.group, rate=auth_rate).blocked(request):
                return too_many_requests(request)
            request._lms_endpoint_limit = limit
            return None
        usage = get_usage(
            request,
            group=limit.group,
            key=lambda group, request: client_ip(request),
            rate=auth_rate,
            method=get_usage.ALL,
            increment=True,
        )
        if usage is not None and usage["should_limit"]:
            return too_many_requests(request)
        return None


def _is_refusal(response) -> bool:
    # The page-password view redirects when the password is right and shows the form again
    # (200) when it is wrong.
    return response.status_code == 200
