"""National ID numbers: a keyed hash for matching and the last four digits for display.

The clear number is never stored, logged or exported. The key (NATIONAL_ID_HASH_KEY) must stay
the same for the life of the database, or previously stored hashes stop matching.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext_lazy as _

NATIONAL_ID_PATTERN = re.compile(r"^\d{12}$")


@dataclass(frozen=True)
class ProtectedNationalId:
    hash: str
    last4: str


def national_id_normalise(raw: str) -> str:
    """Strip spaces, dots and dashes people type; the result must be exactly 12 digits."""
    digits = re.sub(r"[\s.\-]", "", raw or "")
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
