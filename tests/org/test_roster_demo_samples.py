"""The sample rosters (tests/data/rosters) against the demo as `make run` serves it: their units
are the units open today, after the 1 July 2025 reform, and the demo's officer of the two
wards imports one file into both. (A module of its own: the demo is loaded for the module.)"""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from lms.org.models import OrgUnit
from lms.org.roster.planner import roster_plan
from lms.org.selectors import org_units_in_scope
from tests.conftest import PROJECT_ROOT

DATA = PROJECT_ROOT / "tests" / "data" / "rosters"
NINE_STAFF = {"HCM-TK": 1, "HCM-TU": 2}  # the nine staff of every sample: 3 good rows
SAMPLES = {
    "roster_utf8.csv": NINE_STAFF,
    "roster_utf8_bom.csv": NINE_STAFF,
    "roster_utf16.txt": NINE_STAFF,
    "roster_cp1258.csv": NINE_STAFF,
    "roster_cp1252.csv": NINE_STAFF,
    "roster.xlsx": NINE_STAFF,
    "roster_formulas.xlsx": {"HCM-TK": 1, "HCM-TU": 2},
    "roster_don_vi.csv": {"HCM-TK": 2, "HCM-TU": 2},
}


def preview(name: str, *, username: str):
    path = DATA / name
    officer = get_user_model().objects.get(username=username)
    with path.open("rb") as file:
        return roster_plan(
            file=file,
            filename=name,
            size=path.stat().st_size,
            unit=None,  # each row names its unit
            allowed_units=org_units_in_scope(user=officer),
            complete=False,
        )


@pytest.mark.parametrize(("name", "expected"), SAMPLES.items(), ids=list(SAMPLES))
def test_the_samples_import_into_the_demos_wards(demo, name, expected):
    plan = preview(name, username="hr.tanuyen")
    created = {item["code"]: item["create"] for item in plan.summary()["units"]}
    assert created == expected
    assert plan.update == plan.unchanged == 0  # nobody of the demo is named by a sample


def test_the_units_the_samples_name_are_open_in_the_demo(demo):
    """Every unit the samples name on purpose exists today; the unknown code and the ward
    closed by the reform are the deliberate mistakes."""
    open_today = OrgUnit.objects.open_on(timezone.localdate())
    named = {"HCM-TK": "Phường Tân Khánh", "HCM-TU": "Phường Tân Uyên"}
    named["HCM-SKHCN"] = "Sở Khoa học và Công nghệ"
    assert dict(open_today.filter(code__in=named).values_list("code", "name")) == named
    assert not open_today.filter(name="Phường Khánh Bình").exists()
    assert not open_today.filter(code="XX-KHONG-CO").exists()


def test_the_city_officer_imports_the_department_row_too(demo):
    plan = preview("roster_utf8.csv", username="hr")
    created = {item["code"]: item["create"] for item in plan.summary()["units"]}
    assert created == {"HCM-SKHCN": 1, "HCM-TK": 1, "HCM-TU": 2}
