"""Serial numbers ("Số: 0001/2026/GCN-STTTT"): what a template's pattern may say.

A pattern names the certificate's number in the year ({seq}), the year ({year}) and the
issuer ({issuer}), all three, so that two certificates of different issuers or years can
never share a number; a separator between fields keeps "1" + "12" apart from "11" + "2".
Only characters that are safe in a file name and on paper: serials name the files of a ZIP.
"""

import re
import string

from django.utils.translation import gettext as _

from .defaults import DEFAULT_SERIAL_PATTERN
from .sandbox import TemplateRefused

SERIAL_FIELDS = ("seq", "year", "issuer")
SEQ_SPEC = re.compile(r"^(0[1-9]d?)?$")  # {seq}, {seq:04d}: zero-padded, nothing wider
LITERAL = re.compile(r"^[A-Za-z0-9/._-]*$")
SEPARATOR = re.compile(r"[/._-]")
SERIAL_MAX_LENGTH = 100  # Certificate.serial
LARGEST_SEQUENCE = 999_999  # for the length check: a million certificates a year


def serial_pattern_check(pattern: str, *, issuer_code: str = "") -> None:
    """Raise TemplateRefused (field serial_pattern) unless the pattern makes safe, unique
    serial numbers that fit."""

    def refuse(message):
        raise TemplateRefused("serial_pattern", message)

    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as error:
        refuse(_("Invalid serial number pattern: %(error)s") % {"error": error})
    names, after_field = set(), False
    for literal, name, spec, conversion in parts:
        if not LITERAL.match(literal):
            refuse(
                _(
                    "A serial number may contain only letters without accents, digits and "
                    "the signs / - . _ besides its fields."
                )
            )
        if name is None:
            continue
        if after_field and not SEPARATOR.search(literal):
            refuse(
                _(
                    "Put a separator (/ - . or _) between two fields, as in "
                    "{seq:04d}/{year}/GCN-{issuer}."
                )
            )
        spec_allowed = SEQ_SPEC.match(spec or "") if name == "seq" else not spec
        if name not in SERIAL_FIELDS or conversion or not spec_allowed:
            refuse(_("Only {seq}, {year} and {issuer} may be used, as in {seq:04d}."))
        names.add(name)
        after_field = True
    if names != set(SERIAL_FIELDS):
        refuse(
            _(
                "The pattern must contain {seq} (the certificate's number in the year), {year} "
                "and {issuer}, so that no two certificates share a number."
            )
        )
    longest = pattern.format(seq=LARGEST_SEQUENCE, year=9999, issuer=issuer_code or "X" * 32)
    if len(longest) > SERIAL_MAX_LENGTH:
        refuse(
            _("Serial numbers from this pattern would be longer than %(max)d characters.")
            % {"max": SERIAL_MAX_LENGTH}
        )


def serial_format(pattern: str, *, sequence: int, year: int, issuer_code: str) -> str:
    """The serial number of a certificate. A pattern saved before today's rules (a template
    revision from then) gives way to the default one, so issuing never fails on it."""
    try:
        serial_pattern_check(pattern, issuer_code=issuer_code)
    except TemplateRefused:
        pattern = DEFAULT_SERIAL_PATTERN
    return pattern.format(seq=sequence, year=year, issuer=issuer_code)


def serial_default(*, sequence: int, year: int, issuer_code: str) -> str:
    return DEFAULT_SERIAL_PATTERN.format(seq=sequence, year=year, issuer=issuer_code)
