"""Rate limits for cheap-to-abuse endpoints (django-ratelimit), with a friendly answer."""

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django_ratelimit.decorators import ratelimit


def too_many_requests(request, exception=None):
    return TemplateResponse(request, "429.html", status=429)


def limit_posts(rate_setting: str):
    """Limit POSTs per client address; the rate comes from a setting (e.g. "10/5m")."""
    return ratelimit(
        key="ip",
        rate=lambda group, request: getattr(settings, rate_setting),
        method="POST",
        block=True,
    )


def limit_posts_method(rate_setting: str):
    return method_decorator(limit_posts(rate_setting))


def limit_requests(rate_setting: str):
    """Limit every request (GET included) per client address."""
    return ratelimit(
        key="ip",
        rate=lambda group, request: getattr(settings, rate_setting),
        method=ratelimit.ALL,
        block=True,
    )
