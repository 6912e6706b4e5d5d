"""Migration 0004 brings a catalogue seeded before issue 18 into the CPLT's shape without losing anything:
a Diario Oficial sub-section with published PDFs becomes a table and keeps them, the personnel tables gain
the CPLT's columns at their place (a column Gabinete added stays, after them), a label Gabinete had kept is
renamed and one it had edited is not, the new items appear and letter i gains its second paragraph."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from transparency.catalogue import LETTER_I_SENSITIVE_DATA
from transparency.models import Column, Item, Publication, Section

BEFORE = [("transparency", "0003_publication_table_job")]
OLD_STAFF_KEYS = ["estamento", "apellido_paterno", "apellido_materno", "nombres", "grado", "cargo",
                  "remuneracion_bruta", "fecha_inicio"]  # fmt: skip
OLD_LETTER_I = (
    "El diseño, montos asignados y criterio de acceso a los programas de subsidios y otros beneficios que "
    "entregue el respectivo órgano, además de las nóminas de beneficiarios de los programas sociales en ejecución."
)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.migrate(targets or executor.loader.graph.leaf_nodes()).apps


@pytest.fixture
def before():
    old_apps = _migrate(BEFORE)
    yield old_apps
    _migrate(None)


def _as_shipped_before(old):
    """The catalogue as migration 0002 seeded it before issue 18 (this test database was seeded with
    today's catalogue: take it back)."""
    Item, Section, Column = (old.get_model("transparency", m) for m in ("Item", "Section", "Column"))
    Column.objects.filter(section__item__letter__in=["avisaje", "costos-reproduccion"]).delete()
    Section.objects.filter(
        item__letter__in=["avisaje", "registro-lobby", "costos-reproduccion", "indice-reservados", "probidad"]
    ).delete()
    Item.objects.filter(
        letter__in=["avisaje", "registro-lobby", "costos-reproduccion", "indice-reservados", "probidad"]
    ).delete()
    do = Section.objects.get(slug="actos-diario-oficial")
    Column.objects.filter(section=do).delete()
    do.content_kind = "documentos"
    do.save()
    planta = Section.objects.get(item__letter="d", slug="planta")
    Column.objects.filter(section=planta).exclude(key__in=OLD_STAFF_KEYS).delete()
    for n, key in enumerate(OLD_STAFF_KEYS, start=1):
        Column.objects.filter(section=planta, key=key).update(order=n)
    Column.objects.filter(section__item__letter="d", key="remuneracion_bruta").update(
        label="Remuneración bruta mensual"
    )
    # Gabinete's own edits: a column of its own, and a label of its own on contrata.
    Column.objects.create(section=planta, order=9, key="bienios", label="Bienios", kind="monto", required=False)
    Column.objects.filter(section__slug="contrata", key="remuneracion_bruta").update(label="Sueldo bruto")
    Item.objects.filter(letter="i").update(legal_text=OLD_LETTER_I)
    return do, planta


@pytest.mark.django_db(transaction=True)
def test_the_catalogue_migration_keeps_every_publication_and_gains_the_cplt_shape(before):
    old = before
    Directorate = old.get_model("gabinete", "Directorate")
    for slug in ("secretaria-municipal", "gestion-de-personas"):
        Directorate.objects.get_or_create(slug=slug, defaults={"name": slug})
    from transparency.catalogue import seed_catalogue

    seed_catalogue(*(old.get_model("transparency", m) for m in ("Item", "Section", "Column")), Directorate)
    do, planta = _as_shipped_before(old)
    user = old.get_model("auth", "User").objects.create(username="enlace.secmu")
    published = old.get_model("transparency", "Publication").objects.create(
        section=do,
        item=do.item,
        period=date(2026, 5, 1),
        directorate=Directorate.objects.get(slug="secretaria-municipal"),
        status="publicada",
        kind="documentos",
        prepared_by=user,
        prepared_at=timezone.now(),
        published_by=user,
        published_at=timezone.now(),
    )
    old.get_model("transparency", "Document").objects.create(
        publication=published, title="Decreto 120", file="transparency/documents/decreto.pdf", size=10
    )

    _migrate(None)

    kept = Publication.objects.get(pk=published.pk)
    assert (kept.kind, kept.status, kept.documents.get().title) == ("documentos", "publicada", "Decreto 120")
    section = Section.objects.get(pk=do.pk)
    assert section.content_kind == "tabla" and section.sort_column == "fecha_publicacion"
    assert section.columns.count() == 8
    keys = list(Column.objects.filter(section_id=planta.pk).values_list("key", flat=True))
    assert keys[:2] == ["estamento", "apellido_paterno"] and "unidad_monetaria" in keys
    assert keys[-1] == "bienios" and keys.index("remuneracion_bruta") < keys.index("fecha_inicio")
    labels = dict(Column.objects.filter(key="remuneracion_bruta").values_list("section__slug", "label"))
    assert labels["planta"] == "Remuneración bruta mensualizada" and labels["contrata"] == "Sueldo bruto"
    letters = set(Item.objects.values_list("letter", flat=True))
    assert {"avisaje", "registro-lobby", "costos-reproduccion", "indice-reservados", "probidad"} <= letters
    assert Section.objects.get(slug="avisaje-publicidad").empty_month_notice.startswith("Sin avisaje")
    legal_text = Item.objects.get(letter="i").legal_text
    assert legal_text == OLD_LETTER_I + "\n\n" + LETTER_I_SENSITIVE_DATA
