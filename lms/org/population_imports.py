"""Population figures imported by an administrator in the admin: upload a file (the import
runs in the background) and read its report. The import itself is in ``population``."""

from django.core.cache import cache
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .import_jobs import PROBLEMS_SHOWN, upload_keep
from .models import PopulationImport
from .national_id import national_id_mask
from .population import population_progress_key
from .roster.files import MAX_FILE_BYTES, file_too_large_message
from .tasks import population_import_task


class PopulationImportError(Exception):
    """The administrator's request cannot be done; the message is for them."""


def population_import_create(*, user, upload) -> PopulationImport:
    """Keep the upload privately and start its import once the row is committed."""
    if upload.size > MAX_FILE_BYTES:
        raise PopulationImportError(file_too_large_message())
    population_import = PopulationImport.objects.create(
        filename=upload.name[:255],
        stored_name=upload_keep(upload=upload, folder="population-imports"),
        size=upload.size,
        created_by=user,
    )
    population_import_task.delay_on_commit(import_id=population_import.pk)
    return population_import


def population_imports_recent(*, limit: int = 10) -> QuerySet[PopulationImport]:
    return PopulationImport.objects.select_related("created_by")[:limit]


def population_import_progress(*, population_import: PopulationImport) -> int:
    """Rows read so far (in the shared cache: the import writes inside one transaction)."""
    return cache.get(population_progress_key(population_import.pk), 0)


def population_import_report(*, pk) -> dict:
    """What an import's page shows: its state, its counts and the first rejected rows."""
    population_import = get_object_or_404(PopulationImport, pk=pk)
    summary = population_import.summary
    rejected = summary.get("rejected", len(population_import.problems))
    return {
        "population_import": population_import,
        "summary": summary,
        "message": national_id_mask(population_import.message),
        "progress": population_import_progress(population_import=population_import),
        "problems": [
            {"row": problem["row"], "reason": national_id_mask(problem["reason"])}
            for problem in population_import.problems[:PROBLEMS_SHOWN]
        ],
        "not_shown": max(rejected - min(len(population_import.problems), PROBLEMS_SHOWN), 0),
    }
