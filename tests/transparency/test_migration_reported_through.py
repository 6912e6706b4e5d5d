"""Before issue 18 a publication stored only its update month. Migrating gives every existing
publication, and every row of its history, the usual «información al»: the last day of the month
before the update month (December's update reports 30-11; January's reports 31-12 of the year before)."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from transparency.models import Publication

BEFORE = [("transparency", "0004_catalogue_cplt")]
AFTER = [("transparency", "0005_publication_reported_through")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.migrate(targets or executor.loader.graph.leaf_nodes()).apps


@pytest.fixture
def before():
    old_apps = _migrate(BEFORE)
    yield old_apps
    _migrate(None)


@pytest.mark.django_db(transaction=True)
def test_existing_publications_report_through_the_last_day_of_the_month_before(before):
    old = before
    directorate = old.get_model("gabinete", "Directorate").objects.create(slug="prueba", name="Dirección de Prueba")
    user = old.get_model("auth", "User").objects.create(username="enlace.prueba")
    item = old.get_model("transparency", "Item").objects.create(letter="zz", name="Ítem", legal_text="Texto")
    section = old.get_model("transparency", "Section").objects.create(item=item, slug="s", name="Sub-sección")
    Old = old.get_model("transparency", "Publication")
    now = timezone.now()
    common = {"section": section, "item": item, "directorate": directorate, "prepared_by": user, "prepared_at": now}
    december = Old.objects.create(period=date(2026, 12, 1), status="publicada", published_at=now, **common)
    january = Old.objects.create(period=date(2027, 1, 1), **common)
    old.get_model("transparency", "HistoricalPublication").objects.create(
        id=december.pk,
        period=december.period,
        section_id=section.pk,
        item_id=item.pk,
        directorate_id=directorate.pk,
        prepared_by_id=user.pk,
        prepared_at=now,
        history_date=now,
        history_type="+",
    )

    new = _migrate(AFTER)

    assert Publication.objects.get(pk=december.pk).reported_through == date(2026, 11, 30)
    assert Publication.objects.get(pk=january.pk).reported_through == date(2026, 12, 31)
    history = new.get_model("transparency", "HistoricalPublication").objects.get(id=december.pk)
    assert history.reported_through == date(2026, 11, 30)
    # Nothing else of a published version changed.
    assert Publication.objects.get(pk=december.pk).status == "publicada"
