"""The admin import flow and the command, and scope: an officer of Tân Uyên cannot see or
import for another unit, by UI, URL or command."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from lms.org.models import Person, RosterImport
from tests.conftest import PROJECT_ROOT
from tests.org.conftest import officer_of

pytestmark = pytest.mark.django_db
DATA = PROJECT_ROOT / "tests" / "data" / "rosters"


def upload(client, unit, name="roster_utf16.txt", complete=False, data=None):
    content = data if data is not None else (DATA / name).read_bytes()
    form = {"unit": unit.pk if unit else "", "file": SimpleUploadedFile(name, content)}
    if complete:
        form["complete"] = "on"
    return client.post("/admin/org/imports/new/", form, follow=True)


def test_upload_preview_confirm_and_download_rejected_rows(
    client, site, reformed_units, ward_officer, django_capture_on_commit_callbacks
):
    # The wards' officer leaves the unit to the file: its rows name the two wards.
    client.force_login(ward_officer)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, None)  # the preview task runs when the upload commits
    roster_import = RosterImport.objects.get()
    assert roster_import.unit is None
    html = client.get(f"/admin/org/imports/{roster_import.pk}/").content.decode()
    assert 'data-count="create">3<' in html and 'data-count="rejected">6<' in html
    assert "chưa ghi gì" in html or "nothing is written" in html.lower()
    assert 'id="import-units"' in html and "Phường Tân Khánh" in html
    assert 'data-unit="HCM-TK"><th scope="row">' in html
    assert roster_import.summary["units"] == [
        {"code": "HCM-TK", "name": "Phường Tân Khánh", "create": 1, "update": 0, "unchanged": 0, "leavers": 0},
        {"code": "HCM-TU", "name": "Phường Tân Uyên", "create": 2, "update": 0, "unchanged": 0, "leavers": 0},
    ]  # fmt: skip
    assert "HCM-SKHCN" in html  # the row naming a unit outside the scope, refused
    assert f'action="/admin/org/imports/{roster_import.pk}/confirm/"' in html
    assert not Person.objects.exists()
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.PREVIEWED

    rejected = client.get(f"/admin/org/imports/{roster_import.pk}/rejected.csv")
    assert rejected.streaming  # never built whole in the web process
    text = b"".join(rejected.streaming_content).decode("utf-8-sig")
    assert rejected["Content-Type"].startswith("text/csv")
    assert "Phạm Thị Dung" in text and "31/02/1987" in text and "Nguyễn Văn An" not in text

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/org/imports/{roster_import.pk}/confirm/")
    done = client.get(f"/admin/org/imports/{roster_import.pk}/")
    assert 'data-count="create">3<' in done.content.decode()
    roster_import.refresh_from_db()
    assert (
        roster_import.status == RosterImport.Status.DONE
        and roster_import.applied_by == ward_officer
    )
    assert dict(Person.objects.values_list("employee_code", "unit__code")) == {
        "BDG-90001": "HCM-TK",
        "BDG-90002": "HCM-TU",
        "BDG-90003": "HCM-TU",
    }


def test_a_confirmed_import_cannot_be_applied_twice(
    client, site, reformed_units, ward_officer, django_capture_on_commit_callbacks
):
    from lms.org.roster.steps import roster_import_apply

    client.force_login(ward_officer)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, reformed_units["HCM-TU"])
    roster_import = RosterImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/org/imports/{roster_import.pk}/confirm/")
    assert Person.objects.count() == 3
    roster_import_apply(import_id=roster_import.pk)  # the task delivered a second time
    assert Person.objects.count() == 3
    assert set(Person.objects.values_list("unit__code", flat=True)) == {"HCM-TU"}


def test_not_a_roster_gets_one_clear_message(
    client, site, units, tanuyen_officer, django_capture_on_commit_callbacks
):
    client.force_login(tanuyen_officer)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, units["BDG-TU"], name="not_a_roster.png")
    html = client.get(f"/admin/org/imports/{RosterImport.objects.get().pk}/").content.decode()
    assert "Không có dữ liệu nào được nhập" in html or "Nothing was imported" in html
    assert RosterImport.objects.get().stored_name == ""  # the upload is not kept
    assert not Person.objects.exists()


def test_an_officer_cannot_import_for_another_unit(client, site, units, tanuyen_officer):
    client.force_login(tanuyen_officer)
    response = upload(client, units["BDG-STTTT"])
    assert response.status_code == 200 and not RosterImport.objects.exists()  # form error


def test_another_units_import_answers_404(
    client, site, units, tanuyen_officer, django_capture_on_commit_callbacks
):
    other = officer_of("hr.sttt", units["BDG-STTTT"])
    client.force_login(other)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, units["BDG-STTTT"], name="roster_utf8.csv")
    roster_import = RosterImport.objects.get()
    client.force_login(tanuyen_officer)
    for url in ("", "rejected.csv"):
        assert client.get(f"/admin/org/imports/{roster_import.pk}/{url}").status_code == 404
    assert client.post(f"/admin/org/imports/{roster_import.pk}/confirm/").status_code == 404
    assert roster_import.filename not in client.get("/admin/org/imports/").content.decode()


def test_people_and_units_outside_scope_answer_404(client, site, units, tanuyen_officer):
    from tests.factories import PersonFactory

    inside = PersonFactory(unit=units["BDG-TU-KB"])
    outside = PersonFactory(unit=units["BDG-STTTT"])
    client.force_login(tanuyen_officer)
    assert client.get(f"/admin/org/people/{inside.pk}/").status_code == 200
    assert client.get(f"/admin/org/people/{outside.pk}/").status_code == 404
    assert client.get(f"/admin/org/units/{units['BDG-STTTT'].pk}/").status_code == 404
    listing = client.get("/admin/org/people/?status=all").content.decode()
    assert inside.full_name in listing and outside.full_name not in listing


def test_opening_a_person_is_logged(client, site, units, tanuyen_officer):
    from lms.org.models import PersonAccessLog
    from tests.factories import PersonFactory

    person = PersonFactory(unit=units["BDG-TU-KB"])
    client.force_login(tanuyen_officer)
    client.get(f"/admin/org/people/{person.pk}/")
    log = PersonAccessLog.objects.get()
    assert (log.viewer, log.person) == (tanuyen_officer, person)


def test_the_command_prints_the_same_report(reformed_units, ward_officer, capsys):
    call_command(
        "import_roster", str(DATA / "roster.xlsx"), "--dry-run", "--user", ward_officer.username
    )
    output = capsys.readouterr().out
    assert "rows=9 create=3 update=0 unchanged=0 rejected=6" in output
    assert "HCM-TK Phường Tân Khánh: create=1" in output
    assert "HCM-TU Phường Tân Uyên: create=2" in output
    assert "row 10 [Unit code]" in output
    assert not Person.objects.exists()
    call_command("import_roster", str(DATA / "roster.xlsx"), "--unit", "HCM-TU")
    assert set(Person.objects.values_list("unit__code", flat=True)) == {"HCM-TU"}
    assert Person.objects.count() == 3


def test_the_command_keeps_the_officers_scope(units, tanuyen_officer):
    with pytest.raises(CommandError, match="within the importing scope"):
        call_command(
            "import_roster",
            str(DATA / "roster_utf8.csv"),
            "--unit",
            "BDG-STTTT",
            "--user",
            tanuyen_officer.username,
        )
    assert not Person.objects.exists()


# --- An import without a valid row; an import naming its units -------------------------------

NO_VALID_ROW = "Họ và tên,Mã cán bộ,Đơn vị\n,X-1,HCM-TK\nNgười Ngoài,X-2,HCM-SKHCN\n".encode()
NOTHING_TO_CONFIRM = "No row of this file can be imported, so there is nothing to confirm."
NO_VALID_ROW_MESSAGE = (
    "No row of this file can be imported, so there is nothing to confirm. Fix the "
    "rejected rows and upload the file again."
)


def in_vietnamese(message: str) -> str:
    """The message as the admin shows it by default (escaped as a template escapes it)."""
    from django.utils.html import escape
    from django.utils.translation import gettext, override

    with override("vi"):
        return escape(gettext(message))


def test_a_file_with_no_valid_row_cannot_be_confirmed_even_by_a_forged_post(
    client, site, reformed_units, ward_officer, django_capture_on_commit_callbacks
):
    from tests.factories import PersonFactory

    staying = PersonFactory(unit=reformed_units["HCM-TK"])
    client.force_login(ward_officer)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, reformed_units["HCM-TK"], name="bad.csv", data=NO_VALID_ROW, complete=True)
    roster_import = RosterImport.objects.get()
    assert roster_import.status == RosterImport.Status.PREVIEWED
    assert not roster_import.confirmable and roster_import.summary["valid"] == 0
    page = client.get(f"/admin/org/imports/{roster_import.pk}/").content.decode()
    assert 'id="nothing-to-import"' in page
    assert in_vietnamese(NOTHING_TO_CONFIRM) in page  # Vietnamese by default
    assert in_vietnamese("Nothing to import") in page  # the status, not "Ready to confirm"
    assert "/confirm/" not in page  # no confirm button
    assert 'id="rejected-rows"' in page  # but the reasons, to fix the rows

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/admin/org/imports/{roster_import.pk}/confirm/", follow=True)
    assert callbacks == []  # no apply task enqueued
    assert in_vietnamese(NO_VALID_ROW_MESSAGE) in response.content.decode()
    roster_import.refresh_from_db()
    staying.refresh_from_db()
    assert roster_import.status == RosterImport.Status.PREVIEWED
    assert roster_import.applied_by is None
    assert Person.objects.count() == 1 and staying.left_on is None  # nothing written


def test_a_file_with_no_valid_row_says_so_in_english_too(
    client, site, reformed_units, ward_officer, django_capture_on_commit_callbacks
):
    client.force_login(ward_officer)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, None, name="bad.csv", data=NO_VALID_ROW)
    roster_import = RosterImport.objects.get()
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(ward_officer)  # the admin speaks the user's language
    profile.preferred_language = "en"
    profile.save()
    page = client.get(f"/admin/org/imports/{roster_import.pk}/").content.decode()
    assert '<html lang="en"' in page
    assert NOTHING_TO_CONFIRM in page
    assert "Nothing to import" in page and "/confirm/" not in page


def test_applying_a_file_that_has_no_valid_row_any_more_writes_nothing(
    reformed_units, ward_officer, django_capture_on_commit_callbacks
):
    """Should such an import reach the apply step all the same (its file replaced, or a row
    changed by hand), it fails with the reason instead of saying "Imported"."""
    from django.core.files.base import ContentFile

    from lms.org.import_jobs import private_storage
    from lms.org.roster.steps import roster_import_apply

    name = private_storage().save("roster-imports/forged.csv", ContentFile(NO_VALID_ROW))
    roster_import = RosterImport.objects.create(
        unit=None,
        filename="forged.csv",
        stored_name=name,
        size=len(NO_VALID_ROW),
        created_by=ward_officer,
        status=RosterImport.Status.IMPORTING,
        complete=True,
    )
    roster_import.units.set([reformed_units["HCM-TK"], reformed_units["HCM-TU"]])
    roster_import_apply(import_id=roster_import.pk)
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.FAILED
    assert roster_import.message in (NO_VALID_ROW_MESSAGE, in_vietnamese(NO_VALID_ROW_MESSAGE))
    assert roster_import.stored_name == "" and not Person.objects.exists()


def test_the_form_offers_the_units_named_in_the_file_and_preselects_a_single_unit(
    client, site, reformed_units, ward_officer
):
    client.force_login(ward_officer)
    page = client.get("/admin/org/imports/new/").content.decode()
    assert '<option value="" selected>' in page  # several units: the file names them
    assert "Phường Tân Khánh (HCM-TK)" in page and "Phường Tân Uyên (HCM-TU)" in page
    one_ward = officer_of("hr.tk", reformed_units["HCM-TK"])
    client.force_login(one_ward)
    page = client.get("/admin/org/imports/new/").content.decode()
    assert f'<option value="{reformed_units["HCM-TK"].pk}" selected>' in page


def test_an_import_naming_its_units_is_seen_by_officers_holding_all_of_them(
    client, site, reformed_units, ward_officer, django_capture_on_commit_callbacks
):
    client.force_login(ward_officer)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, None, name="roster_utf8.csv")
    roster_import = RosterImport.objects.get()
    assert {unit.code for unit in roster_import.units.all()} == {"BDG-TU", "HCM-TK", "HCM-TU"}
    index = client.get("/admin/org/imports/").content.decode()
    assert "roster_utf8.csv" in index and in_vietnamese("Units named in the file") in index
    city = reformed_units["HCM"]
    from django.contrib.auth import get_user_model

    city_officer = get_user_model().objects.get(username="hr")  # the province, then the city
    client.force_login(city_officer)
    assert client.get(f"/admin/org/imports/{roster_import.pk}/").status_code == 200
    # One ward only, or another unit: the file may hold the other ward's rows, so 404.
    for username, unit in (("hr.tk", "HCM-TK"), ("hr.skhcn", "HCM-SKHCN"), ("hr.hcm", "HCM")):
        client.force_login(officer_of(username, reformed_units[unit]))
        for url in ("", "rejected.csv"):
            status = client.get(f"/admin/org/imports/{roster_import.pk}/{url}").status_code
            assert status == 404, (username, url)
        assert client.post(f"/admin/org/imports/{roster_import.pk}/confirm/").status_code == 404
        assert "roster_utf8.csv" not in client.get("/admin/org/imports/").content.decode()
    assert city.code == "HCM"
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImport.Status.PREVIEWED


def test_the_import_list_takes_the_same_queries_however_many_imports(
    client, site, reformed_units, ward_officer, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(ward_officer)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, None, name="roster_utf8.csv")
    client.get("/admin/org/imports/")  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        client.get("/admin/org/imports/")
    with django_capture_on_commit_callbacks(execute=True):
        for unit in (None, reformed_units["HCM-TK"], None, reformed_units["HCM-TU"]):
            upload(client, unit, name="roster_utf8.csv")
    with CaptureQueriesContext(connection) as five:
        response = client.get("/admin/org/imports/")
    assert response.content.decode().count("roster_utf8.csv") == 5
    # One query lists the imports, whatever their kind; the rest is the admin's own (menus).
    listing = [q for q in five.captured_queries if 'FROM "org_rosterimport"' in q["sql"]]
    assert len(listing) == 1
    assert len(five) == len(one) <= 25
