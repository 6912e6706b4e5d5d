"""Writes of the protocol app: each one keyword-only, typed, atomic, and told who acts (`by`)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from gabinete import activity, business_days, notifications
from gabinete.concurrency import check_version
from gabinete.models import Delivery, Directorate, Team
from gabinete.text import fold
from gabinete.types import User
from gabinete.workflow import Next, Tone, Transition, Workflow, WrongState

from . import permissions
from .models import (
    AGENDA_FIRST_DAY,
    AGENDA_LAST_DAY,
    MAX_EVENT_DAYS,
    Attendee,
    CalendarFeed,
    ChecklistTask,
    Event,
    EventStatus,
    EventStatusChange,
    LobbyAttendeeRole,
    LobbyAudience,
    LobbyAudienceAttendee,
    LobbyGift,
    LobbyMonthClosing,
    LobbyPublishedVersion,
    LobbyRecord,
    LobbyRegister,
    LobbyRules,
    LobbyTrip,
    PassiveSubject,
    PassiveSubjectOffice,
    PrecedenceCategory,
    in_agenda_range,
)


def _event_wrong_state(event: Event, transition: Transition | None, to_status: str = "") -> str:
    target = transition.target if transition else to_status
    return _("Una actividad %(from)s no puede pasar a %(to)s.") % {
        "from": event.get_status_display().lower(),
        "to": EventStatus(target).label.lower() if target in EventStatus.values else target,
    }


_ONLY_GABINETE = gettext_lazy("Solo Gabinete cambia el estado de una actividad.")


def _event_audience(event: Event, transition: Transition, by: User) -> list:
    """Gabinete's decision on an activity concerns whoever proposed it, the proposing directorate's director
    and liaisons, and the people with a protocol task for it (a cancelled event frees them)."""
    responsible = [task.responsible for task in event.tasks.select_related("responsible") if task.responsible]
    return [event.proposed_by, *activity.directorate_people(event.proposing_directorate), *responsible]


#: The event workflow: propuesta → confirmada → realizada | cancelada (only Gabinete moves an event).
EVENT_WORKFLOW = Workflow(
    states=EventStatus,
    notify=_event_audience,
    wrong_state=_event_wrong_state,
    next_steps={
        EventStatus.PROPOSED: Next(
            gettext_lazy("Ahora Gabinete debe confirmarla o cancelarla."), gettext_lazy("Gabinete (protocolo)")
        ),
        EventStatus.CONFIRMED: Next(
            gettext_lazy("Ahora protocolo la prepara y, cuando ocurra, Gabinete la marca realizada."),
            gettext_lazy("Gabinete (protocolo)"),
        ),
        EventStatus.CANCELLED: Next(
            gettext_lazy("Queda cancelada; Gabinete puede volver a confirmarla."), gettext_lazy("Gabinete (protocolo)")
        ),
        EventStatus.DONE: Next(gettext_lazy("Realizada: no requiere más pasos.")),
    },
    tones={
        EventStatus.PROPOSED: Tone.WARNING,
        EventStatus.CONFIRMED: Tone.INFO,
        EventStatus.DONE: Tone.SUCCESS,
        EventStatus.CANCELLED: Tone.DANGER,
    },
    transitions=[
        Transition(
            "cancel",
            (EventStatus.PROPOSED, EventStatus.CONFIRMED),
            EventStatus.CANCELLED,
            gettext_lazy("Cancelar actividad"),
            allowed=permissions.can_change_status,
            refusal=_ONLY_GABINETE,
            done=gettext_lazy("Actividad cancelada."),
        ),
        Transition(
            "confirm",
            (EventStatus.PROPOSED, EventStatus.CANCELLED),
            EventStatus.CONFIRMED,
            gettext_lazy("Confirmar"),
            allowed=permissions.can_change_status,
            refusal=_ONLY_GABINETE,
            done=gettext_lazy("Actividad confirmada."),
        ),
        Transition(
            "hold",
            (EventStatus.CONFIRMED,),
            EventStatus.DONE,
            gettext_lazy("Marcar realizada"),
            allowed=permissions.can_change_status,
            refusal=_ONLY_GABINETE,
            done=gettext_lazy("Actividad marcada realizada."),
        ),
    ],
)

EVENT_FIELDS = (
    "title",
    "kind",
    "start",
    "end",
    "all_day",
    "place_name",
    "place_address",
    "is_public",
    "dress_code",
    "notes_for_mayor",
    "programme",
)

EVENT_CREATED = activity.Verb("event.created", _("Agregó la actividad a la agenda"))
EVENT_PROPOSED = activity.Verb("event.proposed", _("Propuso la actividad"))
EVENT_UPDATED = activity.Verb("event.updated", _("Editó la actividad"))
ATTENDEE_ADDED = activity.Verb("event.attendee_added", _("Agregó un asistente"))
ATTENDEE_REMOVED = activity.Verb("event.attendee_removed", _("Quitó un asistente"))
TASK_ADDED = activity.Verb("event.task_added", _("Agregó una tarea de protocolo"))
TASK_DONE = activity.Verb("event.task_done", _("Marcó hecha una tarea de protocolo"))
TASK_REOPENED = activity.Verb("event.task_reopened", _("Marcó pendiente una tarea de protocolo"))
TASK_REMOVED = activity.Verb("event.task_removed", _("Quitó una tarea de protocolo"))
FEED_CREATED = activity.Verb("calendar_feed.created", _("Creó su calendario privado"))
FEED_REVOKED = activity.Verb("calendar_feed.revoked", _("Revocó su calendario privado"))
PRECEDENCE_SAVED = activity.Verb("precedence.saved", _("Editó el orden de precedencia"))
PRECEDENCE_CONFIRMED = activity.Verb(
    "precedence.placement_confirmed", _("Confirmó la ubicación de una categoría de precedencia")
)
LOBBY_RECORD_CREATED = activity.Verb("lobby_record.created", _("Registró en el registro de lobby"))
LOBBY_RECORD_UPDATED = activity.Verb("lobby_record.updated", _("Corrigió el registro de lobby"))
LOBBY_RECORD_CHECKED = activity.Verb("lobby_record.checked", _("Revisó y publicó el registro de lobby"))

EVENT_PROPOSED_KIND = notifications.Kind(
    "protocol.event_proposed",
    gettext_lazy("Actividades que proponen las direcciones"),
    verbs=[EVENT_PROPOSED.code],
)
EVENT_DECIDED_KIND = notifications.Kind(
    "protocol.event_decided",
    gettext_lazy("Actividades confirmadas o canceladas que me conciernen"),
    verbs=["event.confirm", "event.cancel"],
)
EVENT_HELD_KIND = notifications.Kind(
    "protocol.event_held",
    gettext_lazy("Actividades marcadas realizadas"),
    verbs=["event.hold"],
    default=Delivery.WEB,
)
TASK_ASSIGNED_KIND = notifications.Kind(
    "protocol.task_assigned",
    gettext_lazy("Tareas de protocolo que me asignan o me quitan"),
    verbs=[TASK_ADDED.code, TASK_REMOVED.code],
)


def agenda_range_message() -> str:
    return _("La fecha debe estar entre el año %(first)s y el año %(last)s.") % {
        "first": AGENDA_FIRST_DAY.year,
        "last": AGENDA_LAST_DAY.year,
    }


class EventLockedError(PermissionDenied):
    """A directorate tried to edit its proposal after Gabinete had decided on it."""


def normalise_all_day(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """An all-day event runs from local midnight of its first day to midnight after its last day."""
    tz = timezone.get_current_timezone()
    first = timezone.localtime(start).date()
    last = max(timezone.localtime(end).date(), first)
    return (
        timezone.make_aware(datetime.combine(first, time.min), tz),
        timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), tz),
    )


def _apply(event: Event, data: dict) -> None:
    for name in EVENT_FIELDS:
        if name in data:
            setattr(event, name, data[name])
    for name in ("start", "end"):
        if not in_agenda_range(getattr(event, name)):
            raise ValidationError({name: agenda_range_message()})
    if event.all_day:
        event.start, event.end = normalise_all_day(event.start, event.end)
    if event.end < event.start:
        raise ValidationError({"end": _("La hora de término debe ser posterior a la de inicio.")})
    if event.end - event.start > timedelta(days=MAX_EVENT_DAYS):
        raise ValidationError(
            {"end": _("Una actividad no puede durar más de %(days)s días.") % {"days": MAX_EVENT_DAYS}}
        )


def _log_status(event: Event, from_status: str, to_status: str, by: User, note: str = "") -> None:
    """The one writer of an event's step log (EventStatusChange)."""
    EventStatusChange.objects.create(event=event, from_status=from_status, to_status=to_status, by=by, note=note)


@activity.service
def event_create(
    *,
    by: User,
    data: dict,
    directorates: Iterable[Directorate] = (),
    proposing_directorate: Directorate | None = None,
) -> Event:
    """Gabinete puts an activity straight into the agenda (confirmed); a directorate proposes one."""
    manager = permissions.can_manage_agenda(by)
    if proposing_directorate is None:
        if not manager:
            raise PermissionDenied(_("Solo Gabinete agrega actividades directamente a la agenda."))
        status = EventStatus.CONFIRMED
    else:
        if not manager and proposing_directorate.pk not in permissions.proposing_directorate_ids(by):
            raise PermissionDenied(_("No puede proponer actividades por esa dirección."))
        status = EventStatus.PROPOSED
    event = Event(status=status, proposed_by=by, proposing_directorate=proposing_directorate)
    _apply(event, data)
    event.full_clean(exclude=["programme"])
    event.save()
    event.directorates.set(directorates)
    _log_status(event, "", status, by)
    proposed = status == EventStatus.PROPOSED
    activity.record(
        actor=by,
        verb=EVENT_PROPOSED if proposed else EVENT_CREATED,
        target=event,
        directorate=proposing_directorate,
        recipients=activity.gabinete_people(Team.PROTOCOL) if proposed else (),
    )
    return event


@activity.service
def event_update(
    *,
    event: Event,
    by: User,
    data: dict,
    directorates: Iterable[Directorate] | None = None,
    expected_version: int | None,
) -> Event:
    """Save an edit. Refused on a stale copy, and for a directorate once its proposal was decided."""
    check_version(event, expected_version)
    current_status = Event.objects.filter(pk=event.pk).values_list("status", flat=True).get()
    event.status = current_status
    if not permissions.can_edit_event(by, event):
        raise EventLockedError(
            _(
                "Esta actividad ya fue %(status)s por Gabinete y no puede modificarse desde su dirección. "
                "Pida el cambio al equipo de Protocolo."
            )
            % {"status": event.get_status_display().lower()}
        )
    before = activity.snapshot(event, EVENT_FIELDS)
    _apply(event, data)
    event.save()
    if directorates is not None:
        event.directorates.set(directorates)
    activity.record(
        actor=by,
        verb=EVENT_UPDATED,
        target=event,
        directorate=event.proposing_directorate,
        changes=activity.changes_between(before, activity.snapshot(event, EVENT_FIELDS), Event),
    )
    return event


@activity.service
def event_transition(
    *,
    event: Event,
    to_status: str,
    by: User,
    note: str = "",
    expected_version: int | None = None,
) -> Event:
    """Move an event along its workflow (propuesta → confirmada → realizada | cancelada)."""
    if not permissions.can_change_status(by, event):
        raise PermissionDenied(str(_ONLY_GABINETE))
    check_version(event, expected_version)
    event.refresh_from_db()
    transition = EVENT_WORKFLOW.leading_to(to_status)
    if transition is None:
        raise WrongState(_event_wrong_state(event, None, to_status), code="wrong_state")
    step = EVENT_WORKFLOW.apply(event, transition.name, by=by, note=note)
    event.save(update_fields=["status", "updated_at"])
    _log_status(event, step.source, step.target, by, note)
    return event


def overlapping_confirmed(start: datetime, end: datetime, *, exclude_pk: int | None = None) -> list[Event]:
    """Confirmed events of the Alcalde that share time with [start, end)."""
    qs = Event.objects.confirmed().overlapping(start, end).order_by("start")
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs[:10])


# --- attendees and checklist -----------------------------------------------------------------------


def _require_manager(by: User) -> None:
    if not permissions.can_manage_agenda(by):
        raise PermissionDenied(_("Solo Gabinete modifica asistentes y la pauta de protocolo."))


@activity.service
def attendee_add(*, event: Event, by: User, data: dict) -> Attendee:
    """Add an authority or guest to an event."""
    _require_manager(by)
    attendee = Attendee(event=event, **data)
    attendee.full_clean()
    attendee.save()
    activity.record(actor=by, verb=ATTENDEE_ADDED, target=event, changes={"attendee": str(attendee)})
    return attendee


@activity.service
def attendee_remove(*, attendee: Attendee, by: User) -> None:
    _require_manager(by)
    activity.record(actor=by, verb=ATTENDEE_REMOVED, target=attendee.event, changes={"attendee": str(attendee)})
    attendee.delete()


@activity.service
def task_add(*, event: Event, by: User, data: dict) -> ChecklistTask:
    """Add a protocol task (invitaciones, amplificación, bandera…) to an event."""
    _require_manager(by)
    task = ChecklistTask(event=event, **data)
    task.full_clean()
    task.save()
    activity.record(
        actor=by, verb=TASK_ADDED, target=event, changes={"task": task.title}, recipients=[task.responsible]
    )
    return task


@activity.service
def task_set_done(*, task: ChecklistTask, by: User, done: bool) -> ChecklistTask:
    """Mark a task done (or undo it): Gabinete or the person responsible."""
    if not permissions.can_complete_task(by, task):
        raise PermissionDenied(_("Solo Gabinete o la persona responsable marcan esta tarea."))
    task.done = done
    task.done_at = timezone.now() if done else None
    task.save(update_fields=["done", "done_at"])
    activity.record(
        actor=by, verb=TASK_DONE if done else TASK_REOPENED, target=task.event, changes={"task": task.title}
    )
    return task


@activity.service
def task_remove(*, task: ChecklistTask, by: User) -> None:
    _require_manager(by)
    activity.record(
        actor=by, verb=TASK_REMOVED, target=task.event, changes={"task": task.title}, recipients=[task.responsible]
    )
    task.delete()


# --- calendar feeds --------------------------------------------------------------------------------


@activity.service
def feed_create(*, by: User) -> CalendarFeed:
    """A new private feed for `by`; any earlier one stops working (regenerating = revoke + create)."""
    if not permissions.can_have_feed(by):
        raise PermissionDenied(_("Su cuenta no tiene una dirección asignada."))
    CalendarFeed.objects.filter(user=by, revoked_at__isnull=True).update(revoked_at=timezone.now())
    feed = CalendarFeed.objects.create(user=by, token=secrets.token_urlsafe(32))
    # The entry never holds the token: the log is read by more people than the feed's owner.
    activity.record(actor=by, verb=FEED_CREATED, target=None, app="protocol")
    return feed


@activity.service
def feed_revoke(*, by: User) -> int:
    """Stop every feed of `by`; the old URLs answer 404."""
    revoked = CalendarFeed.objects.filter(user=by, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if revoked:
        activity.record(actor=by, verb=FEED_REVOKED, target=None, app="protocol", changes={"feeds": revoked})
    return revoked


def feed_touch(feed: CalendarFeed) -> None:
    """Remember when a calendar last fetched the feed (at most one write per hour)."""
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at > timedelta(hours=1):
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)


@activity.service
def precedence_save(*, categories: Iterable[PrecedenceCategory], by: User) -> list[PrecedenceCategory]:
    """Gabinete edits the order of precedence: the changed and the new categories, saved together."""
    if not permissions.can_manage_agenda(by):
        raise PermissionDenied(_("Solo Gabinete edita el orden de precedencia."))
    saved = []
    for category in categories:
        category.full_clean()
        activity.set_history_user(category, by)
        category.save()
        saved.append(category)
    if saved:
        activity.record(
            actor=by,
            verb=PRECEDENCE_SAVED,
            target=None,
            app="protocol",
            changes={"categories": [str(category) for category in saved]},
        )
    return saved


@activity.service
def precedence_confirm_placement(*, category: PrecedenceCategory, by: User) -> PrecedenceCategory:
    """Gabinete confirms the place of a row the published sources leave open (the national block's
    order, the Gobernador/a Regional…): it stops showing "ubicación por confirmar"."""
    if not permissions.can_manage_agenda(by):
        raise PermissionDenied(_("Solo Gabinete confirma el orden de precedencia."))
    if category.placement_confirmed:
        return category
    category.placement_confirmed = True
    activity.set_history_user(category, by)
    category.save(update_fields=["placement_confirmed"])
    activity.record(
        actor=by,
        verb=PRECEDENCE_CONFIRMED,
        target=category,
        app="protocol",
        changes={"category": str(category)},
    )
    return category


# --- lobby (Ley 20.730) ---------------------------------------------------------------------------


def _require_lobby(by: User, subject: PassiveSubject | None) -> None:
    if subject is None or not permissions.can_keep_lobby(by, subject):
        raise PermissionDenied(_("Los registros de lobby de este sujeto pasivo los lleva otra unidad."))


#: A lobby record or one of its kinds (an audience): saved and given back as it came.
R = TypeVar("R", bound=LobbyRecord)


def _lobby_record_save(*, record: R, by: User, expected_version: int | None) -> R:
    _require_lobby(by, record.subject if record.subject_id else None)
    if record.pk is not None:
        stored = type(record).objects.filter(pk=record.pk).values_list("subject_id", flat=True).first()
        if stored is not None and stored != record.subject_id:
            # Moving a record to another passive subject is a change the old keeper must be allowed too.
            _require_lobby(by, PassiveSubject.objects.get(pk=stored))
    if record.pk is None:
        record.created_by = by
    else:
        check_version(record, expected_version)
        if not record.correction_reason.strip() and record.published_versions().exists():
            # A published record is corrected in the open: the public register says why.
            raise ValidationError({"correction_reason": CORRECTION_REASON_REQUIRED})
        record.checked_at = None
        record.checked_by = None
    record.full_clean()
    activity.set_history_user(record, by)
    record.save()
    return record


CORRECTION_REASON_REQUIRED = gettext_lazy(
    "Indique el motivo de la corrección: el registro está publicado y el registro público lo mostrará."
)


@activity.service
def lobby_record_save(*, record: LobbyRecord, by: User, expected_version: int | None = None) -> LobbyRecord:
    """Create or edit an audience, trip or gift.

    An edit of a checked record is a correction: it waits for a new check, while the version
    already published stays in the public register (see `lobby_record_check`).
    """
    created = record.pk is None
    record = _lobby_record_save(record=record, by=by, expected_version=expected_version)
    activity.record(actor=by, verb=LOBBY_RECORD_CREATED if created else LOBBY_RECORD_UPDATED, target=record)
    return record


@activity.service
def lobby_audience_save(
    *,
    audience: LobbyAudience,
    attendees: Iterable[LobbyAudienceAttendee] = (),
    removed: Iterable[LobbyAudienceAttendee] = (),
    by: User,
    expected_version: int | None = None,
) -> LobbyAudience:
    """Create or edit an audience together with its attendees (the changed or new ones, and the
    ones taken off): all saved, or nothing. Like any edit, it waits for a new check."""
    created = audience.pk is None
    audience = _lobby_record_save(record=audience, by=by, expected_version=expected_version)
    removed, attendees = list(removed), list(attendees)
    for attendee in removed:
        if attendee.pk is None or attendee.audience_id != audience.pk:
            raise PermissionDenied(_("Ese asistente no pertenece a esta audiencia."))
        activity.set_history_user(attendee, by)
        attendee.delete()
    for attendee in attendees:
        if attendee.pk is not None and attendee.audience_id != audience.pk:
            raise PermissionDenied(_("Ese asistente no pertenece a esta audiencia."))
        attendee.audience = audience
        attendee.full_clean()
        activity.set_history_user(attendee, by)
        attendee.save()
    activity.record(
        actor=by,
        verb=LOBBY_RECORD_CREATED if created else LOBBY_RECORD_UPDATED,
        target=audience,
        changes={"attendees_saved": len(attendees), "attendees_removed": len(removed)},
    )
    return audience


@activity.service
def lobby_record_check(*, record: LobbyRecord, by: User, expected_version: int | None = None) -> LobbyRecord:
    """Gabinete checks a record and publishes it in the public register.

    The first check publishes version 1. Checking a correction publishes a new version that
    points to the one it corrects, which leaves the register (it stays in the record's public
    history); the public sees the new one marked «Corregido el …».
    """
    _require_lobby(by, record.subject)
    check_version(record, expected_version)
    blockers = record.publication_blockers()
    if blockers:
        raise ValidationError(blockers)
    record.checked_at = timezone.now()
    record.checked_by = by
    version = lobby_publish(record=record, by=by, at=record.checked_at)
    # The reason went out with the version it explains; the next correction gives its own.
    record.correction_reason = ""
    record.save(update_fields=["checked_at", "checked_by", "correction_reason", "updated_at"])
    activity.record(
        actor=by,
        verb=LOBBY_RECORD_CHECKED,
        target=record,
        changes={"published_version": version.number if version else None},
    )
    return record


def lobby_publish(*, record: LobbyRecord, by: User, at: datetime) -> LobbyPublishedVersion | None:
    """Publish the record as it is now: a new version, unless it says what the public already sees.

    Called by `lobby_record_check` (inside its transaction). Returns the new version, or None
    when nothing public changed.
    """
    data = record.public_data()
    current = (
        LobbyPublishedVersion.objects.current()
        .select_for_update()
        .filter(register=record.register, record_id=record.pk)
        .first()
    )
    if current is not None:
        if current.data == json.loads(json.dumps(data, cls=DjangoJSONEncoder)):
            return None
        current.superseded_at = at
        current.save(update_fields=["superseded_at"])
    return LobbyPublishedVersion.objects.create(
        register=record.register,
        record_id=record.pk,
        number=current.number + 1 if current else 1,
        corrects=current,
        date=record.register_date,
        subject=record.subject,
        reason=record.correction_reason if current else "",
        data=data,
        published_at=at,
        published_by=by,
    )


@activity.service
def lobby_audience_from_event(*, event: Event, by: User) -> tuple[LobbyAudience, bool]:
    """Turn an audience of the Alcalde's agenda into a lobby record, copying date, time, place,
    title (as a first draft of the matter) and attendees. Returns (audience, created).

    Municipal staff (`is_municipal_attendee`) attend on the municipality's side; every outside
    attendee's role (paid lobbyist or unpaid interest manager) is asked on the form: until it is
    answered the audience cannot be published (`LobbyAudience.publication_blockers`)."""
    existing = LobbyAudience.objects.filter(event=event).first()
    if existing is not None:
        return existing, False
    day = timezone.localtime(event.start).date()
    subject = PassiveSubject.objects.filter(office=PassiveSubjectOffice.MAYOR).in_office_on(day).first()
    _require_lobby(by, subject)
    audience = LobbyAudience(
        event=event,
        subject=subject,
        date=day,
        time=timezone.localtime(event.start).time().replace(second=0, microsecond=0),
        place=event.place or _("Sin lugar registrado"),
        matter=event.title,
        created_by=by,
    )
    # Whom the visitors represent is asked on the form (the agenda does not know it); until then it
    # cannot be published (`publication_blockers`).
    unit_names = _municipal_unit_names()
    attendees = [
        (a, is_municipal_attendee(a.institution, a.office, unit_names)) for a in event.attendees.order_by("pk")
    ]
    audience.on_behalf_of = next((a.institution for a, municipal in attendees if a.institution and not municipal), "")
    audience.full_clean(exclude=["event", "on_behalf_of"])
    audience.save()
    LobbyAudienceAttendee.objects.bulk_create(
        [
            LobbyAudienceAttendee(
                audience=audience,
                name=a.name,
                represents=a.institution,
                role=LobbyAttendeeRole.MUNICIPAL if municipal else LobbyAttendeeRole.UNKNOWN,
            )
            for a, municipal in attendees
        ]
    )
    activity.record(actor=by, verb=LOBBY_RECORD_CREATED, target=audience, changes={"event": str(event)})
    return audience, True


#: Words that put an attendee on the municipality's side (folded: lower case, no accents).
MUNICIPAL_WORDS = ("municipalidad", "alcalde", "alcaldesa", "alcaldia", "concejal", "gabinete")


def _municipal_unit_names() -> list[str]:
    names = Directorate.objects.active().values_list("name", "short_name")
    return [fold(n) for pair in names for n in pair if n and len(n) > 3]


def is_municipal_attendee(institution: str, office: str, unit_names: Iterable[str] = ()) -> bool:
    """Whether an agenda attendee is municipal staff: their institution is the Municipalidad or one
    of its units, or their office names the Alcalde's team or a municipal unit. A guess the keeper
    can change on the form; an outside attendee is never taken for municipal staff on a hunch
    (the «Asociación Chilena de Municipalidades» is outside)."""
    inst, off = fold(institution).strip(), fold(office).strip()
    if inst.startswith(("municipalidad", "i. municipalidad", "ilustre municipalidad")):
        return True
    if not inst or inst in unit_names:
        text = f"{inst} {off}"
        return any(word in text for word in MUNICIPAL_WORDS) or any(name in text for name in unit_names)
    return False


PASSIVE_SUBJECT_SAVED = activity.Verb("passive_subject.saved", _("Guardó el sujeto pasivo"))
LOBBY_RECORD_DELETED = activity.Verb("lobby_record.deleted", _("Eliminó un borrador del registro de lobby"))
LOBBY_MONTH_CLOSED = activity.Verb("lobby_month.closed", _("Cerró el mes del registro de lobby"))


@activity.service
def passive_subject_save(*, subject: PassiveSubject, by: User, expected_version: int | None = None) -> PassiveSubject:
    """Gabinete adds a passive subject (a new concejal/a, a tender's evaluation committee member, a
    designation by decree) or edits one, e.g. to end their period in office."""
    if not permissions.can_manage_passive_subjects(by):
        raise PermissionDenied(_("Solo Gabinete mantiene la lista de sujetos pasivos."))
    created = subject.pk is None
    if not created:
        check_version(subject, expected_version)
    subject.full_clean()
    activity.set_history_user(subject, by)
    subject.save()
    activity.record(actor=by, verb=PASSIVE_SUBJECT_SAVED, target=subject, changes={"created": created})
    return subject


@activity.service
def lobby_record_delete(*, record: LobbyRecord, by: User) -> None:
    """Delete a draft entered by mistake. A record that was ever published is never deleted: the
    public register keeps it (correct it instead, with the reason)."""
    _require_lobby(by, record.subject)
    if record.published_versions().exists():
        raise ValidationError(
            _("Este registro ya se publicó: no se elimina del registro público. Corríjalo indicando el motivo.")
        )
    activity.record(actor=by, verb=LOBBY_RECORD_DELETED, target=record, changes={"record": str(record)})
    activity.set_history_user(record, by)
    record.delete()


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def lobby_closing_due(month: date, rules: LobbyRules | None = None) -> date:
    """The last day to close a month: the `closing_business_days`-th business day of the next one."""
    rules = rules or LobbyRules.current()
    following = next_month(month)
    return business_days.nth_business_day_of_month(
        following.year, following.month, max(rules.closing_business_days, 1)
    ).due


@activity.service
def lobby_month_close(*, subject: PassiveSubject, register: str, month: date, by: User) -> LobbyMonthClosing:
    """Close one month of one register of a passive subject: it is complete as published.

    Refused while the month has records not checked (new ones or corrections waiting), before the
    month has ended, outside the subject's period in office, and when it is already closed. A month
    with nothing published closes as «sin audiencias / viajes / donativos en el mes»."""
    _require_lobby(by, subject)
    if register not in LOBBY_MODELS:
        raise ValidationError(_("Registro de lobby desconocido."))
    month = month_start(month)
    end = next_month(month) - timedelta(days=1)
    if end >= timezone.localdate():
        raise ValidationError(_("El mes aún no termina: se cierra desde el primer día del mes siguiente."))
    if end < subject.period_start or (subject.period_end and month > subject.period_end):
        raise ValidationError(_("Ese mes está fuera del período en el cargo del sujeto pasivo."))
    model = LOBBY_MODELS[register]
    in_month = {f"{model.register_date_field}__gte": month, f"{model.register_date_field}__lte": end}
    pending = model.objects.filter(subject=subject, checked_at__isnull=True, **in_month).count()
    if pending:
        raise ValidationError(
            ngettext(
                "El mes tiene %(n)s registro sin revisar (nuevo o corrección): revíselo antes de cerrar.",
                "El mes tiene %(n)s registros sin revisar (nuevos o correcciones): revíselos antes de cerrar.",
                pending,
            )
            % {"n": pending}
        )
    existing = LobbyMonthClosing.objects.filter(subject=subject, register=register, month=month).first()
    if existing is not None:
        raise ValidationError(_closed_message(existing))
    count = (
        LobbyPublishedVersion.objects.current()
        .filter(subject=subject, register=register, date__gte=month, date__lte=end)
        .count()
    )
    try:
        with transaction.atomic():
            closing = LobbyMonthClosing.objects.create(
                subject=subject, register=register, month=month, record_count=count, closed_by=by
            )
    except IntegrityError:
        # Someone closed it a moment ago (two clicks, two keepers).
        existing = LobbyMonthClosing.objects.get(subject=subject, register=register, month=month)
        raise ValidationError(_closed_message(existing)) from None
    activity.record(
        actor=by,
        verb=LOBBY_MONTH_CLOSED,
        target=subject,
        changes={"register": register, "month": f"{month:%Y-%m}", "record_count": count},
    )
    return closing


def _closed_message(closing: LobbyMonthClosing) -> str:
    return _("Ese mes ya está cerrado (el %(date)s por %(who)s).") % {
        "date": f"{timezone.localtime(closing.closed_at):%d-%m-%Y}",
        "who": closing.closed_by.get_full_name() or closing.closed_by.get_username(),
    }


LOBBY_MODELS: dict[str, type[LobbyRecord]] = {
    LobbyRegister.AUDIENCE: LobbyAudience,
    LobbyRegister.TRIP: LobbyTrip,
    LobbyRegister.GIFT: LobbyGift,
}
