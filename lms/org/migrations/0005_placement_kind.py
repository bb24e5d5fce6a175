from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def kind_from_person(apps, schema_editor):
    Placement = apps.get_model("org", "Placement")
    Person = apps.get_model("org", "Person")
    Placement.objects.update(
        kind=Subquery(Person.objects.filter(pk=OuterRef("person_id")).values("kind")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0004_person_sex"),
    ]

    operations = [
        migrations.AddField(
            model_name="placement",
            name="kind",
            field=models.CharField(
                choices=[("staff", "State staff"), ("citizen", "Citizen")],
                default="staff",
                max_length=16,
                verbose_name="kind",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(kind_from_person, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="placement",
            index=models.Index(
                fields=["kind", "unit", "start_on"], name="org_placeme_kind_035aa0_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="placement",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["staff", "citizen"])), name="placement_kind_known"
            ),
        ),
    ]
