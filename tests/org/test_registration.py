"""Citizens register themselves with consent (linking a staff login: test_linking.py)."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from lms.org.models import Person, Placement

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
    assert response.status_code == 302 and response.headers["Location"] == "/me/"
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
