from django import template
from django.utils.formats import number_format

register = template.Library()

STATUS_SYMBOLS = {"met": "✓", "on_track": "↗", "at_risk": "!", "off_track": "✕", "unknown": "?"}


@register.filter
def percent(value) -> str:
    """A percentage for display (rounded here, never before summing)."""
    if value is None:
        return "—"
    return number_format(value, decimal_pos=1) + " %"


@register.filter
def grouped(value) -> str:
    """A count with thousands separators (152.400 in Vietnamese)."""
    if value is None:
        return "—"
    return number_format(value, force_grouping=True)


@register.filter
def status_symbol(status: str) -> str:
    return STATUS_SYMBOLS.get(status, "")


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (None removes one)."""
    params = context["request"].GET.copy()
    params.pop("export", None)
    params.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode()
