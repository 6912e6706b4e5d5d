"""«Período» means one thing: a publication keeps the month of its update (`period`, from which the
deadline counts) and the date its content reports (`reported_through`, «información al»).

Until now only the update month was stored. Existing publications (and their history rows) get the
usual «información al»: the last day of the month before the update month — December's update
reports «información al 30-11». The field is added nullable, filled, then made required, so no
publication is lost or rewritten otherwise. Reversing drops the new field only.
"""

from datetime import timedelta

from django.db import migrations, models

HELP = "Fecha a la que corresponde la información; normalmente el último día del mes anterior."


def fill_reported_through(apps, schema_editor):
    # The save() guard against changing published versions lives on the real model, not on this
    # historical one: this is the one sanctioned rewrite of published rows (a new column only).
    for name in ("Publication", "HistoricalPublication"):
        model = apps.get_model("transparency", name)
        for period in model.objects.filter(reported_through__isnull=True).values_list("period", flat=True).distinct():
            model.objects.filter(reported_through__isnull=True, period=period).update(
                reported_through=period.replace(day=1) - timedelta(days=1)
            )


class Migration(migrations.Migration):
    # PostgreSQL refuses to change a table that has deferred constraint checks pending in the same
    # transaction (the filled dates are written between the schema changes): each operation commits on its own,
    # the data step in its own transaction.
    atomic = False

    dependencies = [
        ("transparency", "0004_catalogue_cplt"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalpublication",
            name="reported_through",
            field=models.DateField(null=True, help_text=HELP, verbose_name="información al"),
        ),
        migrations.AddField(
            model_name="publication",
            name="reported_through",
            field=models.DateField(null=True, help_text=HELP, verbose_name="información al"),
        ),
        migrations.RunPython(fill_reported_through, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="historicalpublication",
            name="reported_through",
            field=models.DateField(help_text=HELP, verbose_name="información al"),
        ),
        migrations.AlterField(
            model_name="publication",
            name="reported_through",
            field=models.DateField(help_text=HELP, verbose_name="información al"),
        ),
        migrations.AlterField(
            model_name="historicalpublication",
            name="period",
            field=models.DateField(
                help_text="Primer día del mes en que se actualiza el contenido; el plazo se cuenta desde este mes.",
                verbose_name="mes de actualización",
            ),
        ),
        migrations.AlterField(
            model_name="publication",
            name="period",
            field=models.DateField(
                help_text="Primer día del mes en que se actualiza el contenido; el plazo se cuenta desde este mes.",
                verbose_name="mes de actualización",
            ),
        ),
    ]
