"""Every URL pattern the site serves, walked from the root resolver, each with a stable key."""

import re
from collections import Counter
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>")


@dataclass(frozen=True)
class Pattern:
    key: str  # what the authorization table names it by
    name: str | None  # namespaced URL name, if any
    route: str  # the route from the root, as written in the URLconfs
    parameters: tuple[str, ...]  # keyword parameters, in order
    positional: int  # unnamed regex groups (reversed with args)


def _parameters(pattern) -> tuple[tuple[str, ...], int]:
    text = str(pattern.pattern)
    if isinstance(pattern.pattern, RoutePattern):
        return tuple(match["name"] for match in ROUTE_PARAMETER.finditer(text)), 0
    named = tuple(match["name"] for match in REGEX_GROUP.finditer(text))
    compiled = re.compile(text)
    return named, compiled.groups - len(named)


def _walk(patterns, prefix="", namespace="", inherited=((), 0)):
    for pattern in patterns:
        names, positional = _parameters(pattern)
        parameters = (inherited[0] + names, inherited[1] + positional)
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, route, inner, parameters)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield name, route, parameters


def url_patterns() -> list[Pattern]:
    """Every pattern, keyed by its URL name; an unnamed one by its route ("/" + route); a
    name that several patterns share gets its parameters in brackets, e.g.
    ``wagtailsettings:edit(app_name,model_name,pk)``."""
    found = list(_walk(get_resolver().url_patterns))
    shared = Counter(name for name, _, _ in found if name)
    patterns = []
    for name, route, (parameters, positional) in found:
        if name is None:
            key = "/" + route
        elif shared[name] > 1:
            key = f"{name}({','.join(parameters)})"
        else:
            key = name
        patterns.append(Pattern(key, name, route, parameters, positional))
    return patterns
