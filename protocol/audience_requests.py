"""Audience requests (Ley 20.730) and the register of lobbyists and interest managers (art. 13).

Writes (services, each atomic, told who acts with `by`; a public request has nobody behind it):

- `audience_request_submit`: a request arrives, from the public form or registered by the keeping
  unit (a letter, in person). It gets its yearly number («SA-2026-0001», assigned here: the
  (year, sequence) pair is unique and a concurrent submission that took the same number retries),
  its due date in business days (`LobbyRules.answer_business_days`, counted by
  `gabinete.business_days`), a notice to the keepers of the passive subject's registers and a
  receipt e-mail to the requester (the outbox: the job queue delivers it).
- `audience_request_grant` / `audience_request_deny`: the two answers, declared in
  `AUDIENCE_REQUEST_WORKFLOW` (the core workflow; who may = whoever keeps the subject's registers).
  A grant to the Alcalde puts an audience in his agenda (an `Event`, kind audiencia): the protocol
  agenda is the Alcalde's. For other passive subjects (concejales, the Director de Obras…) the
  municipality keeps no agenda here, so the grant keeps the date, time and place on the request.
  Each answer is e-mailed to the requester.
- `audience_request_record_audience`: once the granted date has passed, the audience record
  (`LobbyAudience`) is made from the request (subject, on whose behalf, matter, modality, place, date
  and time, the requester as lobbista or gestor/a, the other attendees), to be completed and checked
  like any other audience.

Reads: `answer_deadline` (the due date with how it was counted), `similar_requests` (art. 11: the
requests to the same passive subject on a similar matter or on behalf of the same interests, with
their outcome) and `lobbyist_register` (art. 13).

The register of lobbyists is a selector, not a table kept in step: it is built every time from what
is already recorded — the answered requests and the published audiences' outside attendees — so
nothing is typed twice and it can never disagree with its sources (a correction of a published
audience corrects the register at once). It reads only published audiences, and of the requests only
names, whom they represent and whether paid: never e-mail, postal address or RUT.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gabinete import activity, business_days, mail, notifications
from gabinete.business_days import Deadline
from gabinete.concurrency import check_version
from gabinete.models import Delivery, Role
from gabinete.text import fold
from gabinete.types import User
from gabinete.workflow import Next, Tone, Transition, Workflow, requires_detail

from . import permissions, services
from .models import (
    Attendee,
    AudienceRequest,
    AudienceRequestChannel,
    AudienceRequestStatus,
    EventKind,
    EventStatus,
    LobbyAttendeeRole,
    LobbyAudience,
    LobbyAudienceAttendee,
    LobbyModality,
    LobbyPublishedVersion,
    LobbyRegister,
    LobbyRules,
    PassiveSubject,
    PassiveSubjectOffice,
)

#: How long a granted audience lasts in the Alcalde's agenda unless Protocolo changes it.
AUDIENCE_LENGTH = timedelta(hours=1)
NUMBER_PREFIX = "SA"
#: How many times a submission retries when a concurrent one took the same number.
NUMBER_ATTEMPTS = 5

AUDIENCE_REQUEST_RECEIVED = activity.Verb(
    "audience_request.received", gettext_lazy("Recibió la solicitud de audiencia")
)
AUDIENCE_REQUEST_RECORDED = activity.Verb(
    "audience_request.audience_recorded", gettext_lazy("Registró la audiencia de la solicitud")
)

AUDIENCE_REQUEST_RECEIVED_KIND = notifications.Kind(
    "protocol.audience_request_received",
    gettext_lazy("Solicitudes de audiencia (Ley 20.730) a los sujetos pasivos cuyos registros llevo"),
    verbs=[AUDIENCE_REQUEST_RECEIVED.code],
)
AUDIENCE_REQUEST_ANSWERED_KIND = notifications.Kind(
    "protocol.audience_request_answered",
    gettext_lazy("Solicitudes de audiencia concedidas o denegadas por mi unidad"),
    verbs=["audiencerequest.grant", "audiencerequest.deny"],
    default=Delivery.WEB,
)


# --- who hears about it ---------------------------------------------------------------------------


def keepers_of(subject: PassiveSubject) -> list:
    """The people who keep this passive subject's registers (`permissions.can_keep_lobby`): the
    directors and liaisons of the keeping unit, and Gabinete's staff when it is theirs."""
    roles = [Role.DIRECTOR.value, Role.LIAISON.value, Role.GABINETE.value]
    return list(
        get_user_model()
        .objects.filter(is_active=True, memberships__directorate_id=subject.keeper_id, memberships__role__in=roles)
        .distinct()
    )


def _answer_audience(request: AudienceRequest, transition: Transition, by: User) -> list:
    """An answer is news for the other keepers of the subject's registers (the requester gets an e-mail)."""
    return [u for u in keepers_of(request.subject) if u.pk != getattr(by, "pk", None)]


ONLY_KEEPERS = gettext_lazy("Responde la solicitud la unidad que lleva los registros de este sujeto pasivo.")

AUDIENCE_REQUEST_WORKFLOW = Workflow(
    states=AudienceRequestStatus,
    model=AudienceRequest,
    notify=_answer_audience,
    wrong_state=gettext_lazy("Esta solicitud ya fue respondida: está «%(status)s»."),
    next_steps={
        AudienceRequestStatus.RECEIVED: Next(
            gettext_lazy("Ahora la unidad que lleva los registros del sujeto pasivo debe concederla o denegarla."),
            gettext_lazy("Unidad que lleva los registros"),
        ),
        AudienceRequestStatus.GRANTED: Next(
            gettext_lazy("Concedida: cuando se realice, registre la audiencia desde la solicitud."),
            gettext_lazy("Unidad que lleva los registros"),
        ),
        AudienceRequestStatus.DENIED: Next(gettext_lazy("Denegada: no requiere más pasos.")),
    },
    tones={
        AudienceRequestStatus.RECEIVED: Tone.WARNING,
        AudienceRequestStatus.GRANTED: Tone.INFO,
        AudienceRequestStatus.DENIED: Tone.DANGER,
    },
    transitions=[
        Transition(
            "grant",
            (AudienceRequestStatus.RECEIVED,),
            AudienceRequestStatus.GRANTED,
            gettext_lazy("Conceder audiencia"),
            allowed=permissions.can_answer_audience_request,
            refusal=ONLY_KEEPERS,
            done=gettext_lazy("Audiencia concedida; se avisó a quien la solicitó."),
        ),
        Transition(
            "deny",
            (AudienceRequestStatus.RECEIVED,),
            AudienceRequestStatus.DENIED,
            gettext_lazy("Denegar"),
            allowed=permissions.can_answer_audience_request,
            refusal=ONLY_KEEPERS,
            needs=requires_detail(
                "reason", gettext_lazy("Indique el motivo del rechazo: se comunica a quien la solicitó.")
            ),
            needs_field="denial_reason",
            records={"reason": gettext_lazy("Motivo del rechazo")},
            done=gettext_lazy("Solicitud denegada; se avisó a quien la solicitó."),
        ),
    ],
)


# --- the deadline -----------------------------------------------------------------------------------


def answer_deadline(received: date, rules: LobbyRules | None = None) -> Deadline:
    """The last day to answer a request received on `received`: `answer_business_days` business days
    after it (the day of receipt not counted), with the days counted and skipped."""
    rules = rules or LobbyRules.current()
    return business_days.count_business_days(received, rules.answer_business_days)


@receiver(business_days.calendar_changed, dispatch_uid="protocol-audience-request-due-dates")
def _recompute_open_due_dates(**kwargs) -> None:
    """A holiday added or removed moves the stored due date of every unanswered request."""
    for request in AudienceRequest.objects.filter(status=AudienceRequestStatus.RECEIVED):
        due = answer_deadline(timezone.localdate(request.received_at)).due
        if due != request.due_date:
            AudienceRequest.objects.filter(pk=request.pk).update(due_date=due)


def deadline_text(request: AudienceRequest, rules: LobbyRules | None = None) -> str:
    """How the due date was counted, and whether Asesoría Jurídica confirmed the term."""
    rules = rules or LobbyRules.current()
    deadline = answer_deadline(timezone.localdate(request.received_at), rules)
    parts = [
        _("Plazo de %(n)s días hábiles desde la recepción.") % {"n": rules.answer_business_days},
        deadline.explanation(),
    ]
    if not rules.answer_days_confirmed:
        parts.append(_("Plazo por confirmar por Asesoría Jurídica."))
    return " ".join(parts)


# --- services ----------------------------------------------------------------------------------------

REQUEST_FIELDS = (
    "subject",
    "requester_name",
    "requester_rut",
    "email",
    "postal_address",
    "on_behalf_of",
    "is_paid",
    "matter",
    "modality",
    "proposed_start",
    "proposed_alternative",
    "proposed_note",
    "other_attendees",
)


def _next_sequence(year: int) -> int:
    last = AudienceRequest.objects.filter(year=year).aggregate(n=Max("sequence"))["n"]
    return (last or 0) + 1


def _save_numbered(request: AudienceRequest) -> None:
    """Give the request the next number of its year and save it; a number taken meanwhile by a
    concurrent submission (the unique constraint refuses it) is retried with the next one."""
    for attempt in range(NUMBER_ATTEMPTS):
        request.sequence = _next_sequence(request.year) + attempt
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
def audience_request_submit(
    *, data: dict, channel: str, by: User | None, received_on: date | None = None
) -> AudienceRequest:
    """A request for an audience arrives (public form: `by` is None; intranet: the keeper who registers
    a letter or a visit). Numbered, given its due date, announced to the keepers, receipt e-mailed.

    A request registered in the intranet may have been received on an earlier day (`received_on`, a
    letter opened today): its deadline counts from that day. The public form's is always now."""
    subject = data.get("subject")
    if channel == AudienceRequestChannel.INTRANET:
        if by is None or subject is None or not permissions.can_keep_lobby(by, subject):
            raise PermissionDenied(
                _("Las solicitudes a este sujeto pasivo las registra la unidad que lleva sus registros.")
            )
    elif channel != AudienceRequestChannel.WEB:
        raise ValidationError(_("Canal desconocido."))
    if subject is not None and (not subject.is_public or not subject.in_office_on(timezone.localdate())):
        raise ValidationError({"subject": _("Esa autoridad no está en el cargo: elija otra.")})
    now = timezone.now()
    today = timezone.localdate(now)
    if received_on is not None and channel != AudienceRequestChannel.INTRANET:
        raise ValidationError(_("Solo una solicitud registrada en la intranet indica el día en que se recibió."))
    if received_on is not None and received_on > today:
        raise ValidationError({"received_on": _("La fecha de recepción no puede ser posterior a hoy.")})
    if received_on is not None and received_on < today:
        # The hour of a letter's arrival is not known: noon of that day, so the day is right in any zone.
        now = timezone.make_aware(datetime.combine(received_on, time(12, 0)))
    request = AudienceRequest(
        channel=channel,
        received_at=now,
        year=timezone.localdate(now).year,
        created_by=by,
        **{name: data.get(name) for name in REQUEST_FIELDS if name in data},
    )
    for name in ("requester_rut", "email", "postal_address", "proposed_note", "other_attendees"):
        setattr(request, name, (getattr(request, name) or "").strip())
    request.due_date = answer_deadline(timezone.localdate(now)).due
    request.number, request.sequence = "SA-pendiente", 0
    request.full_clean(exclude=["number", "sequence", "year", "due_date"])
    _save_numbered(request)
    activity.record(
        actor=by,
        verb=AUDIENCE_REQUEST_RECEIVED,
        target=request,
        directorate=subject.keeper if subject else None,
        changes={"channel": request.get_channel_display()},
        recipients=[u for u in keepers_of(request.subject) if by is None or u.pk != by.pk],
    )
    _mail_receipt(request)
    return request


def _when(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%d-%m-%Y %H:%M}" if moment else ""


def _mail_receipt(request: AudienceRequest) -> None:
    if not request.email:
        return  # a postal address only: the keeping unit answers by letter
    lines = [
        _("Estimado/a %(name)s:") % {"name": request.requester_name},
        "",
        _("Recibimos su solicitud de audiencia con %(subject)s (Ley N° 20.730).") % {"subject": request.subject},
        _("Número de solicitud: %(number)s") % {"number": request.number},
        _("Materia: %(matter)s") % {"matter": request.matter},
        _("Fecha propuesta: %(when)s") % {"when": _when(request.proposed_start)},
        _("Plazo de respuesta: %(due)s.") % {"due": f"{request.due_date:%d-%m-%Y}"},
        "",
        _("Cite este número en toda comunicación sobre su solicitud."),
    ]
    mail.send(
        to=[request.email],
        subject=_("Solicitud de audiencia %(number)s recibida") % {"number": request.number},
        body="\n".join(lines),
        kind="protocol.audience_request_receipt",
    )


def _mail_answer(request: AudienceRequest, by: User) -> None:
    if not request.email:
        return
    lines = [_("Estimado/a %(name)s:") % {"name": request.requester_name}, ""]
    if request.status == AudienceRequestStatus.GRANTED:
        lines += [
            _("Su solicitud de audiencia %(number)s con %(subject)s fue concedida.")
            % {"number": request.number, "subject": request.subject},
            _("Fecha y hora: %(when)s") % {"when": _when(request.granted_start)},
            _("Lugar: %(place)s") % {"place": request.granted_place},
            _("Modalidad: %(modality)s") % {"modality": request.get_granted_modality_display()},
        ]
        subject = _("Solicitud de audiencia %(number)s concedida")
    else:
        lines += [
            _("Su solicitud de audiencia %(number)s con %(subject)s no fue concedida.")
            % {"number": request.number, "subject": request.subject},
            _("Motivo: %(reason)s") % {"reason": request.denial_reason},
        ]
        subject = _("Solicitud de audiencia %(number)s: respuesta")
    mail.send(
        to=[request.email],
        subject=subject % {"number": request.number},
        body="\n".join(lines),
        kind="protocol.audience_request_answer",
        by=by,
    )


def _locked(request: AudienceRequest, expected_version: int | None) -> AudienceRequest:
    check_version(request, expected_version)
    return AudienceRequest.objects.select_for_update().select_related("subject").get(pk=request.pk)


@activity.service
def audience_request_grant(
    *,
    request: AudienceRequest,
    by: User,
    start: datetime,
    place: str,
    modality: str,
    expected_version: int | None = None,
) -> AudienceRequest:
    """Grant the audience on a date, time, place and modality. For the Alcalde it goes into his agenda
    (an audience event, confirmed, with the requester as attendee)."""
    request = _locked(request, expected_version)
    AUDIENCE_REQUEST_WORKFLOW.check(request, "grant", by)
    errors = {}
    if start is None:
        errors["granted_start"] = _("Indique la fecha y hora de la audiencia.")
    elif timezone.localtime(start).date() < timezone.localdate():
        errors["granted_start"] = _("La fecha de la audiencia ya pasó: indique una fecha de hoy en adelante.")
    if not (place or "").strip():
        errors["granted_place"] = _("Indique el lugar de la audiencia (o el enlace de la videoconferencia).")
    if modality not in LobbyModality.values:
        errors["granted_modality"] = _("Elija la modalidad: presencial o videoconferencia.")
    if errors:
        raise ValidationError(errors)
    request.granted_start, request.granted_place, request.granted_modality = start, place.strip(), modality
    AUDIENCE_REQUEST_WORKFLOW.apply(request, "grant", by=by)
    request.answered_at, request.answered_by = timezone.now(), by
    if request.subject.office == PassiveSubjectOffice.MAYOR:
        request.event = _agenda_event(request, by)
    request.save()
    _mail_answer(request, by)
    return request


def _agenda_event(request: AudienceRequest, by: User):
    event = services.event_create(
        by=by,
        data={
            "title": _("Audiencia Ley del Lobby: %(name)s (%(on_behalf_of)s)")
            % {"name": request.requester_name, "on_behalf_of": request.on_behalf_of},
            "kind": EventKind.AUDIENCE,
            "start": request.granted_start,
            "end": request.granted_start + AUDIENCE_LENGTH,
            "place_name": request.granted_place[:200],
            # A lobby audience is published in the lobby register once held, not announced beforehand.
            "is_public": False,
            "notes_for_mayor": _("Solicitud %(number)s. Materia: %(matter)s")
            % {"number": request.number, "matter": request.matter},
        },
    )
    Attendee.objects.create(event=event, name=request.requester_name, institution=request.on_behalf_of[:200])
    return event


@activity.service
def audience_request_deny(
    *, request: AudienceRequest, by: User, reason: str, expected_version: int | None = None
) -> AudienceRequest:
    """Deny the request with a reason (required: it is sent to the requester and kept for art. 11)."""
    request = _locked(request, expected_version)
    reason = (reason or "").strip()
    AUDIENCE_REQUEST_WORKFLOW.apply(request, "deny", by=by, reason=reason)
    request.denial_reason = reason
    request.answered_at, request.answered_by = timezone.now(), by
    request.save()
    _mail_answer(request, by)
    return request


def _other_attendees(text: str) -> list[tuple[str, str]]:
    """«Nombre, a quién representa» per line → (name, represents)."""
    people = []
    for line in (text or "").splitlines():
        line = line.strip(" -•\t")
        if not line:
            continue
        name, _sep, represents = line.partition(",")
        people.append((name.strip()[:200], represents.strip()[:250]))
    return people


def can_record_audience(request: AudienceRequest) -> bool:
    """The audience can be recorded once granted and its time has come, and only once."""
    return (
        request.status == AudienceRequestStatus.GRANTED
        and request.audience_id is None
        and request.granted_start is not None
        and request.granted_start <= timezone.now()
    )


@activity.service
def audience_request_record_audience(*, request: AudienceRequest, by: User) -> LobbyAudience:
    """Make the audience record from a granted request once held: nothing is typed again. The record
    waits to be completed and checked (published) like any other; the agenda event is marked held."""
    request = _locked(request, None)
    if not permissions.can_answer_audience_request(by, request):
        raise PermissionDenied(str(ONLY_KEEPERS))
    if request.audience_id is not None:
        return request.audience
    if request.status != AudienceRequestStatus.GRANTED:
        raise ValidationError(_("Solo una solicitud concedida tiene una audiencia que registrar."))
    if request.granted_start is None or request.granted_start > timezone.now():
        raise ValidationError(
            _("La audiencia es el %(when)s: regístrela cuando se haya realizado.")
            % {"when": _when(request.granted_start)}
        )
    existing = LobbyAudience.objects.filter(event=request.event).first() if request.event_id else None
    if existing is not None:
        audience = existing  # made from the agenda event meanwhile
    else:
        start = timezone.localtime(request.granted_start)
        audience = LobbyAudience(
            subject=request.subject,
            event=request.event,
            date=start.date(),
            time=start.time().replace(second=0, microsecond=0),
            place=request.granted_place,
            modality=request.granted_modality or request.modality,
            on_behalf_of=request.on_behalf_of,
            matter=request.matter,
        )
        role = request.requester_role
        attendees = [LobbyAudienceAttendee(name=request.requester_name, represents=request.on_behalf_of, role=role)]
        attendees += [
            LobbyAudienceAttendee(name=name, represents=represents or request.on_behalf_of, role=role)
            for name, represents in _other_attendees(request.other_attendees)
            if name
        ]
        audience = services.lobby_audience_save(audience=audience, attendees=attendees, by=by)
    request.audience = audience
    request.save(update_fields=["audience"])
    if request.event is not None and request.event.status == EventStatus.CONFIRMED:
        services.event_transition(event=request.event, to_status=EventStatus.DONE, by=by)
    activity.record(
        actor=by,
        verb=AUDIENCE_REQUEST_RECORDED,
        target=request,
        directorate=request.subject.keeper,
        changes={"audience": str(audience)},
    )
    return audience


# --- equal treatment (art. 11) ------------------------------------------------------------------------

_WORD = re.compile(r"\w+")
#: Words too common in requests to say two matters are alike.
STOPWORDS = frozenset(
    "para como sobre entre desde hasta donde cuando esta este estos estas pero porque solicitud audiencia "
    "reunion municipal municipalidad antofagasta alcalde tema proyecto".split()
)
#: Two matters are alike when they share at least this many significant words.
SHARED_WORDS = 2


def matter_words(text: str) -> set[str]:
    """The significant words of a matter, folded (no accents, lower case), four letters or more."""
    return {w for w in _WORD.findall(fold(text)) if len(w) >= 4 and w not in STOPWORDS}


@dataclass
class Similar:
    request: AudienceRequest
    reasons: list[str] = field(default_factory=list)


def similar_requests(request: AudienceRequest, *, limit: int = 500) -> list[Similar]:
    """The other requests to the same passive subject on a similar matter (shared significant words)
    or on behalf of the same interests, newest first, with why each one is alike: what the keeper
    compares before answering, so those who ask on the same matter get the same treatment."""
    words = matter_words(request.matter)
    behalf = fold(request.on_behalf_of).strip()
    candidates = (
        AudienceRequest.objects.filter(subject=request.subject)
        .exclude(pk=request.pk)
        .select_related("subject")
        .order_by("-received_at")[:limit]
    )
    found = []
    for other in candidates:
        reasons = []
        shared = words & matter_words(other.matter)
        if len(shared) >= min(SHARED_WORDS, len(words) or SHARED_WORDS):
            reasons.append(_("materia parecida (%(words)s)") % {"words": ", ".join(sorted(shared))})
        if behalf and fold(other.on_behalf_of).strip() == behalf:
            reasons.append(_("a nombre de los mismos intereses"))
        if reasons:
            found.append(Similar(other, reasons))
    return found


# --- the register of lobbyists and interest managers (art. 13) ---------------------------------------


@dataclass
class Lobbyist:
    """One person in the register: whom they represented, whether paid, with whom and how often."""

    name: str
    represents: str
    role: str
    subjects: set[str] = field(default_factory=set)
    requests: int = 0
    audiences: int = 0
    last_date: date | None = None

    def seen(self, day: date | None) -> None:
        if day is not None and (self.last_date is None or day > self.last_date):
            self.last_date = day


PUBLIC_ROLES = {
    str(LobbyAttendeeRole.LOBBYIST.label): LobbyAttendeeRole.LOBBYIST,
    str(LobbyAttendeeRole.INTEREST_MANAGER.label): LobbyAttendeeRole.INTEREST_MANAGER,
}


def lobbyist_register(*, subject: PassiveSubject | None = None) -> list[Lobbyist]:
    """Art. 13: the people who requested audiences (answered requests) or held them (published
    audiences' lobbyists and interest managers), each with whom they represent and whether paid, the
    passive subjects they met or asked for, and how often; sorted by name. No contact data, no RUT."""
    people: dict[tuple[str, str, str], Lobbyist] = {}

    def entry(name: str, represents: str, role: str) -> Lobbyist:
        key = (fold(name).strip(), fold(represents).strip(), role)
        if key not in people:
            people[key] = Lobbyist(
                name=name.strip(), represents=represents.strip(), role=str(LobbyAttendeeRole(role).label)
            )
        return people[key]

    requests = AudienceRequest.objects.answered().select_related("subject")
    if subject is not None:
        requests = requests.filter(subject=subject)
    for r in requests.only("requester_name", "on_behalf_of", "is_paid", "received_at", "subject__name"):
        person = entry(r.requester_name, r.on_behalf_of, r.requester_role)
        person.requests += 1
        person.subjects.add(r.subject.name)
        person.seen(timezone.localdate(r.received_at))
    versions = LobbyPublishedVersion.objects.current().filter(register=LobbyRegister.AUDIENCE)
    if subject is not None:
        versions = versions.filter(subject=subject)
    for version in versions.only("data", "date"):
        data = version.data or {}
        for attendee in data.get("attendees", []):
            role = PUBLIC_ROLES.get(attendee.get("role", ""))
            if role is None or not attendee.get("name"):
                continue
            person = entry(attendee["name"], attendee.get("represents") or data.get("on_behalf_of", ""), role)
            person.audiences += 1
            person.subjects.add(data.get("passive_subject", ""))
            person.seen(version.date)
    return sorted(people.values(), key=lambda p: (fold(p.name), fold(p.represents)))


def lobbyist_rows(register: Iterable[Lobbyist]) -> list[list]:
    return [
        [
            p.name,
            p.represents,
            p.role,
            "; ".join(sorted(s for s in p.subjects if s)),
            p.requests,
            p.audiences,
            p.last_date,
        ]
        for p in register
    ]


LOBBYIST_HEADER = [
    gettext_lazy("Nombre"),
    gettext_lazy("Representa a"),
    gettext_lazy("Calidad"),
    gettext_lazy("Sujetos pasivos"),
    gettext_lazy("Solicitudes respondidas"),
    gettext_lazy("Audiencias publicadas"),
    gettext_lazy("Última fecha"),
]


def public_requests(*, subject: PassiveSubject | None = None):
    """The answered requests as the public sees them (art. 11): number, subject, requester's name, on
    whose behalf, whether paid, matter, dates and outcome. Never e-mail, postal address or RUT."""
    rows = AudienceRequest.objects.answered().filter(subject__is_public=True).select_related("subject")
    if subject is not None:
        rows = rows.filter(subject=subject)
    return rows.only(
        "number",
        "subject__name",
        "subject__office",
        "subject__position_detail",
        "subject__tender_id",
        "requester_name",
        "on_behalf_of",
        "is_paid",
        "matter",
        "received_at",
        "status",
        "granted_start",
        "denial_reason",
        "answered_at",
    ).order_by("-received_at", "-pk")


def request_url(request: AudienceRequest) -> str:
    return reverse("protocol:audience-request-detail", args=[request.pk])
