"""One delivery attempt of a logged e-mail (the task email_send_task runs it)."""

import logging
from smtplib import SMTPRecipientsRefused, SMTPResponseException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutboundEmail
from .policy import MAX_ATTEMPTS, TRANSIENT_ERRORS

logger = logging.getLogger("lms")


def transient(error: Exception) -> bool:
    """Whether trying again may help: not after a permanent (5xx) SMTP answer, such as an
    unknown mailbox, which every attempt would get again."""
    if isinstance(error, SMTPRecipientsRefused):
        return any(code < 500 for code, _message in error.recipients.values())
    if isinstance(error, SMTPResponseException):
        return error.smtp_code < 500
    return isinstance(error, TRANSIENT_ERRORS)


def outbound_email_deliver(*, outbound_id: int) -> None:
    """One delivery attempt. Raises a transient error while attempts remain (the task retries);
    otherwise records the outcome. Parts are emptied as soon as the outcome is final."""
    outbound = OutboundEmail.objects.filter(
        pk=outbound_id, status=OutboundEmail.Status.QUEUED
    ).first()
    if outbound is None:  # delivered twice (acks_late): the first delivery settled it
        return
    OutboundEmail.objects.filter(pk=outbound.pk).update(attempts=F("attempts") + 1)
    outbound.refresh_from_db(fields=["attempts"])
    message = EmailMultiAlternatives(
        subject=outbound.subject,
        body=outbound.pending_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[outbound.to],
        headers=outbound.headers or None,
    )
    if outbound.pending_html:
        message.attach_alternative(outbound.pending_html, "text/html")
    try:
        message.send()
    except TRANSIENT_ERRORS as error:
        if transient(error) and outbound.attempts < MAX_ATTEMPTS:
            _record(outbound, error=_describe(error))
            raise
        logger.warning("E-mail %s to %s failed: %s", outbound.pk, outbound.to, error)
        _record(outbound, status=OutboundEmail.Status.FAILED, error=_describe(error))
        return
    except Exception as error:  # a message no attempt will deliver (a bad address, a bug)
        logger.exception("E-mail %s to %s cannot be sent", outbound.pk, outbound.to)
        _record(outbound, status=OutboundEmail.Status.FAILED, error=_describe(error))
        return
    _record(outbound, status=OutboundEmail.Status.SENT, error="", sent_at=timezone.now())


def _record(outbound: OutboundEmail, *, status: str | None = None, **fields) -> None:
    if status is not None:
        fields.update(status=status, pending_text="", pending_html="")
    with transaction.atomic():
        OutboundEmail.objects.filter(pk=outbound.pk).update(**fields)


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:500]
