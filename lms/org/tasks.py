"""Background imports. Each task takes an id and runs one step, imported in its body: the
modules that request imports (``roster.imports``, ``population_imports``) enqueue these tasks,
and the modules whose steps they run never import this one, so the two never form a cycle.
Every step is safe to deliver twice (acks_late): it finds its work done and does nothing."""

import contextlib
import logging
import os

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

logger = logging.getLogger("lms")

# A database briefly unavailable is retried with backoff (and a step counts its runs, see
# import_jobs.MAX_TASK_ATTEMPTS). Whatever fails while a step reads or writes the file is
# recorded on the import as its failure, not retried.
RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 5,
}


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


@shared_task(bind=True, acks_late=True, ignore_result=True, **RETRY)
def roster_import_preview_task(self, *, import_id: int) -> None:
    from .roster.steps import roster_import_preview

    with memory_guard(self):
        roster_import_preview(import_id=import_id)


@shared_task(bind=True, acks_late=True, ignore_result=True, **RETRY)
def roster_import_apply_task(self, *, import_id: int) -> None:
    from .roster.steps import roster_import_apply

    with memory_guard(self):
        roster_import_apply(import_id=import_id)


@shared_task(bind=True, acks_late=True, ignore_result=True, **RETRY)
def population_import_task(self, *, import_id: int) -> None:
    from .population import population_import_run

    with memory_guard(self):
        population_import_run(import_id=import_id)


@shared_task(ignore_result=True)
def roster_imports_purge_task() -> None:
    """Beat, hourly: not retried, the next run purges what this one could not."""
    from .import_jobs import roster_imports_purge_expired

    roster_imports_purge_expired()
