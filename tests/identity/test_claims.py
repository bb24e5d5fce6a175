"""Claim mapping (the LMS_OIDC_CLAIMS setting and a provider's own names) and the bundled
plugin's reading of the environment."""

import datetime

import pytest

from lms.identity.claims import claims_map
from lms.identity.providers import claim_names
from plugins.oidc.hooks import provider_from_environment, register_identity_providers

DEFAULT_NAMES = {
    "national_id": "national_id",
    "full_name": "name",
    "date_of_birth": "birthdate",
    "sex": "gender",
    "commune": "commune_code",
    "email": "email",
    "email_verified": "email_verified",
    "phone": "phone_number",
}


def test_standard_claims_map_to_the_lms_fields():
    mapped = claims_map(
        claims={
            "sub": "abc",
            "national_id": "079 201 000 001",
            "name": "  Trần   Văn An ",
            "birthdate": "1980-02-03",
            "gender": "male",
            "commune_code": "BDG-TU-KB",
            "email": "an@example.invalid",
            "email_verified": True,
        },
        names=DEFAULT_NAMES,
    )
    assert mapped.subject == "abc" and mapped.national_id == "079201000001"
    assert mapped.full_name == "Trần Văn An"
    assert mapped.date_of_birth == datetime.date(1980, 2, 3)
    assert (mapped.sex, mapped.commune_code, mapped.email) == (
        "male",
        "BDG-TU-KB",
        "an@example.invalid",
    )


@pytest.mark.parametrize(
    ("given", "sex"),
    [("female", "female"), ("Nữ", "female"), ("NAM", "male"), ("2", "female"), ("other", "")],
)
def test_sex_is_read_in_the_ways_providers_spell_it(given, sex):
    assert claims_map(claims={"gender": given}, names=DEFAULT_NAMES).sex == sex


@pytest.mark.parametrize(
    ("given", "born"),
    [
        ("1990-05-14", datetime.date(1990, 5, 14)),
        ("14/05/1990", datetime.date(1990, 5, 14)),
        ("0000-05-14", None),  # year withheld
        ("2999-01-01", None),
        ("yesterday", None),
    ],
)
def test_dates_of_birth_that_are_no_dates_count_as_not_given(given, born):
    assert claims_map(claims={"birthdate": given}, names=DEFAULT_NAMES).date_of_birth == born


@pytest.mark.parametrize(
    ("given", "name"),
    [
        ("Trần\x00Văn An", "TrầnVăn An"),  # NUL: PostgreSQL refuses it in text
        ("Trần Văn\u202e An\u200b", "Trần Văn An"),  # bidi override, zero-width space
        ("Trần\tVăn\u00a0\nAn\u2028", "Trần Văn An"),  # any whitespace: one space
        ("\x1b[31mAn\x7f\ud800", "[31mAn"),  # escape, delete, lone surrogate
        ("Tra\u0300n", "Tr\u00e0n"),  # a combining accent is kept, composed
    ],
)
def test_names_lose_control_and_format_characters(given, name):
    assert claims_map(claims={"name": given}, names=DEFAULT_NAMES).full_name == name


def test_over_long_values_are_cut_or_left_out():
    mapped = claims_map(
        claims={
            "sub": "s" * 256,
            "name": "Nguyễn " + "ạ" * 300,
            "email": "a" * 245 + "@example.vn",  # 256 characters
            "email_verified": True,
            "commune_code": "X" * 33,
            "phone_number": "0" * 21,
        },
        names=DEFAULT_NAMES,
    )
    assert mapped.subject == ""  # the sign-in is then refused
    assert mapped.full_name.startswith("Nguyễn ạ") and len(mapped.full_name) == 255
    assert (mapped.email, mapped.commune_code, mapped.phone) == ("", "", "")
    at_limit = claims_map(
        claims={"sub": "s" * 255, "email": "a" * 243 + "@example.vn", "email_verified": True},
        names=DEFAULT_NAMES,
    )
    assert len(at_limit.subject) == 255 and len(at_limit.email) == 254


def test_a_name_cut_at_the_limit_ends_cleanly():
    name = "A" * 254 + " Bình"
    assert claims_map(claims={"name": name}, names=DEFAULT_NAMES).full_name == "A" * 254


@pytest.mark.parametrize(
    ("verified", "kept"),
    [(True, True), ("true", True), ("TRUE", True), (False, False), ("false", False), (1, False)],
)
def test_the_email_claim_is_used_only_when_the_provider_verified_it(verified, kept):
    claims = {"email": "an@example.invalid", "email_verified": verified}
    mapped = claims_map(claims=claims, names=DEFAULT_NAMES)
    assert mapped.email == ("an@example.invalid" if kept else "")
    assert claims_map(claims={"email": "an@example.invalid"}, names=DEFAULT_NAMES).email == ""


def test_a_provider_names_its_own_verified_claim(settings):
    settings.LMS_OIDC_CLAIMS = DEFAULT_NAMES
    provider = provider_from_environment(
        "vneid",
        environ={
            "LMS_OIDC_VNEID_ISSUER": "https://id.invalid",
            "LMS_OIDC_VNEID_CLIENT_ID": "lms",
            "LMS_OIDC_VNEID_CLAIM_EMAIL_VERIFIED": "email_xac_thuc",
        },
    )
    claims = {"email": "an@example.invalid", "email_xac_thuc": True}
    assert claims_map(claims=claims, names=claim_names(provider=provider)).email


def test_a_subject_is_kept_as_given():
    assert claims_map(claims={"sub": " a\x00b "}, names=DEFAULT_NAMES).subject == " a\x00b "
    assert claims_map(claims={"sub": {"x": 1}}, names=DEFAULT_NAMES).subject == ""


def test_a_national_id_that_is_not_twelve_digits_counts_as_not_given():
    assert claims_map(claims={"national_id": "12345"}, names=DEFAULT_NAMES).national_id == ""
    assert claims_map(claims={"national_id": {"x": 1}}, names=DEFAULT_NAMES).national_id == ""


def test_a_provider_names_its_own_claims_over_the_setting(settings):
    settings.LMS_OIDC_CLAIMS = {**DEFAULT_NAMES, "commune": "xa_phuong"}
    provider = provider_from_environment(
        "vneid",
        environ={
            "LMS_OIDC_VNEID_ISSUER": "https://id.invalid/",
            "LMS_OIDC_VNEID_CLIENT_ID": "lms",
            "LMS_OIDC_VNEID_CLAIM_NATIONAL_ID": "so_cccd",
        },
    )
    names = claim_names(provider=provider)
    assert names["national_id"] == "so_cccd" and names["commune"] == "xa_phuong"
    mapped = claims_map(claims={"so_cccd": "079201000001", "xa_phuong": "KB"}, names=names)
    assert (mapped.national_id, mapped.commune_code) == ("079201000001", "KB")


def test_the_environment_describes_each_provider(monkeypatch):
    monkeypatch.setenv("LMS_OIDC_PROVIDERS", "vneid, staff-dir,broken")
    monkeypatch.setenv("LMS_OIDC_VNEID_ISSUER", "https://id.invalid/")
    monkeypatch.setenv("LMS_OIDC_VNEID_CLIENT_ID", "lms")
    monkeypatch.setenv("LMS_OIDC_VNEID_LABEL", "VNeID")
    monkeypatch.setenv("LMS_OIDC_STAFF_DIR_ISSUER", "https://sso.invalid")
    monkeypatch.setenv("LMS_OIDC_STAFF_DIR_CLIENT_ID", "lms-staff")
    monkeypatch.setenv("LMS_OIDC_STAFF_DIR_CLIENT_SECRET", "s3cret")
    monkeypatch.setenv("LMS_OIDC_STAFF_DIR_POPULATION", "staff")
    monkeypatch.setenv("LMS_OIDC_STAFF_DIR_SCOPES", "openid profile cccd")
    vneid, staff = register_identity_providers()  # "broken" has no issuer: left out
    assert (vneid.code, vneid.label, vneid.issuer, vneid.population) == (
        "vneid",
        "VNeID",
        "https://id.invalid",
        "citizens",
    )
    assert (staff.code, staff.label, staff.client_secret, staff.population, staff.scopes) == (
        "staff-dir",
        "staff-dir",
        "s3cret",
        "staff",
        "openid profile cccd",
    )


@pytest.mark.parametrize(
    ("population", "given", "links_staff"),
    [
        ("citizens", None, False),
        ("staff", None, True),
        ("citizens", "1", True),
        ("citizens", "true", True),
        ("staff", "0", False),
        ("citizens", "maybe", "left out"),
    ],
)
def test_the_environment_says_whether_a_provider_links_staff(population, given, links_staff):
    environ = {
        "LMS_OIDC_VNEID_ISSUER": "https://id.invalid",
        "LMS_OIDC_VNEID_CLIENT_ID": "lms",
        "LMS_OIDC_VNEID_POPULATION": population,
    }
    if given is not None:
        environ["LMS_OIDC_VNEID_LINKS_STAFF"] = given
    provider = provider_from_environment("vneid", environ=environ)
    if links_staff == "left out":  # a typo must not decide who reaches the staff roster
        assert provider is None
    else:
        assert provider.links_staff is links_staff
