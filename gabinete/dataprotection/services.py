"""Writes of personal data under Ley 21.719 (each atomic, told who acts with `by`; a request from the
public form and the periodic retention job have nobody behind them):

- `rights_request_submit`: a data subject's request arrives (the public form, or Gabinete registers a
  letter or an e-mail with the day it arrived). Numbered «DP-2026-0001», given its due date from
  `RightsRules` (editable data), announced to Gabinete's head and Asesoría Jurídica, and a receipt
  e-mailed to the requester.
- The steps of `RIGHTS_WORKFLOW`: `extend` (once, with its reason, before the term ends) and `answer`
  (the outcome and the text sent to the requester).
- `rights_request_export`: the copy of everything the intranet holds about the person (access,
  portability), as a ZIP with one JSON and one CSV per processing; the download is logged.
- `retention_apply`: the retention job — for each active rule, the records whose term passed are
  anonymised or deleted (their history copies too), what a law orders to publish is kept, and each
  rule applied leaves one entry in the activity log.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gabinete import activity, business_days, mail
from gabinete.concurrency import check_version
from gabinete.exports import neutralise
from gabinete.models import Membership, Role, Team
from gabinete.types import User
from gabinete.workflow import Next, Tone, Transition, Workflow, requires_detail

from . import permissions, selectors
from .models import (
    DataSubjectRequest,
    RetentionAction,
    RightsChannel,
    RightsOutcome,
    RightsRules,
    RightsStatus,
)

NUMBER_PREFIX = "DP"
NUMBER_ATTEMPTS = 5
#: Records changed per statement (SQLite's limit of parameters, and short locks).
BATCH = 500

RECEIVED = activity.Verb("datasubjectrequest.received", gettext_lazy("Recibió la solicitud de derechos"))
EXPORTED = activity.Verb(
    "datasubjectrequest.exported", gettext_lazy("Descargó la copia de los datos personales del titular")
)
RETENTION_APPLIED = activity.Verb("retentionrule.applied", gettext_lazy("Aplicó el plazo de conservación"))


# --- the terms --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RightsDeadline:
    """A request's due date and how it was counted."""

    due: date
    lines: list[str]

    @property
    def explanation(self) -> str:
        return " ".join(self.lines)


def _count(start: date, days: int, rules: RightsRules) -> date:
    if rules.business_days:
        return business_days.count_business_days(start, days).due
    due = start + timedelta(days=days)
    # A term in calendar days that ends on a day the office is closed ends the next business day
    # (Ley 19.880 art. 25, supplementary).
    while not business_days.is_business_day(due):
        due += timedelta(days=1)
    return due


def deadline(request: DataSubjectRequest, rules: RightsRules | None = None) -> RightsDeadline:
    """The one place a request's due date is computed, with the sentences that explain it."""
    rules = rules or RightsRules.current()
    unit = _("días hábiles") if rules.business_days else _("días corridos")
    due = _count(request.starts_on, rules.answer_days, rules)
    lines = [
        _("Plazo de %(n)s %(unit)s desde el %(start)s: vence el %(due)s.")
        % {"n": rules.answer_days, "unit": unit, "start": f"{request.starts_on:%d-%m-%Y}", "due": f"{due:%d-%m-%Y}"}
    ]
    if request.extended_on:
        due = _count(due, rules.extension_days, rules)
        lines.append(
            _("Prorrogado por %(n)s %(unit)s (prórroga notificada el %(on)s): vence el %(due)s.")
            % {
                "n": rules.extension_days,
                "unit": unit,
                "on": f"{request.extended_on:%d-%m-%Y}",
                "due": f"{due:%d-%m-%Y}",
            }
        )
    if not rules.terms_confirmed:
        lines.append(_("Plazos por confirmar por Asesoría Jurídica."))
    return RightsDeadline(due=due, lines=lines)


# --- who hears about it -------------------------------------------------------------------------------


def _holders() -> list:
    """Who answers the requests: the head of Gabinete and Asesoría Jurídica."""
    memberships = Membership.objects.filter(user__is_active=True).filter(role=Role.LEGAL) | Membership.objects.filter(
        user__is_active=True, role=Role.GABINETE, team=Team.HEAD
    )
    return list(get_user_model().objects.filter(memberships__in=memberships).distinct())


def _notify(request: DataSubjectRequest, transition: Transition, by) -> list:
    return [u for u in _holders() if u.pk != getattr(by, "pk", None)]


# --- the workflow ---------------------------------------------------------------------------------------


def _needs_outcome(request: DataSubjectRequest, **details) -> list[str]:
    if details.get("outcome") not in RightsOutcome.values:
        return [_("Indique si la solicitud se acoge, se acoge en parte o se rechaza.")]
    return []


def _before_due(request: DataSubjectRequest, **details) -> list[str]:
    if timezone.localdate() > request.due_date:
        return [_("El plazo ya venció: la prórroga debe notificarse antes de que termine.")]
    return []


RIGHTS_WORKFLOW = Workflow(
    states=RightsStatus,
    model=DataSubjectRequest,
    tones={
        RightsStatus.RECEIVED: Tone.WARNING,
        RightsStatus.EXTENDED: Tone.WARNING,
        RightsStatus.ANSWERED: Tone.SUCCESS,
    },
    notify=_notify,
    transitions=[
        Transition(
            "extend",
            {RightsStatus.RECEIVED},
            RightsStatus.EXTENDED,
            gettext_lazy("Prorrogar el plazo"),
            allowed=permissions.can_answer_rights_request,
            needs=(requires_detail("reason", gettext_lazy("Indique el motivo de la prórroga.")), _before_due),
            needs_field="extension_reason",
            records={"reason": gettext_lazy("Motivo de la prórroga")},
            done=gettext_lazy("Plazo prorrogado; se avisó al titular."),
        ),
        Transition(
            "answer",
            {RightsStatus.RECEIVED, RightsStatus.EXTENDED},
            RightsStatus.ANSWERED,
            gettext_lazy("Responder"),
            allowed=permissions.can_answer_rights_request,
            needs=(_needs_outcome, requires_detail("answer", gettext_lazy("Escriba la respuesta al titular."))),
            needs_field="answer",
            done=gettext_lazy("Solicitud respondida; la respuesta se envió al titular."),
        ),
    ],
    next_steps={
        RightsStatus.RECEIVED: Next(
            gettext_lazy("Ahora Gabinete o Asesoría Jurídica debe responderla dentro del plazo."),
            gettext_lazy("Gabinete o Asesoría Jurídica"),
        ),
        RightsStatus.EXTENDED: Next(
            gettext_lazy("Ahora Gabinete o Asesoría Jurídica debe responderla antes del fin de la prórroga."),
            gettext_lazy("Gabinete o Asesoría Jurídica"),
        ),
    },
)


# --- receiving ----------------------------------------------------------------------------------------

REQUEST_FIELDS = ("kind", "requester_name", "requester_rut", "email", "postal_address", "description")


def _save_numbered(request: DataSubjectRequest) -> None:
    """The next number of the year; a number a concurrent submission took meanwhile is retried."""
    for attempt in range(NUMBER_ATTEMPTS):
        last = DataSubjectRequest.objects.filter(year=request.year).aggregate(n=Max("sequence"))["n"] or 0
        request.sequence = last + 1 + attempt
        request.number = f"{NUMBER_PREFIX}-{request.year}-{request.sequence:04d}"
        try:
            with transaction.atomic():
                request.save()
            return
        except IntegrityError:
            request.pk = None
            request._state.adding = True
            if attempt == NUMBER_ATTEMPTS - 1:
                raise


def _mail_requester(request: DataSubjectRequest, subject: str, lines: list[str], *, kind: str, by: User | None = None):
    """Every notice goes to the requester's e-mail when they gave one (otherwise Gabinete answers by
    letter: the request's page says so)."""
    if not request.email:
        return
    body = [
        _("Estimado/a %(name)s:") % {"name": request.requester_name},
        "",
        *lines,
        "",
        _("Cite el número %(number)s en toda comunicación.") % {"number": request.number},
        "",
        _("Municipalidad de Antofagasta — Protección de datos personales"),
    ]
    mail.send(to=[request.email], subject=subject % {"number": request.number}, body="\n".join(body), kind=kind, by=by)


@activity.service
def rights_request_submit(
    *, data: dict, channel: str, by: User | None, received_on: date | None = None
) -> DataSubjectRequest:
    """A data subject's request arrives: from the public form (`by` None, received now) or registered
    by Gabinete or Asesoría Jurídica from a letter or an e-mail (`received_on`: the day it arrived,
    from which the term counts)."""
    if channel == RightsChannel.WEB:
        if received_on is not None:
            raise ValidationError(_("Solo una solicitud registrada en la intranet indica el día en que se recibió."))
    elif channel in (RightsChannel.PAPER, RightsChannel.EMAIL):
        if by is None or not permissions.can_manage_rights_requests(by):
            raise PermissionDenied(_("Las solicitudes que llegan por carta o correo las registra Gabinete o Jurídica."))
    else:
        raise ValidationError(_("Canal desconocido."))
    now = timezone.now()
    today = timezone.localdate(now)
    if received_on is not None and received_on > today:
        raise ValidationError({"received_on": _("La fecha de recepción no puede ser posterior a hoy.")})
    if received_on is not None and received_on < today:
        now = timezone.make_aware(datetime.combine(received_on, time(12, 0)))
    request = DataSubjectRequest(
        channel=channel,
        received_at=now,
        starts_on=timezone.localdate(now),
        year=timezone.localdate(now).year,
        created_by=by,
        **{name: data[name] for name in REQUEST_FIELDS if name in data},
    )
    for name in ("requester_name", "requester_rut", "email", "postal_address", "description"):
        setattr(request, name, (getattr(request, name) or "").strip())
    rules = RightsRules.current()
    request.due_date = deadline(request, rules).due
    request.number, request.sequence = "DP-pendiente", 0
    request.full_clean(exclude=["number", "sequence", "year", "due_date", "starts_on"])
    _save_numbered(request)
    activity.record(
        actor=by,
        verb=RECEIVED,
        target=request,
        changes={"kind": {"label": _("Derecho"), "before": "", "after": request.get_kind_display()}},
        recipients=[u for u in _holders() if by is None or u.pk != by.pk],
    )
    _mail_requester(
        request,
        _("Solicitud %(number)s recibida"),
        [
            _("Recibimos su solicitud sobre sus datos personales (Ley N° 21.719)."),
            _("Número de solicitud: %(number)s") % {"number": request.number},
            _("Derecho que ejerce: %(kind)s") % {"kind": request.get_kind_display()},
            _("Plazo de respuesta: %(due)s.") % {"due": f"{request.due_date:%d-%m-%Y}"},
        ],
        kind="dataprotection.receipt",
    )
    return request


def _locked(request: DataSubjectRequest, expected_version: int | None) -> DataSubjectRequest:
    check_version(request, expected_version)
    return DataSubjectRequest.objects.select_for_update().get(pk=request.pk)


@activity.service
def rights_request_extend(
    *, request: DataSubjectRequest, reason: str, by: User, expected_version: int | None = None
) -> DataSubjectRequest:
    """The term is extended once, with its reason, before it ends; the requester is told."""
    request = _locked(request, expected_version)
    RIGHTS_WORKFLOW.apply(request, "extend", by=by, reason=reason)
    request.extended_on = timezone.localdate()
    request.extension_reason = reason.strip()
    request.due_date = deadline(request).due
    request.save(update_fields=["status", "extended_on", "extension_reason", "due_date"])
    _mail_requester(
        request,
        _("Solicitud %(number)s: plazo prorrogado"),
        [
            _("El plazo para responder su solicitud se prorrogó hasta el %(due)s.")
            % {"due": f"{request.due_date:%d-%m-%Y}"},
            _("Motivo: %(reason)s") % {"reason": request.extension_reason},
        ],
        kind="dataprotection.extended",
        by=by,
    )
    return request


@activity.service
def rights_request_answer(
    *, request: DataSubjectRequest, outcome: str, answer: str, by: User, expected_version: int | None = None
) -> DataSubjectRequest:
    """The request is answered: acogida, acogida en parte or rechazada, with the text sent to the
    requester (a rectification or suppression is done in the app that holds the data, then answered)."""
    request = _locked(request, expected_version)
    RIGHTS_WORKFLOW.apply(request, "answer", by=by, outcome=outcome, answer=answer)
    request.outcome = outcome
    request.answer = answer.strip()
    request.answered_at = timezone.now()
    request.answered_by = by
    request.save(update_fields=["status", "outcome", "answer", "answered_at", "answered_by"])
    _mail_requester(
        request,
        _("Solicitud %(number)s: respuesta"),
        [
            _("Resultado: %(outcome)s") % {"outcome": request.get_outcome_display()},
            "",
            request.answer,
        ],
        kind="dataprotection.answer",
        by=by,
    )
    return request


# --- the copy of a person's data ----------------------------------------------------------------------


@dataclass(frozen=True)
class PersonalDataExport:
    filename: str
    content: bytes
    rows: int
    processings: list[str]


def _csv(found: selectors.FoundRecords) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(found.columns)
    for row in found.rows:
        writer.writerow(["" if row.get(c) is None else neutralise(str(row.get(c))) for c in found.columns])
    return "\ufeff" + out.getvalue()


def _personal_data_zip(request: DataSubjectRequest, found: list[selectors.FoundRecords]) -> bytes:
    """One `datos.json` with everything (what each processing is for, its legal basis and term, and
    the records) and one CSV per processing, built in memory (a person's records are few)."""
    generated = timezone.localtime()
    document = {
        "solicitud": request.number,
        "titular": {"nombre": request.requester_name, "correo": request.email, "rut": request.requester_rut},
        "generado_el": generated.isoformat(),
        "responsable": "Municipalidad de Antofagasta",
        "tratamientos": [
            {
                "registro": f.label,
                "nombre": f.entry.name,
                "area": f.entry.app_name,
                "finalidad": str(f.entry.processing.purpose),
                "base_legal": str(f.entry.processing.legal_basis),
                "conservacion": str(f.entry.processing.retention),
                "campos": dict(zip(f.entry.processing.fields, f.entry.field_names, strict=False)),
                "registros": f.rows,
            }
            for f in found
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datos.json", json.dumps(document, ensure_ascii=False, indent=2))
        for f in found:
            archive.writestr(f"{f.label}.csv", _csv(f))
    return buffer.getvalue()


@activity.service
def rights_request_export(*, request: DataSubjectRequest, by: User) -> PersonalDataExport:
    """Gather everything the intranet holds about the requester (found by name, e-mail or RUT in every
    app that declares personal data) for an access or portability answer; the download is logged."""
    if not permissions.can_export_personal_data(by, request):
        raise PermissionDenied(_("Solo Gabinete y Asesoría Jurídica descargan los datos de un titular."))
    found = selectors.person_records(selectors.PersonQuery.of(request))
    rows = sum(len(f.rows) for f in found)
    activity.record(
        actor=by,
        verb=EXPORTED,
        target=request,
        changes={
            "rows": {"label": _("Registros"), "before": "", "after": rows},
            "processings": {"label": _("Tratamientos"), "before": "", "after": ", ".join(f.label for f in found)},
        },
    )
    return PersonalDataExport(
        filename=f"datos-personales-{request.number}.zip",
        content=_personal_data_zip(request, found),
        rows=rows,
        processings=[f.label for f in found],
    )


# --- retention ------------------------------------------------------------------------------------------


def _history_model(model):
    manager = getattr(model, "history", None)
    return getattr(manager, "model", None)


def _apply_rule(row: selectors.PlanRow, today: date) -> int:
    """Anonymise or delete the expired records of one rule, with their history copies."""
    rule = row.rule
    assert rule is not None
    entry = row.entry
    queryset = selectors.expired(entry, rule, today)
    if queryset is None:
        return 0
    expiry = entry.processing.expiry
    assert expiry is not None
    pks = list(queryset.values_list("pk", flat=True))
    history = _history_model(entry.model)
    replacements = expiry.replacements()
    for start in range(0, len(pks), BATCH):
        chunk = pks[start : start + BATCH]
        if rule.action == RetentionAction.DELETE:
            entry.model._base_manager.filter(pk__in=chunk).delete()
            if history is not None:
                history._base_manager.filter(**{f"{entry.model._meta.pk.attname}__in": chunk}).delete()
        else:
            entry.model._base_manager.filter(pk__in=chunk).update(**replacements)
            if history is not None:
                kept = {k: v for k, v in replacements.items() if any(f.name == k for f in history._meta.fields)}
                if kept:
                    history._base_manager.filter(**{f"{entry.model._meta.pk.attname}__in": chunk}).update(**kept)
    return len(pks)


@activity.service
def retention_apply(*, by: User | None = None, today: date | None = None) -> selectors.RetentionPlan:
    """The retention job: for each active rule, the records whose term passed are anonymised or deleted
    (what a law orders to publish is never declared erasable, and a rule «conservar» keeps it); each rule
    applied leaves one entry in the activity log with how many records and which. Returns what it did."""
    today = today or timezone.localdate()
    plan = selectors.retention_plan(today=today)
    for row in plan.rows:
        if not row.acts:
            continue
        rule = row.rule
        assert rule is not None
        row.count = _apply_rule(row, today)
        activity.record(
            actor=by,
            verb=RETENTION_APPLIED,
            target=rule,
            changes={
                "processing": {"label": _("Registro"), "before": "", "after": row.label},
                "action": {"label": _("Acción"), "before": "", "after": rule.get_action_display()},
                "records": {"label": _("Registros"), "before": "", "after": row.count},
                "cutoff": {"label": _("Anteriores al"), "before": "", "after": f"{row.cutoff:%d-%m-%Y}"},
            },
        )
    return plan
