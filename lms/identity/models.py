"""Who signed in through which provider, and what they were told or agreed to."""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

# Put before the provider's code and subject in the keyed hash: the same key hashes national
# ID numbers (lms.org.national_id) and a subject may be the ID number; with the prefix, the two
# hashes of one number never coincide, so neither table can be matched against the other.
SUBJECT_HASH_PREFIX = "lms.identity.subject\x00"


def subject_hash(*, provider_code: str, subject: str) -> str:
    """The keyed hash (NATIONAL_ID_HASH_KEY) a provider's subject is stored and found by. A
    provider may use the national ID number as the subject, so it is never stored in clear."""
    key = settings.NATIONAL_ID_HASH_KEY
    if not key:
        raise ImproperlyConfigured("NATIONAL_ID_HASH_KEY is not set.")
    message = f"{SUBJECT_HASH_PREFIX}{provider_code}\x00{subject}"
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


class ExternalIdentity(models.Model):
    """A provider's subject (``sub``) linked to a login, kept only as its keyed hash
    (subject_hash). The subject, never the national ID, is what a later sign-in is recognised
    by: providers keep it stable for a person."""

    provider = models.CharField(_("provider"), max_length=32)
    subject_hash = models.CharField(_("subject (keyed hash)"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="external_identities",
        verbose_name=_("login"),
    )
    created_at = models.DateTimeField(_("first signed in at"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("last signed in at"), null=True, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject_hash"], name="identity_unique_provider_subject"
            ),
            # One identity per provider per login: a second would make "who is this" ambiguous.
            models.UniqueConstraint(
                fields=["provider", "user"], name="identity_unique_provider_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} #{self.user_id}"  # never the subject: it may be personal


class DataProcessingRecord(models.Model):
    """What the Personal Data Protection Law needs kept: the words a person was shown when a
    sign-in linked or created their record, in the language shown, and when. A staff record
    is processed for public duties (a notice); a citizen gives consent."""

    class Basis(models.TextChoices):
        NOTICE = "notice", _("Notice shown")
        CONSENT = "consent", _("Consent given")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_processing_records",
        verbose_name=_("login"),
    )
    person = models.ForeignKey(
        "org.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="data_processing_records",
        verbose_name=_("person"),
    )
    provider = models.CharField(_("provider"), max_length=32)
    basis = models.CharField(_("basis"), max_length=16, choices=Basis.choices)
    text = models.TextField(_("text shown"))
    language = models.CharField(_("language"), max_length=8)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("personal data record")
        verbose_name_plural = _("personal data records")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.basis} {self.provider} {self.recorded_at:%Y-%m-%d}"
