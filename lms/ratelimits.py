"""Rate limits for cheap-to-abuse endpoints (django-ratelimit), with a friendly answer.

Every limit here and every login lockout (django-axes, see lms.auth_policy) identifies the
client with ``client_ip``: one definition, so no endpoint can be steered around by a header
that another endpoint ignores.
"""

import ipaddress
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.template.response import TemplateResponse
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit
from ipware.ip import get_client_ip


def client_ip(request) -> str:
    """The address that identifies a client: the connecting address (REMOTE_ADDR), unless
    LMS_CLIENT_IP_HEADER names the header a reverse proxy in front of the site sets.

    Trusting X-Forwarded-For without such a proxy would let every request name its own
    client, so it is never read unless configured. When it is, the client is the entry that
    the outermost of LMS_CLIENT_IP_PROXY_COUNT proxies appended: entries to its left were
    written by the client and are ignored. An IPv6 client is its /64, the block one subscriber
    usually holds, so that walking through it does not make a new client each time.
    """
    address = None
    header = settings.LMS_CLIENT_IP_HEADER
    if header:
        meta_key = "HTTP_" + header.upper().replace("-", "_")
        # python-ipware counts the proxies written into the header, not the one connecting.
        address, _routable = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=max(settings.LMS_CLIENT_IP_PROXY_COUNT - 1, 0),
            strict=False,
            request_header_order=[meta_key],
        )
    if address is None:
        # No proxy header on this request (e.g. a health check that bypassed the proxy).
        address = request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 (a key, not a bind)
    return _client_network(address)


def _client_network(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


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


def limit_requests(rate_setting: str):
    """Limit every request (GET included) per client address."""
    return ratelimit(
        key="ip",
        rate=lambda group, request: getattr(settings, rate_setting),
        method=ratelimit.ALL,
        block=True,
    )


def _key_client(group, request) -> str:
    return client_ip(request)


def _key_user(group, request) -> str:
    return f"user:{request.user.pk}" if request.user.is_authenticated else client_ip(request)


KEYS: dict[str, Callable] = {"client": _key_client, "user": _key_user}


@dataclass(frozen=True)
class FailureLimit:
    """Count failed attempts (not every request) per key; refuse the next attempt, even a
    right one, once any key has failed as often as the rate allows in its window.

    Counting only failures keeps an office behind one address working while its people get
    their answers right; refusing right answers too is what makes guessing pointless.
    ``rate`` is a setting's name (its value a django-ratelimit rate such as "10/h"), or a
    callable ``(group, request)`` returning a rate or a (count, seconds) pair.
    """

    group: str
    rate: str | Callable
    keys: Sequence[str] = ("client",)

    def _usage(self, request, *, key: str, increment: bool) -> dict | None:
        rate = self.rate
        if isinstance(rate, str):
            rate = getattr(settings, rate)
        return get_usage(
            request,
            group=self.group,
            key=KEYS[key],
            rate=rate,
            method=get_usage.ALL,
            increment=increment,
        )

    def blocked(self, request) -> bool:
        for key in self.keys:
            usage = self._usage(request, key=key, increment=False)
            if usage is not None and usage["count"] >= usage["limit"]:
                return True
        return False

    def record_failure(self, request) -> None:
        for key in self.keys:
            self._usage(request, key=key, increment=True)
