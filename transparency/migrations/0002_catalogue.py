"""Seed the art. 7 catalogue (LEGAL.md): items a–m, Diario Oficial, CPLT sub-sections and columns."""

from django.db import migrations


def seed(apps, schema_editor):
    from transparency.catalogue import seed_catalogue

    seed_catalogue(
        apps.get_model("transparency", "Item"),
        apps.get_model("transparency", "Section"),
        apps.get_model("transparency", "Column"),
        apps.get_model("gabinete", "Directorate"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("transparency", "0001_initial"),
        ("gabinete", "0002_directorates"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
