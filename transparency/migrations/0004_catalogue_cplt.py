"""The catalogue as the CPLT checks it (issue 18, points 7–9, 11): Diario Oficial acts as a table newest
first, the personnel columns per kind of contract, avisaje y publicidad, the lobby register, reproduction
costs, the index of reserved acts, the declarations of interests and assets, and letter i's paragraph on
sensitive data. Every existing publication is kept (catalogue.sync_catalogue deletes nothing)."""

from django.db import migrations, models


def sync(apps, schema_editor):
    from transparency.catalogue import sync_catalogue

    sync_catalogue(
        apps.get_model("transparency", "Item"),
        apps.get_model("transparency", "Section"),
        apps.get_model("transparency", "Column"),
        apps.get_model("gabinete", "Directorate"),
    )


class Migration(migrations.Migration):
    # PostgreSQL refuses to change a table that has deferred constraint checks pending in the same
    # transaction (the catalogue's rows are written between the schema changes): each operation commits on its own,
    # the data step in its own transaction.
    atomic = False

    dependencies = [
        ("transparency", "0003_publication_table_job"),
        ("gabinete", "0002_directorates"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalsection",
            name="empty_month_notice",
            field=models.CharField(
                blank=True,
                help_text="Se muestra por cada mes del año sin filas; «{mes}» se reemplaza por el mes.",
                max_length=200,
                verbose_name="aviso de mes sin filas",
            ),
        ),
        migrations.AddField(
            model_name="historicalsection",
            name="link_url",
            field=models.CharField(
                blank=True,
                help_text="Dirección que el público ve siempre en esta sub-sección (p. ej. el registro de lobby).",
                max_length=300,
                verbose_name="enlace permanente",
            ),
        ),
        migrations.AddField(
            model_name="historicalsection",
            name="month_column",
            field=models.SlugField(
                blank=True,
                help_text="Clave de la columna de fecha que dice a qué mes corresponde cada fila.",
                max_length=60,
                verbose_name="columna del mes",
            ),
        ),
        migrations.AddField(
            model_name="historicalsection",
            name="sort_column",
            field=models.SlugField(
                blank=True,
                help_text="Clave de la columna por la que se ordenan las filas, de la más reciente a la más antigua.",
                max_length=60,
                verbose_name="ordenar por la columna",
            ),
        ),
        migrations.AddField(
            model_name="section",
            name="empty_month_notice",
            field=models.CharField(
                blank=True,
                help_text="Se muestra por cada mes del año sin filas; «{mes}» se reemplaza por el mes.",
                max_length=200,
                verbose_name="aviso de mes sin filas",
            ),
        ),
        migrations.AddField(
            model_name="section",
            name="link_url",
            field=models.CharField(
                blank=True,
                help_text="Dirección que el público ve siempre en esta sub-sección (p. ej. el registro de lobby).",
                max_length=300,
                verbose_name="enlace permanente",
            ),
        ),
        migrations.AddField(
            model_name="section",
            name="month_column",
            field=models.SlugField(
                blank=True,
                help_text="Clave de la columna de fecha que dice a qué mes corresponde cada fila.",
                max_length=60,
                verbose_name="columna del mes",
            ),
        ),
        migrations.AddField(
            model_name="section",
            name="sort_column",
            field=models.SlugField(
                blank=True,
                help_text="Clave de la columna por la que se ordenan las filas, de la más reciente a la más antigua.",
                max_length=60,
                verbose_name="ordenar por la columna",
            ),
        ),
        migrations.RunPython(sync, migrations.RunPython.noop),
    ]
