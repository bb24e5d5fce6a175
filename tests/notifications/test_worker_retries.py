"""A real Celery worker delivers a logged e-mail to a real SMTP server that refuses it twice:
the retries go back through the broker (not in process, as elsewhere in the tests), and the
message arrives once, on the third attempt. Runs in CI (PostgreSQL + Redis)."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings

from lms import celery_app
from lms.notifications.models import OutboundEmail
from tests.conftest import PROJECT_ROOT
from tests.lms.test_celery_worker import database_url_of_test_database, services  # noqa: F401

DEADLINE = 90  # seconds; the backoff here is about a second per retry


def wait_until_settled(outbound: OutboundEmail, worker) -> None:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        outbound.refresh_from_db()
        if outbound.status != OutboundEmail.Status.QUEUED or worker.poll() is not None:
            return
        time.sleep(0.3)


@pytest.mark.services
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
@pytest.mark.django_db(transaction=True)
def test_a_worker_retries_through_the_broker_until_the_relay_accepts(
    services,  # noqa: F811
    smtp_server,
    tmp_path,
):
    smtp_server.refuse = 2
    queue = f"test-{uuid.uuid4().hex}"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        "DATABASE_URL": database_url_of_test_database(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "LMS_TEST_QUEUE": queue,
        "LMS_TEST_SMTP_PORT": str(settings.EMAIL_PORT),
    }
    outbound = OutboundEmail.objects.create(  # committed: a transactional test
        to="le.mai@example.gov.vn",
        kind="test_notice",
        subject="Thử gửi lại",
        language="vi",
        pending_text="Nội dung thử",
    )
    with log.open("w") as log_file:
        worker = subprocess.Popen(
            [
                sys.executable,
                *("-m", "celery", "-A", "lms", "worker", "--pool=solo", "-Q", queue),
                *("--without-gossip", "--without-mingle", "--loglevel=INFO"),
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            celery_app.send_task(
                "lms.notifications.tasks.email_send_task",
                kwargs={"outbound_id": outbound.pk},
                queue=queue,
            )
            wait_until_settled(outbound, worker)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
    worker_log = log.read_text()
    assert outbound.status == OutboundEmail.Status.SENT, worker_log[-3000:]
    assert outbound.attempts == 3 and outbound.pending_text == ""
    assert "Retry in" in worker_log  # the retries went back through the broker
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["le.mai@example.gov.vn"]
    assert message.get_body(preferencelist=("plain",)).get_content().strip() == "Nội dung thử"
