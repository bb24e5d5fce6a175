import pytest
from django.core.exceptions import ValidationError

from lms.org.national_id import national_id_normalise, national_id_protect


def test_protected_id_keeps_only_a_keyed_hash_and_the_last_four_digits():
    protected = national_id_protect("074190001234")
    assert protected.last4 == "1234"
    assert len(protected.hash) == 64
    assert "074190001234" not in protected.hash


def test_same_number_typed_differently_matches():
    assert national_id_protect("0741 9000 1234").hash == national_id_protect("074-190-001234").hash


def test_full_width_digits_are_the_same_number():
    full_width = "".join(chr(0xFF10 + int(digit)) for digit in "074190001234")
    assert national_id_protect(full_width).hash == national_id_protect("074190001234").hash


def test_hash_depends_on_the_key(settings):
    first = national_id_protect("074190001234").hash
    settings.NATIONAL_ID_HASH_KEY = "another-key"
    assert national_id_protect("074190001234").hash != first


# Other scripts' digits are digits to "\d" but not a number anyone's ID card prints: refused,
# so the same person can never hold two hashes.
ARABIC_INDIC = "".join(chr(0x0660 + int(digit)) for digit in "074190001234")


@pytest.mark.parametrize(
    "raw", ["", "12345", "0741900012345", "07419000123a", None, ARABIC_INDIC, "074190001234\n1"]
)
def test_malformed_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        national_id_normalise(raw)
