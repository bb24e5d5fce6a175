"""Roster and population imports hold against hostile and careless files (issue 11): limits on
rows and stored problems, ID numbers never echoed, every value checked against its column,
nothing revealed about people outside the officer's scope, and clear errors from the command.
Runs on SQLite and PostgreSQL (where an over-long value once lost a whole import)."""

import gc
import io
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from lms.org.models import Person, PopulationFigure, PopulationImport, RosterImport
from lms.org.national_id import national_id_mask, national_id_protect
from lms.org.roster.files import RosterFileError
from lms.org.roster.planner import roster_import_run, roster_plan
from lms.org.selectors import org_units_in_scope
from tests.conftest import PROJECT_ROOT
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
DATA = PROJECT_ROOT / "tests" / "data" / "rosters"
HEADER = "Họ và tên,Số định danh cá nhân,Mã cán bộ,Ngày sinh,Mã đơn vị,Nhóm vị trí\n"


def plan(text: str, *, units, officer, unit="BDG-TU", apply=False, name="roster.csv"):
    data = text.encode() if isinstance(text, str) else text
    run = roster_import_run if apply else roster_plan
    return run(
        file=io.BytesIO(data),
        filename=name,
        size=len(data),
        unit=units[unit] if unit else None,  # None: each row names its unit
        allowed_units=org_units_in_scope(user=officer),
        complete=False,
    )


def reasons(result) -> dict[int, str]:
    return {problem.row: problem.reason for problem in result.rejected}


@pytest.fixture
def upload_and_preview(client, site, django_capture_on_commit_callbacks):
    def run(officer, unit, data: bytes, name="roster.csv") -> RosterImport:
        client.force_login(officer)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                "/admin/org/imports/new/",
                {"unit": unit.pk, "file": SimpleUploadedFile(name, data)},
            )
        return RosterImport.objects.latest("pk")

    return run


# --- Item 3: rows, problems kept, streamed download, population as a task -------------------


def test_only_the_first_rejected_rows_are_kept_and_every_one_is_counted(
    client, units, tanuyen_officer, upload_and_preview
):
    rows = "".join(f",,BDG-{number:05d},,,\n" for number in range(1500))  # no names
    roster_import = upload_and_preview(tanuyen_officer, units["BDG-TU"], (HEADER + rows).encode())
    assert roster_import.status == RosterImport.Status.PREVIEWED
    assert roster_import.summary["rejected"] == 1500
    assert len(roster_import.problems) == 1000
    html = client.get(f"/admin/org/imports/{roster_import.pk}/").content.decode()
    assert 'data-count="rejected">1500<' in html and 'id="problems-not-kept"' in html

    download = client.get(f"/admin/org/imports/{roster_import.pk}/rejected.csv")
    assert download.streaming
    lines = b"".join(download.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 1000  # the header, then the rows whose reasons were kept
    assert lines[-1].startswith("1001,")


def test_a_file_over_the_row_limit_is_refused_and_nothing_is_written(
    units, tanuyen_officer, settings
):
    settings.LMS_IMPORT_MAX_ROWS = 3
    rows = "".join(f"Tên {n},,BDG-{n:05d},,BDG-TU-KB,\n" for n in range(4))
    with pytest.raises(RosterFileError, match="3"):
        plan(HEADER + rows, units=units, officer=tanuyen_officer, apply=True)
    assert not Person.objects.exists()


@pytest.fixture
def admin_client(client, site):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def post_population(admin_client, django_capture_on_commit_callbacks):
    def post(data: bytes, name="population.csv") -> PopulationImport:
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                "/admin/org/population/import/", {"file": SimpleUploadedFile(name, data)}
            )
        assert response.status_code == 302
        return PopulationImport.objects.latest("pk")

    return post


POPULATION_HEADER = "Mã đơn vị,Năm,Dân số trong độ tuổi lao động,Nguồn\n"


def test_population_import_runs_as_a_task_and_keeps_nothing_of_the_file(
    admin_client, units, post_population
):
    job = post_population((POPULATION_HEADER + "BDG-TU-KB,2024,27400,Cục Thống kê\n").encode())
    assert job.status == PopulationImport.Status.DONE and job.stored_name == ""
    assert job.summary["created"] == 1
    html = admin_client.get(f"/admin/org/population/import/{job.pk}/").content.decode()
    assert 'id="population-report"' in html


def test_population_import_has_the_row_limit(units, post_population, settings):
    settings.LMS_IMPORT_MAX_ROWS = 2
    rows = "".join(f"BDG-TU-KB,{year},100,A\n" for year in range(2020, 2024))
    job = post_population((POPULATION_HEADER + rows).encode())
    assert job.status == PopulationImport.Status.FAILED and "2" in job.message
    assert not PopulationFigure.objects.exists()


def test_a_zip_bomb_sent_as_population_figures_fails_with_a_clear_message(
    admin_client, units, post_population
):
    from tests.plugins.roster_formats import crafted

    strings = crafted.repeated_part(
        "xl/sharedStrings.xml",
        crafted.DECLARATION + f'<sst xmlns="{crafted.MAIN}"><si><t>'.encode(),
        b"A" * (1 << 20),
        300,
        b"</t></si></sst>",
    )
    sheet = crafted.part("xl/worksheets/sheet1.xml", crafted.sheet_xml(""))
    job = post_population(crafted.archive(crafted.package_parts(sheet=sheet, strings=strings)))
    assert job.status == PopulationImport.Status.FAILED
    assert "200 MB" in job.message
    html = admin_client.get(f"/admin/org/population/import/{job.pk}/").content.decode()
    assert "200 MB" in html


def test_the_population_page_shows_progress_while_the_task_runs(admin_client, units):
    from django.core.cache import cache

    from lms.org.population import population_progress_key

    job = PopulationImport.objects.create(filename="p.csv", status=PopulationImport.Status.RUNNING)
    cache.set(population_progress_key(job.pk), 4000)
    html = admin_client.get(f"/admin/org/population/import/{job.pk}/").content.decode()
    assert "4000" in html and 'http-equiv="refresh"' in html


def test_population_imports_are_for_administrators_only(client, site, units, tanuyen_officer):
    job = PopulationImport.objects.create(filename="p.csv", status=PopulationImport.Status.DONE)
    client.force_login(tanuyen_officer)
    response = client.get(f"/admin/org/population/import/{job.pk}/")
    assert response.status_code in (302, 403)  # Wagtail redirects a refusal to the dashboard
    assert "p.csv" not in response.content.decode()


def test_a_file_that_keeps_killing_the_worker_is_given_up(units, tanuyen_officer, tmp_path):
    """acks_late + reject_on_worker_lost redeliver a task whose worker died: each delivery
    counts, and after the last one the import fails instead of killing the next worker."""
    from django.core.files.storage import storages

    from lms.org.import_jobs import MAX_TASK_ATTEMPTS
    from lms.org.roster.steps import roster_import_preview

    stored = storages["private"].save("roster-imports/t.csv", io.BytesIO(HEADER.encode()))
    roster_import = RosterImport.objects.create(
        unit=units["BDG-TU"],
        filename="t.csv",
        stored_name=stored,
        size=len(HEADER),
        created_by=tanuyen_officer,
        attempts=MAX_TASK_ATTEMPTS,  # as many deliveries as allowed have died already
    )
    roster_import_preview(import_id=roster_import.pk)
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.FAILED
    assert "several times" in roster_import.message or "nhiều lần" in roster_import.message
    assert roster_import.stored_name == ""


def test_a_population_file_that_keeps_killing_the_worker_is_given_up(units):
    from django.core.files.storage import storages

    from lms.org.import_jobs import MAX_TASK_ATTEMPTS
    from lms.org.population import population_import_run

    stored = storages["private"].save("population-imports/t.csv", io.BytesIO(b"x"))
    job = PopulationImport.objects.create(
        filename="t.csv", stored_name=stored, size=1, attempts=MAX_TASK_ATTEMPTS
    )
    population_import_run(import_id=job.pk)
    job.refresh_from_db()
    assert job.status == PopulationImport.Status.FAILED and job.stored_name == ""


def test_a_population_file_whose_task_never_ran_is_purged_after_a_day(units):
    import datetime

    from django.core.files.storage import storages
    from django.utils import timezone

    from lms.org.import_jobs import roster_imports_purge_expired

    stored = storages["private"].save("population-imports/old.csv", io.BytesIO(b"x"))
    job = PopulationImport.objects.create(filename="old.csv", stored_name=stored, size=1)
    roster_imports_purge_expired(now=timezone.now() + datetime.timedelta(days=2))
    job.refresh_from_db()
    assert job.stored_name == "" and not storages["private"].exists(stored)
    assert job.status == PopulationImport.Status.FAILED


def test_the_memory_guard_turns_runaway_memory_into_memory_error(run_manage):
    """In a worker, an import that outgrows its budget raises MemoryError, which the import
    reports, instead of the kernel killing the worker."""
    import subprocess

    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','lms.settings.test');"
        "django.setup();"
        "from lms.org.tasks import address_space_limit\n"
        "try:\n"
        "    with address_space_limit(256 * 1024 * 1024):\n"
        "        data = bytearray(1024 * 1024 * 1024)\n"
        "    print('no limit')\n"
        "except MemoryError:\n"
        "    print('memory error')\n"
        "data = bytearray(512 * 1024 * 1024)\n"  # the limit is lifted afterwards
        "print('lifted')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert result.stdout.split() == ["memory", "error", "lifted"], result.stderr[-2000:]


def test_the_import_reports_running_out_of_memory(units, tanuyen_officer, monkeypatch):
    from django.core.files.storage import storages

    from lms.org.roster import steps

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(steps, "roster_plan", exhausted)
    stored = storages["private"].save("roster-imports/m.csv", io.BytesIO(HEADER.encode()))
    roster_import = RosterImport.objects.create(
        unit=units["BDG-TU"], filename="m.csv", stored_name=stored, size=10
    )
    steps.roster_import_preview(import_id=roster_import.pk)
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.FAILED
    assert roster_import.message == steps.out_of_memory_message()


# --- Item 5: ID numbers are never echoed -----------------------------------------------------

CLEAR_ID = "074190003333"


def full_width(digits: str) -> str:
    """Digits as a Japanese or Chinese keyboard types them: still an ID number."""
    return "".join(chr(0xFF10 + int(digit)) for digit in digits)


@pytest.mark.parametrize(
    "text, masked",
    [
        ("“074190003333” is not a real date", "“••••••••3333” is not a real date"),
        ("074 190 003 333", "••••••••3333"),
        ("074.190.003.333", "••••••••3333"),
        ("old card 271234567", "old card •••••4567"),
        (full_width("074190003333"), "••••••••" + full_width("3333")),
        ("15/03/1985, BDG-90001, 12345678", "15/03/1985, BDG-90001, 12345678"),
    ],
)
def test_national_id_mask(text, masked):
    assert national_id_mask(text) == masked


def test_an_id_in_the_wrong_column_is_never_stored_or_shown_in_clear(
    client, units, tanuyen_officer, upload_and_preview, capsys
):
    rows = (
        f"Tên Một,,BDG-93001,{CLEAR_ID},BDG-TU-KB,\n"  # in the date column
        f"Tên Hai,,BDG-93002,,{CLEAR_ID},\n"  # in the unit code column
        f"Tên Ba,,BDG-93003,,BDG-TU-KB,{CLEAR_ID}\n"  # in the position column
        "Tên Bốn,,BDG-93004,074 190 003 333,BDG-TU-KB,\n"  # typed in groups
    )
    data = (HEADER + rows).encode()
    roster_import = upload_and_preview(tanuyen_officer, units["BDG-TU"], data)
    assert roster_import.summary["rejected"] == 4
    stored = str(roster_import.problems)
    assert "3333" in stored and CLEAR_ID not in stored and "074 190" not in stored

    html = client.get(f"/admin/org/imports/{roster_import.pk}/").content.decode()
    assert "••••••••3333" in html and CLEAR_ID not in html
    download = client.get(f"/admin/org/imports/{roster_import.pk}/rejected.csv")
    lines = b"".join(download.streaming_content).decode("utf-8-sig").splitlines()
    assert all(CLEAR_ID not in line.rsplit(",", 1)[-1] for line in lines)  # the reasons

    path = PROJECT_ROOT / "tmp-roster-ids.csv"
    try:
        path.write_bytes(data)
        call_command("import_roster", str(path), "--unit", "BDG-TU", "--dry-run")
    finally:
        path.unlink()
    output = capsys.readouterr().out
    assert "rejected=4" in output and CLEAR_ID not in output


def test_a_file_without_a_header_row_does_not_store_its_ids_as_column_names(
    units, tanuyen_officer, upload_and_preview
):
    data = f"Nguyễn Văn An,{CLEAR_ID},BDG-1\nTrần Thị Bình,074190004444,BDG-2\n".encode()
    roster_import = upload_and_preview(tanuyen_officer, units["BDG-TU"], data)
    assert roster_import.status == RosterImport.Status.FAILED
    assert CLEAR_ID not in str(roster_import.summary) + roster_import.message


def test_reasons_stored_before_masking_are_masked_when_shown(client, units, tanuyen_officer):
    roster_import = RosterImport.objects.create(
        unit=units["BDG-TU"],
        filename="old.csv",
        status=RosterImport.Status.PREVIEWED,
        summary={"rows": 1, "rejected": 1, "extra_columns": [CLEAR_ID]},
        problems=[{"row": 2, "column": "Ngày sinh", "reason": f"“{CLEAR_ID}” is not a date"}],
        created_by=tanuyen_officer,
    )
    client.force_login(tanuyen_officer)
    html = client.get(f"/admin/org/imports/{roster_import.pk}/").content.decode()
    assert "••••••••3333" in html and CLEAR_ID not in html


def test_the_migration_masks_reasons_already_stored(units):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("lms.org.migrations.0007_import_limits")
    roster_import = RosterImport.objects.create(
        unit=units["BDG-TU"],
        filename="old.csv",
        message=f"Cột “{CLEAR_ID}” …",
        summary={"extra_columns": [CLEAR_ID], "columns": {"full_name": CLEAR_ID}},
        problems=[{"row": 2, "column": CLEAR_ID, "reason": f"“{CLEAR_ID}” is not a date"}],
    )
    migration.mask_stored_reasons(apps, None)
    roster_import.refresh_from_db()
    stored = f"{roster_import.message}{roster_import.summary}{roster_import.problems}"
    assert CLEAR_ID not in stored and "••••••••3333" in stored


def test_population_reasons_mask_an_id_in_the_unit_column(units, post_population):
    job = post_population((POPULATION_HEADER + f"{CLEAR_ID},2024,100,A\n").encode())
    assert job.summary["rejected"] == 1 and CLEAR_ID not in str(job.problems)


# --- Item 6: every value fits its column -----------------------------------------------------


def test_a_value_longer_than_its_column_rejects_only_its_row(units, tanuyen_officer):
    long_code = "BDG-" + "9" * 40  # 44 characters; the column holds 32
    long_name = "Nguyễn " * 50  # 350 characters; the column holds 255
    text = (
        HEADER
        + "Nguyễn Văn An,,BDG-94001,15/03/1985,BDG-TU-KB,Công chức\n"
        + f"Trần Thị Bình,,{long_code},02/07/1990,BDG-TU-KB,Viên chức\n"
        + f"{long_name},,BDG-94003,,BDG-TU-KB,\n"
        + "Lê Hoàng Cường,,BDG-94004,01/01/1979,BDG-TU-UH,Lãnh đạo\n"
    )
    preview = plan(text, units=units, officer=tanuyen_officer)
    assert sorted(reasons(preview)) == [3, 4]
    assert "32" in reasons(preview)[3] and "255" in reasons(preview)[4]
    applied = plan(text, units=units, officer=tanuyen_officer, apply=True)  # PostgreSQL too
    assert applied.create == 2
    assert set(Person.objects.values_list("employee_code", flat=True)) == {
        "BDG-94001",
        "BDG-94004",
    }


def test_a_population_figure_beyond_its_column_rejects_only_its_row(units, post_population):
    # Beyond any integer column (SQLite's 64 bits included), whatever the database.
    rows = "BDG-TU-KB,2024,100000000000000000000,A\nBDG-TU-UH,2024,33900,B\n"
    job = post_population((POPULATION_HEADER + rows).encode())
    assert job.status == PopulationImport.Status.DONE, job.message
    assert job.summary == {"rows": 2, "created": 1, "updated": 0, "unchanged": 0, "rejected": 1}
    assert job.problems[0]["row"] == 2
    assert PopulationFigure.objects.get().unit == units["BDG-TU-UH"]


@pytest.mark.parametrize("year", ["0", "10000", "-5"])
def test_a_year_no_date_can_hold_rejects_its_row(units, post_population, year):
    """Found by the fuzzing: year 0 crashed the whole import while looking the unit up."""
    rows = f"BDG-TU-KB,{year},100,A\nBDG-TU-UH,2024,33900,B\n"
    job = post_population((POPULATION_HEADER + rows).encode())
    assert job.status == PopulationImport.Status.DONE, job.message
    assert job.summary["created"] == 1 and job.summary["rejected"] == 1


def test_the_database_is_the_one_configured():
    assert connection.vendor in {"sqlite", "postgresql"}


# --- Item 8c: nothing about people outside the officer's scope -------------------------------


def test_a_person_outside_the_officers_scope_is_not_revealed(units, tanuyen_officer):
    outsider = PersonFactory(
        full_name="Ngô Thị Kín",
        employee_code="STTTT-7",
        national_id_hash=national_id_protect("074190007777").hash,
        unit=units["BDG-STTTT"],
    )
    text = (
        HEADER
        + "Ai Đó,074190007777,,,BDG-TU-KB,\n"  # the outsider's ID
        + "Ai Khác,,STTTT-7,,BDG-TU-KB,\n"  # the outsider's employee code
        + "Người Mới,,TU-NEW-1,,BDG-TU-KB,\n"
    )
    preview = plan(text, units=units, officer=tanuyen_officer)
    found = reasons(preview)
    assert sorted(found) == [2, 3] and preview.create == 1
    assert found[2] == found[3]  # one neutral reason, whichever identifier matched
    for reason in found.values():
        for revealing in (outsider.full_name, "Sở", "STTTT", "roster", "danh sách", "đơn vị"):
            assert revealing.lower() not in reason.lower()
    outsider.refresh_from_db()
    assert outsider.unit == units["BDG-STTTT"]


def test_a_person_in_scope_but_outside_the_imported_unit_is_named(units, province_officer):
    PersonFactory(employee_code="STTTT-8", unit=units["BDG-STTTT"])
    preview = plan(HEADER + "Ai Đó,,STTTT-8,,BDG-TU-KB,\n", units=units, officer=province_officer)
    assert "Sở Thông tin và Truyền thông" in reasons(preview)[2]


# --- Item 13: the command, file handling, formulas, "Chức vụ" --------------------------------


def test_the_command_given_a_directory_says_so_and_exits_non_zero(units, run_manage, tmp_path):
    with pytest.raises(CommandError, match="not a file"):
        call_command("import_roster", str(tmp_path), "--unit", "BDG-TU")
    result = run_manage("import_roster", str(tmp_path), "--unit", "BDG-TU", "--dry-run")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr


def test_a_csv_without_a_name_column_closes_cleanly(units, tmp_path, monkeypatch):
    """The reader let go of the file only when garbage-collected, after the command had
    closed it: "Exception ignored ... I/O operation on closed file"."""
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    path = tmp_path / "no-names.csv"
    path.write_text("Mã cán bộ,Ngày sinh\nBDG-1,15/03/1985\n" * 3, encoding="utf-8")
    with pytest.raises(CommandError, match="Họ và tên"):
        call_command("import_roster", str(path), "--unit", "BDG-TU")
    gc.collect()
    assert unraisable == []


@pytest.mark.parametrize("strings", ["inline", "shared"])
def test_formulas_without_saved_values_reject_their_rows_and_name_the_formula(
    reformed_units, ward_officer, strings
):
    from tests.plugins.roster_formats.crafted import to_shared_strings

    units, officer = reformed_units, ward_officer
    data = (DATA / "roster_formulas.xlsx").read_bytes()
    if strings == "shared":  # as Excel writes text
        data = to_shared_strings(data)
    preview = plan(data, units=units, officer=officer, unit=None, name="roster_formulas.xlsx")
    found = reasons(preview)
    assert sorted(found) == [3, 5, 6]
    assert "=DATE(1990,7,2)" in found[3]
    assert '=CONCATENATE("Phạm Thị ","Duyên")' in found[5]
    assert "#DIV/0!" in found[6]
    plan(data, units=units, officer=officer, unit=None, name="roster_formulas.xlsx", apply=True)
    people = {person.employee_code: person for person in Person.objects.all()}
    assert sorted(people) == ["BDG-91001", "BDG-91003", "BDG-91006"]
    assert str(people["BDG-91001"].date_of_birth) == "1985-03-15"  # a saved formula value
    assert people["BDG-91001"].unit == units["HCM-TK"]
    assert people["BDG-91003"].is_it_officer is False  # a formula whose value is ""
    assert people["BDG-91006"].unit == units["HCM-TU"]  # a unit code a formula saved


def test_the_chuc_vu_column_gives_position_categories(reformed_units, ward_officer):
    data = (DATA / "roster_chuc_vu.csv").read_bytes()
    result = plan(data, units=reformed_units, officer=ward_officer, unit="HCM-TK", apply=True)
    assert result.columns["position"] == "Chức vụ"
    assert list(reasons(result)) == [6]  # "Trưởng phòng" is a title, not a category
    assert dict(Person.objects.values_list("employee_code", "position_category")) == {
        "BDG-92001": Person.PositionCategory.CIVIL_SERVANT,
        "BDG-92002": Person.PositionCategory.PUBLIC_EMPLOYEE,
        "BDG-92003": Person.PositionCategory.LEADER,
        "BDG-92004": Person.PositionCategory.WORKER,
    }


def test_a_category_column_wins_over_a_chuc_vu_column_of_job_titles(units, tanuyen_officer):
    text = "Họ và tên,Mã cán bộ,Chức vụ,Nhóm vị trí\nNguyễn Văn An,BDG-1,Trưởng phòng,Lãnh đạo\n"
    result = plan(text, units=units, officer=tanuyen_officer)
    assert result.columns["position"] == "Nhóm vị trí" and result.extra_columns == ["Chức vụ"]
    assert result.create == 1 and not result.rejected
