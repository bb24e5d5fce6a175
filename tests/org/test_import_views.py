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


def upload(client, unit, name="roster_utf16.txt", complete=False):
    data = {"unit": unit.pk, "file": SimpleUploadedFile(name, (DATA / name).read_bytes())}
    if complete:
        data["complete"] = "on"
    return client.post("/admin/org/imports/new/", data, follow=True)


def test_upload_preview_confirm_and_download_rejected_rows(
    client, site, units, tanuyen_officer, django_capture_on_commit_callbacks
):
    client.force_login(tanuyen_officer)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, units["BDG-TU"])  # the preview task runs when the upload commits
    roster_import = RosterImport.objects.get()
    html = client.get(f"/admin/org/imports/{roster_import.pk}/").content.decode()
    assert 'data-count="create">3<' in html and 'data-count="rejected">6<' in html
    assert "chưa ghi gì" in html or "nothing is written" in html.lower()
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
        and roster_import.applied_by == tanuyen_officer
    )
    assert Person.objects.count() == 3


def test_a_confirmed_import_cannot_be_applied_twice(
    client, site, units, tanuyen_officer, django_capture_on_commit_callbacks
):
    from lms.org.roster.steps import roster_import_apply

    client.force_login(tanuyen_officer)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, units["BDG-TU"])
    roster_import = RosterImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/org/imports/{roster_import.pk}/confirm/")
    assert Person.objects.count() == 3
    roster_import_apply(import_id=roster_import.pk)  # the task delivered a second time
    assert Person.objects.count() == 3


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


def test_the_command_prints_the_same_report(units, tanuyen_officer, capsys):
    call_command(
        "import_roster",
        str(DATA / "roster.xlsx"),
        "--unit",
        "BDG-TU",
        "--dry-run",
        "--user",
        tanuyen_officer.username,
    )
    output = capsys.readouterr().out
    assert "rows=9 create=3 update=0 unchanged=0 rejected=6" in output
    assert "row 10 [Unit code]" in output
    assert not Person.objects.exists()
    call_command("import_roster", str(DATA / "roster.xlsx"), "--unit", "BDG-TU")
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
