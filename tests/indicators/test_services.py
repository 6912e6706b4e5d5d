"""The measurement workflow and every bad input the issue lists: a clear Spanish message, nothing
saved half-way, nothing validated changes."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators import services
from indicators.models import Measurement, Period
from tests.indicators.factories import IndicatorYearFactory, measurement, open_period, period

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def iy(directorates):
    return IndicatorYearFactory()


def enter(iy, people, **kw):
    kw.setdefault("value", "88")
    return services.measurement_enter(indicator_year=iy, period=open_period(), by=people["enlace"], **kw)


def test_the_whole_workflow_enter_submit_return_correct_validate(iy, people):
    m = enter(iy, people, comment="Dato del sistema", evidence=SimpleUploadedFile("r.pdf", PDF_BYTES))
    assert m.status == "draft" and m.judgement == "at_risk" and m.evidence
    services.measurement_submit(measurement=m, by=people["director"])
    services.measurement_return(measurement=m, observations="Falta el respaldo", by=people["gabinete"])
    m.refresh_from_db()
    assert m.status == "returned" and m.observations == "Falta el respaldo"
    services.measurement_update(measurement=m, value="91", comment="Corregido", by=people["enlace"])
    m.refresh_from_db()
    assert m.status == "draft"  # corrected: back to the director
    services.measurement_submit(measurement=m, reply="Valor corregido con respaldo", by=people["director"])
    services.measurement_validate(measurement=m, by=people["gabinete"])
    m.refresh_from_db()
    assert (m.status, m.value, m.judgement, m.is_current) == ("validated", Decimal("91"), "on_track", True)
    assert m.history.count() >= 5


def test_a_ratio_is_computed_from_numerator_and_denominator(iy, people):
    iy.is_ratio = True
    iy.save()
    m = enter(iy, people, value=None, numerator="45", denominator="50")
    assert m.value == Decimal("90.0000") and m.judgement == "on_track"


@pytest.mark.parametrize(
    ("unit", "ratio", "data", "field", "message"),
    [
        ("percent", False, {"value": "140"}, "value", "excede el 100 %"),
        ("days", False, {"value": "-3"}, "value", "no puede ser negativo"),
        ("percent", False, {"value": "mucho"}, "value", "Escriba el número como 1.843"),
        ("percent", False, {"value": ""}, "value", "Ingrese el valor del período"),
        ("percent", True, {"numerator": "10", "denominator": "0"}, "denominator", "no puede ser cero"),
        ("percent", True, {"numerator": "150", "denominator": "100"}, "numerator", "excede el 100 %"),
        ("percent", True, {"numerator": "abc", "denominator": "10"}, "numerator", "Escriba el número como 1.843"),
    ],
)
def test_bad_values_are_refused_with_a_spanish_message_and_nothing_saved(iy, people, unit, ratio, data, field, message):
    iy.unit, iy.is_ratio = unit, ratio
    iy.save()
    data = {"value": None, **data}
    with pytest.raises(ValidationError) as exc:
        enter(iy, people, **data)
    assert message in " ".join(exc.value.message_dict[field])
    assert not Measurement.objects.exists()


@pytest.mark.date_sensitive
def test_a_period_that_is_not_open_is_refused(iy, people):
    future = Period.objects.filter(year=iy.year + 1).first() or period(iy.year + 1, 1)
    iy_next = IndicatorYearFactory(indicator=iy.indicator, year=future.year)
    with pytest.raises(ValidationError) as exc:
        services.measurement_enter(indicator_year=iy_next, period=future, value="90", by=people["enlace"])
    assert "no está abierto" in exc.value.messages[0]
    closed = open_period()
    closed.closes_on = closed.opens_on
    closed.opens_on = closed.opens_on - timedelta(days=400)
    closed.closes_on = closed.opens_on
    closed.save()
    with pytest.raises(ValidationError):
        enter(iy, people)
    assert not Measurement.objects.exists()


def test_a_period_of_another_periodicity_is_refused(iy, people):
    quarter = period(iy.year, 1, "quarterly")
    with pytest.raises(ValidationError) as exc:
        services.measurement_enter(indicator_year=iy, period=quarter, value="90", by=people["enlace"])
    assert "periodicidad" in exc.value.messages[0]


@pytest.mark.date_sensitive
def test_liaison_cannot_enter_or_submit_another_directorates_value(iy, people):
    with pytest.raises(PermissionDenied):
        services.measurement_enter(indicator_year=iy, period=open_period(), value="90", by=people["other_enlace"])
    m = enter(iy, people)
    with pytest.raises(PermissionDenied):
        services.measurement_submit(measurement=m, by=people["other_enlace"])
    m.refresh_from_db()
    assert m.status == "draft"


def test_a_liaison_cannot_submit_only_the_director_can(iy, people):
    m = enter(iy, people)
    with pytest.raises(PermissionDenied) as exc:
        services.measurement_submit(measurement=m, by=people["enlace"])
    assert "director" in str(exc.value)


@pytest.mark.date_sensitive
def test_gabinete_cannot_validate_its_own_measurement(directorates, user_factory, people):
    # Gabinete de Alcaldía reports its own indicators: its enlace is Gabinete staff too.
    staff = people["gabinete"]
    user_factory("enlace", "gabinete-de-alcaldia", username="carolina")
    director = user_factory("director", "gabinete-de-alcaldia", username="jefe")
    iy = IndicatorYearFactory(indicator__directorate=directorates["gabinete-de-alcaldia"])
    m = services.measurement_enter(indicator_year=iy, period=open_period(), value="95", by=staff)
    services.measurement_submit(measurement=m, by=director)
    with pytest.raises(PermissionDenied) as exc:
        services.measurement_validate(measurement=m, by=staff)
    assert "usted mismo" in str(exc.value)
    m.refresh_from_db()
    assert m.status == "submitted"
    services.measurement_validate(measurement=m, by=people["gabinete2"])


@pytest.mark.date_sensitive
def test_gabinete_cannot_validate_a_value_it_submitted_itself(directorates, user_factory):
    """Four eyes: the Jefa de Gabinete directs Gabinete de Alcaldía (she sends its values) and is
    Gabinete staff (she validates values): she may not validate a value she sent herself."""
    from indicators import permissions

    enlace = user_factory("enlace", "gabinete-de-alcaldia", username="enlace.gabinete")
    jefa = user_factory("director", "gabinete-de-alcaldia", username="jefa.gabinete")
    user_factory("gabinete", "gabinete-de-alcaldia", username="jefa.gabinete")
    colleague = user_factory("gabinete", "gabinete-de-alcaldia", username="analista.gabinete")
    iy = IndicatorYearFactory(indicator__directorate=directorates["gabinete-de-alcaldia"])
    m = services.measurement_enter(indicator_year=iy, period=open_period(), value="95", by=enlace)
    services.measurement_submit(measurement=m, by=jefa)
    m.refresh_from_db()
    assert m.submitted_by == jefa and m.entered_by == enlace
    assert not permissions.can_review_measurement(jefa, m)
    for review in (
        lambda: services.measurement_validate(measurement=m, by=jefa),
        lambda: services.measurement_return(measurement=m, observations="Revisar", by=jefa),
    ):
        with pytest.raises(PermissionDenied) as exc:
            review()
        assert "usted mismo" in str(exc.value)
    m.refresh_from_db()
    assert m.status == "submitted" and m.reviewed_by is None
    assert permissions.can_review_measurement(colleague, m)
    services.measurement_validate(measurement=m, by=colleague)


def test_liaison_cannot_validate(iy, people):
    m = enter(iy, people)
    services.measurement_submit(measurement=m, by=people["director"])
    with pytest.raises(PermissionDenied):
        services.measurement_validate(measurement=m, by=people["enlace"])


def test_a_return_needs_observations(iy, people):
    m = enter(iy, people)
    services.measurement_submit(measurement=m, by=people["director"])
    with pytest.raises(ValidationError):
        services.measurement_return(measurement=m, observations="  ", by=people["gabinete"])
    m.refresh_from_db()
    assert m.status == "submitted"


def test_a_validated_value_is_locked(iy, people):
    m = enter(iy, people)
    services.measurement_submit(measurement=m, by=people["director"])
    services.measurement_validate(measurement=m, by=people["gabinete"])
    with pytest.raises(ValidationError) as exc:
        services.measurement_update(measurement=m, value="10", by=people["enlace"])
    assert "ya no se puede modificar" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        enter(iy, people, value="10")
    with pytest.raises(ValidationError):
        services.measurement_submit(measurement=m, by=people["director"])
    m.refresh_from_db()
    assert m.value == Decimal("88") and m.status == "validated"


def test_a_correction_is_a_new_revision_and_replaces_the_value_only_when_validated(iy, people):
    m = enter(iy, people)
    services.measurement_submit(measurement=m, by=people["director"])
    services.measurement_validate(measurement=m, by=people["gabinete"])
    with pytest.raises(ValidationError):
        services.measurement_correct(measurement=m, reason="", by=people["enlace"])
    c = services.measurement_correct(measurement=m, reason="Faltaba un reclamo", by=people["enlace"])
    assert (c.revision, c.corrects_id, c.is_current, c.status) == (2, m.pk, False, "draft")
    services.measurement_update(measurement=c, value="92", by=people["enlace"])
    services.measurement_submit(measurement=c, by=people["director"])
    m.refresh_from_db()
    assert m.is_current and m.value == Decimal("88")  # still the current value
    services.measurement_validate(measurement=c, by=people["gabinete"])
    m.refresh_from_db()
    c.refresh_from_db()
    assert not m.is_current and m.status == "validated" and m.value == Decimal("88")
    assert c.is_current and c.value == Decimal("92")


def test_wrong_evidence_file_type_is_refused_and_nothing_saved(iy, people):
    with pytest.raises(ValidationError) as exc:
        enter(iy, people, evidence=SimpleUploadedFile("respaldo.pdf", b"MZ\x90\x00\x03\x00\x00\x00" * 10))
    assert "no corresponde a un tipo permitido" in " ".join(exc.value.messages)
    assert not Measurement.objects.exists()


def test_oversized_evidence_is_refused(iy, people, monkeypatch):
    big = SimpleUploadedFile("r.pdf", PDF_BYTES)
    big.size = 11 * 1024 * 1024
    with pytest.raises(ValidationError) as exc:
        enter(iy, people, evidence=big)
    assert "máximo permitido es 10 MB" in " ".join(exc.value.messages)
    assert not Measurement.objects.exists()


def test_a_bad_edit_leaves_the_saved_value_intact(iy, people):
    m = enter(iy, people)
    with pytest.raises(ValidationError):
        services.measurement_update(measurement=m, value="140", by=people["enlace"])
    m.refresh_from_db()
    assert m.value == Decimal("88")


def test_a_stale_edit_is_refused(iy, people):
    m = enter(iy, people)
    services.measurement_update(measurement=m, value="89", by=people["enlace"], expected_version=m.version)
    with pytest.raises(ValidationError) as exc:
        services.measurement_update(measurement=m, value="70", by=people["enlace"], expected_version=1)
    assert "Otra persona" in exc.value.messages[0]


@pytest.mark.date_sensitive
def test_submitting_after_the_due_date_marks_it_late(iy, people):
    p = open_period()
    m = enter(iy, people)
    Period.objects.filter(pk=p.pk).update(
        due_on=p.opens_on - timedelta(days=1), opens_on=p.opens_on - timedelta(days=2)
    )
    services.measurement_submit(measurement=m, by=people["director"])
    m.refresh_from_db()
    assert m.submitted_late


def test_next_years_formula_change_does_not_rewrite_last_years_results(iy, people):
    m = enter(iy, people, value="86")
    services.measurement_submit(measurement=m, by=people["director"])
    services.measurement_validate(measurement=m, by=people["gabinete"])
    with pytest.raises(ValidationError) as exc:
        services.indicator_year_update(indicator_year=iy, name="", data={"unit": "number"}, by=people["gabinete"])
    assert "año siguiente" in exc.value.messages[0]
    nxt = services.indicator_year_carry_forward(indicator_year=iy, year=iy.year + 1, by=people["gabinete"])
    services.indicator_year_update(
        indicator_year=nxt,
        name="",
        data={
            "unit": "number",
            "target": Decimal(50),
            "is_ratio": True,
            "numerator_description": "a",
            "denominator_description": "b",
        },
        by=people["gabinete"],
    )
    m.refresh_from_db()
    iy.refresh_from_db()
    assert (iy.unit, iy.target, m.value, m.judgement) == ("percent", Decimal(90), Decimal(86), "at_risk")


def test_only_gabinete_manages_the_catalogue(iy, people, directorates):
    with pytest.raises(PermissionDenied):
        services.indicator_create(
            directorate=directorates["aseo"],
            code="X",
            name="X",
            year=2026,
            data={"definition": "x", "target": 1},
            by=people["director"],
        )
    with pytest.raises(PermissionDenied):
        services.indicator_year_update(indicator_year=iy, name="x", data={}, by=people["enlace"])


def test_a_directorate_proposes_changes_only_to_its_own_indicators(iy, people, directorates):
    p = services.proposal_create(
        directorate=directorates["aseo"],
        indicator=iy.indicator,
        year=iy.year + 1,
        summary="Subir la meta a 95 %",
        by=people["enlace"],
    )
    with pytest.raises(PermissionDenied):
        services.proposal_create(
            directorate=directorates["aseo"],
            indicator=iy.indicator,
            year=iy.year + 1,
            summary="x",
            by=people["other_enlace"],
        )
    with pytest.raises(ValidationError):
        services.proposal_decide(proposal=p, accept=False, response="", by=people["gabinete"])
    services.proposal_decide(proposal=p, accept=True, response="Se aplicará en el catálogo", by=people["gabinete"])
    p.refresh_from_db()
    assert p.status == "accepted"


@pytest.mark.date_sensitive
def test_measurement_factory_helper(iy, people):
    m = measurement(iy, open_period(), value="80", by=people["enlace"])
    assert m.judgement == "off_track"
