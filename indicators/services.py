"""Writes on indicators and measurements: one function per action, each in a transaction, each taking
the acting user. Bad input raises `ValidationError` with a Spanish message and saves nothing; an
action the user may not take raises `PermissionDenied`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeAlias

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gabinete import activity, notifications
from gabinete.concurrency import StaleObjectError, check_version
from gabinete.models import Delivery, Directorate
from gabinete.numbers import format_chilean_number, parse_chilean_number
from gabinete.types import AnyUser, User
from gabinete.workflow import Next, Tone, Transition, Workflow, requires_detail

from . import permissions as perms
from .models import (
    EDITABLE,
    UNIT_RANGES,
    ChangeProposal,
    Indicator,
    IndicatorYear,
    Measurement,
    MeasurementStatus,
    Period,
    ProposalStatus,
    Unit,
)
from .status import Direction

MEASUREMENT_ENTERED = activity.Verb("measurement.entered", _("Ingresó el valor del período"))
MEASUREMENT_UPDATED = activity.Verb("measurement.updated", _("Modificó el valor del período"))
MEASUREMENT_CORRECTION_OPENED = activity.Verb("measurement.correction_opened", _("Abrió una corrección del valor"))
INDICATOR_CREATED = activity.Verb("indicator.created", _("Agregó el indicador al catálogo"))
INDICATOR_YEAR_UPDATED = activity.Verb("indicator.year_updated", _("Editó la definición del año"))
INDICATOR_YEAR_CARRIED = activity.Verb("indicator.year_carried_forward", _("Creó la definición del año siguiente"))
PROPOSAL_CREATED = activity.Verb("proposal.created", _("Propuso un cambio de indicador"))

#: What an edit of a value records as before/after.
MEASUREMENT_TRACKED = ("value", "numerator", "denominator", "comment", "evidence", "status")

#: Fields of a yearly definition that decide how values are computed and judged: once the year has a
#: validated value they are fixed (a new definition for next year is the way to change them).
FORMULA_FIELDS = ("is_ratio", "unit", "periodicity", "numerator_description", "denominator_description", "formula")


#: A figure as a form gives it (Decimal), as a number, or as text typed the Chilean way ("1.843,5").
NumberInput: TypeAlias = Decimal | int | str | None


def _decimal(value: NumberInput, field: str) -> Decimal | None:
    """A value as the form gives it (Decimal) or as text typed the Chilean way ("1.843,5")."""
    if value is None or value == "":
        return None
    try:
        return parse_chilean_number(value, max_digits=16, decimal_places=4)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def compute_value(
    indicator_year: IndicatorYear,
    *,
    value: NumberInput = None,
    numerator: NumberInput = None,
    denominator: NumberInput = None,
) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """Check a value (or numerator and denominator) against the indicator's formula and unit.

    Returns (value, numerator, denominator). Raises ValidationError naming the field at fault.
    """
    value = _decimal(value, "value")
    numerator = _decimal(numerator, "numerator")
    denominator = _decimal(denominator, "denominator")
    if indicator_year.is_ratio:
        errors = {}
        if numerator is None:
            errors["numerator"] = _("Ingrese el numerador: este indicador se calcula como una razón.")
        if denominator is None:
            errors["denominator"] = _("Ingrese el denominador: este indicador se calcula como una razón.")
        elif denominator == 0:
            errors["denominator"] = _("El denominador no puede ser cero: la razón no se puede calcular.")
        if errors:
            raise ValidationError(errors)
        assert numerator is not None and denominator is not None  # for mypy: both given, or errors above
        if numerator < 0 or denominator < 0:
            raise ValidationError({"numerator": _("El numerador y el denominador no pueden ser negativos.")})
        value = indicator_year.compute_value(numerator, denominator)
        field = "numerator"
    else:
        if value is None:
            raise ValidationError({"value": _("Ingrese el valor del período.")})
        numerator = denominator = None
        field = "value"
    low, high = UNIT_RANGES[indicator_year.unit]
    unit = indicator_year.get_unit_display().lower()
    if low is not None and value < low:
        raise ValidationError(
            {
                field: _("El valor %(value)s no es válido: un indicador en %(unit)s no puede ser negativo.")
                % {"value": _fmt(value), "unit": unit}
            }
        )
    if high is not None and value > high:
        raise ValidationError(
            {
                field: _("El valor %(value)s %% excede el 100 %%: un porcentaje debe estar entre 0 y 100.")
                % {"value": _fmt(value)}
            }
            if indicator_year.unit == Unit.PERCENT
            else {field: _("El valor excede el máximo permitido para la unidad.")}
        )
    return value, numerator, denominator


def _fmt(value: Decimal) -> str:
    return format_chilean_number(value)


def _check_period(indicator_year: IndicatorYear, period: Period) -> None:
    if period.year != indicator_year.year or period.periodicity != indicator_year.periodicity:
        raise ValidationError(_("El período no corresponde a la periodicidad ni al año de este indicador."))
    today = timezone.localdate()
    if not period.is_open(today):
        raise ValidationError(
            _(
                "El período %(period)s no está abierto para ingresar datos: abre el %(opens)s y cierra el %(closes)s. "
                "Si necesita ingresarlo, pida a Gabinete que reabra el período."
            )
            % {"period": period.label, "opens": f"{period.opens_on:%d-%m-%Y}", "closes": f"{period.closes_on:%d-%m-%Y}"}
        )


def _lock(measurement: Measurement) -> Measurement:
    """Re-read the measurement under a row lock so two people cannot move it at once."""
    return Measurement.objects.select_for_update().with_related().get(pk=measurement.pk)


# --- measurements -------------------------------------------------------------------------------


def _directorate_of(measurement: Measurement) -> Directorate:
    return measurement.indicator_year.indicator.directorate


@activity.service
def measurement_enter(
    *,
    indicator_year: IndicatorYear,
    period: Period,
    value: NumberInput = None,
    numerator: NumberInput = None,
    denominator: NumberInput = None,
    comment: str = "",
    evidence: UploadedFile | None = None,
    by: User,
) -> Measurement:
    """The directorate's enlace (or director) records the value of a period, as a draft."""
    if not perms.can_enter_measurement(by, indicator_year):
        raise PermissionDenied(_("Solo el enlace o el director de la dirección puede ingresar sus valores."))
    _check_period(indicator_year, period)
    existing = Measurement.objects.filter(indicator_year=indicator_year, period=period)
    if existing.filter(status__in=EDITABLE + (MeasurementStatus.SUBMITTED,)).exists():
        raise ValidationError(_("Este período ya tiene un valor en trámite: edítelo en lugar de crear otro."))
    if existing.filter(status=MeasurementStatus.VALIDATED).exists():
        raise ValidationError(_("Este período ya tiene un valor validado: para cambiarlo, solicite una corrección."))
    value, numerator, denominator = compute_value(
        indicator_year, value=value, numerator=numerator, denominator=denominator
    )
    measurement = Measurement(
        indicator_year=indicator_year,
        period=period,
        value=value,
        numerator=numerator,
        denominator=denominator,
        comment=comment,
        entered_by=by,
    )
    if evidence:
        measurement.evidence = evidence
    measurement.refresh_judgement()
    measurement.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            measurement.save()
    except IntegrityError as exc:  # somebody entered the same period a moment ago
        raise ValidationError(_("Otra persona acaba de ingresar este período. Recargue la página.")) from exc
    activity.record(
        actor=by,
        verb=MEASUREMENT_ENTERED,
        target=measurement,
        directorate=_directorate_of(measurement),
        changes={"value": activity.snapshot(measurement, ["value"])["value"]},
    )
    return measurement


@activity.service
def measurement_update(
    *,
    measurement: Measurement,
    value: NumberInput = None,
    numerator: NumberInput = None,
    denominator: NumberInput = None,
    comment: str = "",
    evidence: UploadedFile | None = None,
    expected_version: int | None = None,
    by: User,
) -> Measurement:
    """Change a draft or returned value (a validated or sent one is locked). A corrected returned value
    goes back to draft, waiting for the director to send it again."""
    try:
        check_version(measurement, expected_version)
    except StaleObjectError as exc:
        raise ValidationError(str(exc)) from exc
    measurement = _lock(measurement)
    if measurement.status not in EDITABLE:
        raise ValidationError(
            _("Esta medición está %(status)s y ya no se puede modificar.")
            % {"status": measurement.get_status_display().lower()}
        )
    if not perms.can_edit_measurement(by, measurement):
        raise PermissionDenied(_("Solo el enlace o el director de la dirección puede modificar sus valores."))
    _check_period(measurement.indicator_year, measurement.period)
    value, numerator, denominator = compute_value(
        measurement.indicator_year, value=value, numerator=numerator, denominator=denominator
    )
    before = activity.snapshot(measurement, MEASUREMENT_TRACKED)
    measurement.value, measurement.numerator, measurement.denominator = value, numerator, denominator
    measurement.comment = comment
    if evidence:
        measurement.evidence = evidence
    measurement.status = MeasurementStatus.DRAFT
    measurement.refresh_judgement()
    measurement.full_clean(validate_constraints=False)
    measurement.save()
    activity.record(
        actor=by,
        verb=MEASUREMENT_UPDATED,
        target=measurement,
        directorate=_directorate_of(measurement),
        changes=activity.changes_between(before, activity.snapshot(measurement, MEASUREMENT_TRACKED), Measurement),
    )
    return measurement


def _value_missing(measurement: Measurement, **details: Any) -> list[str]:
    return [_("La medición no tiene valor: ingréselo antes de enviarla.")] if measurement.value is None else []


def _may_review(user: AnyUser, measurement: Measurement) -> bool:
    return not perms.is_own_measurement(user, measurement) and perms.can_review_measurement(user, measurement)


def _review_refusal(user: AnyUser, measurement: Measurement) -> str:
    if perms.is_own_measurement(user, measurement):
        return _("No puede validar ni devolver una medición que usted mismo ingresó o envió.")
    return _("Solo Gabinete puede validar o devolver mediciones.")


def _measurement_audience(measurement: Measurement, transition: Transition, by: User) -> list[User]:
    """A value sent waits for whoever may validate it (Gabinete, never its own author); the answer —
    returned or validated — goes back to the directorate's director and liaisons."""
    if transition.name == "submit":
        return [u for u in activity.gabinete_people() if not perms.is_own_measurement(u, measurement)]
    return [*activity.directorate_people(_directorate_of(measurement)), measurement.entered_by]


MEASUREMENT_SUBMITTED_KIND = notifications.Kind(
    "indicators.measurement_submitted",
    gettext_lazy("Mediciones que esperan mi validación"),
    verbs=["measurement.submit"],
)
MEASUREMENT_RETURNED_KIND = notifications.Kind(
    "indicators.measurement_returned",
    gettext_lazy("Mediciones devueltas a mi dirección"),
    verbs=["measurement.return"],
)
MEASUREMENT_VALIDATED_KIND = notifications.Kind(
    "indicators.measurement_validated",
    gettext_lazy("Mediciones validadas de mi dirección"),
    verbs=["measurement.validate"],
    default=Delivery.DIGEST,
)

#: Measurements: entry (borrador) → sent to Gabinete → validated, or returned with observations.
MEASUREMENT_WORKFLOW = Workflow(
    states=MeasurementStatus,
    notify=_measurement_audience,
    wrong_state=gettext_lazy("No se puede realizar esta acción: la medición está «%(status)s»."),
    next_steps={
        MeasurementStatus.DRAFT: Next(
            gettext_lazy("Ahora el director o la directora debe enviarlo a Gabinete."),
            gettext_lazy("Director o directora de la dirección"),
        ),
        MeasurementStatus.SUBMITTED: Next(
            gettext_lazy("Ahora Gabinete debe validarlo o devolverlo con observaciones."),
            gettext_lazy("Gabinete"),
        ),
        MeasurementStatus.RETURNED: Next(
            gettext_lazy(
                "Ahora la dirección debe corregirlo y el director o la directora enviarlo de nuevo, "
                "respondiendo a las observaciones."
            ),
            gettext_lazy("Enlace y director o directora de la dirección"),
        ),
        MeasurementStatus.VALIDATED: Next(gettext_lazy("El valor queda bloqueado: no requiere más pasos.")),
    },
    tones={
        MeasurementStatus.DRAFT: Tone.NEUTRAL,
        MeasurementStatus.SUBMITTED: Tone.WARNING,
        MeasurementStatus.RETURNED: Tone.DANGER,
        MeasurementStatus.VALIDATED: Tone.SUCCESS,
    },
    transitions=[
        Transition(
            "submit",
            EDITABLE,
            MeasurementStatus.SUBMITTED,
            gettext_lazy("Enviar a Gabinete"),
            allowed=perms.can_submit_measurement,
            refusal=gettext_lazy(
                "Solo el director o la directora de la dirección puede enviar sus valores a Gabinete."
            ),
            needs=_value_missing,
            done=gettext_lazy("Medición enviada a Gabinete."),
            answers="return",
        ),
        Transition(
            "return",
            (MeasurementStatus.SUBMITTED,),
            MeasurementStatus.RETURNED,
            gettext_lazy("Devolver con observaciones"),
            allowed=_may_review,
            refusal=_review_refusal,
            needs=requires_detail(
                "observations", gettext_lazy("Escriba las observaciones: la dirección necesita saber qué corregir.")
            ),
            needs_field="observations",
            done=gettext_lazy("Medición devuelta a la dirección con sus observaciones."),
            records={"observations": gettext_lazy("Observaciones")},
        ),
        Transition(
            "validate",
            (MeasurementStatus.SUBMITTED,),
            MeasurementStatus.VALIDATED,
            gettext_lazy("Validar"),
            allowed=_may_review,
            refusal=_review_refusal,
            done=gettext_lazy("Medición validada."),
        ),
    ],
)


@activity.service
def measurement_submit(*, measurement: Measurement, by: User, reply: str = "") -> Measurement:
    """The director sends the value to Gabinete; a value sent after the due date is marked late. A value
    returned with observations goes again only changed and with a reply to them (the workflow's rule)."""
    measurement = _lock(measurement)
    MEASUREMENT_WORKFLOW.apply(measurement, "submit", by=by, reply=(reply or "").strip())
    now = timezone.now()
    measurement.submitted_by, measurement.submitted_at = by, now
    measurement.submitted_late = timezone.localdate() > measurement.period.due_on
    measurement.save(update_fields=["status", "submitted_by", "submitted_at", "submitted_late"])
    return measurement


@activity.service
def measurement_return(*, measurement: Measurement, observations: str, by: User) -> Measurement:
    """Gabinete returns a sent value to the directorate with its observations."""
    measurement = _lock(measurement)
    observations = (observations or "").strip()
    MEASUREMENT_WORKFLOW.apply(measurement, "return", by=by, observations=observations)
    measurement.observations = observations
    measurement.reviewed_by, measurement.reviewed_at = by, timezone.now()
    measurement.save(update_fields=["status", "observations", "reviewed_by", "reviewed_at"])
    return measurement


@activity.service
def measurement_validate(*, measurement: Measurement, by: User) -> Measurement:
    """Gabinete validates a sent value: it is locked from now on. A validated correction replaces the
    value it corrects as the current one (the old one stays, validated, for the record)."""
    measurement = _lock(measurement)
    MEASUREMENT_WORKFLOW.apply(measurement, "validate", by=by)
    if measurement.corrects_id:
        Measurement.objects.filter(pk=measurement.corrects_id).update(is_current=False)
        measurement.is_current = True
    measurement.reviewed_by, measurement.reviewed_at = by, timezone.now()
    measurement.save(update_fields=["status", "reviewed_by", "reviewed_at", "is_current"])
    return measurement


@activity.service
def measurement_correct(*, measurement: Measurement, reason: str, by: User) -> Measurement:
    """Open a correction of a validated value: a new revision, in draft, that goes through the whole
    workflow again. Until Gabinete validates it, the validated value stays the current one."""
    measurement = _lock(measurement)
    if not perms.can_correct_measurement(by, measurement):
        raise PermissionDenied(_("Solo la dirección puede corregir sus valores validados."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Explique el motivo de la corrección.")})
    if Measurement.objects.filter(
        indicator_year=measurement.indicator_year,
        period=measurement.period,
        status__in=EDITABLE + (MeasurementStatus.SUBMITTED,),
    ).exists():
        raise ValidationError(_("Ya hay una corrección en trámite para este período."))
    correction = Measurement.objects.create(
        indicator_year=measurement.indicator_year,
        period=measurement.period,
        value=measurement.value,
        numerator=measurement.numerator,
        denominator=measurement.denominator,
        judgement=measurement.judgement,
        comment=measurement.comment,
        evidence=measurement.evidence.name if measurement.evidence else "",
        is_current=False,
        revision=measurement.revision + 1,
        corrects=measurement,
        correction_reason=reason.strip(),
        entered_by=by,
    )
    activity.record(
        actor=by,
        verb=MEASUREMENT_CORRECTION_OPENED,
        target=correction,
        directorate=_directorate_of(measurement),
        changes={"reason": reason.strip()},
    )
    return correction


# --- the catalogue ------------------------------------------------------------------------------

YEAR_FIELDS = (
    "objective",
    "definition",
    "is_ratio",
    "numerator_description",
    "denominator_description",
    "formula",
    "unit",
    "unit_label",
    "periodicity",
    "baseline",
    "baseline_year",
    "target",
    "target_max",
    "direction",
    "tolerance",
    "data_source",
    "evidence_description",
    "responsible",
)


def _check_year_data(data: dict) -> None:
    errors = {}
    if data.get("direction") == Direction.RANGE and data.get("target_max") in (None, ""):
        errors["target_max"] = _("Un indicador «dentro de un rango» necesita la meta máxima.")
    if data.get("is_ratio") and not (data.get("numerator_description") and data.get("denominator_description")):
        errors["numerator_description"] = _("Describa el numerador y el denominador de la razón.")
    if data.get("unit") == Unit.PERCENT and data.get("target") is not None and not (0 <= data["target"] <= 100):
        errors["target"] = _("La meta de un porcentaje debe estar entre 0 y 100.")
    if errors:
        raise ValidationError(errors)


@activity.service
def indicator_create(
    *, directorate: Directorate, code: str, name: str, year: int, data: dict, by: User
) -> IndicatorYear:
    """Gabinete adds an indicator to a directorate's catalogue with its definition for `year`."""
    if not perms.can_manage_catalogue(by):
        raise PermissionDenied(_("Solo Gabinete administra el catálogo de indicadores."))
    if Indicator.objects.filter(directorate=directorate, code=code).exists():
        raise ValidationError(
            {"code": _("La dirección ya tiene un indicador con el código %(code)s.") % {"code": code}}
        )
    _check_year_data(data)
    indicator = Indicator.objects.create(directorate=directorate, code=code, name=name)
    Period.objects.ensure_year(year)
    indicator_year = IndicatorYear.objects.create(
        indicator=indicator, year=year, **{k: data.get(k) for k in YEAR_FIELDS if k in data}
    )
    activity.record(
        actor=by,
        verb=INDICATOR_CREATED,
        target=indicator,
        changes={"year": year},
        recipients=activity.directorate_people(directorate),
    )
    return indicator_year


@activity.service
def indicator_year_update(
    *, indicator_year: IndicatorYear, name: str, data: dict, expected_version: int | None = None, by: User
) -> IndicatorYear:
    """Gabinete edits one year's definition. Once the year has validated values, its formula, unit and
    periodicity are fixed: changing them is done in next year's definition."""
    if not perms.can_manage_catalogue(by):
        raise PermissionDenied(_("Solo Gabinete administra el catálogo de indicadores."))
    try:
        check_version(indicator_year, expected_version)
    except StaleObjectError as exc:
        raise ValidationError(str(exc)) from exc
    _check_year_data(data)
    has_values = indicator_year.measurements.exists()
    changed = [f for f in FORMULA_FIELDS if f in data and getattr(indicator_year, f) != data[f]]
    if has_values and changed:
        raise ValidationError(
            _(
                "Este año ya tiene mediciones: la fórmula, la unidad y la periodicidad no se pueden cambiar "
                "(cambiaría resultados ya informados). Cree la definición del año siguiente con el cambio."
            )
        )
    before = activity.snapshot(indicator_year, YEAR_FIELDS)
    for key in YEAR_FIELDS:
        if key in data:
            setattr(indicator_year, key, data[key])
    indicator_year.save()
    changes = activity.changes_between(before, activity.snapshot(indicator_year, YEAR_FIELDS), IndicatorYear)
    if name and name != indicator_year.indicator.name:
        changes["name"] = {"label": _("Nombre"), "before": indicator_year.indicator.name, "after": name}
        indicator_year.indicator.name = name
        indicator_year.indicator.save(update_fields=["name"])
    # The stored status of values still in progress follows the new target; validated ones do not move.
    for m in indicator_year.measurements.filter(status__in=EDITABLE + (MeasurementStatus.SUBMITTED,)):
        m.refresh_judgement()
        m.save(update_fields=["judgement"])
    activity.record(
        actor=by,
        verb=INDICATOR_YEAR_UPDATED,
        target=indicator_year.indicator,
        changes={"year": indicator_year.year, **changes},
    )
    return indicator_year


@activity.service
def indicator_year_carry_forward(*, indicator_year: IndicatorYear, year: int, by: User) -> IndicatorYear:
    """Start `year`'s definition as a copy of this one (then edit it): last year's stays untouched."""
    if not perms.can_manage_catalogue(by):
        raise PermissionDenied(_("Solo Gabinete administra el catálogo de indicadores."))
    if IndicatorYear.objects.filter(indicator=indicator_year.indicator, year=year).exists():
        raise ValidationError(_("El indicador ya tiene definición para %(year)s.") % {"year": year})
    Period.objects.ensure_year(year)
    carried = IndicatorYear.objects.create(
        indicator=indicator_year.indicator, year=year, **{k: getattr(indicator_year, k) for k in YEAR_FIELDS}
    )
    activity.record(
        actor=by,
        verb=INDICATOR_YEAR_CARRIED,
        target=indicator_year.indicator,
        changes={"from_year": indicator_year.year, "year": year},
    )
    return carried


@activity.service
def proposal_create(
    *,
    directorate: Directorate,
    indicator: Indicator | None,
    year: int,
    summary: str,
    proposed_target: Decimal | None = None,
    by: User,
) -> ChangeProposal:
    """A directorate proposes a change to one of its own indicators (or a new one)."""
    if not perms.can_propose_change(by, directorate):
        raise PermissionDenied(_("Solo puede proponer cambios a los indicadores de su propia dirección."))
    if indicator is not None and indicator.directorate_id != directorate.pk:
        raise PermissionDenied(_("Solo puede proponer cambios a los indicadores de su propia dirección."))
    if not (summary or "").strip():
        raise ValidationError({"summary": _("Describa el cambio que propone.")})
    proposal = ChangeProposal.objects.create(
        directorate=directorate,
        indicator=indicator,
        year=year,
        summary=summary.strip(),
        proposed_target=proposed_target,
        proposed_by=by,
    )
    activity.record(
        actor=by,
        verb=PROPOSAL_CREATED,
        target=indicator or proposal,
        directorate=directorate,
        changes={"summary": proposal.summary},
        recipients=activity.gabinete_people(),
    )
    return proposal


def _proposal_audience(proposal: ChangeProposal, transition: Transition, by: User) -> list[User]:
    """Gabinete's answer to a proposal goes to who proposed it and the directorate's director and liaisons."""
    return [proposal.proposed_by, *activity.directorate_people(proposal.directorate)]


PROPOSAL_CREATED_KIND = notifications.Kind(
    "indicators.proposal_created",
    gettext_lazy("Propuestas de cambio de indicadores por resolver"),
    verbs=[PROPOSAL_CREATED.code],
)
PROPOSAL_DECIDED_KIND = notifications.Kind(
    "indicators.proposal_decided",
    gettext_lazy("Propuestas de cambio de mi dirección resueltas"),
    verbs=["changeproposal.accept", "changeproposal.reject"],
)
CATALOGUE_CHANGED_KIND = notifications.Kind(
    "indicators.catalogue_changed",
    gettext_lazy("Indicadores nuevos en el catálogo de mi dirección"),
    verbs=[INDICATOR_CREATED.code],
    default=Delivery.DIGEST,
)

#: Change proposals: pendiente → aceptada | rechazada (Gabinete decides; a rejection says why).
PROPOSAL_WORKFLOW = Workflow(
    states=ProposalStatus,
    notify=_proposal_audience,
    wrong_state=gettext_lazy("Solo Gabinete resuelve propuestas pendientes."),
    next_steps={
        ProposalStatus.PENDING: Next(
            gettext_lazy("Ahora Gabinete debe aceptarla o rechazarla."), gettext_lazy("Gabinete")
        ),
        ProposalStatus.ACCEPTED: Next(gettext_lazy("Gabinete actualiza el catálogo: no requiere más pasos.")),
        ProposalStatus.REJECTED: Next(gettext_lazy("No requiere más pasos.")),
    },
    tones={
        ProposalStatus.PENDING: Tone.WARNING,
        ProposalStatus.ACCEPTED: Tone.SUCCESS,
        ProposalStatus.REJECTED: Tone.DANGER,
    },
    transitions=[
        Transition(
            "accept",
            (ProposalStatus.PENDING,),
            ProposalStatus.ACCEPTED,
            gettext_lazy("Aceptar"),
            allowed=perms.can_decide_proposal,
            refusal=gettext_lazy("Solo Gabinete resuelve propuestas pendientes."),
            done=gettext_lazy("Propuesta aceptada."),
        ),
        Transition(
            "reject",
            (ProposalStatus.PENDING,),
            ProposalStatus.REJECTED,
            gettext_lazy("Rechazar"),
            allowed=perms.can_decide_proposal,
            refusal=gettext_lazy("Solo Gabinete resuelve propuestas pendientes."),
            needs=requires_detail("response", gettext_lazy("Explique a la dirección por qué se rechaza la propuesta.")),
            needs_field="response",
            done=gettext_lazy("Propuesta rechazada."),
        ),
    ],
)


@activity.service
def proposal_decide(*, proposal: ChangeProposal, accept: bool, response: str, by: User) -> ChangeProposal:
    """Gabinete accepts (and then edits the catalogue) or rejects a directorate's proposal."""
    proposal = ChangeProposal.objects.select_for_update().get(pk=proposal.pk)
    response = (response or "").strip()
    PROPOSAL_WORKFLOW.apply(proposal, "accept" if accept else "reject", by=by, response=response)
    proposal.response = response
    proposal.decided_by, proposal.decided_at = by, timezone.now()
    proposal.save(update_fields=["status", "response", "decided_by", "decided_at"])
    return proposal
