"""A real Celery worker killed in the middle of issuing and re-issuing a course's
certificates: afterwards every certificate is issued once, with a gapless serial, and
re-issued once. First the broker gives the lost task back (acks_late and its visibility
timeout); then the broker loses everything too, and beat's resume task finishes the work.
Runs in CI (PostgreSQL + Redis); skipped on the embedded default."""

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
import redis
from django.conf import settings

from certificates.bulk import certificate_batch_start
from certificates.models import Certificate, CertificateBatch
from lms import celery_app
from tests.conftest import PROJECT_ROOT
from tests.factories import UserFactory
from tests.lms.test_celery_worker import database_url_of_test_database, services  # noqa: F401
from tests.targets.conftest import complete, staff

from .test_certificates import ISSUED_ON

COUNT = 10
DEADLINE = 180  # seconds, for a loaded CI machine


class Worker:
    """One worker process on the test's queue, killed like a crashed machine (SIGKILL)."""

    def __init__(self, *, queue: str, log):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.certificates.worker_settings",
            "DATABASE_URL": database_url_of_test_database(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "LMS_TEST_QUEUE": queue,
            "LMS_TEST_PRIVATE_ROOT": str(settings.PRIVATE_ROOT),
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                *("-m", "celery", "-A", "lms", "worker", "--pool=solo", "-Q", queue),
                *("--without-gossip", "--without-mingle", "--without-heartbeat"),
                "--loglevel=INFO",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)


def wait_for(condition, log_path, what: str):
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}\n" + log_path.read_text()[-4000:])


def broker_loses_everything(queue: str):
    """What a Redis restarted without persistence does to the test's messages: the queue and
    the unacknowledged deliveries are gone."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    for key in client.scan_iter(match=f"{queue}*"):
        client.delete(key)
    for tag, payload in client.hgetall("unacked").items():
        if json.loads(payload)[2] == queue:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


def batch_of(batch) -> CertificateBatch:
    return CertificateBatch.objects.get(pk=batch.pk)


@pytest.mark.services
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_run_leaves_no_duplicates_no_gaps_and_nothing_undone(
    services,  # noqa: F811
    units,
    certified_course,
    monkeypatch,
    tmp_path,
):
    from certificates import receivers

    # Completions whose certificates are left to the bulk "issue the missing" request.
    monkeypatch.setattr(receivers, "certificate_create", lambda **kwargs: None)
    enrollments = [
        complete(staff(units["BDG-STTTT"]), certified_course, on=ISSUED_ON) for _ in range(COUNT)
    ]
    monkeypatch.undo()
    admin = UserFactory(is_superuser=True)
    queue = f"test-certificates-{uuid.uuid4().hex}"
    log = tmp_path / "workers.log"
    issued = Certificate.objects.filter(status=Certificate.Status.ISSUED)
    workers = []
    with log.open("w") as log_file:

        def start():
            workers.append(Worker(queue=queue, log=log_file))
            return workers[-1]

        try:
            # 1. Issue the missing: the worker dies, the broker gives its task back.
            issuing = certificate_batch_start(
                action="issue",
                course=certified_course,
                by=admin,
                request_id=uuid.uuid4(),
                enqueue=False,
            )
            celery_app.send_task(
                "certificates.tasks.certificate_batch_task",
                kwargs={"batch_id": issuing.pk},
                queue=queue,
            )
            first = start()
            wait_for(lambda: issued.count() >= 3, log, "the first certificates")
            first.kill()
            assert batch_of(issuing).status == "running" or issued.count() < COUNT, "not mid-run"
            start()
            wait_for(
                lambda: batch_of(issuing).status == "done" and issued.count() == COUNT,
                log,
                "every certificate issued",
            )

            # 2. Re-issue all: the worker dies, then the broker loses every message as well;
            # beat's resume task (sent here as beat would) finds what was left.
            reissuing = certificate_batch_start(
                action="reissue",
                course=certified_course,
                by=admin,
                request_id=uuid.uuid4(),
                reason="Sửa mẫu",
                enqueue=False,
            )
            celery_app.send_task(
                "certificates.tasks.certificate_batch_task",
                kwargs={"batch_id": reissuing.pk},
                queue=queue,
            )
            wait_for(lambda: batch_of(reissuing).done >= 3, log, "the first re-issues")
            workers[-1].kill()
            assert batch_of(reissuing).status == "running", "not mid-run"
            broker_loses_everything(queue)
            start()
            celery_app.send_task(
                "certificates.tasks.certificates_resume_task",
                kwargs={"older_than_seconds": 0},
                queue=queue,
            )
            wait_for(
                lambda: (
                    batch_of(reissuing).status == "done"
                    and issued.filter(version=2).count() == COUNT
                ),
                log,
                "every certificate re-issued",
            )
        finally:
            for worker in workers:
                worker.kill()

    certificates = list(Certificate.objects.order_by("sequence"))
    assert len(certificates) == COUNT  # one per enrollment, none twice
    assert {c.enrollment_id for c in certificates} == {e.pk for e in enrollments}
    assert [c.sequence for c in certificates] == list(range(1, COUNT + 1))  # gapless
    assert len({c.serial for c in certificates}) == COUNT
    for certificate in certificates:
        assert certificate.status == "issued" and certificate.version == 2
        assert len(certificate.history) == 1  # re-issued once, not twice
        with certificate.pdf.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == certificate.sha256
    assert (batch_of(issuing).done, batch_of(reissuing).done) == (COUNT, COUNT)
