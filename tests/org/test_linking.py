"""Linking a login to a staff record takes proof (national ID and date of birth together) or
an HR officer's approval; an employee code alone links nothing, and failures say nothing."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache

from courses.models import Enrollment
from courses.services import enrollment_create
from lms.org.models import LinkRequest, Person
from lms.org.national_id import national_id_protect
from tests.factories import PersonFactory, UserFactory, course_with_lessons
from tests.org.conftest import officer_of

pytestmark = pytest.mark.django_db

NATIONAL_ID = "074190001234"
BORN = datetime.date(1990, 5, 17)


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()  # rate-limit counters outlive a test's rollback
    yield
    cache.clear()


@pytest.fixture
def record(units):
    """A staff record of a Tân Uyên ward, with a sequential-looking employee code."""
    protected = national_id_protect(NATIONAL_ID)
    return PersonFactory(
        unit=units["BDG-TU-KB"],
        employee_code="BDG-00042",
        national_id_hash=protected.hash,
        national_id_last4=protected.last4,
        date_of_birth=BORN,
        full_name="Nguyễn Văn An",
    )


@pytest.fixture
def learner(client):
    user = UserFactory(username="tu.hoc", first_name="An", last_name="Nguyễn Văn")
    client.force_login(user)
    return user


def proof(**overrides):
    data = {"national_id": "0741 9000 1234", "date_of_birth": BORN.isoformat(), "consent": "on"}
    data.update(overrides)
    return data


def error_notice(html: str) -> str:
    match = re.search(r'<div class="notice notice--error" role="alert">(.*?)</div>', html, re.S)
    return match.group(1).strip() if match else ""


def test_national_id_and_date_of_birth_together_link_the_record(client, site, record, learner):
    enrollment = enrollment_create(user=learner, course=course_with_lessons())
    response = client.post("/me/link/", proof())
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.user == learner and record.linked_at and record.consent_at
    assert Enrollment.objects.get(pk=enrollment.pk).person == record
    again = client.get("/me/link/", follow=True).content.decode()
    assert "đã được liên kết" in again


@pytest.mark.parametrize(
    "case, data",
    [
        ("right ID, wrong date of birth", proof(date_of_birth="1990-05-18")),
        ("wrong ID, right date of birth", proof(national_id="074190001235")),
        # The code that the old form accepted on its own, with a guessed ID: ignored.
        ("right code, wrong ID", proof(national_id="074190009999", employee_code="BDG-00042")),
        ("right code alone", {"employee_code": "BDG-00042", "consent": "on"}),
    ],
)
def test_guesses_link_nothing(client, site, record, learner, case, data):
    response = client.post("/me/link/", data)
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.user is None
    assert not Person.objects.filter(user=learner).exists()


def test_every_failure_gives_the_same_answer(client, site, units, record, learner):
    """No match, another date of birth, a record already linked or left: one message, so a
    guesser learns nothing about which numbers are on the roster."""
    taken_id, left_id = "074190005555", "074190006666"
    for number, fields in [(taken_id, {"user": UserFactory()}), (left_id, {"left_on": BORN})]:
        protected = national_id_protect(number)
        PersonFactory(
            unit=units["BDG-TU-KB"],
            national_id_hash=protected.hash,
            national_id_last4=protected.last4,
            date_of_birth=BORN,
            **fields,
        )
    answers = {
        error_notice(client.post("/me/link/", data).content.decode())
        for data in [
            proof(national_id="999999999999"),  # on no roster
            proof(date_of_birth="1991-01-01"),  # a real number, another birthday
            proof(national_id=taken_id),  # linked to someone else
            proof(national_id=left_id),  # has left
        ]
    }
    assert len(answers) == 1 and answers != {""}


def test_guessing_is_limited_and_then_the_right_details_are_refused_too(
    client, site, record, learner, settings
):
    settings.LMS_RATE_LINK = "3/h"
    for day in range(1, 4):
        assert client.post("/me/link/", proof(date_of_birth=f"1990-01-0{day}")).status_code == 200
    assert client.post("/me/link/", proof()).status_code == 429
    record.refresh_from_db()
    assert record.user is None
    # The same account from another address is still refused: the limit follows the account.
    assert client.post("/me/link/", proof(), REMOTE_ADDR="203.0.113.10").status_code == 429


def test_someone_else_elsewhere_can_still_link(client, site, record, learner, settings):
    settings.LMS_RATE_LINK = "3/h"
    for day in range(1, 4):
        client.post("/me/link/", proof(date_of_birth=f"1990-01-0{day}"))
    client.force_login(UserFactory(username="an.nguyen"))
    assert client.post("/me/link/", proof(), REMOTE_ADDR="203.0.113.10").status_code == 302


def test_right_details_do_not_use_up_the_limit(client, site, units, settings):
    """An office linking many people from one address is not held up."""
    settings.LMS_RATE_LINK = "2/h"
    for number in range(4):
        national_id = f"07419000{number:04d}"
        protected = national_id_protect(national_id)
        PersonFactory(
            unit=units["BDG-TU-KB"],
            national_id_hash=protected.hash,
            national_id_last4=protected.last4,
            date_of_birth=BORN,
        )
        client.force_login(UserFactory())
        assert client.post("/me/link/", proof(national_id=national_id)).status_code == 302


def test_linking_needs_consent(client, site, record, learner):
    response = client.post("/me/link/", proof(consent=""))
    assert response.status_code == 200 and "đồng ý" in response.content.decode()
    record.refresh_from_db()
    assert record.user is None


def test_a_malformed_national_id_gets_a_message_not_an_error_page(client, site, learner):
    response = client.post("/me/link/", proof(national_id="12345"))
    assert response.status_code == 200
    assert "đúng 12 chữ số" in response.content.decode()


# The approval path.


def ask(client, code="BDG-00042", **overrides):
    data = {"employee_code": code, "full_name": "Nguyễn Văn An", "note": "", "consent": "on"}
    data.update(overrides)
    return client.post("/me/link/request/", data)


def test_a_request_links_nothing_until_an_officer_in_scope_approves(
    client, site, record, learner, tanuyen_officer
):
    enrollment = enrollment_create(user=learner, course=course_with_lessons())
    assert ask(client).status_code == 302
    link_request = LinkRequest.objects.get(user=learner)
    assert link_request.status == LinkRequest.Status.PENDING and link_request.person == record
    record.refresh_from_db()
    assert record.user is None  # a right code alone links nothing
    client.cookies["lms_language"] = "en"
    assert "Waiting for an HR officer" in client.get("/me/link/").content.decode()

    client.force_login(tanuyen_officer)
    listing = client.get("/admin/org/link-requests/").content.decode()
    assert "Nguyễn Văn An" in listing and "tu.hoc" in listing
    response = client.post(f"/admin/org/link-requests/{link_request.pk}/approve/")
    assert response.status_code == 302

    record.refresh_from_db()
    link_request.refresh_from_db()
    assert record.user == learner and record.consent_at == link_request.created_at
    assert link_request.status == LinkRequest.Status.APPROVED
    assert link_request.decided_by == tanuyen_officer
    assert Enrollment.objects.get(pk=enrollment.pk).person == record


def test_a_rejected_request_shows_the_learner_the_reason(
    client, site, record, learner, tanuyen_officer
):
    ask(client)
    link_request = LinkRequest.objects.get(user=learner)
    client.force_login(tanuyen_officer)
    client.post(
        f"/admin/org/link-requests/{link_request.pk}/reject/",
        {"reason": "Mã này là của người khác."},
    )
    record.refresh_from_db()
    assert record.user is None
    client.force_login(learner)
    client.cookies["lms_language"] = "en"
    page = client.get("/me/link/").content.decode()
    assert "Rejected" in page and "Mã này là của người khác." in page


def test_a_request_for_an_unknown_code_is_answered_the_same(
    client, site, record, learner, tanuyen_officer, province_officer
):
    known = ask(client)
    LinkRequest.objects.filter(user=learner).delete()
    unknown = ask(client, code="BDG-99999")
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    link_request = LinkRequest.objects.get(user=learner)
    assert link_request.person is None
    # No officer is asked about a record that is not theirs; administrators can close it.
    client.force_login(province_officer)
    assert "BDG-99999" not in client.get("/admin/org/link-requests/").content.decode()
    admin = UserFactory(username="quan.tri", is_superuser=True)
    client.force_login(admin)
    assert "BDG-99999" in client.get("/admin/org/link-requests/").content.decode()
    client.post(f"/admin/org/link-requests/{link_request.pk}/approve/")
    link_request.refresh_from_db()
    assert link_request.status == LinkRequest.Status.PENDING  # nothing to link it to


def test_an_officer_of_another_unit_can_neither_see_nor_decide(
    client, site, units, record, learner
):
    ask(client)
    link_request = LinkRequest.objects.get(user=learner)
    elsewhere = officer_of("hr.stttt", units["BDG-STTTT"])
    client.force_login(elsewhere)
    listing = client.get("/admin/org/link-requests/").content.decode()
    assert "BDG-00042" not in listing and "tu.hoc" not in listing
    approve = client.post(f"/admin/org/link-requests/{link_request.pk}/approve/")
    reject = client.post(f"/admin/org/link-requests/{link_request.pk}/reject/")
    assert approve.status_code == reject.status_code == 404
    link_request.refresh_from_db()
    record.refresh_from_db()
    assert link_request.status == LinkRequest.Status.PENDING and record.user is None


def test_someone_without_an_hr_role_cannot_open_the_requests(client, site, record, learner):
    ask(client)
    trainer = UserFactory(username="giang.vien")
    trainer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(trainer)
    assert client.get("/admin/org/link-requests/").status_code in {302, 403}
    link_request = LinkRequest.objects.get(user=learner)
    client.post(f"/admin/org/link-requests/{link_request.pk}/approve/")
    record.refresh_from_db()
    assert record.user is None


def test_one_request_at_a_time(client, site, record, learner):
    ask(client)
    client.cookies["lms_language"] = "en"
    response = ask(client, code="BDG-00043")
    assert response.status_code == 200
    assert "already waiting" in response.content.decode()
    assert LinkRequest.objects.filter(user=learner).count() == 1


def test_linking_the_record_another_way_closes_other_claims_on_it(
    client, site, record, learner, tanuyen_officer
):
    ask(client)
    claim = LinkRequest.objects.get(user=learner)
    owner = UserFactory(username="an.nguyen")
    client.force_login(owner)
    assert client.post("/me/link/", proof()).status_code == 302
    claim.refresh_from_db()
    assert claim.status == LinkRequest.Status.REJECTED and claim.reason
    client.force_login(tanuyen_officer)
    client.post(f"/admin/org/link-requests/{claim.pk}/approve/")
    record.refresh_from_db()
    assert record.user == owner
