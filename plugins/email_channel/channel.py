"""The e-mail channel: whoever has an address is reached; the LMS renders and logs the message."""

from django.utils.translation import gettext_lazy as _

from plugins.api import Recipient, ReminderMessage, email_send


class EmailChannel:
    code = "email"
    label = _("E-mail")

    def reaches(self, recipient: Recipient) -> bool:
        return bool(recipient.email)

    def send(self, *, recipient: Recipient, message: ReminderMessage) -> str:
        # The LMS renders the message again from its template, in the recipient's language,
        # so that the sent log and the retries are the ones every e-mail of the LMS has.
        return email_send(
            to=recipient.email,
            template=message.template,
            context=message.context,
            kind=message.kind,
            language=recipient.language,
            headers=unsubscribe_headers(message.opt_out_url),
        )


def unsubscribe_headers(opt_out_url: str) -> dict[str, str]:
    """One-click unsubscribe (RFC 8058): the mail client posts to the link itself, so the
    recipient stops reminders from their inbox without opening the site."""
    if not opt_out_url:
        return {}
    return {
        "List-Unsubscribe": f"<{opt_out_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
