"""``people_changed``: people's placements, roster facts or linked enrollments changed.

Sent inside the transaction that made the change, with ``person_ids``, so that listeners
(attainments) are written in the same transaction. Bulk changes (a merger, a roster import)
collect their people with ``people_changes_batched`` and send once.
"""

import threading
from collections.abc import Iterable
from contextlib import contextmanager

from django.dispatch import Signal

people_changed = Signal()

_batch = threading.local()


def people_changed_notify(*, person_ids: Iterable[int]) -> None:
    pending = getattr(_batch, "ids", None)
    if pending is not None:
        pending.update(person_ids)
        return
    ids = sorted(set(person_ids))
    if ids:
        people_changed.send(sender=None, person_ids=ids)


@contextmanager
def people_changes_batched():
    if getattr(_batch, "ids", None) is not None:  # already collecting: the outer batch sends
        yield
        return
    _batch.ids = set()
    try:
        yield
        ids = sorted(_batch.ids)
    finally:
        _batch.ids = None
    if ids:
        people_changed.send(sender=None, person_ids=ids)


# A login has just been linked to a person's record: ``person`` and ``user``. Sent inside the
# transaction, so the learner's enrollments (courses) join the person in the same commit.
login_linked = Signal()
