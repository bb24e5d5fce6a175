from django.db import migrations

from courses.competencies import competency_areas_ensure


def create_areas(apps, schema_editor):
    competency_areas_ensure(apps.get_model("courses", "CompetencyArea"))


class Migration(migrations.Migration):
    dependencies = [("courses", "0002_competencyarea_lessonpage_coursepage_enrollment_and_more")]

    operations = [migrations.RunPython(create_areas, migrations.RunPython.noop)]
