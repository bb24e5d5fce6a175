"""Citizens register themselves with consent; learners link their login to their record."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from courses.models import Enrollment
from courses.services import enrollment_create
from lms.org.models import Person, Placement
from lms.org.national_id import national_id_protect
from tests.factories import PersonFactory, UserFactory, course_with_lessons

pytestmark = pytest.mark.django_db


def registration(units, **overrides):
    data = {
        "full_name": "Lê Thị Mai",
        "date_of_birth": "1994-04-12",
        "sex": "female",
        "commune": units["BDG-TU-KB"].pk,
        "email": "mai@example.invalid",
        "phone": "",
        "username": "le.mai",
        "password": "mat-khau-du-dai-2025",
        "consent": "on",
    }
    data.update(overrides)
    return data


def test_a_citizen_registers_and_joins_their_communes_population(client, site, units):
    response = client.post("/accounts/register/", registration(units))
    assert response.status_code == 302
    person = Person.objects.get(user__username="le.mai")
    assert person.kind == Person.Kind.CITIZEN and person.unit == units["BDG-TU-KB"]
    assert person.consent_at is not None and person.sex == Person.Sex.FEMALE
    assert Placement.objects.get(person=person).unit == units["BDG-TU-KB"]
    assert client.get("/me/").status_code == 200  # signed in


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"consent": ""}, "Cần sự đồng ý"),
        ({"email": "", "phone": ""}, "địa chỉ email hoặc số điện thoại"),
        ({"date_of_birth": "2020-01-01"}, "đủ 15 tuổi"),
        ({"date_of_birth": "2999-01-01"}, "ngày sinh thật"),
        ({"password": "123"}, "Mật khẩu"),
    ],
)
def test_registration_refuses_bad_input_and_keeps_what_was_typed(
    client, site, units, overrides, message
):
    html = client.post("/accounts/register/", registration(units, **overrides)).content.decode()
    assert message in html
    assert "Lê Thị Mai" in html  # nothing typed is lost
    assert not get_user_model().objects.filter(username="le.mai").exists()


def test_registration_only_offers_communes_that_exist_today(client, site, units):
    ward = units["BDG-TU-UH"]
    ward.valid_to = datetime.date(2025, 6, 30)
    ward.save(
        update_fields=["valid_to"]
    )  # tree paths move as siblings are added: never save them stale
    html = client.get("/accounts/register/").content.decode()
    assert "Phường Khánh Bình" in html and "Phường Uyên Hưng" not in html


def test_registration_is_rate_limited(client, site, units, settings):
    settings.LMS_RATE_REGISTER = "2/h"
    from django.core.cache import cache

    cache.clear()
    for number in range(2):
        client.post("/accounts/register/", registration(units, username=f"u{number}", consent=""))
    assert client.post("/accounts/register/", registration(units)).status_code == 429


def test_a_learner_links_their_login_to_their_roster_record_once(client, site, units):
    protected = national_id_protect("074190001234")
    person = PersonFactory(
        unit=units["BDG-STTTT"], national_id_hash=protected.hash, national_id_last4=protected.last4
    )
    learner = UserFactory(username="tu.hoc")
    enrollment = enrollment_create(user=learner, course=course_with_lessons())
    client.force_login(learner)
    response = client.post("/me/link/", {"national_id": "0741 9000 1234", "consent": "on"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user == learner and person.consent_at is not None and person.linked_at is not None
    assert Enrollment.objects.get(pk=enrollment.pk).person == person
    again = client.get("/me/link/", follow=True).content.decode()
    assert "đã được liên kết" in again


def test_linking_needs_consent_and_gives_nothing_away(client, site, units):
    PersonFactory(unit=units["BDG-STTTT"], employee_code="BDG-77777")
    client.force_login(UserFactory(username="tu.hoc"))
    html = client.post("/me/link/", {"employee_code": "BDG-77777"}).content.decode()
    assert "đồng ý" in html
    html = client.post(
        "/me/link/", {"employee_code": "BDG-00000", "consent": "on"}
    ).content.decode()
    assert "Không tìm thấy hồ sơ phù hợp" in html
    assert not Person.objects.filter(user__isnull=False).exists()


def test_a_malformed_national_id_gets_a_message_not_an_error_page(client, site, units):
    client.force_login(UserFactory(username="tu.hoc"))
    response = client.post("/me/link/", {"national_id": "12345", "consent": "on"})
    assert response.status_code == 200
    assert "đúng 12 chữ số" in response.content.decode()
