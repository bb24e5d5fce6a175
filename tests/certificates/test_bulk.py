"""Certificates in bulk: issue the missing, re-issue all (once per request, whatever is
submitted or delivered twice, with progress; beat resumes what a lost worker left), and a
ZIP built by a task."""

import datetime
import io
import re
import uuid
import zipfile

import pytest
from django.conf import settings
from django.utils import timezone

from certificates.bulk import certificate_batch_start
from certificates.bulk_work import certificate_batch_run
from certificates.models import Certificate, CertificateBatch, CertificateBundle
from certificates.tasks import certificate_batch_task, certificates_resume_task
from lms import celery_app
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


# Re-issue is done once per request, whatever is submitted or delivered twice.


def course_with_certificates(units, template, callbacks, count=3):
    course = course_with_lessons(title="Khoá học có giấy chứng nhận", certificate_template=template)
    for person in [staff(units["BDG-STTTT"]) for _ in range(count)]:
        issue(person, course, callbacks=callbacks)
    return course


def request_id_of(page: str) -> str:
    return re.search(r'name="request_id" value="([0-9a-f-]{36})"', page)[1]


def test_the_same_form_submitted_twice_reissues_each_certificate_once(
    client, units, certificate_template, django_capture_on_commit_callbacks
):
    course = course_with_certificates(
        units, certificate_template, django_capture_on_commit_callbacks
    )
    client.force_login(UserFactory(is_superuser=True))
    request_id = request_id_of(client.get("/admin/certificates/bulk/").content.decode())
    form = {"action": "reissue", "course": course.pk, "reason": "Sửa mẫu", "request_id": request_id}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/admin/certificates/bulk/", form)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post("/admin/certificates/bulk/", form)  # a double click
    batch = CertificateBatch.objects.get()
    assert first.url == second.url == f"/admin/certificates/batches/{batch.pk}/"
    assert sorted(Certificate.objects.values_list("version", flat=True)) == [2, 2, 2]
    assert (batch.status, batch.done, batch.total) == ("done", 3, 3)
    assert all(len(c.history) == 1 for c in Certificate.objects.all())


def test_a_redelivered_batch_task_reissues_nothing_twice(
    units, certificate_template, django_capture_on_commit_callbacks
):
    course = course_with_certificates(
        units, certificate_template, django_capture_on_commit_callbacks
    )
    admin = UserFactory(is_superuser=True)
    batch = certificate_batch_start(
        action="reissue",
        course=course,
        by=admin,
        request_id=uuid.uuid4(),
        reason="x",
        enqueue=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert certificate_batch_run(batch_id=batch.pk, limit=1) is True  # then the worker dies
    with django_capture_on_commit_callbacks(execute=True):
        certificate_batch_task(batch_id=batch.pk)  # the broker delivers it again
    with django_capture_on_commit_callbacks(execute=True):
        certificate_batch_task(batch_id=batch.pk)  # and once more
    assert sorted(Certificate.objects.values_list("version", flat=True)) == [2, 2, 2]
    assert set(Certificate.objects.values_list("status", flat=True)) == {"issued"}
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.items.count()) == ("done", 3, 3)


def test_the_same_work_cannot_run_twice_at_once(
    client, units, certificate_template, django_capture_on_commit_callbacks
):
    course = course_with_certificates(
        units, certificate_template, django_capture_on_commit_callbacks
    )
    admin = UserFactory(is_superuser=True)
    running = certificate_batch_start(
        action="reissue",
        course=course,
        by=admin,
        request_id=uuid.uuid4(),
        reason="x",
        enqueue=False,
    )
    client.force_login(admin)
    form = {
        "action": "reissue",
        "course": course.pk,
        "reason": "lần hai",
        "request_id": uuid.uuid4(),
    }
    response = client.post("/admin/certificates/bulk/", form, follow=True)
    assert list(CertificateBatch.objects.all()) == [running]
    assert response.redirect_chain[-1][0] == "/admin/certificates/bulk/"
    assert str(course.title) in response.content.decode()  # the message names the course
    assert set(Certificate.objects.values_list("version", flat=True)) == {1}


def test_progress_is_recorded_as_it_goes_and_shown(
    client, units, certificate_template, django_capture_on_commit_callbacks
):
    course = course_with_certificates(
        units, certificate_template, django_capture_on_commit_callbacks
    )
    admin = UserFactory(is_superuser=True)
    batch = certificate_batch_start(
        action="reissue",
        course=course,
        by=admin,
        request_id=uuid.uuid4(),
        reason="x",
        enqueue=False,
    )
    assert (batch.total, batch.done) == (3, 0)
    with django_capture_on_commit_callbacks(execute=True):
        certificate_batch_run(batch_id=batch.pk, limit=2)
    batch.refresh_from_db()
    assert (batch.status, batch.done) == ("running", 2)
    client.force_login(admin)
    page = client.get(f"/admin/certificates/batches/{batch.pk}/").content.decode()
    assert 'value="67"' in page and "2" in page and "3" in page
    assert (
        f"/admin/certificates/batches/{batch.pk}/"
        in client.get("/admin/certificates/bulk/").content.decode()
    )


def test_beat_renders_certificates_left_pending_and_resumes_silent_batches(
    units, certified_course, certificate_template, django_capture_on_commit_callbacks
):
    from certificates.services import certificate_create

    people = [staff(units["BDG-STTTT"]) for _ in range(2)]
    with django_capture_on_commit_callbacks():  # their render tasks are lost
        lost, recent = (
            certificate_create(enrollment=complete(person, certified_course, on=ISSUED_ON))
            for person in people
        )
    stale = timezone.now() - datetime.timedelta(hours=1)
    Certificate.objects.filter(pk=lost.pk).update(updated_at=stale)
    other = course_with_certificates(
        units, certificate_template, django_capture_on_commit_callbacks
    )
    batch = certificate_batch_start(
        action="reissue", course=other, by=None, request_id=uuid.uuid4(), reason="x", enqueue=False
    )
    CertificateBatch.objects.filter(pk=batch.pk).update(updated_at=stale)
    with django_capture_on_commit_callbacks(execute=True):
        certificates_resume_task()  # as beat runs it
    lost.refresh_from_db(), recent.refresh_from_db(), batch.refresh_from_db()
    assert lost.status == "issued" and lost.sha256
    assert recent.status == "pending"  # its task may still be on its way
    assert (batch.status, batch.done) == ("done", 3)
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "certificates.tasks.certificates_resume_task" in schedule
    assert "certificates.tasks.certificates_resume_task" in celery_app.tasks


def test_every_task_ends_within_the_brokers_visibility_timeout():
    """Redis gives an unacknowledged task to another worker once the visibility timeout has
    passed: a task (with its longest retry wait) must end well before, or it runs twice."""
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    celery_app.loader.import_default_modules()
    ours = [task for name, task in celery_app.tasks.items() if not name.startswith("celery.")]
    assert ours
    for task in ours:
        limit = task.time_limit or settings.CELERY_TASK_TIME_LIMIT
        wait = task.retry_backoff_max if getattr(task, "autoretry_for", ()) else 0
        assert limit and limit + wait < visibility, task.name
