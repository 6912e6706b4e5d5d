"""Access requests (transparencia pasiva, Ley 20.285 Título IV): the path of a request and its terms.

Writes (services, each atomic, told who acts with `by`; a public request has nobody behind it):

- `access_request_submit`: a request arrives (the public form, or Gabinete registers a letter or an
  e-mail with the day it arrived). Numbered «AI-2026-0001», given its due date, a secret link to follow
  it, announced to Gabinete, and a receipt e-mailed to the requester (the outbox delivers it).
- The steps of `ACCESS_REQUEST_WORKFLOW`: admissibility (`admit` to the directorate that holds the
  information, or `ask_correction` when art. 12 is not met: the requester has `correction_business_days`
  to correct, `correct` restarts the term, `withdraw` once the term passed without a correction),
  `refer` to the competent body (art. 13), `give_back` (the directorate does not hold it), `submit`
  the prepared answer to Asesoría Jurídica, `return` or `approve` it, and `sign` it, which sends it.
- `access_request_extend` (art. 14, once, with its reason, before the term ends), third parties
  (art. 20: `third_party_notify`, `third_party_answer`; the term is suspended meanwhile and an opposition
  bars delivery unless the Consejo orders it) and appeals (art. 24: `appeal_record`, `appeal_decide`,
  `appeal_complied`).

Every term lives in `AccessRules` (editable data) and is counted by `gabinete.business_days`;
`deadline()` says how each due date was counted, and is the only place that computes it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gabinete import activity, business_days, mail, notifications
from gabinete.business_days import Deadline
from gabinete.concurrency import check_version
from gabinete.models import Membership, Role
from gabinete.types import User
from gabinete.workflow import Next, Tone, Transition, Workflow, requires_detail

from . import permissions
from .models import (
    AccessAppeal,
    AccessChannel,
    AccessDocument,
    AccessOutcome,
    AccessRequest,
    AccessRules,
    AccessStatus,
    AppealDecision,
    DenialGround,
    ThirdParty,
)

NUMBER_PREFIX = "AI"
NUMBER_ATTEMPTS = 5

RECEIVED = activity.Verb("access_request.received", gettext_lazy("Recibió la solicitud de acceso"))
EXTENDED = activity.Verb("access_request.extended", gettext_lazy("Prorrogó el plazo de respuesta"))
THIRD_PARTY_NOTIFIED = activity.Verb("access_request.third_party", gettext_lazy("Notificó a un tercero (art. 20)"))
THIRD_PARTY_ANSWERED = activity.Verb(
    "access_request.third_party_answer", gettext_lazy("Registró la respuesta del tercero")
)
ANSWER_SAVED = activity.Verb("access_request.answer_saved", gettext_lazy("Guardó la respuesta"))
DOCUMENT_ADDED = activity.Verb("access_request.document", gettext_lazy("Agregó un documento a la respuesta"))
APPEAL_RECORDED = activity.Verb("access_request.appeal", gettext_lazy("Registró un amparo ante el Consejo"))
APPEAL_DECIDED = activity.Verb("access_request.appeal_decided", gettext_lazy("Registró la decisión del Consejo"))
APPEAL_COMPLIED = activity.Verb("access_request.appeal_complied", gettext_lazy("Registró el cumplimiento"))

RECEIVED_KIND = notifications.Kind(
    "transparency.access_request_received",
    gettext_lazy("Solicitudes de acceso a la información recibidas (Ley 20.285)"),
    verbs=[RECEIVED.code],
)
STEP_KIND = notifications.Kind(
    "transparency.access_request_step",
    gettext_lazy("Solicitudes de acceso a la información que pasan a mis manos"),
    verbs=[
        f"accessrequest.{name}"
        for name in ("admit", "correct", "give_back", "submit", "return", "approve", "sign", "refer")
    ],
)


# --- who holds a request ----------------------------------------------------------------------------


def _people(roles, directorate_id: int | None = None) -> list:
    memberships = Membership.objects.filter(role__in=[str(r) for r in roles], user__is_active=True)
    if directorate_id is not None:
        memberships = memberships.filter(directorate_id=directorate_id)
    return list(get_user_model().objects.filter(memberships__in=memberships).distinct())


def holders(request: AccessRequest, rules: AccessRules | None = None) -> list:
    """Who must act on the request now: Gabinete's desk while it is checked or waits for a correction,
    the directorate while it prepares the answer, Asesoría Jurídica while it reviews, the signer."""
    if request.status in (AccessStatus.RECEIVED, AccessStatus.CORRECTION):
        return _people([Role.GABINETE])
    if request.status == AccessStatus.ASSIGNED:
        return _people(permissions.PREPARERS, request.directorate_id)
    if request.status == AccessStatus.LEGAL_REVIEW:
        return _people([Role.LEGAL])
    if request.status == AccessStatus.SIGN_OFF:
        return _people([(rules or AccessRules.current()).signer_role])
    return []


def _notify_holders(request: AccessRequest, transition: Transition, by) -> list:
    return [u for u in holders(request) if u.pk != getattr(by, "pk", None)]


# --- the terms --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccessDeadline:
    """A request's due date and how it was counted: the term from `starts_on`, the days suspended while
    third parties could oppose, and the extension."""

    due: date
    first: Deadline
    #: The due date before the extension (the extension must be notified by this day).
    before_extension: date
    suspended_days: int
    lines: list[str] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        return " ".join(self.lines)


def _suspended_days(request: AccessRequest) -> int:
    """Business days on which some third party could still oppose (their union: two notices the same
    week suspend the term once)."""
    days: set[date] = set()
    for party in request.third_parties.all():
        day = party.notified_on
        while day < party.closed_on:
            day += timedelta(days=1)
            if business_days.is_business_day(day):
                days.add(day)
    return len(days)


def deadline(request: AccessRequest, rules: AccessRules | None = None) -> AccessDeadline:
    rules = rules or AccessRules.current()
    first = business_days.count_business_days(request.starts_on, rules.answer_business_days)
    lines = [
        _("Plazo de %(n)s días hábiles desde el %(start)s: vence el %(due)s.")
        % {"n": rules.answer_business_days, "start": f"{request.starts_on:%d-%m-%Y}", "due": f"{first.due:%d-%m-%Y}"},
        first.explanation(),
    ]
    if request.corrected_on:
        lines.insert(
            0,
            _("La solicitud se subsanó el %(d)s: el plazo se cuenta desde ese día.")
            % {"d": f"{request.corrected_on:%d-%m-%Y}"},
        )
    due = first.due
    suspended = _suspended_days(request)
    if suspended:
        due = business_days.add_business_days(due, suspended)
        lines.append(
            _(
                "Suspendido %(n)s días hábiles mientras los terceros notificados podían oponerse (art. 20): vence el %(due)s."
            )
            % {"n": suspended, "due": f"{due:%d-%m-%Y}"}
        )
    before_extension = due
    if request.extended_on:
        due = business_days.count_business_days(due, rules.extension_business_days).due
        lines.append(
            _("Prorrogado por %(n)s días hábiles (prórroga notificada el %(on)s): vence el %(due)s.")
            % {"n": rules.extension_business_days, "on": f"{request.extended_on:%d-%m-%Y}", "due": f"{due:%d-%m-%Y}"}
        )
    if not rules.terms_confirmed:
        lines.append(_("Plazos de los arts. 12 y 20 por confirmar por Asesoría Jurídica."))
    return AccessDeadline(
        due=due, first=first, before_extension=before_extension, suspended_days=suspended, lines=lines
    )


def _refresh_due(request: AccessRequest) -> None:
    request.due_date = deadline(request).due


def appeal_deadline(request: AccessRequest, rules: AccessRules | None = None) -> date | None:
    """The last day to file an amparo (art. 24): 15 business days from the answer or from the term's end."""
    rules = rules or AccessRules.current()
    if request.answered_at is not None:
        start = timezone.localdate(request.answered_at)
    elif request.is_open:
        start = request.due_date
    else:
        return None
    return business_days.add_business_days(start, rules.appeal_business_days)


@receiver(business_days.calendar_changed, dispatch_uid="transparency-access-due-dates")
def _calendar_changed(**kwargs) -> None:
    recompute_open_due_dates()


def recompute_open_due_dates() -> None:
    """A holiday added or removed, or a term changed, moves every open request's due date (the stored one
    feeds the queues and Mi escritorio)."""
    for request in AccessRequest.objects.open().prefetch_related("third_parties"):
        due = deadline(request).due
        if due != request.due_date:
            AccessRequest.objects.filter(pk=request.pk).update(due_date=due)


# --- the workflow -------------------------------------------------------------------------------------


def _correction_term_passed(request: AccessRequest, **details) -> list[str]:
    if request.correction_due is not None and timezone.localdate() <= request.correction_due:
        return [
            _("El solicitante tiene hasta el %(d)s para subsanar: solo después se tiene por desistida.")
            % {"d": f"{request.correction_due:%d-%m-%Y}"}
        ]
    return []


def _needs_directorate(request: AccessRequest, **details) -> list[str]:
    return [] if request.directorate_id else [_("Elija la dirección que tiene la información.")]


def _needs_answer(request: AccessRequest, **details) -> list[str]:
    """What an answer needs before Asesoría Jurídica reviews it."""
    missing = []
    if not request.outcome:
        missing.append(_("Elija la respuesta: entregada, entregada parcialmente, denegada o ya publicada."))
    if not request.answer_text.strip():
        missing.append(_("Escriba el texto de la respuesta al solicitante."))
    if request.outcome in (AccessOutcome.DENIED, AccessOutcome.PARTIAL) and request.ground_id is None:
        missing.append(_("Una denegación (también parcial) indica su causal legal (art. 21)."))
    if request.outcome == AccessOutcome.PUBLIC and not request.public_link:
        missing.append(_("Indique el enlace donde la información ya está publicada."))
    if request.declares_reserved and not request.reserved_act.strip():
        missing.append(_("Indique qué acto o documento se declara secreto o reservado."))
    if request.declares_reserved and request.outcome not in (AccessOutcome.DENIED, AccessOutcome.PARTIAL):
        missing.append(_("Solo una denegación puede declarar secreto o reservado un acto."))
    if request.outcome in (AccessOutcome.GRANTED, AccessOutcome.PARTIAL, AccessOutcome.PUBLIC):
        if request.has_opposition and not request.delivery_ordered:
            missing.append(
                _(
                    "Un tercero se opuso (art. 20): la información no se entrega salvo que el Consejo para la "
                    "Transparencia lo ordene. Deniegue con la causal de oposición o espere la decisión del Consejo."
                )
            )
    today = timezone.localdate()
    waiting = [p.name for p in request.third_parties.all() if p.answered_on is None and p.oppose_by >= today]
    if waiting:
        missing.append(
            _("El plazo de oposición de %(who)s no ha terminado: espere su respuesta o el fin del plazo.")
            % {"who": ", ".join(waiting)}
        )
    return missing


HANDLES = gettext_lazy("Este paso lo da Gabinete, que atiende las solicitudes de acceso.")
PREPARES = gettext_lazy("Prepara la respuesta la dirección que tiene la información.")
REVIEWS = gettext_lazy("Revisa la respuesta Asesoría Jurídica.")
SIGNS = gettext_lazy("Firma la respuesta quien la Municipalidad designó (reglas de solicitudes de acceso).")

ACCESS_REQUEST_WORKFLOW = Workflow(
    states=AccessStatus,
    model=AccessRequest,
    notify=_notify_holders,
    wrong_state=gettext_lazy("Este paso no corresponde: la solicitud está «%(status)s»."),
    next_steps={
        AccessStatus.RECEIVED: Next(
            gettext_lazy(
                "Ahora Gabinete revisa si cumple el art. 12 y la asigna a la dirección que tiene la "
                "información, pide subsanarla o la deriva al organismo competente."
            ),
            gettext_lazy("Gabinete"),
        ),
        AccessStatus.CORRECTION: Next(
            gettext_lazy(
                "Queda esperar la subsanación del solicitante; sin ella, vencido el plazo, se tiene por desistida."
            ),
            gettext_lazy("Solicitante"),
        ),
        AccessStatus.ASSIGNED: Next(
            gettext_lazy("Ahora la dirección prepara la respuesta y sus documentos y la envía a revisión jurídica."),
            gettext_lazy("Dirección asignada"),
        ),
        AccessStatus.LEGAL_REVIEW: Next(
            gettext_lazy("Ahora Asesoría Jurídica aprueba la respuesta o la devuelve con observaciones."),
            gettext_lazy("Asesoría Jurídica"),
        ),
        AccessStatus.SIGN_OFF: Next(
            gettext_lazy("Ahora quien firma las respuestas la firma: se envía al solicitante."),
            gettext_lazy("Firma"),
        ),
    },
    tones={
        AccessStatus.RECEIVED: Tone.WARNING,
        AccessStatus.CORRECTION: Tone.WARNING,
        AccessStatus.ASSIGNED: Tone.WARNING,
        AccessStatus.LEGAL_REVIEW: Tone.WARNING,
        AccessStatus.SIGN_OFF: Tone.INFO,
        AccessStatus.ANSWERED: Tone.SUCCESS,
        AccessStatus.REFERRED: Tone.NEUTRAL,
        AccessStatus.WITHDRAWN: Tone.DANGER,
    },
    transitions=[
        Transition(
            "admit",
            (AccessStatus.RECEIVED,),
            AccessStatus.ASSIGNED,
            gettext_lazy("Admitir y asignar"),
            allowed=permissions.can_handle_access_request,
            refusal=HANDLES,
            needs=_needs_directorate,
            needs_field="directorate",
            done=gettext_lazy("Solicitud asignada; se avisó a la dirección."),
        ),
        Transition(
            "ask_correction",
            (AccessStatus.RECEIVED,),
            AccessStatus.CORRECTION,
            gettext_lazy("Pedir que subsane (art. 12)"),
            allowed=permissions.can_handle_access_request,
            refusal=HANDLES,
            needs=requires_detail("observations", gettext_lazy("Indique qué debe subsanar el solicitante.")),
            needs_field="observations",
            records={"observations": gettext_lazy("Qué debe subsanar")},
            done=gettext_lazy("Se pidió subsanar la solicitud; se avisó al solicitante."),
        ),
        Transition(
            "correct",
            (AccessStatus.CORRECTION,),
            AccessStatus.RECEIVED,
            gettext_lazy("Registrar la subsanación"),
            allowed=permissions.can_handle_access_request,
            refusal=HANDLES,
            needs=requires_detail("observations", gettext_lazy("Indique qué agregó o aclaró el solicitante.")),
            needs_field="observations",
            records={"observations": gettext_lazy("Subsanación")},
            done=gettext_lazy("Subsanación registrada: el plazo se cuenta desde hoy."),
        ),
        Transition(
            "withdraw",
            (AccessStatus.CORRECTION,),
            AccessStatus.WITHDRAWN,
            gettext_lazy("Tener por desistida"),
            allowed=permissions.can_handle_access_request,
            refusal=HANDLES,
            needs=_correction_term_passed,
            done=gettext_lazy("Solicitud desistida por no subsanarse a tiempo."),
        ),
        Transition(
            "refer",
            (AccessStatus.RECEIVED, AccessStatus.ASSIGNED),
            AccessStatus.REFERRED,
            gettext_lazy("Derivar a otro organismo (art. 13)"),
            allowed=permissions.can_handle_access_request,
            refusal=HANDLES,
            needs=requires_detail("body", gettext_lazy("Indique el organismo competente.")),
            needs_field="referred_to",
            records={"body": gettext_lazy("Derivada a"), "observations": gettext_lazy("Motivo")},
            done=gettext_lazy("Solicitud derivada; se avisó al solicitante."),
        ),
        Transition(
            "give_back",
            (AccessStatus.ASSIGNED,),
            AccessStatus.RECEIVED,
            gettext_lazy("Devolver a Gabinete (no tenemos la información)"),
            allowed=permissions.can_prepare_answer,
            refusal=PREPARES,
            needs=requires_detail(
                "observations", gettext_lazy("Indique por qué la información no está en su dirección.")
            ),
            needs_field="observations",
            records={"observations": gettext_lazy("Motivo")},
            done=gettext_lazy("Solicitud devuelta a Gabinete para reasignarla."),
        ),
        Transition(
            "submit",
            (AccessStatus.ASSIGNED,),
            AccessStatus.LEGAL_REVIEW,
            gettext_lazy("Enviar la respuesta a revisión jurídica"),
            allowed=permissions.can_prepare_answer,
            refusal=PREPARES,
            needs=_needs_answer,
            done=gettext_lazy("Respuesta enviada a Asesoría Jurídica."),
            answers="return",
        ),
        Transition(
            "return",
            (AccessStatus.LEGAL_REVIEW,),
            AccessStatus.ASSIGNED,
            gettext_lazy("Devolver con observaciones"),
            allowed=permissions.can_review_answer,
            refusal=REVIEWS,
            needs=requires_detail("observations", gettext_lazy("Escriba las observaciones para la dirección.")),
            needs_field="observations",
            records={"observations": gettext_lazy("Observaciones")},
            done=gettext_lazy("Respuesta devuelta a la dirección con observaciones."),
        ),
        Transition(
            "approve",
            (AccessStatus.LEGAL_REVIEW,),
            AccessStatus.SIGN_OFF,
            gettext_lazy("Aprobar la respuesta"),
            allowed=permissions.can_review_answer,
            refusal=REVIEWS,
            done=gettext_lazy("Respuesta aprobada: queda por firmar."),
        ),
        Transition(
            "sign",
            (AccessStatus.SIGN_OFF,),
            AccessStatus.ANSWERED,
            gettext_lazy("Firmar y enviar al solicitante"),
            allowed=permissions.can_sign_answer,
            refusal=SIGNS,
            done=gettext_lazy("Respuesta firmada y enviada al solicitante."),
        ),
    ],
)


# --- receiving ----------------------------------------------------------------------------------------

REQUEST_FIELDS = ("requester_name", "email", "postal_address", "information", "preferred_format", "delivery")


def _save_numbered(request: AccessRequest) -> None:
    """The next number of the year; a number a concurrent submission took meanwhile is retried."""
    for attempt in range(NUMBER_ATTEMPTS):
        last = AccessRequest.objects.filter(year=request.year).aggregate(n=Max("sequence"))["n"] or 0
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


@activity.service
def access_request_submit(
    *, data: dict, channel: str, by: User | None, received_on: date | None = None
) -> AccessRequest:
    """A request arrives: from the public form (`by` None, received now) or registered by Gabinete from a
    letter or an e-mail (`received_on`: the day it arrived, from which the term counts)."""
    if channel == AccessChannel.WEB:
        if received_on is not None:
            raise ValidationError(_("Solo una solicitud registrada en la intranet indica el día en que se recibió."))
    elif channel in (AccessChannel.PAPER, AccessChannel.EMAIL):
        if by is None or not permissions.can_register_access_request(by):
            raise PermissionDenied(_("Las solicitudes que llegan por carta o correo las registra Gabinete."))
    else:
        raise ValidationError(_("Canal desconocido."))
    now = timezone.now()
    today = timezone.localdate(now)
    if received_on is not None and received_on > today:
        raise ValidationError({"received_on": _("La fecha de recepción no puede ser posterior a hoy.")})
    if received_on is not None and received_on < today:
        now = timezone.make_aware(datetime.combine(received_on, time(12, 0)))
    request = AccessRequest(
        channel=channel,
        received_at=now,
        starts_on=timezone.localdate(now),
        year=timezone.localdate(now).year,
        token=secrets.token_urlsafe(24),
        created_by=by,
        **{name: data[name] for name in REQUEST_FIELDS if name in data},
    )
    for name in ("requester_name", "email", "postal_address", "information"):
        setattr(request, name, (getattr(request, name) or "").strip())
    request.due_date = business_days.count_business_days(
        request.starts_on, AccessRules.current().answer_business_days
    ).due
    request.number, request.sequence = "AI-pendiente", 0
    request.full_clean(exclude=["number", "sequence", "year", "due_date", "token", "starts_on"])
    _save_numbered(request)
    activity.record(
        actor=by,
        verb=RECEIVED,
        target=request,
        changes={"channel": request.get_channel_display()},
        recipients=[u for u in holders(request) if by is None or u.pk != by.pk],
    )
    _mail_requester(
        request,
        _("Solicitud de acceso %(number)s recibida"),
        [
            _("Recibimos su solicitud de acceso a la información pública (Ley N° 20.285)."),
            _("Número de solicitud: %(number)s") % {"number": request.number},
            _("Información solicitada: %(info)s") % {"info": request.information},
            _("Plazo de respuesta: %(due)s (%(n)s días hábiles, prorrogables por %(m)s).")
            % {
                "due": f"{request.due_date:%d-%m-%Y}",
                "n": AccessRules.current().answer_business_days,
                "m": AccessRules.current().extension_business_days,
            },
        ],
        kind="transparency.access_receipt",
    )
    return request


def follow_url(request: AccessRequest) -> str:
    from django.conf import settings

    return f"{settings.SITE_URL}{request.get_follow_url()}"


def _mail_requester(request: AccessRequest, subject: str, lines: list[str], *, kind: str, by: User | None = None):
    """Every notice to the requester goes to their e-mail when they gave one (otherwise Gabinete
    notifies by letter: the request's page says so)."""
    if not request.email:
        return
    body = [
        _("Estimado/a %(name)s:") % {"name": request.requester_name},
        "",
        *lines,
        "",
        _("Siga su solicitud en: %(url)s") % {"url": follow_url(request)},
        _("Cite el número %(number)s en toda comunicación.") % {"number": request.number},
        "",
        _("Municipalidad de Antofagasta — Transparencia"),
    ]
    mail.send(to=[request.email], subject=subject % {"number": request.number}, body="\n".join(body), kind=kind, by=by)


def _locked(request: AccessRequest, expected_version: int | None) -> AccessRequest:
    check_version(request, expected_version)
    return AccessRequest.objects.select_for_update(of=("self",)).select_related("directorate").get(pk=request.pk)


def _step(request: AccessRequest, name: str, by, **details):
    return ACCESS_REQUEST_WORKFLOW.apply(request, name, by=by, **details)


# --- admissibility, assignment, referral ------------------------------------------------------------------


@activity.service
def access_request_admit(*, request: AccessRequest, by: User, directorate, expected_version: int | None = None):
    """Admissible: assigned to the directorate that holds the information, which hears about it."""
    request = _locked(request, expected_version)
    request.directorate = directorate
    _step(request, "admit", by)
    request.save()
    return request


@activity.service
def access_request_ask_correction(
    *, request: AccessRequest, by: User, observations: str, expected_version: int | None = None
):
    """Art. 12: the request lacks something; the requester has `correction_business_days` to correct it."""
    request = _locked(request, expected_version)
    observations = (observations or "").strip()
    _step(request, "ask_correction", by, observations=observations)
    today = timezone.localdate()
    rules = AccessRules.current()
    request.correction_asked, request.correction_asked_on = observations, today
    request.correction_due = business_days.add_business_days(today, rules.correction_business_days)
    request.save()
    _mail_requester(
        request,
        _("Solicitud de acceso %(number)s: debe subsanarla"),
        [
            _("Su solicitud no cumple los requisitos del art. 12 de la Ley N° 20.285: %(what)s")
            % {"what": observations},
            _("Tiene hasta el %(due)s para subsanarla; si no lo hace, se tendrá por desistida.")
            % {"due": f"{request.correction_due:%d-%m-%Y}"},
        ],
        kind="transparency.access_correction",
        by=by,
    )
    return request


@activity.service
def access_request_correct(*, request: AccessRequest, by: User, observations: str, expected_version: int | None = None):
    """The requester corrected the request: its term counts again from today."""
    request = _locked(request, expected_version)
    _step(request, "correct", by, observations=(observations or "").strip())
    request.corrected_on = request.starts_on = timezone.localdate()
    _refresh_due(request)
    request.save()
    return request


@activity.service
def access_request_withdraw(*, request: AccessRequest, by: User | None, expected_version: int | None = None):
    """Not corrected within its term: deemed withdrawn (by Gabinete, or the daily job acting as nobody)."""
    request = _locked(request, expected_version)
    _step(request, "withdraw", by)
    request.save()
    _mail_requester(
        request,
        _("Solicitud de acceso %(number)s: desistida"),
        [_("Su solicitud no se subsanó dentro del plazo y se tiene por desistida (art. 12).")],
        kind="transparency.access_withdrawn",
        by=by,
    )
    return request


def withdraw_uncorrected(today: date | None = None) -> int:
    """The daily job: every request whose correction term ended without a correction is withdrawn."""
    today = today or timezone.localdate()
    done = 0
    for request in AccessRequest.objects.filter(status=AccessStatus.CORRECTION, correction_due__lt=today):
        access_request_withdraw(request=request, by=None)
        done += 1
    return done


@activity.service
def access_request_refer(
    *, request: AccessRequest, by: User, body: str, observations: str = "", expected_version: int | None = None
):
    """Art. 13: the municipality is not competent; the request goes to the body that is, and the requester is told."""
    request = _locked(request, expected_version)
    body = (body or "").strip()
    _step(request, "refer", by, body=body, observations=(observations or "").strip())
    request.referred_to, request.referred_on = body[:200], timezone.localdate()
    request.save()
    lines = [
        _(
            "La Municipalidad de Antofagasta no es competente para la información que solicita; su solicitud se "
            "derivó a: %(body)s (art. 13 de la Ley N° 20.285)."
        )
        % {"body": request.referred_to},
    ]
    if observations:
        lines.append(observations.strip())
    _mail_requester(
        request, _("Solicitud de acceso %(number)s: derivada"), lines, kind="transparency.access_referred", by=by
    )
    return request


@activity.service
def access_request_give_back(
    *, request: AccessRequest, by: User, observations: str, expected_version: int | None = None
):
    request = _locked(request, expected_version)
    _step(request, "give_back", by, observations=(observations or "").strip())
    request.directorate = None
    request.save()
    return request


# --- the extension and the third parties -------------------------------------------------------------------


@activity.service
def access_request_extend(
    *, request: AccessRequest, by: User, reason: str, expected_version: int | None = None
) -> AccessRequest:
    """Art. 14: once, by `extension_business_days`, notified with its reason before the term ends."""
    request = _locked(request, expected_version)
    if not permissions.can_extend(by, request):
        raise PermissionDenied(_("Prorroga el plazo Gabinete o la dirección que prepara la respuesta."))
    if request.status not in (
        AccessStatus.ASSIGNED,
        AccessStatus.LEGAL_REVIEW,
        AccessStatus.SIGN_OFF,
        AccessStatus.RECEIVED,
    ):
        raise ValidationError(_("Solo se prorroga una solicitud en trámite."))
    if request.is_extended:
        raise ValidationError(
            _("El plazo ya se prorrogó una vez (el %(d)s): la ley no permite otra prórroga.")
            % {"d": f"{request.extended_on:%d-%m-%Y}"}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indique el motivo de la prórroga: se comunica al solicitante.")})
    today = timezone.localdate()
    current = deadline(request)
    if today > current.before_extension:
        raise ValidationError(
            _("El plazo venció el %(d)s: la prórroga debe notificarse antes de que termine.")
            % {"d": f"{current.before_extension:%d-%m-%Y}"}
        )
    request.extended_on, request.extension_reason = today, reason
    _refresh_due(request)
    request.save()
    activity.record(actor=by, verb=EXTENDED, target=request, changes={"reason": reason, "due_date": request.due_date})
    _mail_requester(
        request,
        _("Solicitud de acceso %(number)s: plazo prorrogado"),
        [
            _("El plazo para responder su solicitud se prorrogó por %(n)s días hábiles (art. 14 de la Ley N° 20.285).")
            % {"n": AccessRules.current().extension_business_days},
            _("Motivo: %(reason)s") % {"reason": reason},
            _("Nuevo plazo de respuesta: %(due)s.") % {"due": f"{request.due_date:%d-%m-%Y}"},
        ],
        kind="transparency.access_extended",
        by=by,
    )
    return request


def third_party_notice_due(request: AccessRequest, rules: AccessRules | None = None) -> date:
    """By when third parties are to be notified (art. 20: `third_party_notice_business_days` from the
    request's receipt, or from its correction)."""
    rules = rules or AccessRules.current()
    return business_days.add_business_days(request.starts_on, rules.third_party_notice_business_days)


@activity.service
def third_party_notify(
    *, request: AccessRequest, by: User, name: str, contact: str, notified_on: date | None = None
) -> ThirdParty:
    """Art. 20: a third party whose rights the information may affect is notified; they may oppose within
    `opposition_business_days`, and the term is suspended meanwhile."""
    request = _locked(request, None)
    if not (permissions.handles_access_requests(by) or permissions.can_prepare_answer(by, request)):
        raise PermissionDenied(_("Notifica a terceros Gabinete o la dirección que prepara la respuesta."))
    if request.status not in (AccessStatus.ASSIGNED, AccessStatus.RECEIVED):
        raise ValidationError(_("Se notifica a terceros mientras se prepara la respuesta."))
    notified_on = notified_on or timezone.localdate()
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Indique el nombre del tercero.")
    if not (contact or "").strip():
        errors["contact"] = _("Indique dónde se le notificó (dirección o correo).")
    if notified_on > timezone.localdate():
        errors["notified_on"] = _("La fecha de notificación no puede ser posterior a hoy.")
    elif notified_on < request.starts_on:
        errors["notified_on"] = _("La notificación no puede ser anterior a la solicitud.")
    if errors:
        raise ValidationError(errors)
    rules = AccessRules.current()
    party = ThirdParty.objects.create(
        request=request,
        name=name.strip()[:200],
        contact=contact.strip()[:300],
        notified_on=notified_on,
        oppose_by=business_days.add_business_days(notified_on, rules.opposition_business_days),
        created_by=by,
    )
    _refresh_due(request)
    request.save()
    activity.record(
        actor=by,
        verb=THIRD_PARTY_NOTIFIED,
        target=request,
        changes={"third_party": party.name, "oppose_by": party.oppose_by, "due_date": request.due_date},
    )
    return party


@activity.service
def third_party_answer(
    *, party: ThirdParty, by: User, opposed: bool, grounds: str = "", answered_on: date | None = None
) -> ThirdParty:
    """The third party answered: opposed (with grounds) or agreed. An answer within the term ends the
    suspension that day; an opposition after the term is recorded but does not bar delivery."""
    request = _locked(party.request, None)
    if not (permissions.handles_access_requests(by) or permissions.can_prepare_answer(by, request)):
        raise PermissionDenied(_("Registra la respuesta del tercero Gabinete o la dirección que prepara la respuesta."))
    answered_on = answered_on or timezone.localdate()
    if answered_on > timezone.localdate() or answered_on < party.notified_on:
        raise ValidationError({"answered_on": _("La fecha debe estar entre la notificación y hoy.")})
    if opposed and not (grounds or "").strip():
        raise ValidationError({"grounds": _("Indique los fundamentos de la oposición.")})
    party.answered_on = min(answered_on, party.oppose_by)
    party.opposed_on = answered_on if opposed and answered_on <= party.oppose_by else None
    party.opposition = (grounds or "").strip()
    party.save()
    _refresh_due(request)
    request.save()
    activity.record(
        actor=by,
        verb=THIRD_PARTY_ANSWERED,
        target=request,
        changes={
            "third_party": party.name,
            "opposed": bool(party.opposed_on),
            "late": bool(opposed and answered_on > party.oppose_by),
        },
    )
    return party


# --- the answer ---------------------------------------------------------------------------------------------

ANSWER_FIELDS = ("outcome", "answer_text", "ground", "public_link", "declares_reserved", "reserved_act")


@activity.service
def access_request_save_answer(
    *, request: AccessRequest, by: User, data: dict, expected_version: int | None = None
) -> AccessRequest:
    """The directorate drafts the answer (it may save it several times before sending it)."""
    request = _locked(request, expected_version)
    if request.status != AccessStatus.ASSIGNED or not permissions.can_prepare_answer(by, request):
        raise PermissionDenied(str(PREPARES))
    before = activity.snapshot(request, ANSWER_FIELDS)
    for name in ANSWER_FIELDS:
        if name in data:
            setattr(request, name, data[name])
    if isinstance(data.get("ground"), DenialGround) and not data["ground"].is_active:
        raise ValidationError({"ground": _("Esa causal ya no está vigente: elija otra.")})
    request.answer_text = (request.answer_text or "").strip()
    request.reserved_act = (request.reserved_act or "").strip()
    request.full_clean(exclude=["number", "sequence", "year", "token"])
    request.save()
    changes = activity.changes_between(before, activity.snapshot(request, ANSWER_FIELDS), AccessRequest)
    if changes:
        activity.record(actor=by, verb=ANSWER_SAVED, target=request, changes=changes)
    return request


@activity.service
def access_request_add_document(*, request: AccessRequest, by: User, title: str, file) -> AccessDocument:
    request = _locked(request, None)
    if request.status != AccessStatus.ASSIGNED or not permissions.can_prepare_answer(by, request):
        raise PermissionDenied(str(PREPARES))
    document = AccessDocument(request=request, title=(title or "").strip() or file.name, file=file, uploaded_by=by)
    document.full_clean()
    document.save()
    activity.record(
        actor=by,
        verb=DOCUMENT_ADDED,
        target=request,
        changes={"document": {"label": str(_("Documento")), "before": "", "after": document.title}},
    )
    return document


@activity.service
def access_request_step(
    *,
    request: AccessRequest,
    by: User,
    action: str,
    observations: str = "",
    reply: str = "",
    expected_version: int | None = None,
) -> AccessRequest:
    """The review steps with no data of their own: send the answer, return it, approve it, sign it."""
    if action not in ("submit", "return", "approve", "sign"):
        raise ValidationError(_("Acción desconocida."))
    request = _locked(request, expected_version)
    _step(request, action, by, observations=(observations or "").strip(), reply=(reply or "").strip())
    now = timezone.now()
    if action == "submit":
        request.submitted_at = now
    elif action == "approve":
        request.approved_by = by
    elif action == "sign":
        request.signed_by, request.answered_at = by, now
    request.save()
    if action == "sign":
        _mail_answer(request, by)
    return request


def _mail_answer(request: AccessRequest, by: User) -> None:
    lines = [
        _("Respuesta a su solicitud %(number)s: %(outcome)s.")
        % {"number": request.number, "outcome": request.get_outcome_display()},
        "",
        request.answer_text,
    ]
    if request.ground_id:
        lines += ["", _("Causal: %(ground)s") % {"ground": request.ground}]
    if request.public_link:
        lines += ["", _("La información está publicada en: %(url)s") % {"url": request.public_link}]
    if request.documents.exists():
        lines += ["", _("Los documentos de la respuesta están en el enlace de seguimiento.")]
    if request.outcome in (AccessOutcome.DENIED, AccessOutcome.PARTIAL):
        lines += [
            "",
            _(
                "Si no está conforme, puede presentar un amparo ante el Consejo para la Transparencia dentro de "
                "%(n)s días hábiles (art. 24)."
            )
            % {"n": AccessRules.current().appeal_business_days},
        ]
    _mail_requester(
        request, _("Solicitud de acceso %(number)s: respuesta"), lines, kind="transparency.access_answer", by=by
    )


# --- appeals (amparo, art. 24) ---------------------------------------------------------------------------


@activity.service
def appeal_record(*, request: AccessRequest, by: User, filed_on: date, case_number: str) -> AccessAppeal:
    request = _locked(request, None)
    if not permissions.can_record_appeal(by, request):
        raise PermissionDenied(_("Registra los amparos Gabinete o Asesoría Jurídica."))
    case_number = (case_number or "").strip().upper()
    errors = {}
    if not case_number:
        errors["case_number"] = _("Indique el rol del amparo (por ejemplo C1234-26).")
    elif AccessAppeal.objects.filter(case_number=case_number).exists():
        errors["case_number"] = _("Ya hay un amparo registrado con ese rol.")
    if filed_on is None or filed_on > timezone.localdate():
        errors["filed_on"] = _("Indique una fecha de presentación de hoy o anterior.")
    elif filed_on < request.starts_on:
        errors["filed_on"] = _("El amparo no puede ser anterior a la solicitud.")
    if errors:
        raise ValidationError(errors)
    appeal = AccessAppeal.objects.create(
        request=request, filed_on=filed_on, case_number=case_number[:40], created_by=by
    )
    activity.record(actor=by, verb=APPEAL_RECORDED, target=request, changes={"case_number": appeal.case_number})
    return appeal


@activity.service
def appeal_decide(
    *,
    appeal: AccessAppeal,
    by: User,
    decision: str,
    decided_on: date,
    orders: str = "",
    orders_delivery: bool = False,
    comply_days: int | None = None,
) -> AccessAppeal:
    """The Consejo's decision: what it orders and, when it upholds the amparo, the deadline to comply
    (`comply_days` business days from its notice, or the rules' default)."""
    request = _locked(appeal.request, None)
    if not permissions.can_record_appeal(by, request):
        raise PermissionDenied(_("Registra los amparos Gabinete o Asesoría Jurídica."))
    errors = {}
    if decision not in AppealDecision.values or decision == AppealDecision.PENDING:
        errors["decision"] = _("Elija la decisión del Consejo.")
    if decided_on is None or decided_on > timezone.localdate() or decided_on < appeal.filed_on:
        errors["decided_on"] = _("La fecha de la decisión debe estar entre la presentación del amparo y hoy.")
    upheld = decision in (AppealDecision.UPHELD, AppealDecision.PARTLY)
    if upheld and not (orders or "").strip():
        errors["orders"] = _("Indique qué ordena el Consejo.")
    if orders_delivery and not upheld:
        errors["orders_delivery"] = _("Solo una decisión que acoge el amparo ordena entregar la información.")
    if comply_days is not None and not 1 <= comply_days <= 60:
        errors["comply_days"] = _("El plazo para cumplir debe estar entre 1 y 60 días hábiles.")
    if errors:
        raise ValidationError(errors)
    appeal.decision, appeal.decided_on = decision, decided_on
    appeal.orders, appeal.orders_delivery = (orders or "").strip(), bool(orders_delivery)
    days = comply_days or AccessRules.current().comply_business_days
    appeal.comply_by = business_days.add_business_days(decided_on, days) if upheld else None
    appeal.save()
    activity.record(
        actor=by,
        verb=APPEAL_DECIDED,
        target=request,
        changes={
            "case_number": appeal.case_number,
            "decision": appeal.get_decision_display(),
            "comply_by": appeal.comply_by,
        },
        recipients=[u for u in _people([Role.GABINETE, Role.LEGAL]) if u.pk != by.pk],
    )
    return appeal


@activity.service
def appeal_complied(*, appeal: AccessAppeal, by: User, complied_on: date | None = None) -> AccessAppeal:
    request = _locked(appeal.request, None)
    if not permissions.can_record_appeal(by, request):
        raise PermissionDenied(_("Registra los amparos Gabinete o Asesoría Jurídica."))
    if appeal.comply_by is None:
        raise ValidationError(_("Esta decisión no ordena nada que cumplir."))
    complied_on = complied_on or timezone.localdate()
    if complied_on > timezone.localdate() or (appeal.decided_on and complied_on < appeal.decided_on):
        raise ValidationError({"complied_on": _("La fecha debe estar entre la decisión y hoy.")})
    appeal.complied_on = complied_on
    appeal.save()
    activity.record(actor=by, verb=APPEAL_COMPLIED, target=request, changes={"case_number": appeal.case_number})
    return appeal


# --- what the public sees ------------------------------------------------------------------------------


def public_answered(year: int | None = None):
    """The answered requests the municipality publishes: never who asked (no name, e-mail, address)."""
    rows = (
        AccessRequest.objects.answered()
        .select_related("directorate", "ground")
        .only(
            "number",
            "year",
            "received_at",
            "starts_on",
            "answered_at",
            "information",
            "outcome",
            "ground",
            "public_link",
            "directorate",
            "declares_reserved",
            "reserved_act",
            "status",
        )
        .order_by("-answered_at", "-pk")
    )
    return rows.filter(year=year) if year else rows


def business_days_to_answer(request: AccessRequest) -> int | None:
    if request.answered_at is None:
        return None
    return business_days.business_days_between(request.starts_on, timezone.localdate(request.answered_at))


@dataclass(frozen=True)
class YearStats:
    year: int
    received: int
    answered: int
    by_outcome: list[tuple[str, int]]
    average_days: float | None
    by_directorate: list[tuple[str, int, float | None]]
    referred: int
    withdrawn: int
    in_progress: int


def yearly_stats(year: int) -> YearStats:
    """The year's requests as the Portal de Transparencia shows them: received, by outcome, the average
    business days to answer, and by directorate (2 queries)."""
    requests = list(
        AccessRequest.objects.filter(year=year)
        .select_related("directorate")
        .only("status", "outcome", "starts_on", "answered_at", "directorate__name")
    )
    answered = [r for r in requests if r.status == AccessStatus.ANSWERED]
    days = {r.pk: business_days_to_answer(r) for r in answered}
    outcome_counts = {value: 0 for value in AccessOutcome.values}
    for r in answered:
        outcome_counts[r.outcome] = outcome_counts.get(r.outcome, 0) + 1
    per_directorate: dict[str, list[int]] = {}
    for r in answered:
        per_directorate.setdefault(r.directorate.name if r.directorate else _("Sin asignar"), []).append(
            days[r.pk] or 0
        )

    def average(values: list[int]) -> float | None:
        return round(sum(values) / len(values), 1) if values else None

    return YearStats(
        year=year,
        received=len(requests),
        answered=len(answered),
        by_outcome=[(str(AccessOutcome(v).label), n) for v, n in outcome_counts.items()],
        average_days=average([d for d in days.values() if d is not None]),
        by_directorate=sorted(
            ((name, len(values), average(values)) for name, values in per_directorate.items()),
            key=lambda t: (-t[1], t[0]),
        ),
        referred=sum(1 for r in requests if r.status == AccessStatus.REFERRED),
        withdrawn=sum(1 for r in requests if r.status == AccessStatus.WITHDRAWN),
        in_progress=sum(1 for r in requests if r.is_open),
    )


def reserved_index():
    """Art. 23: the acts and documents declared secret or reserved, from the answers that declared them."""
    return (
        AccessRequest.objects.answered()
        .filter(declares_reserved=True)
        .select_related("ground", "directorate")
        .only("number", "answered_at", "reserved_act", "ground", "directorate", "status", "declares_reserved")
        .order_by("-answered_at", "-pk")
    )


def followed(number: str, token: str) -> AccessRequest | None:
    """The request of this number whose secret link is `token` (compared in constant time)."""
    request = AccessRequest.objects.filter(number=number).first()
    if request is None or not secrets.compare_digest(request.token, token or ""):
        return None
    return request
