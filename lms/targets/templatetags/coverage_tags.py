from django import template
from django.utils import numberformat
from django.utils.formats import get_format, number_format

from ..coverage.figures import PERCENT_STEP, round_percentage

register = template.Library()

STATUS_SYMBOLS = {
    "met": "✓",
    "on_track": "↗",
    "at_risk": "!",
    "off_track": "✕",
    "not_met": "✕",
    "unknown": "?",
}
PERCENT_PLACES = -PERCENT_STEP.as_tuple().exponent


@register.filter
def percent(value) -> str:
    """A percentage for display, rounded as every download rounds it (round_percentage;
    never before summing) and written the language's way (57,1 % in Vietnamese)."""
    if value is None:
        return "—"
    return number_format(round_percentage(value), decimal_pos=PERCENT_PLACES) + " %"


@register.filter
def grouped(value) -> str:
    """A count with thousands separators (152.400 in Vietnamese)."""
    if value is None:
        return "—"
    return numberformat.format(
        value,
        get_format("DECIMAL_SEPARATOR"),
        grouping=3,  # not every locale's formats say; Vietnamese groups by thousands too
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


@register.filter
def status_symbol(status: str) -> str:
    return STATUS_SYMBOLS.get(status, "")


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (None removes one)."""
    params = context["request"].GET.copy()
    for transient in ("export", "page", "table"):
        params.pop(transient, None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode()
