"""seed_demo builds a believable province once; running it again changes nothing."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from wagtail.models import Page

from lms.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from lms.org.models import OrgRole, OrgUnit, Person, PopulationFigure
from lms.org.selectors import org_units_in_scope


def snapshot():
    return {
        "units": list(OrgUnit.objects.order_by("path").values_list("path", "code", "name")),
        "people": list(Person.objects.order_by("pk").values_list("pk", "full_name", "updated_at")),
        "population": PopulationFigure.objects.count(),
        "users": list(get_user_model().objects.order_by("pk").values_list("username", "password")),
        "roles": OrgRole.objects.count(),
        "pages": Page.objects.count(),
    }


def test_second_run_changes_nothing(demo):
    before = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == before


def test_province_has_the_units_the_article_names(demo):
    names = set(OrgUnit.objects.values_list("name", flat=True))
    assert {
        "Tỉnh Bình Dương",
        "Ủy ban nhân dân tỉnh Bình Dương",
        "Sở Thông tin và Truyền thông",
        "Sở Tài nguyên và Môi trường",
        "Sở Giáo dục và Đào tạo",
        "Thành phố Tân Uyên",
        "Phường Khánh Bình",
    } <= names
    tan_uyen = OrgUnit.objects.get(code="BDG-TU")
    assert OrgUnit.objects.get(code="BDG-TU-KB").get_parent() == tan_uyen


def test_roster_has_a_few_hundred_staff_with_vietnamese_names_and_no_clear_ids(demo):
    staff = Person.objects.filter(kind=Person.Kind.STAFF)
    assert 250 <= staff.count() <= 500
    assert staff.filter(is_it_officer=True).exists()
    assert set(staff.values_list("position_category", flat=True)) == set(
        Person.PositionCategory.values
    )
    for person in staff[:50]:
        assert len(person.national_id_hash) == 64
        assert person.national_id_last4.isdigit() and len(person.national_id_last4) == 4
    vietnamese_family_names = {
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
    }
    family_names = {person.full_name.split()[0] for person in staff}
    assert len(family_names & vietnamese_family_names) >= 5


def test_working_age_population_figures_for_the_wards(demo):
    ward = OrgUnit.objects.get(code="BDG-TU-KB")
    years = set(ward.population_figures.values_list("year", flat=True))
    assert {2024, 2025} <= years


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda account: account.username)
def test_every_demo_login_works_with_the_printed_password(demo, account):
    # A login always comes with its request: django-axes checks lockouts against it.
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username=account.username, password=DEMO_PASSWORD) is not None


def test_hr_officer_of_tan_uyen_sees_only_tan_uyen(demo):
    officer = get_user_model().objects.get(username="hr.tanuyen")
    codes = set(org_units_in_scope(user=officer).values_list("code", flat=True))
    assert "BDG-TU" in codes
    assert "BDG-TU-KB" in codes
    assert "BDG" not in codes
    assert "BDG-STTTT" not in codes


def test_province_hr_officer_sees_the_whole_province(demo):
    officer = get_user_model().objects.get(username="hr")
    assert org_units_in_scope(user=officer).count() == OrgUnit.objects.count()


def test_learner_and_citizen_are_people_of_the_right_kind(demo):
    learner = Person.objects.get(user__username="learner")
    citizen = Person.objects.get(user__username="citizen")
    assert learner.kind == Person.Kind.STAFF
    assert learner.unit.code == "HCM-SKHCN"  # since the 2025 merger
    assert list(learner.placements.values_list("unit__code", flat=True)) == [
        "BDG-STTTT",
        "HCM-SKHCN",
    ]
    assert citizen.kind == Person.Kind.CITIZEN
    assert citizen.unit.code == "HCM-TK"  # Khánh Bình merged into Tân Khánh


def test_home_page_serves_after_seeding(demo, client):
    assert client.get("/").status_code == 200


def test_the_2025_merger_is_recorded_with_units_before_and_after(demo):
    import datetime

    from lms.org.models import UnitSuccession

    before = set(OrgUnit.objects.open_on(datetime.date(2025, 6, 30)).values_list("code", flat=True))
    after = set(OrgUnit.objects.open_on(datetime.date(2025, 7, 1)).values_list("code", flat=True))
    assert {"BDG", "BDG-TU", "BDG-TU-KB"} <= before and "HCM" not in before
    assert {"HCM", "HCM-TK", "HCM-TU"} <= after and not {"BDG", "BDG-TU"} & after
    assert UnitSuccession.objects.filter(predecessor__code="BDG", successor__code="HCM").exists()
    assert Person.objects.filter(left_on__isnull=True, unit__code="BDG-TU-UBND").count() == 5
