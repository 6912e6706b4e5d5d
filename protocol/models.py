"""The Alcalde's protocol agenda: events, attendees in order of precedence, the protocol checklist,
private calendar feeds and the Ley 20.730 lobby register (the Alcalde as a passive subject)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gabinete.concurrency import VersionedModel
from gabinete.models import Directorate
from gabinete.uploads import PDF, FileKindValidator, UploadTo

PROGRAMME_MAX_MB = 10
#: The longest an event may last. It bounds the agenda queries (an index range on `start`).
MAX_EVENT_DAYS = 60
#: The days the agenda can hold and show. Outside them the date arithmetic of the agenda (the
#: overlap window, all-day bounds, week and month navigation) would leave Python's date range.
AGENDA_FIRST_DAY = date(1900, 1, 1)
AGENDA_LAST_DAY = date(2999, 12, 31)


def in_agenda_range(value: date | datetime) -> bool:
    """True when a day (or the local day of an instant) is one the agenda can hold."""
    if isinstance(value, datetime):
        value = value.date()
    return AGENDA_FIRST_DAY <= value <= AGENDA_LAST_DAY


class EventKind(models.TextChoices):
    CEREMONY = "ceremonia", _("Ceremonia")
    MEETING = "reunion", _("Reunión")
    AUDIENCE = "audiencia", _("Audiencia")
    FIELD_VISIT = "visita", _("Visita en terreno")
    INAUGURATION = "inauguracion", _("Inauguración")
    PRESS_INTERVIEW = "entrevista", _("Entrevista de prensa")
    TRIP = "viaje", _("Viaje")
    INTERNAL = "interna", _("Actividad interna")
    OTHER = "otra", _("Otra")


class EventStatus(models.TextChoices):
    PROPOSED = "propuesta", _("Propuesta")
    CONFIRMED = "confirmada", _("Confirmada")
    DONE = "realizada", _("Realizada")
    CANCELLED = "cancelada", _("Cancelada")


class EventQuerySet(models.QuerySet):
    def overlapping(self, start, end):
        """Events that share some time with [start, end)."""
        return self.filter(start__lt=end, start__gt=start - timedelta(days=MAX_EVENT_DAYS + 1), end__gt=start)

    def for_agenda(self, start, end):
        """What the Alcalde's agenda shows between two instants: everything but mere proposals."""
        return self.overlapping(start, end).exclude(status=EventStatus.PROPOSED).order_by("start", "end", "pk")

    def confirmed(self):
        return self.filter(status=EventStatus.CONFIRMED)


class Event(VersionedModel):
    """An activity in the Alcalde's agenda (a ceremony, a meeting, an audience, a trip…).

    Directorates may propose one; Gabinete's protocol team confirms it, and later marks it held or
    cancelled. Each change of status is kept in `EventStatusChange` (who and when).
    """

    uid = models.UUIDField(_("identificador de calendario"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("título"), max_length=200)
    kind = models.CharField(_("tipo"), max_length=20, choices=EventKind.choices, default=EventKind.MEETING)
    start = models.DateTimeField(_("inicio"))
    end = models.DateTimeField(_("término"))
    all_day = models.BooleanField(_("todo el día"), default=False)
    place_name = models.CharField(_("lugar"), max_length=200, blank=True)
    place_address = models.CharField(_("dirección del lugar"), max_length=250, blank=True)
    directorates = models.ManyToManyField(
        Directorate,
        blank=True,
        related_name="protocol_events",
        verbose_name=_("direcciones organizadoras"),
    )
    status = models.CharField(_("estado"), max_length=20, choices=EventStatus.choices, default=EventStatus.PROPOSED)
    is_public = models.BooleanField(
        _("actividad pública"), default=True, help_text=_("Las actividades privadas no se difunden.")
    )
    dress_code = models.CharField(_("vestimenta"), max_length=120, blank=True)
    notes_for_mayor = models.TextField(_("notas para el Alcalde"), blank=True)
    programme = models.FileField(
        _("programa (PDF)"),
        upload_to=UploadTo("protocol/programmes"),
        validators=[FileKindValidator(PDF, max_mb=PROGRAMME_MAX_MB)],
        blank=True,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("propuesta por"),
        null=True,
        blank=True,
    )
    proposing_directorate = models.ForeignKey(
        Directorate,
        on_delete=models.PROTECT,
        related_name="protocol_proposals",
        verbose_name=_("dirección que propone"),
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("creada"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modificada"), auto_now=True)

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("actividad")
        verbose_name_plural = _("actividades")
        indexes = [
            models.Index(fields=["start", "end"], name="protocol_event_start_end"),
            models.Index(fields=["status", "start"], name="protocol_event_status_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="protocol_event_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("protocol:event-detail", args=[self.pk])

    @property
    def place(self) -> str:
        return ", ".join(p for p in (self.place_name, self.place_address) if p)

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_done(self) -> bool:
        return self.status == EventStatus.DONE


class EventStatusChange(models.Model):
    """One step of an event's life (proposed, confirmed, held, cancelled): who and when."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("estado anterior"), max_length=20, choices=EventStatus.choices, blank=True)
    to_status = models.CharField(_("nuevo estado"), max_length=20, choices=EventStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("por"))
    at = models.DateTimeField(_("fecha"), default=timezone.now)
    note = models.CharField(_("observación"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("cambio de estado")
        verbose_name_plural = _("cambios de estado")

    def __str__(self) -> str:
        return f"{self.event} → {self.get_to_status_display()}"


class PrecedenceCategory(models.Model):
    """A category of the order of precedence (DS 537, art. 75 letra B), editable by Gabinete.

    `order` is the place in the table (1 goes first). `by_seniority` says that within the category
    authorities are ordered by seniority (the earliest `seniority_since` first), then by name.
    """

    order = models.PositiveSmallIntegerField(_("orden"))
    name = models.CharField(_("categoría"), max_length=200)
    note = models.CharField(_("nota"), max_length=300, blank=True)
    by_seniority = models.BooleanField(_("por antigüedad"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("categoría de precedencia")
        verbose_name_plural = _("orden de precedencia")

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class Attendee(models.Model):
    """An authority or guest attending an event, placed by the order of precedence."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("nombre"), max_length=200)
    office = models.CharField(_("cargo"), max_length=200, blank=True)
    institution = models.CharField(_("institución"), max_length=200, blank=True)
    category = models.ForeignKey(
        PrecedenceCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendees",
        verbose_name=_("categoría de precedencia"),
        help_text=_("Sin categoría: invitado/a, se ubica después de las autoridades."),
    )
    seniority_since = models.DateField(
        _("antigüedad desde"),
        null=True,
        blank=True,
        help_text=_("Fecha de inicio en el cargo; se usa en las categorías que se ordenan por antigüedad."),
    )
    is_presiding = models.BooleanField(
        _("preside"), default=False, help_text=_("Autoridad que preside o anfitrión (habla al final).")
    )
    manual_position = models.PositiveSmallIntegerField(
        _("posición fijada"),
        null=True,
        blank=True,
        help_text=_("Deje en blanco para usar el orden de precedencia; úselo para mover al anfitrión."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("asistente")
        verbose_name_plural = _("asistentes")
        indexes = [models.Index(fields=["event", "category"], name="protocol_attendee_event_cat")]

    def __str__(self) -> str:
        return self.name


class ChecklistTask(models.Model):
    """A protocol task for an event (invitaciones, amplificación, bandera…): who, by when, done."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("tarea"), max_length=200)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="protocol_tasks",
        verbose_name=_("responsable"),
        null=True,
        blank=True,
    )
    due = models.DateField(_("plazo"), null=True, blank=True)
    done = models.BooleanField(_("hecha"), default=False)
    done_at = models.DateTimeField(_("hecha el"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["done", "due", "pk"]
        verbose_name = _("tarea de protocolo")
        verbose_name_plural = _("lista de protocolo")
        indexes = [models.Index(fields=["responsible", "done", "due"], name="protocol_task_resp_due")]

    def __str__(self) -> str:
        return self.title


class CalendarFeed(models.Model):
    """A person's private iCalendar subscription: a secret token in the URL, revocable."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="protocol_feeds")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suscripción de calendario")
        verbose_name_plural = _("suscripciones de calendario")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%d-%m-%Y})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


# --- Ley 20.730 -----------------------------------------------------------------------------------

DEFAULT_PASSIVE_SUBJECT = "Alcalde de Antofagasta"


class LobbyRegister(models.TextChoices):
    """The three registers of Ley 20.730 art. 8 (the slug is also the URL part of each)."""

    AUDIENCE = "audiencia", _("Audiencias y reuniones")
    TRIP = "viaje", _("Viajes")
    GIFT = "donativo", _("Donativos")


class LobbyRecordQuerySet(models.QuerySet):
    def with_publication(self):
        """Annotate `published_number`: the version the public register shows now (None: unpublished)."""
        return self.annotate(
            published_number=models.Subquery(
                LobbyPublishedVersion.objects.current()
                .filter(register=self.model.register, record_id=models.OuterRef("pk"))
                .values("number")[:1]
            )
        )


class LobbyRecord(VersionedModel):
    """Common part of the three lobby registers: who recorded it and whether Gabinete checked it.

    The record itself is the working copy Gabinete edits. What the public sees is never the working
    copy but its published versions (`LobbyPublishedVersion`): checking a record publishes a new
    version; editing it afterwards leaves the published one public until the correction is checked.
    Each register says which register it is (`register`) and what of it is public (`public_data`).
    """

    register: str = ""
    #: The date the register files the record under (period filters and order).
    register_date_field: str = "date"

    checked_at = models.DateTimeField(_("revisado el"), null=True, blank=True, editable=False)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("revisado por"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("registrado por"),
    )
    created_at = models.DateTimeField(_("registrado el"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modificado el"), auto_now=True)

    objects = LobbyRecordQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_checked(self) -> bool:
        return self.checked_at is not None

    @property
    def register_date(self) -> date:
        return getattr(self, self.register_date_field)

    def public_data(self) -> dict:
        """The fields of art. 8 as the public register shows them (JSON-safe apart from dates)."""
        raise NotImplementedError

    def published_versions(self) -> models.QuerySet[LobbyPublishedVersion]:
        return LobbyPublishedVersion.objects.filter(register=self.register, record_id=self.pk)

    @property
    def correction_pending(self) -> bool:
        """Edited after its publication and not checked again: the public still sees the published version."""
        if self.pk is None or self.is_checked:
            return False
        if hasattr(self, "published_number"):  # annotated by `with_publication()`
            return self.published_number is not None
        return self.published_versions().exists()


class LobbyAudience(LobbyRecord):
    """Ley 20.730 art. 8 a): an audience or meeting with lobbyists or representatives of interests."""

    date = models.DateField(_("fecha"))
    place = models.CharField(_("lugar"), max_length=250)
    subject = models.TextField(_("materia"))
    passive_subject = models.CharField(_("sujeto pasivo"), max_length=200, default=DEFAULT_PASSIVE_SUBJECT)
    event = models.OneToOneField(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lobby_audience",
        verbose_name=_("actividad de la agenda"),
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    register = LobbyRegister.AUDIENCE

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("audiencia de lobby")
        verbose_name_plural = _("audiencias de lobby")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.subject[:60]}"

    def public_data(self) -> dict:
        return {
            "date": self.date,
            "place": self.place,
            "subject": self.subject,
            "passive_subject": self.passive_subject,
            "attendees": [
                {"name": p.name, "represents": p.represents, "role": p.get_role_display()}
                for p in self.attendees.order_by("pk")
            ],
        }


class LobbyAttendeeRole(models.TextChoices):
    LOBBYIST = "lobbista", _("Lobbista")
    INTEREST_MANAGER = "gestor", _("Gestor/a de intereses particulares")
    OTHER = "otro", _("Otro asistente")


class LobbyAudienceAttendee(models.Model):
    """A person who attended a lobby audience, and whom they represent."""

    audience = models.ForeignKey(LobbyAudience, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("nombre"), max_length=200)
    represents = models.CharField(_("representa a"), max_length=250, blank=True)
    role = models.CharField(
        _("calidad"), max_length=20, choices=LobbyAttendeeRole.choices, default=LobbyAttendeeRole.INTEREST_MANAGER
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("asistente a audiencia")
        verbose_name_plural = _("asistentes a audiencia")

    def __str__(self) -> str:
        return self.name


class LobbyTrip(LobbyRecord):
    """Ley 20.730 art. 8 b): a trip in the exercise of the office."""

    date_start = models.DateField(_("fecha de salida"))
    date_end = models.DateField(_("fecha de regreso"))
    destination = models.CharField(_("destino"), max_length=200)
    purpose = models.TextField(_("objeto del viaje"))
    cost = models.PositiveBigIntegerField(_("costo total (CLP)"), default=0)
    paid_by = models.CharField(_("financiado por"), max_length=200)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    register = LobbyRegister.TRIP
    register_date_field = "date_start"

    class Meta:
        ordering = ["-date_start", "-pk"]
        verbose_name = _("viaje")
        verbose_name_plural = _("viajes")
        constraints = [
            models.CheckConstraint(condition=Q(date_end__gte=F("date_start")), name="protocol_trip_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.date_start:%d-%m-%Y} {self.destination}"

    def public_data(self) -> dict:
        return {
            "date_start": self.date_start,
            "date_end": self.date_end,
            "destination": self.destination,
            "purpose": self.purpose,
            "cost": int(self.cost),
            "paid_by": self.paid_by,
        }


class LobbyGift(LobbyRecord):
    """Ley 20.730 art. 8 c): an official or protocol gift received."""

    date = models.DateField(_("fecha"))
    description = models.CharField(_("donativo"), max_length=300)
    giver = models.CharField(_("entregado por"), max_length=250)
    occasion = models.CharField(_("ocasión"), max_length=250, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    register = LobbyRegister.GIFT

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("donativo")
        verbose_name_plural = _("donativos")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.description}"

    def public_data(self) -> dict:
        return {
            "date": self.date,
            "description": self.description,
            "giver": self.giver,
            "occasion": self.occasion,
        }


class LobbyPublishedVersionQuerySet(models.QuerySet):
    def current(self):
        """The versions the public register shows: the latest published one of each record."""
        return self.filter(superseded_at__isnull=True)


class LobbyPublishedVersion(models.Model):
    """One published version of a lobby record (any of the three registers), as the public saw it.

    Ley 20.730 records are never silently unpublished: checking a record publishes a version;
    a later edit is a correction that stays private until it is checked, and only then replaces the
    published version, which remains in the record's public history (`corrects` points to it).
    A published version is never changed, except for the moment a correction supersedes it.
    """

    register = models.CharField(_("registro"), max_length=20, choices=LobbyRegister.choices)
    record_id = models.PositiveBigIntegerField(_("registro n.°"))
    number = models.PositiveIntegerField(_("versión"))
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        verbose_name=_("corrige a"),
    )
    date = models.DateField(_("fecha"))
    data = models.JSONField(_("contenido publicado"), encoder=DjangoJSONEncoder)
    published_at = models.DateTimeField(_("publicado el"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("publicado por"),
    )
    superseded_at = models.DateTimeField(_("reemplazado el"), null=True, blank=True)

    objects = LobbyPublishedVersionQuerySet.as_manager()

    class Meta:
        ordering = ["register", "record_id", "-number"]
        verbose_name = _("versión publicada de lobby")
        verbose_name_plural = _("versiones publicadas de lobby")
        constraints = [
            models.UniqueConstraint(fields=["register", "record_id", "number"], name="protocol_lobby_version_unique"),
            models.UniqueConstraint(
                fields=["register", "record_id"],
                condition=Q(superseded_at__isnull=True),
                name="protocol_lobby_one_current_version",
            ),
        ]
        indexes = [
            models.Index(fields=["register", "superseded_at", "date"], name="protocol_lobby_version_public"),
        ]

    def __str__(self) -> str:
        return f"{self.get_register_display()} {self.record_id} v{self.number}"

    @property
    def is_correction(self) -> bool:
        return self.corrects_id is not None
