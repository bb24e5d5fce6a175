"""The sent log: one row per e-mail the LMS sends, who it went to, what kind, the outcome."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    """One e-mail and its delivery.

    The body is never logged: a password reset or an invitation carries a one-time link. The
    rendered parts wait in ``pending_text`` / ``pending_html`` only until the task has sent the
    message or given up; then they are emptied (see delivery.outbound_email_deliver).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.EmailField(_("to"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    kind = models.SlugField(_("kind"), max_length=40, db_index=True)
    subject = models.CharField(_("subject"), max_length=255)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("error"), max_length=500, blank=True)
    pending_text = models.TextField(blank=True, editable=False)
    pending_html = models.TextField(blank=True, editable=False)
    # Extra headers the message carries, e.g. List-Unsubscribe (RFC 8058) on citizens' reminders.
    headers = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("sent e-mails")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.kind} → {self.to}"
