from celery import shared_task

from .imports import roster_import_apply, roster_import_preview, roster_imports_purge_expired


@shared_task(acks_late=True, ignore_result=True)
def roster_import_preview_task(*, import_id: int) -> None:
    roster_import_preview(import_id=import_id)


@shared_task(acks_late=True, ignore_result=True)
def roster_import_apply_task(*, import_id: int) -> None:
    roster_import_apply(import_id=import_id)


@shared_task(ignore_result=True)
def roster_imports_purge_task() -> None:
    roster_imports_purge_expired()
