"""Certificates: rendering through the task against WeasyPrint alone, and bulk throughput.

Prints JSON with
- the median time to render one certificate through the task's code (database row to stored
  PDF, PDF/A-3b), and the median time WeasyPrint alone takes for the same HTML;
- with PostgreSQL and a broker (DATABASE_URL, CELERY_BROKER_URL): the throughput of issuing
  COUNT certificates with a real Celery worker of 2 processes, against 2 / (WeasyPrint time).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/15 .venv/bin/python bench/certificates.py [COUNT]

It uses a test database (created and dropped) and never touches the development database.
"""

import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

SAMPLES = 20
WORKER_PROCESSES = 2
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def pending_certificates(count: int, *, offset: int = 0) -> list[int]:
    """Passed enrollments of a course with a template, and their pending certificates (the
    render task is held back, so that the measurement does the rendering)."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from certificates.services import certificate_create
    from courses.models import CoursePage, Enrollment
    from lms.org.models import OrgUnit, Person

    course = CoursePage.objects.get(slug="bench-course")
    unit = OrgUnit.objects.get(code="BENCH")
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"bench-{offset + n}") for n in range(count)
    )
    people = Person.objects.bulk_create(
        Person(
            kind="staff",
            full_name=f"Nguyễn Thị Hồng Nhung {offset + n}",
            unit=unit,
            user=user,
            date_of_birth=datetime.date(1990, 5, 14),
        )
        for n, user in enumerate(users)
    )
    done = timezone.now()
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(
            user=person.user,
            person=person,
            course=course,
            enrolled_at=done,
            started_at=done,
            completed_at=done,
            passed=True,
            score=92,
        )
        for person in people
    )
    ids = []
    with mock.patch("certificates.tasks.certificate_render_task.delay"):
        for enrollment in Enrollment.objects.filter(
            pk__in=[e.pk for e in enrollments]
        ).select_related("course", "person__unit", "user"):
            with transaction.atomic():
                ids.append(certificate_create(enrollment=enrollment).pk)
    return ids


def build() -> None:
    from courses.models import CourseIndexPage, CoursePage
    from lms.home.services import site_setup
    from lms.org.models import OrgUnit
    from tests.factories import CertificateTemplateFactory

    site_setup()
    OrgUnit.add_root(code="BENCH", name="Sở Thông tin và Truyền thông", kind="department")
    template = CertificateTemplateFactory()
    course = CoursePage(
        title="Chuyển đổi số trong cơ quan nhà nước",
        slug="bench-course",
        summary="Khoá học thử tải.",
        certificate_template=template,
    )
    CourseIndexPage.objects.get().add_child(instance=course)
    course.save_revision().publish()


def single_render() -> dict:
    """Each sample renders one certificate through the task's code, then WeasyPrint alone on
    the same HTML: interleaved, so that a noisy neighbour slows both alike."""
    from weasyprint import HTML

    from certificates.issuing import certificate_render
    from certificates.models import Certificate
    from certificates.rendering import certificate_html

    ids = pending_certificates(SAMPLES + 1)
    certificate_render(certificate_id=ids.pop())  # warm up fonts and caches
    task_times, weasyprint_times = [], []
    for pk in ids:
        started = time.perf_counter()
        certificate_render(certificate_id=pk)
        task_times.append(time.perf_counter() - started)
        certificate = Certificate.objects.select_related("template_revision").get(pk=pk)
        html = certificate_html(
            template=certificate.template_revision.as_object(), context=certificate.context
        ).html
        started = time.perf_counter()
        HTML(string=html).write_pdf(pdf_variant="pdf/a-3b")
        weasyprint_times.append(time.perf_counter() - started)
    task, weasyprint = statistics.median(task_times), statistics.median(weasyprint_times)
    return {
        "samples": len(ids),
        "task_median_seconds": round(task, 4),
        "weasyprint_alone_median_seconds": round(weasyprint, 4),
        "ratio": round(task / weasyprint, 2),
        "goal_ratio_at_most": 1.3,
    }


def database_url() -> str:
    db = connection.settings_dict
    credentials = f"{db.get('USER')}@" if db.get("USER") else ""
    return f"postgres://{credentials}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def bulk(count: int, weasyprint_seconds: float) -> dict:
    from certificates.models import Certificate
    from lms import celery_app

    if connection.vendor != "postgresql" or settings.LMS_TASKS_IN_PROCESS:
        return {"skipped": "needs PostgreSQL (DATABASE_URL) and a broker (CELERY_BROKER_URL)"}
    ids = pending_certificates(count, offset=10_000)
    queue = f"bench-{uuid.uuid4().hex}"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "lms", "worker", f"--concurrency={WORKER_PROCESSES}",
         "--pool=prefork", "-Q", queue, "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test", "DATABASE_URL": database_url()},
    )  # fmt: skip
    try:
        # Let the worker's processes start (and warm up on one certificate) before timing.
        celery_app.send_task(
            "certificates.tasks.certificate_render_task",
            kwargs={"certificate_id": ids.pop()},
            queue=queue,
        )
        deadline = time.time() + 120
        while not Certificate.objects.filter(status="issued", pk__gte=min(ids) - 1).exists():
            if time.time() > deadline:
                raise RuntimeError("the worker did not start")
            time.sleep(0.2)
        started = time.perf_counter()
        for pk in ids:
            celery_app.send_task(
                "certificates.tasks.certificate_render_task",
                kwargs={"certificate_id": pk},
                queue=queue,
            )
        while Certificate.objects.filter(pk__in=ids, status="pending").exists():
            time.sleep(0.2)
        seconds = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    throughput = len(ids) / seconds
    ideal = WORKER_PROCESSES / weasyprint_seconds
    return {
        "certificates": len(ids),
        "worker_processes": WORKER_PROCESSES,
        "seconds": round(seconds, 1),
        "per_second": round(throughput, 2),
        "weasyprint_bound_per_second": round(ideal, 2),
        "share_of_bound": round(throughput / ideal, 2),
        "goal_share_at_least": 0.7,
    }


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        build()
        single = single_render()
        result = {
            "benchmark": "certificates",
            "database": connection.vendor,
            "single": single,
            "bulk": bulk(count, single["weasyprint_alone_median_seconds"]),
        }
        print(json.dumps(result, ensure_ascii=False, indent=2))
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
