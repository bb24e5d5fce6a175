"""The roster's optional e-mail column: read, validated (a bad address rejects its row with a
reason), written, updated; a blank cell keeps the address already known."""

import pytest

from lms.org.models import Person
from tests.org.test_roster_import import run_file

pytestmark = pytest.mark.django_db


def roster(tmp_path, header: str, text: str):
    path = tmp_path / "roster.csv"
    path.write_text(header + "\n" + text, encoding="utf-8")
    return path


@pytest.mark.parametrize("header", ["Email", "E-mail", "Địa chỉ thư điện tử", "THU DIEN TU"])
def test_the_email_column_is_read_under_its_usual_names(units, tanuyen_officer, tmp_path, header):
    path = roster(
        tmp_path,
        f"Họ và tên,Mã cán bộ,Mã đơn vị,{header}",
        "Lê Văn Một,TU-1,BDG-TU-KB,mot.le@tanuyen.example.gov.vn\n",
    )
    plan = run_file(path, units=units, officer=tanuyen_officer, apply=True)
    assert plan.rejected == [] and plan.extra_columns == []
    assert Person.objects.get(employee_code="TU-1").email == "mot.le@tanuyen.example.gov.vn"


def test_a_bad_address_rejects_its_row_and_says_why(units, tanuyen_officer, tmp_path):
    path = roster(
        tmp_path,
        "Họ và tên,Mã cán bộ,Mã đơn vị,Email",
        "Lê Văn Một,TU-1,BDG-TU-KB,mot.le@\nLê Văn Hai,TU-2,BDG-TU-KB,\n",
    )
    plan = run_file(path, units=units, officer=tanuyen_officer, apply=True)
    [problem] = plan.rejected
    assert (problem.row, problem.column) == (2, "Email")
    assert "mot.le@" in problem.reason
    assert list(Person.objects.values_list("employee_code", "email")) == [("TU-2", "")]


def test_a_new_address_updates_the_person_and_a_blank_cell_keeps_it(
    units, tanuyen_officer, tmp_path
):
    header = "Họ và tên,Mã cán bộ,Mã đơn vị,Email"
    run_file(
        roster(tmp_path, header, "Lê Văn Một,TU-1,BDG-TU-KB,old@example.gov.vn\n"),
        units=units,
        officer=tanuyen_officer,
        apply=True,
    )
    plan = run_file(
        roster(tmp_path, header, "Lê Văn Một,TU-1,BDG-TU-KB,new@example.gov.vn\n"),
        units=units,
        officer=tanuyen_officer,
        apply=True,
    )
    assert plan.update == 1
    assert Person.objects.get().email == "new@example.gov.vn"
    plan = run_file(
        roster(tmp_path, header, "Lê Văn Một,TU-1,BDG-TU-KB,\n"),
        units=units,
        officer=tanuyen_officer,
        apply=True,
    )
    assert (plan.update, plan.unchanged) == (0, 1)
    assert Person.objects.get().email == "new@example.gov.vn"


def test_contact_email_prefers_the_record_then_the_login(units):
    from tests.factories import PersonFactory, UserFactory

    person = PersonFactory(unit=units["BDG-TU-KB"], email="")
    assert person.contact_email == ""
    person.user = UserFactory(email="login@example.invalid")
    assert person.contact_email == "login@example.invalid"
    person.email = "record@example.gov.vn"
    assert person.contact_email == "record@example.gov.vn"
