"""The life of a roster import: upload, preview (dry run), confirm, apply, purge the file."""

import csv
import datetime
import io
import logging
import uuid
from collections.abc import Iterator

from django.core.cache import cache
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.spreadsheets import spreadsheet_safe

from .models import OrgUnit, PopulationImport, RosterImport
from .national_id import national_id_mask
from .roster import RosterFileError, roster_import_run, roster_plan
from .roster_files import MAX_FILE_BYTES, file_too_large_message, roster_rows

logger = logging.getLogger("lms")
FILE_RETENTION = datetime.timedelta(days=1)
# A task delivered this many times for one step (each time its worker died, say of memory)
# gives up instead of being redelivered for ever (acks_late + reject_on_worker_lost).
MAX_TASK_ATTEMPTS = 3
DOWNLOAD_CHUNK_CHARS = 64 * 1024


class ImportError_(Exception):
    """The officer's request cannot be done; the message is for them."""


def _storage():
    return storages["private"]


def progress_key(import_id: int) -> str:
    return f"roster-import-progress:{import_id}"


def roster_import_progress(*, roster_import: RosterImport) -> int:
    """Rows read so far by the running step (kept in the shared cache, not the database,
    because the import writes inside one transaction)."""
    return cache.get(progress_key(roster_import.pk), 0)


def roster_import_create(*, user, unit: OrgUnit, upload, complete: bool) -> RosterImport:
    """Keep the uploaded file privately and start its preview once the row is committed."""
    from .tasks import roster_import_preview_task

    if upload.size > MAX_FILE_BYTES:
        raise ImportError_(file_too_large_message())
    extension = upload.name.rsplit(".", 1)[-1].lower()[:8] if "." in upload.name else "bin"
    stored_name = _storage().save(f"roster-imports/{uuid.uuid4().hex}.{extension}", upload)
    roster_import = RosterImport.objects.create(
        unit=unit,
        complete=complete,
        filename=upload.name[:255],
        stored_name=stored_name,
        size=upload.size,
        created_by=user,
    )
    roster_import_preview_task.delay_on_commit(import_id=roster_import.pk)
    return roster_import


def _allowed_units(roster_import: RosterImport):
    from .selectors import org_units_in_scope

    user = roster_import.created_by
    return org_units_in_scope(user=user) if user is not None else OrgUnit.objects.none()


def _run(roster_import: RosterImport, *, apply: bool):
    def on_progress(rows: int) -> None:
        cache.set(progress_key(roster_import.pk), rows, timeout=3600)

    with _storage().open(roster_import.stored_name, "rb") as file:
        arguments = {
            "file": file,
            "filename": roster_import.filename,
            "size": roster_import.size,
            "unit": roster_import.unit,
            "allowed_units": _allowed_units(roster_import),
            "complete": roster_import.complete,
            "on_progress": on_progress,
        }
        return roster_import_run(**arguments) if apply else roster_plan(**arguments)


def _record(roster_import: RosterImport, plan, *, status) -> None:
    roster_import.summary = plan.summary()
    roster_import.problems = [
        {"row": problem.row, "column": problem.column, "reason": problem.reason}
        for problem in plan.rejected
    ]
    roster_import.status = status
    roster_import.save(update_fields=["summary", "problems", "status"])


def _fail(roster_import: RosterImport, message: str) -> None:
    roster_import.status = RosterImport.Status.FAILED
    roster_import.message = national_id_mask(message)
    roster_import.save(update_fields=["status", "message"])
    roster_import_purge_file(roster_import=roster_import)


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


def task_attempt_allowed(job) -> bool:
    """Count this run of the job's current step (committed before any work, so a worker
    killed mid-way leaves the count behind); False once the step has had its attempts."""
    type(job).objects.filter(pk=job.pk).update(attempts=F("attempts") + 1)
    job.refresh_from_db(fields=["attempts"])
    return job.attempts <= MAX_TASK_ATTEMPTS


def roster_import_preview(*, import_id: int) -> RosterImport:
    roster_import = RosterImport.objects.select_related("unit", "created_by").get(pk=import_id)
    if roster_import.status != RosterImport.Status.PREVIEWING or not roster_import.stored_name:
        return roster_import  # a redelivered task: the preview is already there
    if not task_attempt_allowed(roster_import):
        _fail(roster_import, given_up_message())
        return roster_import
    try:
        plan = _run(roster_import, apply=False)
    except RosterFileError as error:
        _fail(roster_import, str(error))
    except MemoryError:
        _fail(roster_import, out_of_memory_message())
    except Exception:
        logger.exception("Roster import %s: preview failed.", roster_import.pk)
        _fail(roster_import, _("The file could not be checked. Nothing was imported."))
    else:
        _record(roster_import, plan, status=RosterImport.Status.PREVIEWED)
    return roster_import


def roster_import_confirm(*, roster_import: RosterImport, user) -> RosterImport:
    from .tasks import roster_import_apply_task

    with transaction.atomic():
        locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
        if locked.status != RosterImport.Status.PREVIEWED:
            raise ImportError_(_("This import cannot be confirmed any more."))
        if not locked.stored_name:
            raise ImportError_(_("The uploaded file has expired: please upload it again."))
        locked.status = RosterImport.Status.IMPORTING
        locked.applied_by = user
        locked.attempts = 0  # a new step
        locked.save(update_fields=["status", "applied_by", "attempts"])
        roster_import_apply_task.delay_on_commit(import_id=locked.pk)
    return locked


def roster_import_apply(*, import_id: int) -> RosterImport:
    roster_import = RosterImport.objects.select_related("unit", "created_by").get(pk=import_id)
    if roster_import.status != RosterImport.Status.IMPORTING:
        return roster_import  # applied already: a task delivered twice writes nothing twice
    if not task_attempt_allowed(roster_import):
        _fail(roster_import, given_up_message())
        return roster_import
    try:
        plan = _run(roster_import, apply=True)
    except RosterFileError as error:
        _fail(roster_import, str(error))
        return roster_import
    except MemoryError:
        _fail(roster_import, out_of_memory_message())
        return roster_import
    except Exception:
        logger.exception("Roster import %s: import failed and was rolled back.", roster_import.pk)
        _fail(roster_import, _("The import failed and was rolled back. Nothing was imported."))
        return roster_import
    roster_import.applied_at = timezone.now()
    roster_import.save(update_fields=["applied_at"])
    _record(roster_import, plan, status=RosterImport.Status.DONE)
    logger.info(
        "Roster import %s applied to unit %s: %s",
        roster_import.pk,
        roster_import.unit.code,
        {
            key: plan.summary()[key]
            for key in ("create", "update", "unchanged", "rejected", "leavers")
        },
    )
    return roster_import


def roster_import_cancel(*, roster_import: RosterImport) -> None:
    if roster_import.status != RosterImport.Status.PREVIEWED:
        raise ImportError_(_("This import cannot be cancelled any more."))
    roster_import.status = RosterImport.Status.CANCELLED
    roster_import.save(update_fields=["status"])
    roster_import_purge_file(roster_import=roster_import)


def roster_import_purge_file(*, roster_import: RosterImport) -> None:
    if roster_import.stored_name:
        _storage().delete(roster_import.stored_name)
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
        _storage().delete(population_import.stored_name)
        population_import.stored_name = ""
        population_import.status = PopulationImport.Status.FAILED
        population_import.message = _("The uploaded file has expired: please upload it again.")
        population_import.save(update_fields=["stored_name", "status", "message"])
        count += 1
    return count


def rejected_rows_file(*, roster_import: RosterImport) -> Iterator[bytes]:
    """The rejected rows whose reasons were kept, as the officer wrote them plus the reason,
    to fix and upload again: rebuilt from the private upload while it is kept, as a stream
    of CSV chunks (a web request never holds the file or the rows in memory), and read only
    as far as the last rejected row."""
    if not roster_import.stored_name:
        raise ImportError_(_("The uploaded file has expired: please upload it again."))
    reasons: dict[int, list[str]] = {}
    for problem in roster_import.problems:
        reason = f"{problem['column']}: {problem['reason']}"
        reasons.setdefault(problem["row"], []).append(national_id_mask(reason))
    return _rejected_rows_chunks(roster_import, reasons)


def _rejected_rows_chunks(roster_import: RosterImport, reasons: dict) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    last_row = max(reasons, default=0)

    def take() -> bytes:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text.encode("utf-8")

    yield "\ufeff".encode()
    try:
        with (
            _storage().open(roster_import.stored_name, "rb") as file,
            roster_rows(file=file, filename=roster_import.filename, size=roster_import.size) as (
                _format,
                rows,
            ),
        ):
            header_written = False
            for number, raw in rows:
                if not header_written:
                    writer.writerow(["Dòng / Row", *raw.keys(), "Lý do / Reason"])
                    header_written = True
                if number in reasons:
                    cells = [spreadsheet_safe(value) for value in raw.values()]
                    writer.writerow([number, *cells, "; ".join(reasons[number])])
                    if buffer.tell() >= DOWNLOAD_CHUNK_CHARS:
                        yield take()
                if number >= last_row:
                    break
    except (RosterFileError, OSError):
        # The file was read once already; if it has gone since, the download just ends.
        logger.warning("Roster import %s: rejected rows could not be re-read.", roster_import.pk)
    yield take()
