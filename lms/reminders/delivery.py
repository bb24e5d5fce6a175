"""What plugins send through: ``plugins.api.email_send`` is the LMS's own e-mail, with its
templates, sent log and retries (lms.notifications), answering a reference instead of a model."""

from lms.notifications.services import email_send as notifications_email_send


def email_send(
    *,
    to: str,
    template: str,
    context: dict,
    kind: str,
    language: str | None = None,
    headers: dict[str, str] | None = None,
) -> str:
    """Render ``templates/emails/<template>/`` in ``language`` and queue it to ``to`` with any
    extra ``headers``; the answer is the sent log's reference (``"email:<id>"``)."""
    outbound = notifications_email_send(
        to=to, template=template, context=context, kind=kind, language=language, headers=headers
    )
    return f"email:{outbound.pk}"
