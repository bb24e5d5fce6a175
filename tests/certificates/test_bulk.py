"""Certificates in bulk: issue the missing, re-issue all, and a ZIP built by a task."""

import io
import zipfile

import pytest

from certificates.models import Certificate, CertificateBundle
from tests.factories import UserFactory, course_with_lessons
from tests.org.conftest import officer_of
from tests.targets.conftest import complete, staff

from .test_certificates import ISSUED_ON, issue

pytestmark = pytest.mark.django_db


def test_an_administrator_issues_the_missing_then_reissues_all(
    client, units, site, certificate_template, django_capture_on_commit_callbacks
):
    course = course_with_lessons(title="Khoá học cũ")
    for person in [staff(units["BDG-STTTT"]) for _ in range(2)]:
        complete(person, course, on=ISSUED_ON)
    course.certificate_template = certificate_template
    course.save_revision().publish()
    client.force_login(UserFactory(is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/certificates/bulk/", {"action": "issue", "course": course.pk}
        )
    assert response.status_code == 302
    assert Certificate.objects.filter(status="issued").count() == 2
    refused = client.post("/admin/certificates/bulk/", {"action": "reissue", "course": course.pk})
    assert "lý do" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/certificates/bulk/",
            {"action": "reissue", "course": course.pk, "reason": "Sửa mẫu"},
        )
    assert set(Certificate.objects.values_list("version", flat=True)) == {2}


def test_an_hr_officer_downloads_their_units_certificates_as_a_zip(
    client, units, certified_course, django_capture_on_commit_callbacks
):
    inside = [staff(units["BDG-TU-KB"]) for _ in range(2)]
    outside = staff(units["BDG-STTTT"])
    certificates = [
        issue(person, certified_course, callbacks=django_capture_on_commit_callbacks)
        for person in [*inside, outside]
    ]
    officer = officer_of("hr.tu", units["BDG-TU"])
    client.force_login(officer)
    page = client.get("/admin/certificates/bulk/").content.decode()
    assert 'name="course"' not in page  # courses are for administrators
    refused = client.post(
        "/admin/certificates/bulk/", {"action": "zip", "unit": units["BDG-STTTT"].pk}
    )
    assert refused.status_code == 200 and not CertificateBundle.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/certificates/bulk/", {"action": "zip", "unit": units["BDG-TU"].pk}
        )
    bundle = CertificateBundle.objects.get()
    assert response.url == f"/admin/certificates/bundles/{bundle.pk}/"
    assert (bundle.status, bundle.done, bundle.total) == ("done", 2, 2)
    assert "2 giấy chứng nhận" in client.get(response.url).content.decode()
    download = client.get(f"/admin/certificates/bundles/{bundle.pk}/download/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    expected = sorted(c.serial.replace("/", "-") + ".pdf" for c in certificates[:2])
    assert sorted(archive.namelist()) == expected
    client.force_login(officer_of("hr.other", units["BDG-STTTT"]))
    assert client.get(f"/admin/certificates/bundles/{bundle.pk}/").status_code == 404
