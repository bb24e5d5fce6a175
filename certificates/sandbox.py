"""The template language a certificate is written in: Django's, cut down to an allow-list.

The sandbox engine knows only the tags and filters below (its own template library replaces
Django's built-in ones), so whatever construct a template uses (`{{ x|safe }}`,
`{% with a=x|safe %}`, `{% firstof x|safe %}`, `{% for c in x|safeseq %}`,
`{% autoescape off %}`) it cannot mark a value safe: a learner's name never becomes markup.
Filters that can build huge strings from a short template (`center`, `ljust`, `rjust`,
`stringformat`, `floatformat`, `wordwrap`) are left out too, and loops nest two deep at most,
because a template is rendered in the web request that saves it.
"""

import re
from functools import cache

from django.template import Engine, TemplateSyntaxError, defaultfilters, defaulttags
from django.template.base import Lexer, TokenType
from django.template.library import Library
from django.utils.translation import gettext as _

ALLOWED_TAGS = {
    "if", "for", "with", "firstof", "spaceless", "comment", "verbatim", "filter", "cycle",
    "templatetag", "now",
}  # fmt: skip
# The tags the allowed ones close or divide themselves with.
INNER_TAGS = {
    "elif", "else", "endif", "empty", "endfor", "endwith", "endspaceless", "endcomment",
    "endverbatim", "endfilter",
}  # fmt: skip
ALLOWED_FILTERS = {
    "capfirst", "cut", "date", "default", "default_if_none", "escape", "first",
    "force_escape", "join", "last", "length", "linebreaks", "linebreaksbr", "lower",
    "make_list", "pluralize", "slice", "slugify", "striptags", "time", "title",
    "truncatechars", "truncatewords", "upper", "urlencode", "wordcount", "yesno",
}  # fmt: skip
MAX_LOOP_DEPTH = 2

register = Library()
for _name in ALLOWED_TAGS:
    register.tags[_name] = defaulttags.register.tags[_name]
for _name in ALLOWED_FILTERS:
    register.filters[_name] = defaultfilters.register.filters[_name]


class TemplateRefused(Exception):
    """A certificate template that may not be saved or rendered; the message says why."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


class SandboxEngine(Engine):
    # Only this module's library: Django's own tags and filters are not there to be found.
    default_builtins = ["certificates.sandbox"]


@cache
def sandbox() -> SandboxEngine:
    return SandboxEngine(dirs=[], app_dirs=False, loaders=[], libraries={}, debug=False)


def _check_tags(source: str) -> None:
    """Name a forbidden tag before Django's more cryptic error would."""
    depth = 0
    for token in Lexer(source).tokenize():
        if token.token_type is not TokenType.BLOCK:
            continue
        bits = token.split_contents()
        name = bits[0] if bits else ""
        if name not in ALLOWED_TAGS | INNER_TAGS:
            raise TemplateRefused(
                "body_html",
                _("The tag {%% %(tag)s %%} is not allowed in a certificate template.")
                % {"tag": name},
            )
        depth += {"for": 1, "endfor": -1}.get(name, 0)
        if depth > MAX_LOOP_DEPTH:
            raise TemplateRefused(
                "body_html",
                _("Loops may be nested %(depth)d deep at most in a certificate template.")
                % {"depth": MAX_LOOP_DEPTH},
            )


INVALID_FILTER = re.compile(r"Invalid filter: '(?P<name>[^']*)'")


def template_compile(source: str):
    """The compiled template, or TemplateRefused saying what is wrong with it."""
    _check_tags(source)
    try:
        return sandbox().from_string(source)
    except TemplateSyntaxError as error:
        unknown = INVALID_FILTER.search(str(error))
        if unknown and unknown["name"] in {"safe", "safeseq"}:
            message = _(
                "Values are always escaped in a certificate: the filter safe is not allowed."
            )
        elif unknown:
            message = _(
                "The filter %(filter)s is not allowed in a certificate template. Allowed: "
                "%(allowed)s."
            ) % {"filter": unknown["name"], "allowed": ", ".join(sorted(ALLOWED_FILTERS))}
        else:
            message = _("Template error: %(error)s") % {"error": error}
        raise TemplateRefused("body_html", message) from None
