"""Sending e-mail: every message of the LMS goes through ``email_send``, which renders it in the
recipient's language, logs it (OutboundEmail) and leaves the delivery to a task with retries."""

from django.conf import settings
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation

from .models import OutboundEmail
from .tasks import email_send_task


def email_send(
    *,
    to: str,
    template: str,
    context: dict,
    kind: str,
    language: str | None = None,
    user=None,
    headers: dict[str, str] | None = None,
) -> OutboundEmail:
    """Render ``templates/emails/<template>/`` (subject.txt, body.txt, body.html) in
    ``language`` (default: the site's), log the message and queue its delivery once the
    current transaction commits. The context also has ``public_url`` (LMS_PUBLIC_URL, for
    absolute links); the text parts are not HTML-escaped.

    The rendered parts wait on the log row until the task has sent them, then are emptied:
    rendering here, not in the task, keeps the context free (model instances, lazy strings) and
    the message in the language of the moment it was asked for."""
    language = language or settings.LANGUAGE_CODE
    # Links in e-mails are absolute, on the public address (never the request's host).
    context = {"public_url": settings.LMS_PUBLIC_URL.rstrip("/"), **context}
    with translation.override(language):
        # A subject is one line, whatever the template's line breaks.
        subject = " ".join(_render_plain(f"emails/{template}/subject.txt", context).split())
        text = _render_plain(f"emails/{template}/body.txt", context)
        html = render_to_string(f"emails/{template}/body.html", context)
    outbound = OutboundEmail.objects.create(
        to=to,
        user=user,
        kind=kind,
        subject=subject[:255],
        language=language,
        pending_text=text,
        pending_html=html,
        headers=headers or {},
    )
    email_send_task.delay_on_commit(outbound_id=outbound.pk)
    return outbound


def _render_plain(name: str, context: dict) -> str:
    """A plain-text part: nothing is HTML-escaped (an "&" in a name stays "&")."""
    return get_template(name).template.render(Context(context, autoescape=False))
