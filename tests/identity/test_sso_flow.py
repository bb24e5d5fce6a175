"""The whole code flow against the real provider process, with Django's test client as the
browser: staff are linked to their roster record, citizens get a record, and each refusal
leaves no account."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from lms.identity.models import DataProcessingRecord, ExternalIdentity, subject_hash
from lms.org.models import OrgUnit, Person, Placement
from lms.org.national_id import national_id_protect
from tests.factories import PersonFactory, UserFactory, org_unit
from tests.identity.provider import (
    CITIZEN_ID,
    COMMUNE_CODE,
    LINKED_ID,
    PARTIAL_CITIZEN_ID,
    STAFF_ID,
    provider_sign_in,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def units(db):
    province = org_unit(code="TEST", kind=OrgUnit.Kind.PROVINCE)
    return {
        "department": org_unit(code="TEST-SO", kind=OrgUnit.Kind.DEPARTMENT, parent=province),
        "commune": org_unit(code=COMMUNE_CODE, kind=OrgUnit.Kind.COMMUNE, parent=province),
        "other_commune": org_unit(code="TEST-UH", kind=OrgUnit.Kind.COMMUNE, parent=province),
    }


def staff_person(*, national_id, unit, **fields):
    protected = national_id_protect(national_id)
    return PersonFactory(
        unit=unit,
        national_id_hash=protected.hash,
        national_id_last4=protected.last4,
        **fields,
    )


def start(client: Client, provider: str) -> str:
    response = client.get(f"/accounts/sso/{provider}/login/")
    assert response.status_code == 302
    return response["Location"]


def come_back(client: Client, callback_url: str):
    parts = urlsplit(callback_url)
    assert parts.netloc == "testserver"
    return client.get(f"{parts.path}?{parts.query}")


def sign_in(client: Client, provider: str, username: str):
    return come_back(client, provider_sign_in(start(client, provider), username=username))


def signed_in_user(client: Client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id) if user_id else None


def test_a_staff_members_first_sign_in_links_their_roster_record(providers_configured, units):
    person = staff_person(national_id=STAFF_ID, unit=units["department"])
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the record keeps what was shown
    response = sign_in(client, "staff", "staff.an")
    assert response.status_code == 302 and response["Location"] == reverse("my_learning")
    user = signed_in_user(client)
    person.refresh_from_db()
    assert person.user == user and person.linked_at is not None
    assert not user.has_usable_password()
    assert ExternalIdentity.objects.get(user=user).subject_hash == subject_hash(
        provider_code="staff", subject="sub-staff-an"
    )
    record = DataProcessingRecord.objects.get(user=user)
    assert record.basis == "notice" and record.person == person
    assert "linked to your staff record" in record.text and record.language == "en"
    # The clear number is nowhere: only the hash the roster already held.
    assert STAFF_ID not in repr(list(Person.objects.values()))
    # The second sign-in recognises the subject and makes nothing new.
    second = Client()
    sign_in(second, "staff", "staff.an")
    assert signed_in_user(second) == user
    assert get_user_model().objects.count() == 1
    assert DataProcessingRecord.objects.count() == 1


def test_a_citizen_with_full_claims_is_asked_only_for_consent(providers_configured, units):
    client = Client()
    response = sign_in(client, "vneid", "citizen.binh")
    assert response.status_code == 302 and response["Location"] == "/accounts/sso/complete/"
    assert get_user_model().objects.count() == 0  # nothing before consent
    page = client.get("/accounts/sso/complete/")
    assert list(page.context["form"].fields) == ["consent"]
    response = client.post("/accounts/sso/complete/", {"consent": "on"})
    assert response.status_code == 302
    person = Person.objects.get(national_id_hash=national_id_protect(CITIZEN_ID).hash)
    assert person.kind == Person.Kind.CITIZEN and person.user == signed_in_user(client)
    assert (person.full_name, str(person.date_of_birth), person.sex) == (
        "Phạm Thị Bình",
        "1992-12-01",
        "female",
    )
    assert person.unit == units["commune"] and person.consent_at is not None
    assert Placement.objects.get(person=person).unit == units["commune"]
    assert DataProcessingRecord.objects.get(person=person).basis == "consent"


def test_a_citizen_is_asked_for_what_the_claims_lacked(providers_configured, units):
    client = Client()
    sign_in(client, "vneid", "citizen.cuong")
    page = client.get("/accounts/sso/complete/")
    assert list(page.context["form"].fields) == ["sex", "commune", "consent"]
    refused = client.post("/accounts/sso/complete/", {"sex": "male", "commune": ""})
    assert refused.status_code == 200 and get_user_model().objects.count() == 0
    response = client.post(
        "/accounts/sso/complete/",
        {"sex": "male", "commune": units["other_commune"].pk, "consent": "on"},
    )
    assert response.status_code == 302
    person = Person.objects.get(national_id_hash=national_id_protect(PARTIAL_CITIZEN_ID).hash)
    assert (person.full_name, person.sex, person.unit) == (
        "Đỗ Văn Cường",
        "male",
        units["other_commune"],
    )


def test_a_state_is_good_only_at_its_own_providers_callback(providers_configured, units):
    staff_person(national_id=STAFF_ID, unit=units["department"])
    client = Client()
    callback = provider_sign_in(start(client, "staff"), username="staff.an")
    response = client.get(callback.replace("/sso/staff/", "/sso/vneid/").split("testserver")[1])
    assert response.status_code == 400 and response.context["reason"] == "state"
    # ...and the state was used up by that attempt.
    assert come_back(client, callback).context["reason"] == "state"
    assert get_user_model().objects.count() == 0


def test_a_replayed_code_is_refused_by_the_provider(providers_configured, units):
    staff_person(national_id=STAFF_ID, unit=units["department"])
    client = Client()
    callback = provider_sign_in(start(client, "staff"), username="staff.an")
    come_back(client, callback)
    user = signed_in_user(client)
    # An attacker replays the same callback with a state of their own making it to us.
    attacker = Client()
    fresh = start(attacker, "staff")
    state = dict(part.split("=") for part in urlsplit(fresh).query.split("&"))["state"]
    code = dict(part.split("=") for part in urlsplit(callback).query.split("&"))["code"]
    response = attacker.get(f"/accounts/sso/staff/callback/?code={code}&state={state}")
    assert response.status_code == 400 and response.context["reason"] == "code"
    assert signed_in_user(attacker) is None and get_user_model().objects.get() == user


@pytest.mark.parametrize(
    ("provider", "username", "reason"),
    [
        ("staff", "staff.unknown", "unknown_id"),
        ("staff", "staff.linked", "conflict"),
        ("vneid", "staff.linked", "staff_roster"),  # VNeID does not link staff here
        ("staff", "staff.noid", "no_national_id"),
        ("staff", "citizen.binh", "unknown_id"),  # no staff record, and staff never created
    ],
)
def test_refusals_have_their_page_and_make_no_account(
    providers_configured, units, provider, username, reason
):
    owner = UserFactory(username="owner")
    staff_person(national_id=LINKED_ID, unit=units["department"], user=owner)
    client = Client()
    response = sign_in(client, provider, username)
    assert response.status_code in {403, 409}
    assert response.context["reason"] == reason
    assert list(get_user_model().objects.all()) == [owner]
    assert not ExternalIdentity.objects.exists() and signed_in_user(client) is None


def test_a_subject_now_naming_another_record_is_refused(providers_configured, units):
    """The provider says the same subject is someone else than the record its login holds."""
    person = staff_person(national_id=LINKED_ID, unit=units["department"])
    user = UserFactory(username="earlier")
    person.user = user
    person.save()
    ExternalIdentity.objects.create(
        provider="staff",
        subject_hash=subject_hash(provider_code="staff", subject="sub-staff-an"),
        user=user,
    )
    staff_person(national_id=STAFF_ID, unit=units["department"])
    client = Client()
    response = sign_in(client, "staff", "staff.an")
    assert response.status_code == 409 and signed_in_user(client) is None


def test_an_unknown_provider_is_not_found(providers_configured, db):
    assert Client().get("/accounts/sso/nope/login/").status_code == 404


def test_an_id_token_signed_otherwise_than_agreed_is_refused(
    providers_configured, units, monkeypatch
):
    monkeypatch.setenv("LMS_OIDC_STAFF_SIGN_ALGO", "HS256")  # the provider signs with RS256
    staff_person(national_id=STAFF_ID, unit=units["department"])
    client = Client()
    response = sign_in(client, "staff", "staff.an")
    assert response.status_code == 400 and response.context["reason"] == "answer"
    assert get_user_model().objects.count() == 0


def test_a_staff_member_who_left_the_roster_is_not_signed_in(providers_configured, units):
    staff_person(national_id=STAFF_ID, unit=units["department"], left_on=datetime.date(2025, 1, 31))
    client = Client()
    response = sign_in(client, "staff", "staff.an")
    assert response.status_code == 403 and response.context["reason"] == "unknown_id"
    assert get_user_model().objects.count() == 0


def test_a_citizens_provider_sends_a_staff_member_to_the_staff_directory(
    providers_configured, units, monkeypatch
):
    person = staff_person(national_id=STAFF_ID, unit=units["department"])
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = sign_in(client, "vneid", "staff.an")
    assert response.status_code == 403 and response.context["reason"] == "staff_roster"
    page = response.content.decode()
    assert "Your ID is on a staff roster" in page and "Sign in with the staff directory" in page
    assert get_user_model().objects.count() == 0 and not ExternalIdentity.objects.exists()
    # A province whose only provider is VNeID lets it link staff.
    monkeypatch.setenv("LMS_OIDC_VNEID_LINKS_STAFF", "1")
    sign_in(client, "vneid", "staff.an")
    person.refresh_from_db()
    assert person.user == signed_in_user(client) is not None
