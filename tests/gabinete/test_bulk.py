"""Bulk actions (gabinete/bulk.py) through Gabinete's bulk validation of sent measurements."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from gabinete.bulk import token_of
from gabinete.models import Activity
from indicators.models import Measurement, MeasurementStatus
from tests.indicators.factories import IndicatorFactory, IndicatorYearFactory, measurement, open_period

BULK = reverse("indicators:review-bulk")


@pytest.fixture
def liaison(user_factory):
    return user_factory("enlace", "aseo", username="enlace.bloque")


def sent(liaison, name, *, by=None):
    iy = IndicatorYearFactory(indicator=IndicatorFactory(name=name))
    who = by or liaison
    return measurement(
        iy,
        open_period(),
        value="91",
        status=MeasurementStatus.SUBMITTED,
        by=who,
        submitted_by=who,
        submitted_at=timezone.now(),
    )


def confirm(client, rows, tokens=None):
    data = {"accion": "validar", "seleccion": [m.pk for m in rows], "confirmar": "1"}
    for m in rows:
        data[f"token-{m.pk}"] = (tokens or {}).get(m.pk, token_of(m))
    return client.post(BULK, data)


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_bulk_validation_applies_each_row_through_the_service_and_reports_the_one_that_fails(
    client, gabinete_user, liaison
):
    first, second = sent(liaison, "Reclamos"), sent(liaison, "Podas")
    own = sent(liaison, "Propio", by=gabinete_user)  # Gabinete never validates what it sent itself
    client.force_login(gabinete_user)
    response = confirm(client, [first, own, second])
    assert response.status_code == 302 and response.url == reverse("indicators:review-list")
    statuses = dict(Measurement.objects.values_list("pk", "status"))
    assert statuses[first.pk] == statuses[second.pk] == MeasurementStatus.VALIDATED
    assert statuses[own.pk] == MeasurementStatus.SUBMITTED
    messages = texts(response)
    assert any("aplicada a 2" in m for m in messages)
    assert any(m.startswith(f"«{own}»") and "usted mismo" in m for m in messages)
    assert Measurement.objects.get(pk=first.pk).reviewed_by == gabinete_user


def test_the_activity_log_has_one_entry_per_row(client, gabinete_user, liaison):
    rows = [sent(liaison, f"Indicador {i}") for i in range(3)]
    client.force_login(gabinete_user)
    confirm(client, rows)
    entries = Activity.objects.filter(verb="measurement.validate")
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(str(m.pk) for m in rows)
    assert set(entries.values_list("actor", flat=True)) == {gabinete_user.pk}


def test_the_confirmation_lists_what_will_change_and_changes_nothing(client, gabinete_user, liaison):
    first, own = sent(liaison, "Reclamos"), sent(liaison, "Propio", by=gabinete_user)
    client.force_login(gabinete_user)
    response = client.post(BULK, {"accion": "validar", "seleccion": [first.pk, own.pk]})
    assert response.status_code == 200
    text = response.text
    assert str(first) in text and str(own) in text
    assert text.count("Enviada a Gabinete → Validada") == 2
    assert "No se aplicará" in text and "usted mismo" in text  # the row the rule will refuse says so
    assert f'name="token-{first.pk}" value="{token_of(first)}"' in text
    assert not Measurement.objects.filter(status=MeasurementStatus.VALIDATED).exists()


def test_a_stale_row_is_reported_and_not_applied(client, gabinete_user, liaison):
    fresh, changed = sent(liaison, "Reclamos"), sent(liaison, "Podas")
    seen = token_of(changed)
    # Meanwhile somebody returns it to the directorate and the directorate sends it again.
    changed.observations = "Revisar"
    changed.save(update_fields=["observations"])
    client.force_login(gabinete_user)
    response = confirm(client, [fresh, changed], tokens={changed.pk: seen})
    assert Measurement.objects.get(pk=fresh.pk).status == MeasurementStatus.VALIDATED
    assert Measurement.objects.get(pk=changed.pk).status == MeasurementStatus.SUBMITTED
    assert any(m.startswith(f"«{changed}»") and "Cambió mientras usted confirmaba" in m for m in texts(response))


def test_a_liaison_cannot_bulk_validate(client, liaison):
    row = sent(liaison, "Reclamos")
    client.force_login(liaison)
    assert confirm(client, [row]).status_code == 403
    assert Measurement.objects.get(pk=row.pk).status == MeasurementStatus.SUBMITTED


def test_the_alcalde_reads_the_queue_but_cannot_bulk_validate(client, user_factory, liaison):
    alcalde = user_factory("alcalde", "gabinete-de-alcaldia", username="alcalde.bloque")
    row = sent(liaison, "Reclamos")
    client.force_login(alcalde)
    listing = client.get(reverse("indicators:review-list"))
    assert listing.status_code == 200 and 'id="queue-bulk"' not in listing.text
    assert confirm(client, [row]).status_code == 403
    assert Measurement.objects.get(pk=row.pk).status == MeasurementStatus.SUBMITTED


def test_a_row_outside_the_queue_is_not_found_and_nothing_is_chosen_is_a_message(client, gabinete_user, liaison):
    draft = measurement(IndicatorYearFactory(), open_period(), value="50", status=MeasurementStatus.DRAFT, by=liaison)
    client.force_login(gabinete_user)
    response = confirm(client, [draft])
    assert Measurement.objects.get(pk=draft.pk).status == MeasurementStatus.DRAFT
    assert any("ya no están en la lista" in m for m in texts(response))
    response = client.post(BULK, {"accion": "validar"})
    assert response.status_code == 302 and any("Marque al menos una fila" in m for m in texts(response))
    response = client.post(BULK, {"accion": "borrar", "seleccion": [draft.pk]})
    assert any("Elija una acción" in m for m in texts(response))


def test_the_way_back_never_leaves_the_site(client, gabinete_user, liaison):
    row = sent(liaison, "Reclamos")
    client.force_login(gabinete_user)
    data = {"accion": "validar", "seleccion": [row.pk], "confirmar": "1", f"token-{row.pk}": token_of(row)}
    response = client.post(BULK, {**data, "volver": "https://ejemplo.com/"})
    assert response.url == reverse("indicators:review-list")


def test_rows_numbered_past_a_thousand_are_applied(client, gabinete_user, liaison):
    """Chilean number formatting writes 1398 as «1.398»: the selection and its tokens must carry the plain id."""
    row = sent(liaison, "Reclamos")
    Measurement.objects.filter(pk=row.pk).update(id=row.pk + 12345)
    row = Measurement.objects.get(pk=row.pk + 12345)
    client.force_login(gabinete_user)
    listing = client.get(reverse("indicators:review-list"))
    assert f'name="seleccion" value="{row.pk}"' in listing.text
    page = client.post(BULK, {"accion": "validar", "seleccion": [row.pk]})
    assert f'name="token-{row.pk}" value="{token_of(row)}"' in page.text
    confirm(client, [row])
    assert Measurement.objects.get(pk=row.pk).status == MeasurementStatus.VALIDATED
