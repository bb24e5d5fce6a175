"""The steps of a roster import that the background tasks carry out: the preview (a dry
run) and applying a confirmed import. Each step runs once: a task delivered twice finds its
step done and does nothing. Enqueueing them is for ``imports``, never for this module."""

import logging

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..import_jobs import (
    given_up_message,
    out_of_memory_message,
    private_storage,
    roster_import_purge_file,
    task_attempt_allowed,
)
from ..models import OrgUnit, RosterImport
from ..national_id import national_id_mask
from ..selectors import org_units_in_scope
from .files import RosterFileError
from .plan import RosterPlan
from .planner import no_valid_row_message, roster_import_run, roster_plan
from .writing import BATCH_SIZE

logger = logging.getLogger("lms")


def progress_key(import_id: int) -> str:
    return f"roster-import-progress:{import_id}"


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
    if not plan.valid_rows:
        # Confirming refuses such a file; the file read again cannot differ, but should it,
        # no row was written and the import says so instead of "Imported".
        _fail(roster_import, no_valid_row_message())
        return roster_import
    roster_import.applied_at = timezone.now()
    roster_import.save(update_fields=["applied_at"])
    through = RosterImport.people.through
    through.objects.bulk_create(
        [through(rosterimport_id=roster_import.pk, person_id=pk) for pk in plan.named],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,  # a task delivered twice after this point
    )
    _record(roster_import, plan, status=RosterImport.Status.DONE)
    logger.info(
        "Roster import %s applied to unit %s: %s",
        roster_import.pk,
        roster_import.unit.code if roster_import.unit else "(units named in the file)",
        {
            key: plan.summary()[key]
            for key in ("create", "update", "unchanged", "rejected", "leavers")
        },
    )
    return roster_import


def _allowed_units(roster_import: RosterImport):
    """The officer's scope as it is now (a grant withdrawn since the upload is withdrawn
    here too); for an import naming its units, no wider than the scope recorded at upload,
    which decides who else sees the import."""
    user = roster_import.created_by
    if user is None:
        return OrgUnit.objects.none()
    scope = org_units_in_scope(user=user)
    if roster_import.unit_id is not None:
        return scope
    within = Q(pk__in=[])
    for top in roster_import.units.all():
        within |= Q(path__startswith=top.path)
    return scope.filter(within)


def _run(roster_import: RosterImport, *, apply: bool) -> RosterPlan:
    def on_progress(rows: int) -> None:
        cache.set(progress_key(roster_import.pk), rows, timeout=3600)

    with private_storage().open(roster_import.stored_name, "rb") as file:
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


def _record(roster_import: RosterImport, plan: RosterPlan, *, status) -> None:
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
