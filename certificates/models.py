"""Certificate templates (versioned snippets) and issued certificates, frozen at issue."""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.models import PreviewableMixin, RevisionMixin

from .defaults import DEFAULT_BODY, DEFAULT_CSS, DEFAULT_SERIAL_PATTERN


def private_storage():
    """Certificates hold personal data: the private storage, never public media."""
    from django.core.files.storage import storages

    return storages["private"]


def default_body() -> str:
    return DEFAULT_BODY


def default_css() -> str:
    return DEFAULT_CSS


def certificate_path(certificate, filename: str) -> str:
    return f"certificates/{certificate.year}/{filename}"


class CertificateTemplate(PreviewableMixin, RevisionMixin, models.Model):
    """How a certificate looks. Every saved edit is a revision; an issued certificate keeps
    the revision it was made with, so editing a template never changes an issued PDF.
    The admin's live preview is the PDF itself, made with sample data."""

    class PageSize(models.TextChoices):
        A4 = "A4", "A4"
        A5 = "A5", "A5"

    class Orientation(models.TextChoices):
        LANDSCAPE = "landscape", _("Landscape")
        PORTRAIT = "portrait", _("Portrait")

    name = models.CharField(_("name"), max_length=255)
    page_size = models.CharField(
        _("page size"), max_length=4, choices=PageSize.choices, default=PageSize.A4
    )
    orientation = models.CharField(
        _("orientation"), max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
    parent_body = models.CharField(
        _("parent body"), max_length=255, blank=True, help_text=_("e.g. UBND TỈNH BÌNH DƯƠNG")
    )
    issuing_body = models.CharField(
        _("issuing body"), max_length=255, help_text=_("e.g. SỞ THÔNG TIN VÀ TRUYỀN THÔNG")
    )
    issuer_code = models.SlugField(
        _("issuer code"),
        max_length=32,
        help_text=_("Short code of the issuing body in serial numbers, e.g. STTTT."),
    )
    place = models.CharField(_("place of issue"), max_length=100, help_text=_("e.g. Bình Dương"))
    signatory_title = models.CharField(_("signatory's title"), max_length=255)
    signatory_name = models.CharField(_("signatory's name"), max_length=255)
    serial_pattern = models.CharField(
        _("serial number pattern"),
        max_length=100,
        default=DEFAULT_SERIAL_PATTERN,
        help_text=_(
            "{seq:04d}: number in the year; {year}; {issuer}: the issuer code. All three are "
            "required, with a separator between them (/ - . _)."
        ),
    )
    # Callables, so that improving the default form needs no migration.
    body_html = models.TextField(_("body (HTML)"), default=default_body)
    css = models.TextField(_("style (CSS)"), default=default_css, blank=True)
    background_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("background image"),
    )
    seal_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("seal image"),
    )

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")

    def __str__(self) -> str:
        return self.name

    def serve_preview(self, request, mode_name):
        from django.http import HttpResponse

        from .rendering import TemplateRefused, certificate_pdf, sample_html

        try:
            pdf = certificate_pdf(sample_html(template=self))
        except TemplateRefused as error:
            return HttpResponse(error.message, content_type="text/plain; charset=utf-8")
        return HttpResponse(pdf, content_type="application/pdf")

    def clean(self):
        from .rendering import TemplateRefused, template_check

        try:
            template_check(template=self)
        except TemplateRefused as error:
            raise ValidationError({error.field: error.message}) from None


class SerialCounter(models.Model):
    """The last serial number given by an issuer in a year (gapless: taken under a row lock,
    in the transaction that creates the certificate)."""

    issuer_code = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    wagtail_reference_index_ignore = True

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer_code", "year"], name="serial_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.issuer_code}/{self.year}: {self.last}"


class Certificate(models.Model):
    """A certificate for a passed enrollment: its context frozen when it was created, its PDF
    stored with a checksum. Revocation is a status, never a delete."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        ISSUED = "issued", _("Issued")
        REVOKED = "revoked", _("Revoked")

    enrollment = models.OneToOneField(
        "courses.Enrollment", on_delete=models.PROTECT, related_name="certificate"
    )
    template = models.ForeignKey(CertificateTemplate, on_delete=models.PROTECT, related_name="+")
    template_revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.PROTECT, null=True, related_name="+"
    )
    code = models.CharField(_("verification code"), max_length=32, unique=True)
    issuer_code = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    serial = models.CharField(_("serial number"), max_length=100)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    context = models.JSONField(default=dict, editable=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    pdf = models.FileField(storage=private_storage, upload_to=certificate_path, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Last change of state: how long a pending certificate has waited (certificates.bulk).
    updated_at = models.DateTimeField(auto_now=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)
    # Earlier versions, oldest first: what each said and which file it was, why it was
    # re-issued, by whom and when. Their PDFs stay in storage.
    history = models.JSONField(default=list, blank=True, editable=False)

    # Nothing to find by reference in a frozen certificate: saving one skips Wagtail's
    # reference index (a task and several queries per save).
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_code", "year", "sequence"], name="certificate_unique_serial"
            ),
            # The printed number too: no two certificates share one, whatever the patterns.
            models.UniqueConstraint(fields=["serial"], name="certificate_serial_unique"),
            models.CheckConstraint(
                condition=~Q(status="revoked") | Q(revoked_at__isnull=False),
                name="certificate_revoked_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.serial

    @admin.display(description=_("verification code"))
    def admin_link(self):
        """In the admin list: the code, linking to revoke / re-issue."""
        return format_html(
            '<a href="{}">{}</a>', reverse("certificate_admin", args=[self.pk]), self.code
        )


class CertificateBundle(models.Model):
    """A ZIP of many certificates (a course's, or a unit's people's), built by a task."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.RUNNING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(storage=private_storage, upload_to="certificate-bundles/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.course or self.unit} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


class CertificateBatch(models.Model):
    """One request to issue a course's missing certificates or re-issue its issued ones.

    Done once however often it is asked for: a second submit of the same form finds this
    batch (request_id), a redelivered task skips the certificates it already did (items), and
    one batch per course and action runs at a time. Its progress is recorded as it goes."""

    class Action(models.TextChoices):
        ISSUE = "issue", _("Issue the missing certificates")
        REISSUE = "reissue", _("Re-issue the certificates")

    class Status(models.TextChoices):
        RUNNING = "running", _("Under way")
        DONE = "done", _("Finished")

    request_id = models.UUIDField(unique=True, editable=False)
    action = models.CharField(max_length=8, choices=Action.choices)
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.RUNNING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # Last progress: a batch silent for long was lost with its worker and is resumed.
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "action"],
                condition=Q(status="running"),
                name="certificate_batch_one_running",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.course} ({self.done}/{self.total})"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


class CertificateBatchItem(models.Model):
    """A certificate a batch has issued or re-issued: written in the same transaction."""

    batch = models.ForeignKey(CertificateBatch, on_delete=models.CASCADE, related_name="items")
    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="batch_items"
    )

    wagtail_reference_index_ignore = True

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "certificate"], name="certificate_batch_item_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}: {self.certificate_id}"
