"""The 22 directorates of the seed regulation, names verbatim. Slugs are stable: never change them."""

from django.db import migrations

# The list is plain data kept in one place; the migration reads it at the time it runs.
from gabinete.directorates import DIRECTORATES



def create_directorates(apps, schema_editor):
    Directorate = apps.get_model("gabinete", "Directorate")
    for order, (slug, name, short_name) in enumerate(DIRECTORATES, start=1):
        Directorate.objects.update_or_create(
            slug=slug, defaults={"name": name, "short_name": short_name, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("gabinete", "0001_initial")]

    operations = [migrations.RunPython(create_directorates, migrations.RunPython.noop)]
