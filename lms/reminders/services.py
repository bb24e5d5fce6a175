"""Reminding people: what views and commands call. Sending happens in lms.reminders.sending,
queued here as tasks once the transaction commits."""

import datetime
import secrets

from django.core import signing

from lms.org.models import Person
from lms.targets.models import Target

from .messages import may_opt_out
from .models import ReminderBatch, ReminderOptOut, Trigger
from .selectors import ReminderPlan
from .sending import reminder_batch_record
from .tasks import reminder_batch_send_task

BATCH_FORM_SALT = "lms.reminders.batch-form"
# A send form left open longer is refused (the officer opens the preview again); within it,
# the same form posted twice still makes one batch.
BATCH_FORM_MAX_AGE = datetime.timedelta(hours=24)


def batch_form_token(*, user, target: Target) -> str:
    """The send form's token: a fresh nonce signed for this officer and target. The nonce is
    the batch's key, so an officer can only ever name a key the server made for them."""
    nonce = secrets.token_urlsafe(24)
    return signing.dumps(
        {"user": user.pk, "target": target.pk, "nonce": nonce}, salt=BATCH_FORM_SALT
    )


def batch_form_nonce(*, token: str, user, target: Target) -> str | None:
    """The batch key a form's token carries; None when the token was altered, has expired or
    was made for another officer or target."""
    try:
        value = signing.loads(token, salt=BATCH_FORM_SALT, max_age=BATCH_FORM_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not isinstance(value, dict) or (value.get("user"), value.get("target")) != (
        user.pk,
        target.pk,
    ):
        return None
    nonce = value.get("nonce")
    return nonce if isinstance(nonce, str) and 16 <= len(nonce) <= 64 else None


def reminder_batch_create(
    *, target: Target, plan: ReminderPlan, token: str, sent_by
) -> tuple[ReminderBatch, bool]:
    """Record an officer's batch (``token``: the nonce of their verified form) and queue its
    sending; a token already used answers the batch it made (created False), queues nothing."""
    batch, created = reminder_batch_record(
        target=target, plan=plan, trigger=Trigger.MANUAL, token=token, sent_by=sent_by
    )
    if created:
        reminder_batch_send_task.delay_on_commit(batch_id=batch.pk)
    return batch, created


def reminder_opt_out(*, person: Person) -> bool:
    """The person receives no more reminders they may refuse; False if they may not."""
    if not may_opt_out(kind=person.kind):
        return False
    ReminderOptOut.objects.get_or_create(person=person)
    return True
