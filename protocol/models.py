"""The Alcalde's protocol agenda: events, attendees in order of precedence, the protocol checklist,
private calendar feeds and the Ley 20.730 lobby register (the Alcalde as a passive subject)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gabinete import privacy
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

    personal_data = privacy.NotPersonal("the place of an activity is a venue, not a person's address")

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


class PrecedenceScope(models.TextChoices):
    """Which part of the table a category belongs to. National authorities keep their national place
    above the regional list when they attend an act in the region (DS 537, art. 75 letra B).

    The values sort alphabetically in the order of the table ("nacional" before "regional"), which
    `PrecedenceCategory.Meta.ordering` relies on."""

    NATIONAL = "nacional", _("Nacional")
    REGIONAL = "regional", _("Regional y provincial")


class PrecedenceCategory(models.Model):
    """A category of the order of precedence (DS 537, art. 75 letra B), editable by Gabinete.

    `scope` says whether it belongs to the national block (first) or to the regional list; `order` is
    the place within its block (1 goes first). `by_seniority` says that within the category
    authorities are ordered by seniority (the earliest `seniority_since` first), then by name.
    `placement_confirmed` is false for rows whose place the published sources leave open (the
    national block's exact order, the Gobernador/a Regional, the "Oficiales Superiores" row): the
    precedence page shows them "ubicación por confirmar" until Gabinete confirms them there.
    """

    scope = models.CharField(
        _("ámbito"), max_length=10, choices=PrecedenceScope.choices, default=PrecedenceScope.REGIONAL
    )
    order = models.PositiveSmallIntegerField(_("orden"))
    name = models.CharField(_("categoría"), max_length=200)
    note = models.CharField(_("nota"), max_length=300, blank=True)
    by_seniority = models.BooleanField(_("por antigüedad"), default=False)
    placement_confirmed = models.BooleanField(_("ubicación confirmada"), default=True)
    history = HistoricalRecords()

    class Meta:
        # "nacional" < "regional": the national block comes first (see PrecedenceScope).
        ordering = ["scope", "order", "pk"]
        verbose_name = _("categoría de precedencia")
        verbose_name_plural = _("orden de precedencia")

    def __str__(self) -> str:
        if self.scope == PrecedenceScope.NATIONAL:
            return _("Nacional %(order)s. %(name)s") % {"order": self.order, "name": self.name}
        return f"{self.order}. {self.name}"


class Attendee(models.Model):
    """An authority or guest attending an event, placed by the order of precedence."""

    personal_data = privacy.Processing(
        fields=("name", "office", "institution"),
        subjects=_("Autoridades e invitados que asisten a las actividades del Alcalde"),
        purpose=_("Ordenar la precedencia protocolar de cada actividad"),
        legal_basis=_("Funciones de protocolo del reglamento de Gabinete"),
        access=_("Gabinete (protocolo) y quienes ven la actividad en la agenda"),
        retention=_("Con la actividad de la agenda; por confirmar con Jurídica"),
        lookup=privacy.Lookup(name=("name",)),
    )

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
        _("preside"), default=False, help_text=_("Autoridad que preside el acto: se ubica al centro de la testera.")
    )
    is_host = models.BooleanField(
        _("dueño/a de casa"),
        default=False,
        help_text=_("Anfitrión del acto: abre con el saludo de bienvenida. Puede ser también quien preside."),
    )
    is_guest_of_honour = models.BooleanField(
        _("invitado/a de honor"),
        default=False,
        help_text=_("Habla al final, en lugar de la autoridad de mayor precedencia presente."),
    )
    manual_position = models.PositiveSmallIntegerField(
        _("posición fijada"),
        null=True,
        blank=True,
        help_text=_("Deje en blanco para usar el orden de precedencia; úselo para mover a cualquier asistente."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("asistente")
        verbose_name_plural = _("asistentes")
        indexes = [models.Index(fields=["event", "category"], name="protocol_attendee_event_cat")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """One host, one guest of honour and one presiding authority per event."""
        super().clean()
        if not self.event_id:
            return
        others = Attendee.objects.filter(event_id=self.event_id).exclude(pk=self.pk)
        errors = {}
        for field, message in (
            ("is_host", _("Esta actividad ya tiene dueño/a de casa: %(name)s.")),
            ("is_guest_of_honour", _("Esta actividad ya tiene invitado/a de honor: %(name)s.")),
            ("is_presiding", _("En esta actividad ya preside %(name)s.")),
        ):
            if getattr(self, field):
                taken = others.filter(**{field: True}).first()
                if taken is not None:
                    errors[field] = message % {"name": taken.name}
        if errors:
            raise ValidationError(errors)


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


class PassiveSubjectOffice(models.TextChoices):
    """The municipal passive subjects of Ley 20.730 art. 4 Nº 2 and Nº 7, and those designated."""

    MAYOR = "alcalde", _("Alcalde/sa")
    COUNCILLOR = "concejal", _("Concejal/a")
    WORKS_DIRECTOR = "director_obras", _("Director/a de Obras Municipales")
    MUNICIPAL_SECRETARY = "secretario_municipal", _("Secretario/a Municipal")
    EVALUATION_COMMITTEE = "comision_evaluadora", _("Integrante de comisión evaluadora (Ley 19.886)")
    DESIGNATED = "designado", _("Designado/a por decreto alcaldicio")


class PassiveSubjectQuerySet(models.QuerySet):
    def in_office_on(self, day: date):
        """Whoever held the office on that day (the period includes both ends; no end: still in office)."""
        return self.filter(period_start__lte=day).filter(Q(period_end__isnull=True) | Q(period_end__gte=day))

    def kept_by(self, directorate_ids):
        return self.filter(keeper_id__in=directorate_ids)


class PassiveSubject(VersionedModel):
    """A person who is a passive subject of Ley 20.730 in the municipality, for a period in office.

    Each one has the three registers of art. 8 (audiences, trips, gifts), kept by the unit named in
    `keeper` (Gabinete keeps the Alcalde's, the Secretaría Municipal the concejales'…): its members
    record, check and close them (`protocol.permissions`). A new period in office is a new row.
    """

    personal_data = privacy.Processing(
        fields=("name", "office", "position_detail"),
        subjects=_("Sujetos pasivos de lobby (autoridades y funcionarios que la ley nombra)"),
        purpose=_("Llevar y publicar el registro de agenda pública"),
        legal_basis=_("Ley 20.730, artículos 3 a 9"),
        access=_("Público (registro de lobby)"),
        retention=_("Lo que la Ley 20.730 ordena publicar se conserva publicado"),
        published=_("Sí: registro público de lobby (Ley 20.730)"),
        lookup=privacy.Lookup(name=("name",)),
    )

    name = models.CharField(_("nombre"), max_length=200)
    office = models.CharField(_("cargo"), max_length=30, choices=PassiveSubjectOffice.choices)
    position_detail = models.CharField(
        _("detalle del cargo"),
        max_length=200,
        blank=True,
        help_text=_("Por ejemplo «Alcalde de Antofagasta» o «Jefe del Departamento de Adquisiciones»."),
    )
    tender_id = models.CharField(
        _("ID de la licitación"),
        max_length=60,
        blank=True,
        help_text=_("Para integrantes de una comisión evaluadora: el ID de Mercado Público (p. ej. 2415-12-LE26)."),
    )
    decree = models.CharField(
        _("decreto de designación"),
        max_length=100,
        blank=True,
        help_text=_("Número y fecha del decreto alcaldicio que lo designa sujeto pasivo."),
    )
    period_start = models.DateField(_("en el cargo desde"))
    period_end = models.DateField(_("en el cargo hasta"), null=True, blank=True)
    keeper = models.ForeignKey(
        Directorate,
        on_delete=models.PROTECT,
        related_name="kept_passive_subjects",
        verbose_name=_("unidad que lleva sus registros"),
    )
    is_public = models.BooleanField(
        _("visible en el registro público"),
        default=True,
        help_text=_("Desmárquelo solo para un registro creado por error y sin publicaciones."),
    )
    history = HistoricalRecords()

    objects = PassiveSubjectQuerySet.as_manager()

    class Meta:
        ordering = ["office", "name", "-period_start"]
        verbose_name = _("sujeto pasivo")
        verbose_name_plural = _("sujetos pasivos")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_end__gte=F("period_start")),
                name="protocol_passive_subject_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.office_label}"

    @property
    def office_label(self) -> str:
        label = self.position_detail or self.get_office_display()
        if self.office == PassiveSubjectOffice.EVALUATION_COMMITTEE and self.tender_id:
            return f"{label} ({_('licitación')} {self.tender_id})"
        return label

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.office == PassiveSubjectOffice.EVALUATION_COMMITTEE and not self.tender_id.strip():
            errors["tender_id"] = _("Indique el ID de la licitación de la comisión evaluadora.")
        if self.office == PassiveSubjectOffice.DESIGNATED and not self.decree.strip():
            errors["decree"] = _("Indique el número y la fecha del decreto que lo designa.")
        if self.period_end and self.period_start and self.period_end < self.period_start:
            errors["period_end"] = _("El término del período no puede ser anterior a su inicio.")
        if errors:
            raise ValidationError(errors)

    def in_office_on(self, day: date) -> bool:
        return self.period_start <= day and (self.period_end is None or day <= self.period_end)


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

    subject = models.ForeignKey(
        PassiveSubject,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sujeto pasivo"),
    )
    correction_reason = models.CharField(
        _("motivo de la corrección"),
        max_length=300,
        blank=True,
        help_text=_("Obligatorio al corregir un registro ya publicado: el registro público lo muestra."),
    )
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

    def publication_blockers(self) -> list[str]:
        """Why this record cannot be published yet (empty: it can). Checked by `lobby_record_check`."""
        return []

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


class LobbyModality(models.TextChoices):
    IN_PERSON = "presencial", _("Presencial")
    VIDEO = "videoconferencia", _("Videoconferencia")


class LobbyAudience(LobbyRecord):
    """Ley 20.730 art. 8 a): an audience or meeting with lobbyists or representatives of interests."""

    date = models.DateField(_("fecha"))
    time = models.TimeField(_("hora"), null=True, blank=True)
    place = models.CharField(_("lugar"), max_length=250)
    modality = models.CharField(
        _("modalidad"), max_length=20, choices=LobbyModality.choices, default=LobbyModality.IN_PERSON
    )
    on_behalf_of = models.CharField(
        _("a nombre de quién se gestionan intereses"),
        max_length=250,
        help_text=_("La persona, empresa u organización cuyos intereses se gestionaron."),
    )
    matter = models.TextField(
        _("materia específica tratada"),
        help_text=_("Lo que se trató en concreto, no el título de la actividad."),
    )
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
        return f"{self.date:%d-%m-%Y} {self.matter[:60]}"

    def public_data(self) -> dict:
        return {
            "date": self.date,
            "time": self.time.strftime("%H:%M") if self.time else "",
            "place": self.place,
            "modality": self.get_modality_display(),
            "on_behalf_of": self.on_behalf_of,
            "subject": self.matter,
            "passive_subject": self.subject.name,
            "passive_subject_office": self.subject.office_label,
            "attendees": [
                {"name": p.name, "represents": p.represents, "role": p.get_role_display()}
                for p in self.attendees.order_by("pk")
            ],
        }

    def publication_blockers(self) -> list[str]:
        blockers = []
        if not self.on_behalf_of.strip():
            blockers.append(_("Falta a nombre de quién se gestionan intereses."))
        if self.time is None:
            blockers.append(_("Falta la hora de la audiencia."))
        outside = [a for a in self.attendees.all() if a.role != LobbyAttendeeRole.MUNICIPAL]
        if not outside:
            blockers.append(_("Falta al menos un asistente externo (lobbista o gestor/a de intereses)."))
        if any(a.role == LobbyAttendeeRole.UNKNOWN for a in outside):
            blockers.append(_("Indique si cada asistente externo es lobbista (remunerado) o gestor/a de intereses."))
        return blockers


class LobbyAttendeeRole(models.TextChoices):
    LOBBYIST = "lobbista", _("Lobbista (remunerado/a)")
    INTEREST_MANAGER = "gestor", _("Gestor/a de intereses particulares (no remunerado/a)")
    MUNICIPAL = "municipal", _("Por la municipalidad")
    OTHER = "otro", _("Otro asistente")
    #: An outside attendee whose role was not asked yet (an audience made from an agenda event).
    UNKNOWN = "por_definir", _("Por definir")


class LobbyAudienceAttendee(models.Model):
    """A person who attended a lobby audience, and whom they represent."""

    personal_data = privacy.Processing(
        fields=("name", "represents"),
        subjects=_("Asistentes a audiencias de lobby y gestión de intereses"),
        purpose=_("Publicar quiénes asistieron y a quién representaban"),
        legal_basis=_("Ley 20.730, artículo 8"),
        access=_("Público (registro de lobby)"),
        retention=_("Publicado como ordena la Ley 20.730"),
        published=_("Sí: registro público de lobby (Ley 20.730, art. 8)"),
        lookup=privacy.Lookup(name=("name",)),
    )

    audience = models.ForeignKey(LobbyAudience, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("nombre"), max_length=200)
    represents = models.CharField(_("representa a"), max_length=250, blank=True)
    role = models.CharField(_("calidad"), max_length=20, choices=LobbyAttendeeRole.choices)
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
    cost = models.PositiveBigIntegerField(
        _("costo total (CLP)"),
        null=True,
        blank=True,
        help_text=_("Déjelo en blanco si aún no se conoce: el viaje no se publica hasta registrarlo."),
    )
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
            "cost": int(self.cost) if self.cost is not None else None,
            "paid_by": self.paid_by,
            "passive_subject": self.subject.name,
            "passive_subject_office": self.subject.office_label,
        }

    def publication_blockers(self) -> list[str]:
        if self.cost is None:
            return [_("Falta el costo total del viaje: no se publica con un costo desconocido.")]
        return []


class LobbyGiftKind(models.TextChoices):
    OFFICIAL = "oficial", _("Oficial")
    PROTOCOL = "protocolar", _("Protocolar")
    COURTESY = "cortesia", _("De cortesía y buena educación")


class LobbyGift(LobbyRecord):
    """Ley 20.730 art. 8 c): an official or protocol gift, or one custom allows as courtesy."""

    date = models.DateField(_("fecha"))
    kind = models.CharField(_("tipo de donativo"), max_length=20, choices=LobbyGiftKind.choices)
    description = models.CharField(_("donativo"), max_length=300)
    giver = models.CharField(_("entregado por"), max_length=250)
    occasion = models.CharField(_("ocasión"), max_length=250)
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
            "kind": self.get_kind_display(),
            "giver": self.giver,
            "occasion": self.occasion,
            "passive_subject": self.subject.name,
            "passive_subject_office": self.subject.office_label,
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
    subject = models.ForeignKey(
        PassiveSubject,
        on_delete=models.PROTECT,
        related_name="published_lobby_versions",
        verbose_name=_("sujeto pasivo"),
    )
    reason = models.CharField(_("motivo de la corrección"), max_length=300, blank=True)
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
            models.Index(fields=["subject", "register", "superseded_at", "date"], name="protocol_lobby_version_subj"),
        ]

    def __str__(self) -> str:
        return f"{self.get_register_display()} {self.record_id} v{self.number}"

    @property
    def is_correction(self) -> bool:
        return self.corrects_id is not None


class LobbyMonthClosing(models.Model):
    """One register of one passive subject closed for one month (art. 8: updated at least monthly).

    A closing says the month's register is complete as published; with no records it says so
    explicitly («sin audiencias en el mes»). A month not closed by the end of the following month's
    first business days shows on Mi escritorio of whoever keeps the register.
    """

    subject = models.ForeignKey(PassiveSubject, on_delete=models.PROTECT, related_name="closings")
    register = models.CharField(_("registro"), max_length=20, choices=LobbyRegister.choices)
    month = models.DateField(_("mes"), help_text=_("El primer día del mes cerrado."))
    record_count = models.PositiveIntegerField(_("registros publicados"), default=0)
    closed_at = models.DateTimeField(_("cerrado el"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("cerrado por")
    )

    class Meta:
        ordering = ["subject", "register", "-month"]
        verbose_name = _("cierre mensual de lobby")
        verbose_name_plural = _("cierres mensuales de lobby")
        constraints = [
            models.UniqueConstraint(fields=["subject", "register", "month"], name="protocol_lobby_closing_unique"),
            models.CheckConstraint(condition=Q(month__day=1), name="protocol_lobby_closing_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.get_register_display()} {self.month:%m-%Y}"

    @property
    def is_empty(self) -> bool:
        return self.record_count == 0


class LobbyRules(models.Model):
    """The lobby rules the law leaves to be confirmed by Asesoría Jurídica, as editable data (one row).

    `answer_business_days`: the term to answer an audience request (three business days by a
    secondary source; the article is not yet found, LEGAL.md). `closing_business_days`: how many
    business days into the next month a register may stay unclosed before it shows as overdue.
    """

    answer_business_days = models.PositiveSmallIntegerField(_("plazo de respuesta (días hábiles)"), default=3)
    answer_days_source = models.CharField(
        _("fuente del plazo de respuesta"),
        max_length=300,
        default="Fuente secundaria (ChileAtiende); artículo por confirmar por Asesoría Jurídica.",
    )
    answer_days_confirmed = models.BooleanField(_("plazo confirmado por Asesoría Jurídica"), default=False)
    closing_business_days = models.PositiveSmallIntegerField(
        _("cierre mensual (días hábiles del mes siguiente)"), default=5
    )
    infolobby_layout = models.CharField(
        _("formato de la exportación InfoLobby"),
        max_length=300,
        default="Columnas propias de la Municipalidad; formato de carga de InfoLobby por confirmar con el CPLT.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reglas de lobby")
        verbose_name_plural = _("reglas de lobby")

    def __str__(self) -> str:
        return str(_("Reglas de lobby"))

    @classmethod
    def current(cls) -> LobbyRules:
        """The rules in force: the one row, or the defaults (unsaved: reading never writes) until Gabinete
        or Asesoría Jurídica saves them in the admin."""
        rules = cls.objects.order_by("pk").first()
        return rules if rules is not None else cls()


#: The fields an export column may take, per register: the published data's keys, and a few derived
#: ones (`protocol.exports_lobby.value_of`). Kept here so the admin validates a column against them.
LOBBY_EXPORT_FIELDS: dict[str, dict[str, str]] = {
    "common": {
        "institution": _("Institución (Municipalidad de Antofagasta)"),
        "id": _("Número del registro"),
        "passive_subject": _("Sujeto pasivo"),
        "passive_subject_office": _("Cargo del sujeto pasivo"),
        "published_on": _("Publicado el"),
        "corrected_on": _("Corregido el"),
        "reason": _("Motivo de la corrección"),
    },
    LobbyRegister.AUDIENCE: {
        "date": _("Fecha"),
        "time": _("Hora"),
        "place": _("Lugar"),
        "modality": _("Modalidad"),
        "on_behalf_of": _("A nombre de quién se gestionan intereses"),
        "subject": _("Materia específica tratada"),
        "attendees": _("Asistentes (calidad; representa)"),
        "attendee_names": _("Nombres de los asistentes"),
        "attendee_roles": _("Calidad de los asistentes"),
    },
    LobbyRegister.TRIP: {
        "date_start": _("Fecha de salida"),
        "date_end": _("Fecha de regreso"),
        "destination": _("Destino"),
        "purpose": _("Objeto del viaje"),
        "cost": _("Costo total (CLP)"),
        "paid_by": _("Financiado por"),
    },
    LobbyRegister.GIFT: {
        "date": _("Fecha"),
        "kind": _("Tipo de donativo"),
        "description": _("Donativo"),
        "giver": _("Entregado por"),
        "occasion": _("Ocasión"),
    },
}


def lobby_export_fields(register: str) -> dict[str, str]:
    return {**LOBBY_EXPORT_FIELDS["common"], **LOBBY_EXPORT_FIELDS.get(register, {})}


class LobbyExportColumn(models.Model):
    """One column of the export for the CPLT's InfoLobby platform, as editable data.

    The exact layout of InfoLobby's load file is not in the sources Asesoría Jurídica gave
    (LEGAL.md): the municipality keeps the column list here (header and which field fills it) and
    says which layout it follows in `LobbyRules.infolobby_layout`, so it can be fixed without a release.
    """

    register = models.CharField(_("registro"), max_length=20, choices=LobbyRegister.choices)
    position = models.PositiveSmallIntegerField(_("posición"))
    header = models.CharField(_("encabezado"), max_length=120)
    field = models.CharField(_("dato"), max_length=40)
    history = HistoricalRecords()

    class Meta:
        ordering = ["register", "position", "pk"]
        verbose_name = _("columna de la exportación InfoLobby")
        verbose_name_plural = _("columnas de la exportación InfoLobby")
        constraints = [
            models.UniqueConstraint(fields=["register", "position"], name="protocol_lobby_export_position"),
        ]

    def __str__(self) -> str:
        return f"{self.get_register_display()} {self.position}. {self.header}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        allowed = lobby_export_fields(self.register)
        if self.field not in allowed:
            raise ValidationError(
                {
                    "field": _("«%(field)s» no es un dato de este registro. Use uno de: %(allowed)s.")
                    % {"field": self.field, "allowed": ", ".join(sorted(allowed))}
                }
            )


# --- Ley 20.730: audience requests (art. 11 equal treatment) ---------------------------------------


class AudienceRequestChannel(models.TextChoices):
    WEB = "web", _("Formulario web público")
    INTRANET = "intranet", _("Registrada en la intranet (carta o presencial)")


class AudienceRequestStatus(models.TextChoices):
    RECEIVED = "recibida", _("Recibida")
    GRANTED = "concedida", _("Concedida")
    DENIED = "denegada", _("Denegada")


class AudienceRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=AudienceRequestStatus.RECEIVED)

    def overdue(self, today: date):
        """Requests still unanswered after their due date (the term in business days has passed)."""
        return self.open().filter(due_date__lt=today)

    def answered(self):
        return self.exclude(status=AudienceRequestStatus.RECEIVED)


class AudienceRequest(VersionedModel):
    """A request for an audience with a passive subject (Ley 20.730; ChileAtiende's form: full name
    and e-mail or postal address, on whose behalf, whether paid, the matter, proposed modality and dates).

    It gets a yearly number («SA-2026-0001») and a due date in business days (`LobbyRules`); the unit
    that keeps the subject's registers grants it (a date, time, place and modality: an event of the
    Alcalde's agenda when the subject is the Alcalde) or denies it with a reason. Every request and
    answer is kept, so equal treatment of those who ask on the same matter (art. 11) can be shown.
    A granted request, once held, becomes the audience record (`LobbyAudience`) without retyping.
    """

    personal_data = privacy.Processing(
        fields=("requester_name", "requester_rut", "email", "postal_address", "on_behalf_of", "other_attendees"),
        subjects=_("Quienes solicitan una audiencia de lobby"),
        purpose=_("Responder la solicitud dentro de plazo y, si se concede, registrar la audiencia"),
        legal_basis=_("Ley 20.730, artículos 11 y 12"),
        access=_("Quienes llevan la agenda del sujeto pasivo; la respuesta se publica sin datos de contacto"),
        retention=_("Por confirmar con Jurídica (igualdad de trato, art. 11: se conservan las solicitudes)"),
        lookup=privacy.Lookup(name=("requester_name",), email=("email",), rut=("requester_rut",)),
        # The answered request stays (art. 11), with the name and whom they represented, which are
        # published; only the contact data and the RUT go.
        expiry=privacy.Expiry(
            date_field="received_at",
            anonymise=(("requester_rut", ""), ("email", ""), ("postal_address", privacy.ERASED)),
            eligible=~Q(status=AudienceRequestStatus.RECEIVED),
        ),
    )

    number = models.CharField(_("número"), max_length=20, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("año"), editable=False)
    sequence = models.PositiveIntegerField(_("correlativo"), editable=False)
    subject = models.ForeignKey(
        PassiveSubject, on_delete=models.PROTECT, related_name="audience_requests", verbose_name=_("sujeto pasivo")
    )
    channel = models.CharField(_("canal"), max_length=20, choices=AudienceRequestChannel.choices)
    requester_name = models.CharField(_("nombre completo de quien solicita"), max_length=200)
    requester_rut = models.CharField(_("RUT"), max_length=12, blank=True)
    email = models.EmailField(_("correo electrónico"), max_length=254, blank=True)
    postal_address = models.CharField(_("dirección postal"), max_length=300, blank=True)
    on_behalf_of = models.CharField(
        _("a nombre de quién se gestionan intereses"),
        max_length=250,
        help_text=_("La persona, empresa u organización cuyos intereses representa (puede ser usted mismo/a)."),
    )
    is_paid = models.BooleanField(
        _("recibe remuneración por gestionar estos intereses"),
        help_text=_("Sí: lobbista. No: gestor/a de intereses particulares."),
    )
    matter = models.TextField(_("materia de la audiencia"), max_length=2000)
    modality = models.CharField(_("modalidad propuesta"), max_length=20, choices=LobbyModality.choices)
    proposed_start = models.DateTimeField(_("fecha y hora propuesta"))
    proposed_alternative = models.DateTimeField(_("fecha y hora alternativa"), null=True, blank=True)
    proposed_note = models.CharField(_("observaciones sobre las fechas"), max_length=300, blank=True)
    other_attendees = models.TextField(
        _("otras personas que asistirían"),
        max_length=2000,
        blank=True,
        help_text=_("Una persona por línea: nombre y a quién representa."),
    )
    received_at = models.DateTimeField(_("recibida el"), default=timezone.now)
    due_date = models.DateField(_("plazo de respuesta"))
    status = models.CharField(
        _("estado"), max_length=20, choices=AudienceRequestStatus.choices, default=AudienceRequestStatus.RECEIVED
    )
    granted_start = models.DateTimeField(_("fecha y hora de la audiencia"), null=True, blank=True)
    granted_place = models.CharField(_("lugar de la audiencia"), max_length=250, blank=True)
    granted_modality = models.CharField(
        _("modalidad de la audiencia"), max_length=20, choices=LobbyModality.choices, blank=True
    )
    denial_reason = models.TextField(_("motivo del rechazo"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(_("respondida el"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("respondida por"),
    )
    event = models.OneToOneField(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audience_request",
        verbose_name=_("actividad de la agenda"),
    )
    audience = models.OneToOneField(
        LobbyAudience,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="request",
        verbose_name=_("registro de la audiencia"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrada por"),
    )
    history = HistoricalRecords()

    objects = AudienceRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("solicitud de audiencia")
        verbose_name_plural = _("solicitudes de audiencia")
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="protocol_audience_request_number"),
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(postal_address=""),
                name="protocol_audience_request_contact",
                violation_error_message=_("Indique un correo electrónico o una dirección postal para responderle."),
            ),
        ]
        indexes = [models.Index(fields=["subject", "status", "due_date"], name="protocol_audreq_queue")]

    def __str__(self) -> str:
        return f"{self.number} — {self.requester_name}"

    def get_absolute_url(self) -> str:
        return reverse("protocol:audience-request-detail", args=[self.pk])

    @property
    def requester_role(self) -> str:
        """The requester's side in the audience record: paid (lobbista) or not (gestor/a)."""
        return LobbyAttendeeRole.LOBBYIST if self.is_paid else LobbyAttendeeRole.INTEREST_MANAGER

    @property
    def requester_role_label(self) -> str:
        return str(LobbyAttendeeRole(self.requester_role).label)

    @property
    def is_open(self) -> bool:
        return self.status == AudienceRequestStatus.RECEIVED
