"""A roster import as an HR officer asks for it in the admin: upload a file (its preview
starts in the background), read the preview, confirm it (the import runs in the background)
or cancel it. Always within the officer's units. The background steps are in ``steps``."""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ..import_jobs import PROBLEMS_SHOWN, roster_import_purge_file, upload_keep
from ..models import OrgUnit, RosterImport
from ..national_id import national_id_mask
from ..selectors import org_units_in_scope, scope_top_units
from ..tasks import roster_import_apply_task, roster_import_preview_task
from .files import MAX_FILE_BYTES, MAX_PROBLEMS_KEPT, file_too_large_message, number_text
from .planner import no_valid_row_message
from .steps import progress_key


class RosterImportError(Exception):
    """The officer's request cannot be done; the message is for them."""


def roster_import_create(*, user, unit: OrgUnit | None, upload, complete: bool) -> RosterImport:
    """Keep the uploaded file privately and start its preview once the row is committed.

    Without a ``unit``, each row names its own unit, anywhere in the officer's scope: the
    import records the top units of that scope, which decide who else may see it.
    """
    if upload.size > MAX_FILE_BYTES:
        raise RosterImportError(file_too_large_message())
    tops = [] if unit is not None else list(scope_top_units(user=user))
    if unit is None and not tops:
        raise RosterImportError(_("You have no unit to import a roster for."))
    roster_import = RosterImport.objects.create(
        unit=unit,
        complete=complete,
        filename=upload.name[:255],
        stored_name=upload_keep(upload=upload, folder="roster-imports"),
        size=upload.size,
        created_by=user,
    )
    if tops:
        roster_import.units.set(tops)
    roster_import_preview_task.delay_on_commit(import_id=roster_import.pk)
    return roster_import


def roster_import_confirm(*, roster_import: RosterImport, user) -> RosterImport:
    """Apply a previewed import, in the background once this is committed."""
    with transaction.atomic():
        locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
        if locked.status != RosterImport.Status.PREVIEWED:
            raise RosterImportError(_("This import cannot be confirmed any more."))
        if not locked.confirmable:  # checked here, not only by hiding the button
            raise RosterImportError(no_valid_row_message())
        if not locked.stored_name:
            raise RosterImportError(_("The uploaded file has expired: please upload it again."))
        locked.status = RosterImport.Status.IMPORTING
        locked.applied_by = user
        locked.attempts = 0  # a new step
        locked.save(update_fields=["status", "applied_by", "attempts"])
        roster_import_apply_task.delay_on_commit(import_id=locked.pk)
    return locked


def roster_import_cancel(*, roster_import: RosterImport) -> None:
    if roster_import.status != RosterImport.Status.PREVIEWED:
        raise RosterImportError(_("This import cannot be cancelled any more."))
    roster_import.status = RosterImport.Status.CANCELLED
    roster_import.save(update_fields=["status"])
    roster_import_purge_file(roster_import=roster_import)


# --- reads ----------------------------------------------------------------------------------


def roster_import_units(*, user) -> QuerySet[OrgUnit]:
    """The units an officer may import a roster for: theirs that have not closed."""
    return org_units_in_scope(user=user).filter(valid_to__isnull=True)


def roster_imports_in_scope(*, user) -> QuerySet[RosterImport]:
    """Imports for a unit of the officer's scope, and imports naming their units whose
    officer's scope (as recorded) lies wholly within this officer's. One query."""
    scope = org_units_in_scope(user=user)
    recorded = RosterImport.units.through.objects.filter(rosterimport=OuterRef("pk"))
    naming_their_units = (
        Q(unit__isnull=True)
        & Exists(recorded)
        & ~Exists(recorded.exclude(orgunit__in=scope.values("pk")))
    )
    return RosterImport.objects.filter(
        Q(unit__in=scope.values("pk")) | naming_their_units
    ).select_related("unit", "created_by")


def roster_import_in_scope(*, user, pk) -> RosterImport:
    """The import, if it is for one of the officer's units; otherwise Http404."""
    return get_object_or_404(roster_imports_in_scope(user=user), pk=pk)


def roster_import_progress(*, roster_import: RosterImport) -> int:
    """Rows read so far by the running step (kept in the shared cache, not the database,
    because the import writes inside one transaction)."""
    return cache.get(progress_key(roster_import.pk), 0)


def masked_problems(problems: list[dict]) -> list[dict]:
    """Stored reasons, as shown: masked again, whatever was stored before masking existed."""
    return [
        {
            **problem,
            "column": national_id_mask(problem["column"]),
            "reason": national_id_mask(problem["reason"]),
        }
        for problem in problems
    ]


def roster_import_report(*, user, pk) -> dict:
    """What an import's page shows: its state, its summary and the first rejected rows.
    Http404 outside the officer's units."""
    roster_import = roster_import_in_scope(user=user, pk=pk)
    summary = dict(roster_import.summary)
    summary["extra_columns"] = [national_id_mask(name) for name in summary.get("extra_columns", [])]
    rejected = summary.get("rejected", len(roster_import.problems))
    return {
        "roster_import": roster_import,
        "message": national_id_mask(roster_import.message),
        "summary": summary,
        "progress": roster_import_progress(roster_import=roster_import),
        "problems": masked_problems(roster_import.problems[:PROBLEMS_SHOWN]),
        "more_in_download": max(len(roster_import.problems) - PROBLEMS_SHOWN, 0),
        "not_kept": max(rejected - len(roster_import.problems), 0),
        "kept_limit": number_text(MAX_PROBLEMS_KEPT),
    }
