"""Roster import with real files: every encoding and format, every rejection reason, nothing
lost, idempotent, leavers only for complete rosters, and no clear national ID kept anywhere."""

import logging
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

from lms.org.models import Person, Placement
from lms.org.roster.files import RosterFileError
from lms.org.roster.planner import roster_import_run, roster_plan
from lms.org.selectors import org_units_in_scope
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.django_db

DATA = PROJECT_ROOT / "tests" / "data" / "rosters"
SAMPLES = [
    "roster_utf8.csv",
    "roster_utf8_bom.csv",
    "roster_utf16.txt",
    "roster_cp1258.csv",
    "roster_cp1252.csv",
    "roster.xlsx",
]
CLEAR_IDS = [
    "074190001111",
    "074190002222",
    "074190004444",
    "074190006666",
    "074190008888",
    "074190009999",
]


def plan_for(name, *, unit, officer, complete=False, apply=False):
    path = DATA / name
    run = roster_import_run if apply else roster_plan
    with path.open("rb") as file:
        return run(
            file=file,
            filename=name,
            size=path.stat().st_size,
            unit=unit,
            allowed_units=org_units_in_scope(user=officer),
            complete=complete,
        )


def rejected(plan) -> dict[int, str]:
    return {problem.row: problem.reason for problem in plan.rejected}


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_file_gives_the_same_preview(name, units, tanuyen_officer):
    plan = plan_for(name, unit=units["BDG-TU"], officer=tanuyen_officer)
    assert (plan.rows, plan.create, plan.update, plan.unchanged) == (9, 3, 0, 0)
    reasons = rejected(plan)
    assert sorted(reasons) == [5, 6, 7, 8, 9, 10]
    assert "tên" in reasons[5].lower() or "name" in reasons[5].lower()
    assert "12" in reasons[6] and "11" in reasons[6]  # the lost leading zero is explained
    assert "XX-KHONG-CO" in reasons[7]
    assert "2" in reasons[8]  # same ID as row 2
    assert "31/02/1987" in reasons[9]
    assert "BDG-STTTT" in reasons[10]  # outside the officer's units
    assert plan.extra_columns in (["Ghi chú"], ["Notes"])
    assert not Person.objects.exists()  # a preview writes nothing


def test_rejections_name_the_column_as_written(units, tanuyen_officer):
    plan = plan_for("roster.xlsx", unit=units["BDG-TU"], officer=tanuyen_officer)
    columns = {problem.row: problem.column for problem in plan.rejected}
    assert (
        columns[6] == "National ID" and columns[9] == "Date of birth" and columns[7] == "Unit code"
    )


def test_a_province_officer_may_import_the_department_row(units, province_officer):
    plan = plan_for("roster_utf8.csv", unit=units["BDG"], officer=province_officer)
    assert plan.create == 4 and 10 not in rejected(plan)


def test_import_writes_the_good_rows_with_placements(units, tanuyen_officer):
    plan_for("roster_cp1258.csv", unit=units["BDG-TU"], officer=tanuyen_officer, apply=True)
    an = Person.objects.get(employee_code="BDG-90001")
    assert an.full_name == "Nguyễn Văn An"
    assert an.unit.code == "BDG-TU-KB" and an.national_id_last4 == "1111"
    assert an.position_category == Person.PositionCategory.CIVIL_SERVANT
    assert Person.objects.get(employee_code="BDG-90002").is_it_officer is True
    cuong = Person.objects.get(employee_code="BDG-90003")
    assert (
        cuong.national_id_hash == "" and cuong.position_category == Person.PositionCategory.LEADER
    )
    assert Placement.objects.filter(person__employee_code__startswith="BDG-900").count() == 3


def test_reimporting_the_same_file_changes_nothing(units, tanuyen_officer):
    plan_for("roster_utf8.csv", unit=units["BDG-TU"], officer=tanuyen_officer, apply=True)
    before = list(Person.objects.order_by("pk").values())
    again = plan_for("roster.xlsx", unit=units["BDG-TU"], officer=tanuyen_officer, apply=True)
    assert (again.create, again.update, again.unchanged) == (0, 0, 3)
    assert list(Person.objects.order_by("pk").values()) == before


def test_a_changed_row_updates_the_person_and_keeps_history(units, tanuyen_officer, tmp_path):
    plan_for("roster_utf8.csv", unit=units["BDG-TU"], officer=tanuyen_officer, apply=True)
    moved = (
        (DATA / "roster_utf8.csv")
        .read_text(encoding="utf-8")
        .replace("BDG-90001,15/03/1985,BDG-TU-KB", "BDG-90001,15/03/1985,BDG-TU-UH")
    )
    path = tmp_path / "moved.csv"
    path.write_text(moved, encoding="utf-8")
    with path.open("rb") as file:
        plan = roster_import_run(
            file=file,
            filename="moved.csv",
            size=path.stat().st_size,
            unit=units["BDG-TU"],
            allowed_units=org_units_in_scope(user=tanuyen_officer),
            complete=False,
        )
    assert plan.update == 1
    an = Person.objects.get(employee_code="BDG-90001")
    assert an.unit.code == "BDG-TU-UH"
    # A same-day correction moves the placement itself; there is no history to keep yet.
    assert list(an.placements.values_list("unit__code", flat=True)) == ["BDG-TU-UH"]


def test_complete_roster_marks_only_the_missing_as_having_left(units, tanuyen_officer):
    from tests.factories import PersonFactory

    stayed_away = PersonFactory(full_name="Người đã chuyển đi", unit=units["BDG-TU-KB"])
    in_a_rejected_row = PersonFactory(
        full_name="Phạm Thị Dung", employee_code="BDG-90005", unit=units["BDG-TU-KB"]
    )
    elsewhere = PersonFactory(full_name="Ở Sở khác", unit=units["BDG-STTTT"])
    preview = plan_for(
        "roster_utf8.csv", unit=units["BDG-TU"], officer=tanuyen_officer, complete=True
    )
    assert preview.leavers == [stayed_away.pk]
    plan_for(
        "roster_utf8.csv", unit=units["BDG-TU"], officer=tanuyen_officer, complete=True, apply=True
    )
    stayed_away.refresh_from_db()
    in_a_rejected_row.refresh_from_db()
    elsewhere.refresh_from_db()
    assert stayed_away.left_on is not None  # kept for history, not deleted
    assert in_a_rejected_row.left_on is None and elsewhere.left_on is None


def test_without_complete_nobody_is_marked_as_having_left(units, tanuyen_officer):
    from tests.factories import PersonFactory

    person = PersonFactory(unit=units["BDG-TU-KB"])
    plan = plan_for("roster_utf8.csv", unit=units["BDG-TU"], officer=tanuyen_officer, apply=True)
    person.refresh_from_db()
    assert plan.leavers == [] and person.left_on is None


@pytest.mark.parametrize("name", ["not_a_roster.png", "empty.csv", "header_only.csv"])
def test_a_file_that_is_not_a_roster_gets_one_message_and_no_import(name, units, tanuyen_officer):
    with pytest.raises(RosterFileError) as error:
        plan_for(name, unit=units["BDG-TU"], officer=tanuyen_officer, apply=True)
    assert str(error.value)
    assert not Person.objects.exists()


def test_a_huge_file_is_refused_before_reading(units, tanuyen_officer):
    import io

    with pytest.raises(RosterFileError, match="MB"):
        roster_plan(
            file=io.BytesIO(b"x"),
            filename="big.csv",
            size=200 * 1024 * 1024,
            unit=units["BDG-TU"],
            allowed_units=org_units_in_scope(user=tanuyen_officer),
            complete=False,
        )


def test_no_clear_national_id_is_kept_or_logged(units, tanuyen_officer, caplog):
    with caplog.at_level(logging.DEBUG):
        plan_for("roster_utf8.csv", unit=units["BDG-TU"], officer=tanuyen_officer, apply=True)
    for model in apps.get_models():
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        for values in model.objects.values_list(*text_fields) if text_fields else []:
            for clear in CLEAR_IDS:
                assert clear not in str(values), f"{clear} stored in {model.__name__}"
    for clear in CLEAR_IDS:
        assert clear not in caplog.text


def write_csv(tmp_path, text: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text("Họ và tên,Số định danh cá nhân,Mã cán bộ,Mã đơn vị\n" + text, encoding="utf-8")
    return path


def run_file(path, *, units, officer, complete=False, apply=False):
    run = roster_import_run if apply else roster_plan
    with path.open("rb") as file:
        return run(
            file=file,
            filename=path.name,
            size=path.stat().st_size,
            unit=units["BDG-TU"],
            allowed_units=org_units_in_scope(user=officer),
            complete=complete,
        )


def test_a_complete_roster_never_marks_the_people_it_just_created_as_leavers(
    units, tanuyen_officer
):
    plan = plan_for(
        "roster_utf8.csv", unit=units["BDG-TU"], officer=tanuyen_officer, complete=True, apply=True
    )
    assert plan.leavers == []
    assert Person.objects.filter(left_on__isnull=False).count() == 0
    assert Person.objects.filter(left_on__isnull=True).count() == 3


def test_people_of_units_outside_the_officers_scope_are_never_changed(
    units, tanuyen_officer, tmp_path
):
    from tests.factories import PersonFactory

    outsider = PersonFactory(
        full_name="Người Sở TT", employee_code="STTTT-1", unit=units["BDG-STTTT"]
    )
    path = write_csv(tmp_path, "Tên Mới,,STTTT-1,BDG-TU-KB\n")
    plan = run_file(path, units=units, officer=tanuyen_officer, apply=True)
    assert plan.update == 0 and [problem.row for problem in plan.rejected] == [2]
    outsider.refresh_from_db()
    assert (outsider.full_name, outsider.unit.code) == ("Người Sở TT", "BDG-STTTT")


def test_the_same_person_on_two_rows_is_caught(units, tanuyen_officer, tmp_path):
    from lms.org.national_id import national_id_protect
    from tests.factories import PersonFactory

    protected = national_id_protect("074190007777")
    PersonFactory(employee_code="TU-7", national_id_hash=protected.hash, unit=units["BDG-TU-KB"])
    path = write_csv(tmp_path, "Tên Một,074190007777,,BDG-TU-KB\nTên Hai,,TU-7,BDG-TU-KB\n")
    plan = run_file(path, units=units, officer=tanuyen_officer)
    assert [(problem.row, "2" in problem.reason) for problem in plan.rejected] == [(3, True)]


def test_a_rejected_conflict_does_not_make_anyone_a_leaver(units, tanuyen_officer, tmp_path):
    from lms.org.national_id import national_id_protect
    from tests.factories import PersonFactory

    PersonFactory(
        employee_code="TU-8",
        national_id_hash=national_id_protect("074190008881").hash,
        unit=units["BDG-TU-KB"],
    )
    path = write_csv(tmp_path, "Tên Khác,074190008882,TU-8,BDG-TU-KB\n")
    plan = run_file(path, units=units, officer=tanuyen_officer, complete=True)
    assert [problem.row for problem in plan.rejected] == [2] and plan.leavers == []


def test_a_national_id_in_the_employee_code_column_is_refused(units, tanuyen_officer, tmp_path):
    path = write_csv(tmp_path, "Tên Ba,,074190009991,BDG-TU-KB\n")
    plan = run_file(path, units=units, officer=tanuyen_officer, apply=True)
    assert [problem.row for problem in plan.rejected] == [2]
    assert not Person.objects.filter(employee_code="074190009991").exists()


def test_a_crashing_format_plugin_gives_one_message_and_no_import(units, tanuyen_officer):
    from plugins import hookimpl
    from plugins.testing import plugin_registered

    class Crashing:
        code = "crash"

        def accepts(self, *, filename, head):
            return True

        def read(self, *, file):
            yield 2, {"Họ và tên": "x", "Mã cán bộ": "y"}
            raise KeyError("bug in a plugin")

        @hookimpl(tryfirst=True)
        def register_roster_formats(self):
            return [self]

    with plugin_registered(Crashing(), name="crashing_format"), pytest.raises(RosterFileError):
        plan_for("roster_utf8.csv", unit=units["BDG-TU"], officer=tanuyen_officer, apply=True)
    assert not Person.objects.exists()
