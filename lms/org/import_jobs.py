"""What background imports (rosters, population figures) share: where their uploads are
kept and for how long, how many times a step may be tried, and what a step that could not
finish tells the person importing.

Nothing here enqueues work: the tasks call the steps that use it.
"""

import datetime
import uuid

from django.core.files.storage import storages
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PopulationImport, RosterImport

FILE_RETENTION = datetime.timedelta(days=1)
# A task delivered this many times for one step (each time its worker died, say of memory)
# gives up instead of being redelivered for ever (acks_late + reject_on_worker_lost).
MAX_TASK_ATTEMPTS = 3
PROBLEMS_SHOWN = 500  # rejected rows listed on an import's page


def private_storage():
    return storages["private"]


def upload_keep(*, upload, folder: str) -> str:
    """Store an upload privately under a name that says nothing of it; returns that name."""
    extension = upload.name.rsplit(".", 1)[-1].lower()[:8] if "." in upload.name else "bin"
    return private_storage().save(f"{folder}/{uuid.uuid4().hex}.{extension}", upload)


def task_attempt_allowed(job) -> bool:
    """Count this run of the job's current step (committed before any work, so a worker
    killed mid-way leaves the count behind); False once the step has had its attempts."""
    type(job).objects.filter(pk=job.pk).update(attempts=F("attempts") + 1)
    job.refresh_from_db(fields=["attempts"])
    return job.attempts <= MAX_TASK_ATTEMPTS


def out_of_memory_message() -> str:
    return _(
        "The file needs more memory than an import may use, so it was not imported. "
        "Split it into smaller files."
    )


def given_up_message() -> str:
    return _(
        "Reading this file stopped the import worker several times, so it was given up. "
        "Nothing was imported. Save the file again in Excel or LibreOffice, or split it."
    )


def roster_import_purge_file(*, roster_import: RosterImport) -> None:
    if roster_import.stored_name:
        private_storage().delete(roster_import.stored_name)
        roster_import.stored_name = ""
        roster_import.save(update_fields=["stored_name"])


def roster_imports_purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete uploaded files older than a day (beat runs this hourly), population files
    whose task never ran included."""
    cutoff = (now or timezone.now()) - FILE_RETENTION
    expired = RosterImport.objects.filter(created_at__lt=cutoff).exclude(stored_name="")
    count = 0
    for roster_import in expired:
        roster_import_purge_file(roster_import=roster_import)
        count += 1
    stale = PopulationImport.objects.filter(created_at__lt=cutoff).exclude(stored_name="")
    for population_import in stale:
        private_storage().delete(population_import.stored_name)
        population_import.stored_name = ""
        population_import.status = PopulationImport.Status.FAILED
        population_import.message = _("The uploaded file has expired: please upload it again.")
        population_import.save(update_fields=["stored_name", "status", "message"])
        count += 1
    return count
