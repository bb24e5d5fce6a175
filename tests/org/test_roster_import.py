"""Roster import with real files: every encoding and format, every rejection reason, nothing
lost, idempotent, leavers only for complete rosters, and no clear national ID kept anywhere."""

import io
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


def unit_counts(plan) -> dict[str, dict]:
    return {item["code"]: item for item in plan.summary()["units"]}


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_file_gives_the_same_preview(name, reformed_units, ward_officer):
    # The wards' officer, one file, rows going to the units they name (no unit chosen).
    plan = plan_for(name, unit=None, officer=ward_officer)
    assert (plan.rows, plan.create, plan.update, plan.unchanged) == (9, 3, 0, 0)
    reasons = rejected(plan)
    assert sorted(reasons) == [5, 6, 7, 8, 9, 10]
    assert "tên" in reasons[5].lower() or "name" in reasons[5].lower()
    assert "12" in reasons[6] and "11" in reasons[6]  # the lost leading zero is explained
    assert "XX-KHONG-CO" in reasons[7]
    assert "2" in reasons[8]  # same ID as row 2
    assert "31/02/1987" in reasons[9]
    assert "HCM-SKHCN" in reasons[10]  # outside the officer's units
    assert plan.extra_columns in (["Ghi chú"], ["Notes"])
    counts = unit_counts(plan)
    assert sorted(counts) == ["HCM-TK", "HCM-TU"]
    assert (counts["HCM-TK"]["create"], counts["HCM-TU"]["create"]) == (1, 2)
    assert counts["HCM-TK"]["name"] == "Phường Tân Khánh"
    assert not Person.objects.exists()  # a preview writes nothing


@pytest.mark.parametrize("name", SAMPLES)
def test_a_sample_imported_for_one_ward_leaves_out_the_other_wards_rows(
    name, reformed_units, ward_officer
):
    plan = plan_for(name, unit=reformed_units["HCM-TU"], officer=ward_officer)
    # Row 2 is left out, so row 8's national ID is no longer a duplicate: Giang is imported.
    assert (plan.create, sorted(rejected(plan))) == (3, [2, 5, 6, 7, 9, 10])
    assert "HCM-TK" in rejected(plan)[2] or "Tân Khánh" in rejected(plan)[2]
    assert list(unit_counts(plan)) == ["HCM-TU"]


def test_rejections_name_the_column_as_written(reformed_units, ward_officer):
    plan = plan_for("roster.xlsx", unit=None, officer=ward_officer)
    columns = {problem.row: problem.column for problem in plan.rejected}
    assert (columns[6], columns[9], columns[7], columns[10]) == (
        "National ID",
        "Date of birth",
        "Unit code",
        "Unit code",
    )


def test_the_city_officer_may_import_the_department_row(reformed_units):
    from django.contrib.auth import get_user_model

    city_officer = get_user_model().objects.get(username="hr")
    plan = plan_for("roster_utf8.csv", unit=None, officer=city_officer)
    assert plan.create == 4 and 10 not in rejected(plan)
    assert unit_counts(plan)["HCM-SKHCN"]["create"] == 1


def test_import_writes_the_good_rows_to_their_units_with_placements(reformed_units, ward_officer):
    plan_for("roster_cp1258.csv", unit=None, officer=ward_officer, apply=True)
    an = Person.objects.get(employee_code="BDG-90001")
    assert an.full_name == "Nguyễn Văn An"
    assert an.unit.code == "HCM-TK" and an.national_id_last4 == "1111"
    assert an.position_category == Person.PositionCategory.CIVIL_SERVANT
    binh = Person.objects.get(employee_code="BDG-90002")  # named by its unit's name only
    assert binh.is_it_officer is True and binh.unit.code == "HCM-TU"
    cuong = Person.objects.get(employee_code="BDG-90003")  # by its unit's code only
    assert (
        cuong.national_id_hash == "" and cuong.position_category == Person.PositionCategory.LEADER
    )
    assert cuong.unit.code == "HCM-TU"
    assert not Person.objects.filter(unit__code="HCM-SKHCN").exists()  # outside: not imported
    assert Placement.objects.filter(person__employee_code__startswith="BDG-900").count() == 3


def test_unit_names_without_diacritics_find_the_same_units(reformed_units, ward_officer):
    plan_for("roster_cp1252.csv", unit=None, officer=ward_officer, apply=True)
    assert dict(Person.objects.values_list("employee_code", "unit__code")) == {
        "BDG-90001": "HCM-TK",
        "BDG-90002": "HCM-TU",  # "Phuong Tan Uyen"
        "BDG-90003": "HCM-TU",
    }


def test_reimporting_the_same_file_changes_nothing(reformed_units, ward_officer):
    plan_for("roster_utf8.csv", unit=None, officer=ward_officer, apply=True)
    before = list(Person.objects.order_by("pk").values())
    again = plan_for("roster.xlsx", unit=None, officer=ward_officer, apply=True)
    assert (again.create, again.update, again.unchanged) == (0, 0, 3)
    assert list(Person.objects.order_by("pk").values()) == before


def test_a_changed_row_updates_the_person_and_keeps_history(reformed_units, ward_officer, tmp_path):
    plan_for("roster_utf8.csv", unit=None, officer=ward_officer, apply=True)
    moved = (
        (DATA / "roster_utf8.csv")
        .read_text(encoding="utf-8")
        .replace("BDG-90001,15/03/1985,HCM-TK,Phường Tân Khánh", "BDG-90001,15/03/1985,,tân uyên")
    )
    path = tmp_path / "moved.csv"
    path.write_text(moved, encoding="utf-8")
    with path.open("rb") as file:
        plan = roster_import_run(
            file=file,
            filename="moved.csv",
            size=path.stat().st_size,
            unit=None,
            allowed_units=org_units_in_scope(user=ward_officer),
            complete=False,
        )
    assert plan.update == 1 and unit_counts(plan)["HCM-TU"]["update"] == 1
    an = Person.objects.get(employee_code="BDG-90001")
    assert an.unit.code == "HCM-TU"
    # A same-day correction moves the placement itself; there is no history to keep yet.
    assert list(an.placements.values_list("unit__code", flat=True)) == ["HCM-TU"]


def test_complete_roster_marks_only_the_missing_as_having_left(reformed_units, ward_officer):
    from tests.factories import PersonFactory

    units = reformed_units
    stayed_away = PersonFactory(full_name="Người đã chuyển đi", unit=units["HCM-TK"])
    in_a_rejected_row = PersonFactory(
        full_name="Phạm Thị Dung", employee_code="BDG-90005", unit=units["HCM-TK"]
    )
    elsewhere = PersonFactory(full_name="Ở Sở khác", unit=units["HCM-SKHCN"])
    preview = plan_for("roster_utf8.csv", unit=units["HCM-TK"], officer=ward_officer, complete=True)
    assert preview.leavers == [stayed_away.pk]
    assert unit_counts(preview)["HCM-TK"]["leavers"] == 1
    plan_for(
        "roster_utf8.csv", unit=units["HCM-TK"], officer=ward_officer, complete=True, apply=True
    )
    stayed_away.refresh_from_db()
    in_a_rejected_row.refresh_from_db()
    elsewhere.refresh_from_db()
    assert stayed_away.left_on is not None  # kept for history, not deleted
    assert in_a_rejected_row.left_on is None and elsewhere.left_on is None


def test_a_complete_file_naming_its_units_is_complete_for_each_unit_it_names(
    reformed_units, ward_officer, tmp_path
):
    from tests.factories import PersonFactory

    units = reformed_units
    gone_tk = PersonFactory(full_name="Rời Tân Khánh", unit=units["HCM-TK"])
    gone_tu = PersonFactory(full_name="Rời Tân Uyên", unit=units["HCM-TU"])
    path = tmp_path / "tan-khanh-only.csv"
    path.write_text("Họ và tên,Mã cán bộ,Đơn vị\nNguyễn Văn Mới,TK-1,HCM-TK\n", encoding="utf-8")
    with path.open("rb") as file:
        plan = roster_import_run(
            file=file,
            filename=path.name,
            size=path.stat().st_size,
            unit=None,
            allowed_units=org_units_in_scope(user=ward_officer),
            complete=True,
        )
    # Tân Uyên is not named by the file: its people are not taken as having left.
    assert plan.leavers == [gone_tk.pk]
    gone_tk.refresh_from_db()
    gone_tu.refresh_from_db()
    assert gone_tk.left_on is not None and gone_tu.left_on is None


def test_without_complete_nobody_is_marked_as_having_left(reformed_units, ward_officer):
    from tests.factories import PersonFactory

    person = PersonFactory(unit=reformed_units["HCM-TK"])
    plan = plan_for("roster_utf8.csv", unit=None, officer=ward_officer, apply=True)
    person.refresh_from_db()
    assert plan.leavers == [] and person.left_on is None


@pytest.mark.parametrize("name", ["not_a_roster.png", "empty.csv", "header_only.csv"])
def test_a_file_that_is_not_a_roster_gets_one_message_and_no_import(
    name, reformed_units, ward_officer
):
    with pytest.raises(RosterFileError) as error:
        plan_for(name, unit=None, officer=ward_officer, apply=True)
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


def test_no_clear_national_id_is_kept_or_logged(reformed_units, ward_officer, caplog):
    with caplog.at_level(logging.DEBUG):
        plan_for("roster_utf8.csv", unit=None, officer=ward_officer, apply=True)
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
    reformed_units, ward_officer
):
    plan = plan_for("roster_utf8.csv", unit=None, officer=ward_officer, complete=True, apply=True)
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


# --- A file naming its units (several units of one officer) ---------------------------------


def plan_text(text: str, *, officer, unit=None, complete=False, apply=False):
    import io

    data = text.encode("utf-8")
    run = roster_import_run if apply else roster_plan
    return run(
        file=io.BytesIO(data),
        filename="roster.csv",
        size=len(data),
        unit=unit,
        allowed_units=org_units_in_scope(user=officer),
        complete=complete,
    )


def test_units_named_every_which_way_are_found(reformed_units, ward_officer):
    plan = plan_for("roster_don_vi.csv", unit=None, officer=ward_officer, apply=True)
    assert dict(Person.objects.values_list("employee_code", "unit__code")) == {
        "BDG-93001": "HCM-TK",  # "P. Tân Khánh"
        "BDG-93002": "HCM-TU",  # "phuong tan uyen"
        "BDG-93003": "HCM-TK",  # "TÂN KHÁNH"
        "BDG-93004": "HCM-TU",  # "hcm-tu"
    }
    counts = unit_counts(plan)
    assert (counts["HCM-TK"]["create"], counts["HCM-TU"]["create"]) == (2, 2)
    reasons = rejected(plan)
    assert sorted(reasons) == [6, 7, 8]
    assert "Sở Khoa học và Công nghệ" in reasons[6]  # outside the wards' officer's units
    assert "Phường Khánh Bình" in reasons[7]  # closed by the reform: no unit open today
    assert {problem.column for problem in plan.rejected} == {"Đơn vị"}


def test_a_row_naming_a_unit_outside_the_scope_is_refused_and_nothing_goes_there(
    reformed_units, ward_officer
):
    text = "Họ và tên,Mã cán bộ,Mã đơn vị\nNgười Ngoài,X-1,HCM-SKHCN\nNgười Trong,X-2,HCM-TK\n"
    plan = plan_text(text, officer=ward_officer, apply=True)
    assert list(rejected(plan)) == [2] and "HCM-SKHCN" in rejected(plan)[2]
    assert list(Person.objects.values_list("employee_code", "unit__code")) == [("X-2", "HCM-TK")]


def test_a_code_and_a_name_that_disagree_reject_the_row(reformed_units, ward_officer):
    text = (
        "Họ và tên,Mã cán bộ,Mã đơn vị,Tên đơn vị\n"
        "Nguyễn Văn Một,X-1,HCM-TK,Phường Tân Uyên\n"
        "Nguyễn Văn Hai,X-2,hcm-tk,phuong tan khanh\n"
    )
    plan = plan_text(text, officer=ward_officer)
    assert list(rejected(plan)) == [2] and plan.rejected[0].column == "Tên đơn vị"
    assert "HCM-TK" in rejected(plan)[2] and "Phường Tân Uyên" in rejected(plan)[2]
    assert plan.create == 1


def test_a_row_naming_no_unit_is_refused_when_no_unit_was_chosen(reformed_units, ward_officer):
    text = "Họ và tên,Mã cán bộ,Tên đơn vị\nNguyễn Văn Một,X-1,\nNguyễn Văn Hai,X-2,Tân Khánh\n"
    plan = plan_text(text, officer=ward_officer)
    assert list(rejected(plan)) == [2] and plan.rejected[0].column == "Tên đơn vị"
    # With a unit chosen, a row naming none goes to that unit, as before.
    chosen = plan_text(text, officer=ward_officer, unit=reformed_units["HCM-TK"])
    assert chosen.create == 2 and unit_counts(chosen)["HCM-TK"]["create"] == 2


def test_without_a_unit_column_a_file_must_have_a_chosen_unit(reformed_units, ward_officer):
    with pytest.raises(RosterFileError, match="Mã đơn vị"):
        plan_text("Họ và tên,Mã cán bộ\nNguyễn Văn Một,X-1\n", officer=ward_officer)
    assert not Person.objects.exists()


def test_a_name_several_units_share_is_refused_not_guessed(reformed_units, ward_officer):
    from lms.org.models import OrgUnit

    for code in ("HCM-TK", "HCM-TU"):
        OrgUnit.objects.get(code=code).add_child(
            code=f"{code}-KP1", name="Khu phố 1", kind=OrgUnit.Kind.AGENCY
        )
    text = (
        "Họ và tên,Mã cán bộ,Đơn vị\nNguyễn Văn Một,X-1,Khu phố 1\nNguyễn Văn Hai,X-2,HCM-TU-KP1\n"
    )
    plan = plan_text(text, officer=ward_officer)
    assert list(rejected(plan)) == [2]
    assert "HCM-TK-KP1" in rejected(plan)[2] and "HCM-TU-KP1" in rejected(plan)[2]
    assert list(unit_counts(plan)) == ["HCM-TU-KP1"]


def test_people_awaiting_assignment_in_a_closed_unit_move_to_the_unit_their_row_names(
    reformed_units, ward_officer
):
    """After the reform, Khánh Bình's staff wait in the closed ward: a roster of the new
    wards, from their officer, places them."""
    from tests.factories import PersonFactory

    waiting = PersonFactory(employee_code="KB-1", unit=reformed_units["BDG-TU-KB"])
    text = "Họ và tên,Mã cán bộ,Đơn vị\n" + f"{waiting.full_name},KB-1,Phường Tân Khánh\n"
    plan = plan_text(text, officer=ward_officer, apply=True)
    assert plan.update == 1 and not plan.rejected
    waiting.refresh_from_db()
    assert waiting.unit.code == "HCM-TK"


def test_a_file_without_a_valid_row_has_nothing_to_import_and_no_leavers(
    reformed_units, ward_officer
):
    from tests.factories import PersonFactory

    staying = PersonFactory(unit=reformed_units["HCM-TK"])
    text = "Họ và tên,Mã cán bộ,Đơn vị\n,X-1,HCM-TK\nKhông Đơn Vị,X-2,XX\n"
    plan = plan_text(text, officer=ward_officer, unit=reformed_units["HCM-TK"], complete=True)
    assert (plan.valid_rows, plan.rejected_count, plan.leavers) == (0, 2, [])
    assert plan.summary()["valid"] == 0
    applied = plan_text(
        text, officer=ward_officer, unit=reformed_units["HCM-TK"], complete=True, apply=True
    )
    staying.refresh_from_db()
    assert applied.leavers == [] and staying.left_on is None
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("HCM-TK", "HCM-TK"),
        (" hcm - tk ", "HCM-TK"),
        ("Phường Tân Khánh", "HCM-TK"),
        ("PHUONG TAN KHANH", "HCM-TK"),
        ("P. Tân Khánh", "HCM-TK"),
        ("p.tan khanh", "HCM-TK"),
        ("Tân  Khánh", "HCM-TK"),
        ("Xã Tân Uyên", "HCM-TU"),  # the wrong kind of unit, one unit all the same
        ("Sở Nội vụ", "HCM-SNV"),  # the department open today, not Bình Dương's closed one
        ("Thành phố Hồ Chí Minh", "HCM"),
    ],
)
def test_the_unit_finder(typed, code, reformed_units):
    import datetime

    from lms.org.models import OrgUnit
    from lms.org.roster.units import UnitFinder

    open_units = list(OrgUnit.objects.open_on(datetime.date(2026, 1, 5)))
    finder = UnitFinder(units=open_units, allowed_ids={unit.pk for unit in open_units})
    unit, reason = finder.find(typed)
    assert (unit.code if unit else reason) == code


def test_the_unit_finder_says_why_it_found_no_unit(reformed_units):
    import datetime

    from lms.org.models import OrgUnit
    from lms.org.roster.units import UnitFinder

    open_units = list(OrgUnit.objects.open_on(datetime.date(2026, 1, 5)))
    wards = {reformed_units["HCM-TK"].pk}
    finder = UnitFinder(units=open_units, allowed_ids=wards)
    assert finder.find("Tân Khánh")[0] == reformed_units["HCM-TK"]
    assert "outside" in finder.find("HCM-TU")[1] or "ngoài" in finder.find("HCM-TU")[1]
    unit, reason = finder.find("Phường Khánh Bình")  # closed since 1 July 2025
    assert unit is None and "Phường Khánh Bình" in reason and "HCM" not in reason


@pytest.mark.django_db
def test_a_row_rejected_while_matching_names_no_unit_of_a_complete_roster(
    reformed_units, ward_officer
):
    """One bad row for Tân Uyên (its employee code is someone else's) must not make everyone
    of Tân Uyên a leaver: only units named by rows that are applied lose missing people."""
    from lms.org.national_id import national_id_protect
    from tests.factories import PersonFactory

    tan_uyen = reformed_units["HCM-TU"]
    owner = PersonFactory(
        employee_code="TU-A",
        national_id_hash=national_id_protect("074190008881").hash,
        unit=tan_uyen,
    )
    others = [PersonFactory(employee_code=f"TU-{n}", unit=tan_uyen) for n in "BC"]
    data = (
        "Họ và tên,Số định danh cá nhân,Mã cán bộ,Mã đơn vị\n"
        "Nguyễn Văn Mới,,TK-1,HCM-TK\n"
        "Trần Thị Khác,074190008882,TU-A,HCM-TU\n"
    ).encode()
    plan = roster_import_run(
        file=io.BytesIO(data),
        filename="roster.csv",
        size=len(data),
        unit=None,
        allowed_units=org_units_in_scope(user=ward_officer),
        complete=True,
    )
    assert [problem.row for problem in plan.rejected] == [3]
    assert plan.leavers == []
    for person in (owner, *others):
        person.refresh_from_db()
        assert person.left_on is None
