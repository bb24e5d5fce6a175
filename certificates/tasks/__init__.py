"""Certificate tasks, gathered here for the workers (Celery imports each app's ``tasks``).

Each takes ids, runs one step imported in its body, and is safe to deliver twice (acks_late: a
task lost with its worker is delivered again). The modules that ask for work import the task
module they need (``render``, ``bulk``, ``beat``), never this one; and a module whose step a
task runs never imports that task's module, so no import cycle forms. Names are given
explicitly, as they were before the tasks were split: queued messages and the beat schedule
name them.

Their time limits keep every run well inside the broker's visibility timeout (settings:
CELERY_BROKER_TRANSPORT_OPTIONS), so a task still running is never handed to a second worker.
"""

from .beat import certificates_resume_task
from .bulk import certificate_batch_task, certificate_bundle_task
from .render import certificate_render_task

__all__ = [
    "certificate_batch_task",
    "certificate_bundle_task",
    "certificate_render_task",
    "certificates_resume_task",
]
