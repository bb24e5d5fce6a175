import contextlib
import logging
import os

from celery import shared_task
from django.conf import settings

from .imports import roster_import_apply, roster_import_preview, roster_imports_purge_expired
from .population import population_import_run

logger = logging.getLogger("lms")


@contextlib.contextmanager
def memory_guard(task):
    """In a worker process, cap the address space while an import runs, so that a file that
    slips past the limits raises MemoryError (reported on the import) instead of getting the
    worker killed by the kernel, which would redeliver the message (acks_late) for ever.

    Not in eager mode: there the task runs inside the web (or test) process, whose other
    threads must not feel the cap. Linux only (RLIMIT_AS; elsewhere nothing is capped).
    """
    budget = getattr(settings, "LMS_IMPORT_MEMORY_MB", 0) * 1024 * 1024
    if task.request.is_eager or not budget:
        yield
        return
    with address_space_limit(budget):
        yield


@contextlib.contextmanager
def address_space_limit(budget: int):
    """The process may grow by ``budget`` bytes of address space while the block runs."""
    try:
        import resource

        with open("/proc/self/statm") as statm:
            in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = in_use + budget
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError) as error:
        logger.info("Import memory guard unavailable here: %s", error)
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@shared_task(bind=True, acks_late=True, ignore_result=True)
def roster_import_preview_task(self, *, import_id: int) -> None:
    with memory_guard(self):
        roster_import_preview(import_id=import_id)


@shared_task(bind=True, acks_late=True, ignore_result=True)
def roster_import_apply_task(self, *, import_id: int) -> None:
    with memory_guard(self):
        roster_import_apply(import_id=import_id)


@shared_task(bind=True, acks_late=True, ignore_result=True)
def population_import_task(self, *, import_id: int) -> None:
    with memory_guard(self):
        population_import_run(import_id=import_id)


@shared_task(ignore_result=True)
def roster_imports_purge_task() -> None:
    roster_imports_purge_expired()
