"""A zip bomb sent to a real Celery worker: the import fails with a clear message, the worker
lives on, and the task is not delivered again. Runs in CI (PostgreSQL + Redis); skipped on
the embedded default."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings

from lms import celery_app
from lms.org.models import RosterImport
from tests.conftest import PROJECT_ROOT
from tests.lms.test_celery_worker import database_url_of_test_database, services  # noqa: F401
from tests.plugins.roster_formats import crafted

WORKER_SETTINGS = """
import os
from pathlib import Path

from lms.settings.test import *  # noqa: F403

# The test and the worker must share the private folder the upload is kept in.
PRIVATE_ROOT = Path(os.environ["LMS_TEST_PRIVATE_ROOT"])
STORAGES = {**STORAGES, "private": {**STORAGES["private"], "OPTIONS": {"location": PRIVATE_ROOT}}}
CELERY_TASK_ALWAYS_EAGER = False
"""


def gigabyte_bomb() -> bytes:
    strings = crafted.repeated_part(
        "xl/sharedStrings.xml",
        crafted.DECLARATION + f'<sst xmlns="{crafted.MAIN}"><si><t>'.encode(),
        b"A" * (1 << 20),
        1024,
        b"</t></si></sst>",
    )
    sheet = crafted.part("xl/worksheets/sheet1.xml", crafted.sheet_xml(""))
    return crafted.archive(crafted.package_parts(sheet=sheet, strings=strings))


@pytest.mark.services
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
@pytest.mark.django_db(transaction=True)
def test_a_zip_bomb_fails_in_a_real_worker_which_lives_on(
    services,  # noqa: F811
    units,
    tanuyen_officer,
    tmp_path,
):
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    (tmp_path / "worker_settings.py").write_text(WORKER_SETTINGS)
    stored = storages["private"].save("roster-imports/bomb.xlsx", ContentFile(gigabyte_bomb()))
    roster_import = RosterImport.objects.create(
        unit=units["BDG-TU"],
        filename="bomb.xlsx",
        stored_name=stored,
        size=storages["private"].size(stored),
        created_by=tanuyen_officer,
    )
    queue = f"test-{uuid.uuid4().hex}"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(PROJECT_ROOT)]),
        "DJANGO_SETTINGS_MODULE": "worker_settings",
        "LMS_TEST_PRIVATE_ROOT": str(settings.PRIVATE_ROOT),
        "DATABASE_URL": database_url_of_test_database(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "LMS_IMPORT_MEMORY_MB": "512",
    }
    with log.open("w") as log_file:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "lms", "worker", "--pool=solo", "-Q", queue]
            + ["--without-gossip", "--without-mingle", "--loglevel=INFO"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            celery_app.send_task(
                "lms.org.tasks.roster_import_preview_task",
                kwargs={"import_id": roster_import.pk},
                queue=queue,
            )
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                roster_import.refresh_from_db()
                if roster_import.status != RosterImport.Status.PREVIEWING:
                    break
                if worker.poll() is not None:
                    break
                time.sleep(0.5)
            alive = worker.poll() is None
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
    output = log.read_text()
    assert alive, output[-3000:]
    assert roster_import.status == RosterImport.Status.FAILED, output[-3000:]
    assert "200 MB" in roster_import.message
    assert roster_import.attempts == 1  # delivered once, never again
    assert roster_import.stored_name == ""
