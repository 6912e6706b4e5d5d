"""Seed the order of precedence (DS 537 de 2001, RREE, art. 75 letra B) with today's office names.

The table is data Gabinete edits afterwards; this migration only fills an empty table.
"""

from django.db import migrations

# (order, name, note, by_seniority)
PRECEDENCE = [
    (1, "Delegado/a Presidencial Regional", "Antes Intendente Regional (DS 537). Al Gobernador/a Regional electo/a lo ubica Gabinete.", False),
    (2, "Senadores de la circunscripción", "", True),
    (3, "Diputados del distrito", "", True),
    (4, "Presidente/a de la Corte de Apelaciones", "", False),
    (5, "Contralor/a Regional", "", False),
    (6, "Fiscal Regional del Ministerio Público", "", False),
    (7, "Delegado/a Presidencial Provincial", "Antes Gobernador Provincial (DS 537).", False),
    (8, "Oficiales Generales de las FF.AA. y de Orden y Seguridad y/o Comandante de Guarnición", "", True),
    (9, "Arzobispo u Obispo diocesano y dignatarios equivalentes de otras iglesias", "", False),
    (10, "Alcalde", "", False),
    (11, "Ministros y Fiscal de la Corte de Apelaciones", "", False),
    (12, "Concejales y Consejeros Regionales", "", False),
    (13, "Decano del Cuerpo Consular", "", False),
    (14, "Rectores de universidades", "", False),
    (15, "Tesorero/a Regional", "", False),
    (16, "Cónsules extranjeros", "", False),
    (17, "Secretarios Regionales Ministeriales", "", False),
    (18, "Jefes de servicios públicos", "", False),
    (19, "Jueces de letras", "", False),
    (20, "Jueces de policía local", "", False),
    (21, "Oficiales de las FF.AA. y de Orden y Seguridad", "", True),
]


def seed(apps, schema_editor):
    PrecedenceCategory = apps.get_model("protocol", "PrecedenceCategory")
    if PrecedenceCategory.objects.exists():
        return
    PrecedenceCategory.objects.bulk_create(
        [PrecedenceCategory(order=o, name=n, note=note, by_seniority=s) for o, n, note, s in PRECEDENCE]
    )


class Migration(migrations.Migration):
    dependencies = [("protocol", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
