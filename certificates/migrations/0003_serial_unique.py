"""Serial numbers become unique. Certificates that share a number (patterns such as "{seq}"
were accepted until now) keep it for the first one issued; the others get the default
pattern's number, which belongs to their issuer, year and sequence alone, and are re-issued
(pending: the workers render the new PDF, and the old version is kept in the history)."""

from django.db import migrations, models
from django.db.models import Count
from django.utils import timezone

DEFAULT_SERIAL_PATTERN = "{seq:04d}/{year}/GCN-{issuer}"


def serials_make_unique(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    shared = (
        Certificate.objects.values("serial")
        .annotate(count=Count("pk"))
        .filter(count__gt=1)
        .values_list("serial", flat=True)
    )
    for serial in list(shared):
        first, *others = Certificate.objects.filter(serial=serial).order_by("pk")
        for certificate in others:
            new = DEFAULT_SERIAL_PATTERN.format(
                seq=certificate.sequence, year=certificate.year, issuer=certificate.issuer_code
            )
            if Certificate.objects.filter(serial=new).exists():
                new = f"{new}-{certificate.pk}"
            certificate.history = [
                *certificate.history,
                {
                    "version": certificate.version,
                    "serial": certificate.serial,
                    "sha256": certificate.sha256,
                    "pdf": certificate.pdf.name if certificate.pdf else "",
                    "template_revision": certificate.template_revision_id,
                    "context": certificate.context,
                    "reissued_at": timezone.now().isoformat(),
                    "reissued_by": None,
                    "reason": f"Serial number {serial} was shared with certificate {first.pk}.",
                },
            ]
            certificate.serial = new
            certificate.context = {**certificate.context, "serial": new}
            if certificate.status == "issued":  # a new PDF with the new number
                certificate.version += 1
                certificate.status = "pending"
                certificate.pdf, certificate.sha256, certificate.issued_at = "", "", None
            certificate.save()


class Migration(migrations.Migration):
    dependencies = [("certificates", "0002_bundle")]

    operations = [
        migrations.AlterField(
            model_name="certificatetemplate",
            name="serial_pattern",
            field=models.CharField(
                default="{seq:04d}/{year}/GCN-{issuer}",
                help_text=(
                    "{seq:04d}: number in the year; {year}; {issuer}: the issuer code. All "
                    "three are required, with a separator between them (/ - . _)."
                ),
                max_length=100,
                verbose_name="serial number pattern",
            ),
        ),
        migrations.RunPython(serials_make_unique, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="certificate",
            constraint=models.UniqueConstraint(
                fields=("serial",), name="certificate_serial_unique"
            ),
        ),
    ]
