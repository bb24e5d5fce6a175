"""National ID numbers: a keyed hash for matching and the last four digits for display.

The clear number is never stored, logged or exported. The key (NATIONAL_ID_HASH_KEY) must stay
the same for the life of the database, or previously stored hashes stop matching.
"""

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext_lazy as _

# ASCII digits only: "\d" also matches other scripts' digits, which would hash differently from
# the same number and so slip past the one-record-per-ID rule.
NATIONAL_ID_PATTERN = re.compile(r"^[0-9]{12}$")


@dataclass(frozen=True)
class ProtectedNationalId:
    hash: str
    last4: str


def national_id_normalise(raw: str) -> str:
    """Strip spaces, dots and dashes people type; the result must be exactly 12 digits."""
    # NFKC first: full-width digits typed on some keyboards read as the same number.
    digits = re.sub(r"[\s.\-]", "", unicodedata.normalize("NFKC", raw or ""))
    if not NATIONAL_ID_PATTERN.match(digits):
        raise ValidationError(
            _("A national ID number has exactly 12 digits."), code="national_id_format"
        )
    return digits


def national_id_protect(raw: str) -> ProtectedNationalId:
    key = settings.NATIONAL_ID_HASH_KEY
    if not key:
        raise ImproperlyConfigured("NATIONAL_ID_HASH_KEY is not set.")
    digits = national_id_normalise(raw)
    digest = hmac.new(key.encode(), digits.encode(), hashlib.sha256).hexdigest()
    return ProtectedNationalId(hash=digest, last4=digits[-4:])


# Nine or more digits, maybe typed in groups ("074 190 001 111", "074.190.001.111"): a
# national ID number (12 digits), an old identity card number (9), or one mistyped.
DIGIT_RUN = re.compile(r"\d(?:[ .\-\u00a0]?\d){8,}")


def national_id_mask(text: str) -> str:
    """Text that is safe to store or show: every run of nine or more digits keeps only its
    last four. Used wherever an import reason, message or column name is made or shown, since
    any of them may quote a cell, and a cell in the wrong column may hold an ID number."""

    def mask(match: re.Match) -> str:
        digits = re.sub(r"\D", "", match.group())
        return "•" * (len(digits) - 4) + digits[-4:]

    return DIGIT_RUN.sub(mask, str(text))
