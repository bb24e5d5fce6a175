"""A real Celery worker process, against Redis, sees committed data and writes to the same
database the test uses. Runs in CI (PostgreSQL + Redis); skipped on the embedded default."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from lms import celery_app
from lms.home.models import TaskHeartbeat
from tests.conftest import PROJECT_ROOT, require_or_skip


@pytest.fixture
def services():
    missing = []
    if connection.vendor != "postgresql":
        missing.append("PostgreSQL (set DATABASE_URL=postgres://…)")
    if settings.LMS_TASKS_IN_PROCESS:
        missing.append("Redis (set CELERY_BROKER_URL=redis://…)")
    else:
        try:
            with celery_app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=3)
        except Exception as error:
            missing.append(f"a reachable broker at {settings.CELERY_BROKER_URL} ({error})")
    if missing:
        require_or_skip(
            requirement="LMS_REQUIRE_SERVICES",
            message="real-worker test needs " + " and ".join(missing),
        )


def database_url_of_test_database() -> str:
    db = connection.settings_dict
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{credentials}{host}/{db['NAME']}"


@pytest.mark.services
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
@pytest.mark.django_db(transaction=True)
def test_real_worker_processes_a_task_and_writes_to_the_database(services, tmp_path):
    queue = f"test-{uuid.uuid4().hex}"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": database_url_of_test_database(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    with log.open("w") as log_file:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "lms",
                "worker",
                "--pool=solo",
                "-Q",
                queue,
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            heartbeat = TaskHeartbeat.objects.create()  # committed: transactional test
            celery_app.send_task(
                "lms.home.tasks.heartbeat_record",
                kwargs={"heartbeat_id": heartbeat.pk},
                queue=queue,
            )
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                heartbeat.refresh_from_db()
                if heartbeat.processed_at is not None or worker.poll() is not None:
                    break
                time.sleep(0.5)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
    assert heartbeat.processed_at is not None, log.read_text()[-3000:]
    assert heartbeat.processed_by.startswith("celery@")
