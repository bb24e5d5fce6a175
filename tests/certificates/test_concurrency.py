"""Serial numbers stay gapless and unique when many completions happen at once (PostgreSQL:
each thread has its own connection and transaction)."""

import datetime
import threading

import pytest
from django.db import connection, connections, transaction

from certificates.models import Certificate
from certificates.services import certificate_create
from tests.conftest import require_or_skip
from tests.targets.conftest import complete, staff

WORKERS = 8


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        require_or_skip(
            requirement="LMS_REQUIRE_SERVICES",
            message="concurrent transactions need PostgreSQL (set DATABASE_URL=postgres://…)",
        )


def test_concurrent_certificates_get_gapless_unique_serials(
    postgres, units, certified_course, monkeypatch
):
    from certificates import receivers

    # Completions without certificates first; then issue them all at the same moment.
    monkeypatch.setattr(receivers, "certificate_create", lambda **kwargs: None)
    enrollments = [
        complete(staff(units["BDG-STTTT"]), certified_course, on=datetime.date(2026, 3, 27))
        for _ in range(WORKERS)
    ]
    monkeypatch.undo()
    assert not Certificate.objects.exists()
    barrier = threading.Barrier(WORKERS)
    errors = []

    def issue(enrollment):
        try:
            barrier.wait()
            with transaction.atomic():
                certificate_create(enrollment=enrollment)
        except Exception as error:  # reported below, with the thread's own failure
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(enrollment,)) for enrollment in enrollments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sequences = sorted(Certificate.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, WORKERS + 1))
