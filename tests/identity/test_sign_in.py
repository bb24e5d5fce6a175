"""Single sign-on decisions (lms.identity.services) on claims already verified: how a subject
is kept, an invited staff member's first sign-in, which providers may link staff records, and
claims at the columns' limits (also run on PostgreSQL: DATABASE_URL)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from lms.identity.claims import claims_map
from lms.identity.models import DataProcessingRecord, ExternalIdentity, subject_hash
from lms.identity.providers import OpenIDProvider, claim_names
from lms.identity.services import SignInRefused, sso_citizen_complete, sso_sign_in
from lms.org.invitations import invitation_token_generator
from lms.org.models import OrgUnit, Person
from lms.org.national_id import national_id_protect
from tests.factories import PersonFactory, UserFactory, org_unit

pytestmark = pytest.mark.django_db
STAFF_ID = "079201000001"
CITIZEN_ID = "079301000003"


def provider(code="staff", population="staff", **fields):
    return OpenIDProvider(
        code=code,
        label=code,
        issuer="https://idp.invalid",
        client_id="lms",
        client_secret="secret",
        population=population,
        **fields,
    )


STAFF_DIRECTORY = provider()
VNEID = provider("vneid", "citizens")


def mapped(prov=STAFF_DIRECTORY, **claims):
    claims = {"sub": "sub-an", "national_id": STAFF_ID, "name": "Trần Văn An", **claims}
    return claims_map(claims=claims, names=claim_names(provider=prov))


@pytest.fixture
def units(db):
    province = org_unit(code="TEST", kind=OrgUnit.Kind.PROVINCE)
    return {
        "department": org_unit(code="TEST-SO", kind=OrgUnit.Kind.DEPARTMENT, parent=province),
        "commune": org_unit(code="TEST-KB", kind=OrgUnit.Kind.COMMUNE, parent=province),
    }


@pytest.fixture
def staff_an(units):
    protected = national_id_protect(STAFF_ID)
    return PersonFactory(
        unit=units["department"],
        full_name="Trần Văn An",
        national_id_hash=protected.hash,
        national_id_last4=protected.last4,
    )


def invited(person: Person):
    """What lms.org.invitations.people_invite leaves: an inactive login, no password, never
    used, and the record's invitation time."""
    login = get_user_model().objects.create_user(
        username="an@example.invalid", email="an@example.invalid", is_active=False
    )
    person.user, person.invited_at = login, timezone.now()
    person.save()
    return login


# The subject


def test_a_subject_that_is_the_national_id_is_kept_only_as_a_keyed_hash(staff_an):
    outcome = sso_sign_in(provider=STAFF_DIRECTORY, mapped=mapped(sub=STAFF_ID))
    identity = ExternalIdentity.objects.get()
    stored = repr(list(ExternalIdentity.objects.values())) + str(identity)
    assert STAFF_ID not in stored and STAFF_ID not in outcome.user.username
    assert identity.subject_hash == subject_hash(provider_code="staff", subject=STAFF_ID)
    # Under its own prefix: never the hash the roster keeps for the same number.
    assert identity.subject_hash != staff_an.national_id_hash
    # A later sign-in finds the login by the hash, and makes nothing new.
    again = sso_sign_in(provider=STAFF_DIRECTORY, mapped=mapped(sub=STAFF_ID))
    assert again.user == outcome.user and ExternalIdentity.objects.count() == 1


def test_the_same_subject_at_two_providers_hashes_apart():
    assert subject_hash(provider_code="staff", subject="x") != subject_hash(
        provider_code="vneid", subject="x"
    )


def test_a_subject_longer_than_openid_allows_is_refused(staff_an):
    with pytest.raises(SignInRefused) as refused:
        sso_sign_in(provider=STAFF_DIRECTORY, mapped=mapped(sub="s" * 256))
    assert refused.value.reason == "answer" and not get_user_model().objects.exists()
    sso_sign_in(provider=STAFF_DIRECTORY, mapped=mapped(sub="s" * 255))
    assert ExternalIdentity.objects.count() == 1


# Invited staff


def test_an_invited_staff_member_signs_in_to_the_login_the_invitation_made(staff_an):
    login = invited(staff_an)
    token = invitation_token_generator.make_token(login)
    outcome = sso_sign_in(provider=STAFF_DIRECTORY, mapped=mapped())
    assert outcome.user == login and outcome.notice  # told how their data is used
    login.refresh_from_db()
    staff_an.refresh_from_db()
    assert login.is_active and staff_an.user == login and staff_an.linked_at is not None
    assert ExternalIdentity.objects.get().user == login
    record = DataProcessingRecord.objects.get()
    assert (record.person, record.basis, record.text) == (staff_an, "notice", outcome.notice)
    assert get_user_model().objects.count() == 1
    # Signing in (the view's login()) sets last_login: the invitation's link stops working.
    Client().force_login(login)
    login.refresh_from_db()
    assert not invitation_token_generator.check_token(login, token)
    assert sso_sign_in(provider=STAFF_DIRECTORY, mapped=mapped()).user == login


@pytest.mark.parametrize("used", ["active", "signed_in", "password", "not_invited"])
def test_a_login_that_is_more_than_an_invitation_is_not_taken_over(staff_an, used):
    login = invited(staff_an)
    if used == "active":
        login.is_active = True
    elif used == "signed_in":
        login.last_login = timezone.now()
    elif used == "password":
        login.set_password("chosen by the person")
    else:
        Person.objects.filter(pk=staff_an.pk).update(invited_at=None)
    login.save()
    with pytest.raises(SignInRefused) as refused:
        sso_sign_in(provider=STAFF_DIRECTORY, mapped=mapped())
    assert refused.value.reason == "conflict"
    assert not ExternalIdentity.objects.exists()
    assert get_user_model().objects.get() == login


# Which providers link staff records


def test_a_citizens_provider_does_not_link_a_staff_record_by_default(staff_an):
    with pytest.raises(SignInRefused) as refused:
        sso_sign_in(provider=VNEID, mapped=mapped(VNEID))
    assert refused.value.reason == "staff_roster"
    staff_an.refresh_from_db()
    assert staff_an.user is None and not get_user_model().objects.exists()
    assert not ExternalIdentity.objects.exists() and not DataProcessingRecord.objects.exists()


def test_a_citizens_provider_refuses_even_an_invited_staff_record(staff_an):
    login = invited(staff_an)
    with pytest.raises(SignInRefused) as refused:
        sso_sign_in(provider=VNEID, mapped=mapped(VNEID))
    assert refused.value.reason == "staff_roster"
    login.refresh_from_db()
    assert not login.is_active and not ExternalIdentity.objects.exists()


def test_a_citizens_provider_allowed_to_links_staff_records(staff_an):
    vneid = provider("vneid", "citizens", links_staff=True)
    outcome = sso_sign_in(provider=vneid, mapped=mapped(vneid))
    staff_an.refresh_from_db()
    assert staff_an.user == outcome.user and outcome.notice


def test_a_staff_provider_may_be_told_not_to_link(staff_an):
    closed = provider(links_staff=False)
    with pytest.raises(SignInRefused, match="staff_roster"):
        sso_sign_in(provider=closed, mapped=mapped(closed))


def test_the_default_follows_the_population():
    assert STAFF_DIRECTORY.links_staff is True and VNEID.links_staff is False


# Claims at the columns' limits (a DataError on PostgreSQL would be a 500)


def test_a_citizen_from_oversized_and_dirty_claims_is_saved_cleanly(units):
    claims = {
        "sub": "sub-binh",
        "national_id": CITIZEN_ID,
        "name": "Phạm\x00 Thị\u202e Bình " + "ạ" * 300,
        "birthdate": "1992-12-01",
        "gender": "female",
        "commune_code": "TEST-KB",
        "email": "b" * 250 + "@example.invalid",  # 266 characters: left out
        "email_verified": True,
        "phone_number": "0" * 21,  # left out, not cut to another number
    }
    outcome = sso_sign_in(
        provider=VNEID, mapped=claims_map(claims=claims, names=claim_names(provider=VNEID))
    )
    user = sso_citizen_complete(
        provider=VNEID, pending=outcome.pending, answers={}, consent_text="Tôi đồng ý"
    )
    person = Person.objects.get(user=user)
    assert person.full_name.startswith("Phạm Thị Bình ạ") and len(person.full_name) == 255
    assert "\x00" not in person.full_name and "\u202e" not in person.full_name
    assert (user.email, person.phone) == ("", "")
    assert ExternalIdentity.objects.get().subject_hash == subject_hash(
        provider_code="vneid", subject="sub-binh"
    )
    assert "sub-binh" not in repr(outcome.pending)


def test_a_staff_member_with_a_verified_address_gets_it_on_the_login(staff_an):
    user = sso_sign_in(
        provider=STAFF_DIRECTORY,
        mapped=mapped(email="an@example.invalid", email_verified=True),
    ).user
    assert user.email == "an@example.invalid"


def test_an_address_the_provider_did_not_verify_is_left_out(staff_an):
    user = sso_sign_in(provider=STAFF_DIRECTORY, mapped=mapped(email="an@example.invalid")).user
    assert user.email == ""


def test_a_used_login_of_someone_else_is_still_a_conflict(staff_an):
    staff_an.user = UserFactory(username="owner")
    staff_an.save()
    with pytest.raises(SignInRefused, match="conflict"):
        sso_sign_in(provider=STAFF_DIRECTORY, mapped=mapped())
