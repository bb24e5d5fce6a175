"""Public verification of a certificate by its code, read the way people copy it from paper.

The code is matched whatever its case, with or without its dashes or spaces; what was typed is
never rewritten, only read. When nothing matches, the answer says why as far as it can tell
(a character no code contains, too few or too many characters), and never more than the
certificate itself shows.
"""

import enum
from dataclasses import dataclass

from .models import Certificate
from .services import CODE_ALPHABET, CODE_LENGTH, code_normalise

# Typed between the groups of four: spaces, and the dashes a phone keyboard or a PDF viewer
# may substitute for the hyphen.
SEPARATORS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212")
CODE_EXAMPLE = "ABCD-EFGH-JKLM-NPQR"
TYPED_MAX_LENGTH = 64  # four times a code, dashes included: longer is not a code
FOREIGN_SHOWN = 5  # characters named in the hint, at most


class Verdict(enum.StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class Verification:
    typed: str
    verdict: Verdict
    certificate: Certificate | None = None
    # Why a code was not found, when the typing shows it: characters that no code contains
    # (as typed, in the order typed), and how many code characters there were.
    foreign: tuple[str, ...] = ()
    symbols: int = 0

    @property
    def length_wrong(self) -> bool:
        return self.symbols != CODE_LENGTH


def _foreign_characters(typed: str) -> tuple[str, ...]:
    seen: list[str] = []
    for character in typed:
        if character.isspace() or character in SEPARATORS:
            continue
        if character.upper() not in CODE_ALPHABET and character not in seen:
            seen.append(character)
    return tuple(seen[:FOREIGN_SHOWN])


def certificate_verify(*, typed: str) -> Verification:
    """The verdict on a typed code: valid, revoked (with its date) or not found. A certificate
    still being prepared is not found yet: it certifies nothing until its PDF exists."""
    code = code_normalise(typed)
    symbols = len(code.replace("-", ""))
    certificate = None
    if symbols == CODE_LENGTH and len(typed) <= TYPED_MAX_LENGTH:
        certificate = (
            Certificate.objects.filter(code=code).exclude(status=Certificate.Status.PENDING).first()
        )
    if certificate is None:
        return Verification(
            typed=typed,
            verdict=Verdict.NOT_FOUND,
            foreign=_foreign_characters(typed),
            symbols=symbols,
        )
    verdict = Verdict.REVOKED if certificate.status == Certificate.Status.REVOKED else Verdict.VALID
    return Verification(typed=typed, verdict=verdict, certificate=certificate, symbols=symbols)
