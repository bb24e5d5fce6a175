"""Claim mapping: what a provider's claims say, in the LMS's terms (LMS_OIDC_CLAIMS)."""

import datetime
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from lms.org.national_id import national_id_normalise

# Providers spell sex in many ways; anything else counts as not given (then it is asked).
SEX_VALUES = {
    "male": "male",
    "m": "male",
    "nam": "male",
    "1": "male",
    "female": "female",
    "f": "female",
    "nu": "female",
    "2": "female",
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y%m%d")
# Longest values kept: OpenID Core caps ``sub`` at 255; the record's and login's columns cap
# the rest. A longer subject, e-mail, commune or phone is refused (cut, it would name
# someone or somewhere else); a longer name is cut.
SUBJECT_MAX, NAME_MAX, EMAIL_MAX, COMMUNE_MAX, PHONE_MAX = 255, 255, 254, 32, 20
# Dropped from every claim: controls (NUL, which PostgreSQL refuses in text), format
# characters (bidi overrides that reorder a name on screen) and lone surrogates (which cannot
# be encoded). Whitespace of any kind becomes one space.
DROPPED_CATEGORIES = {"Cc", "Cf", "Cs"}
WHITESPACE = "\t\n\r\v\f"


@dataclass(frozen=True)
class MappedClaims:
    """The claims the LMS reads. ``national_id`` is the clear number: it lives only in memory,
    long enough to be hashed (lms.org.national_id)."""

    subject: str
    national_id: str
    full_name: str
    date_of_birth: datetime.date | None
    sex: str
    commune_code: str
    email: str
    phone: str


def _clean(text: str) -> str:
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char in WHITESPACE or category.startswith("Z"):
            kept.append(" ")
        elif category not in DROPPED_CATEGORIES:
            kept.append(char)
    return " ".join("".join(kept).split())


def _text(claims: Mapping[str, Any], name: str, *, longest: int) -> str:
    """The claim as one line of printable text; "" when absent, structured or too long."""
    value = claims.get(name) if name else None
    if value is None or isinstance(value, (dict, list)):
        return ""
    text = _clean(str(value))
    return text if len(text) <= longest else ""


def _name(claims: Mapping[str, Any], name: str) -> str:
    value = claims.get(name) if name else None
    if value is None or isinstance(value, (dict, list)):
        return ""
    # Composed (NFC), as people type Vietnamese, before it is cut to the column's length.
    return _clean(unicodedata.normalize("NFC", str(value)))[:NAME_MAX].rstrip()


def _subject(claims: Mapping[str, Any]) -> str:
    """``sub`` as given (it is opaque: nothing is cleaned, so two subjects never become one);
    "" when absent or longer than OpenID allows, and the sign-in is then refused."""
    value = claims.get("sub")
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return ""
    subject = str(value)
    return subject if 0 < len(subject) <= SUBJECT_MAX else ""


def _verified(claims: Mapping[str, Any], name: str) -> bool:
    # A boolean in OpenID Core; some providers send the text "true".
    value = claims.get(name) if name else None
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _ascii_lower(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def _date(text: str) -> datetime.date | None:
    for pattern in DATE_FORMATS:
        try:
            born = datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        # OpenID's birthdate may be "0000-..." when the year is withheld; a date in the
        # future or over 120 years ago is no date of birth either.
        today = datetime.date.today()
        if today.replace(year=today.year - 120) <= born <= today:
            return born
    return None


def claims_map(*, claims: Mapping[str, Any], names: Mapping[str, str]) -> MappedClaims:
    """Read the claims through ``names`` (field -> claim name). A national ID that is not 12
    digits is dropped (as if not given); other unreadable values too. The e-mail address is
    used only when the provider says it verified it (the ``email_verified`` field's claim)."""

    def text(field_name: str, longest: int = 64) -> str:
        return _text(claims, names.get(field_name, ""), longest=longest)

    try:
        national_id = national_id_normalise(text("national_id"))
    except ValidationError:
        national_id = ""
    verified = _verified(claims, names.get("email_verified", ""))
    return MappedClaims(
        subject=_subject(claims),
        national_id=national_id,
        full_name=_name(claims, names.get("full_name", "")),
        date_of_birth=_date(text("date_of_birth")),
        sex=SEX_VALUES.get(_ascii_lower(text("sex")), ""),
        commune_code=text("commune", COMMUNE_MAX),
        email=text("email", EMAIL_MAX) if verified else "",
        phone=text("phone", PHONE_MAX),
    )
