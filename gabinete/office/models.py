"""The Dirección de Gabinete's own duties (seed functions general a, specific f, g and j).

- `Matter`: a situation a directorate raises for the Alcalde's decision ("asunto para resolución"),
  prepared by Gabinete, grouped for a `DispatchMeeting`, decided by the Alcalde.
- `Assignment`: a task the Alcalde gives to Gabinete or to a directorate ("encargo del Alcalde").
- `ProcedureManual` / `ManualVersion`: the Dirección's procedure manuals, updated yearly.
- `JobDescriptor` / `JobDescriptorVersion`: the Dirección's job descriptors, updated yearly with a
  review by the Dirección de Gestión de Personas.
- `AnnualReport`: the yearly report of manuals or descriptors sent to the Administrador Municipal.

The tables keep their `gabinete_` names (`Meta.db_table`, and `table_name` for the history): these models
lived in the core app until issue 14 point 1 made the office its own app, and an installation may already
hold their rows (migrations `gabinete.0005_office_moves_out` and `office.0001_initial` move them in state only).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.fields import CKEditor5Field
from simple_history.models import HistoricalRecords

from gabinete.concurrency import VersionedModel
from gabinete.models import Directorate
from gabinete.richtext import sanitize_html
from gabinete.uploads import IMAGE, PDF, SPREADSHEET, WORD, FileKindValidator, UploadTo

#: Attachments a directorate may add to a matter: documents and scans, 10 MB each.
MATTER_ATTACHMENT_KINDS = (PDF, WORD, SPREADSHEET, IMAGE)
MATTER_ATTACHMENT_MAX_MB = 10
#: A manual may be kept as an attached document instead of (or besides) rich text.
MANUAL_FILE_KINDS = (PDF, WORD)
MANUAL_FILE_MAX_MB = 20


def one_year_after(day: date) -> date:
    """The same day next year (28 February when the day is 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


# --- Matters for the Alcalde's decision ------------------------------------------------------------


class Urgency(models.IntegerChoices):
    """How soon the Alcalde must decide (the lower, the sooner: lists sort by it)."""

    URGENT = 1, _("Urgente")
    HIGH = 2, _("Alta")
    NORMAL = 3, _("Normal")


class MatterStatus(models.TextChoices):
    SUBMITTED = "presentado", _("Presentado a Gabinete")
    INFO_REQUESTED = "antecedentes", _("Antecedentes solicitados a la dirección")
    READY = "preparado", _("Preparado para despacho")
    DECIDED = "resuelto", _("Resuelto por el Alcalde")


#: The matter's workflow (which step leads from which state to which) is declared once, as
#: `gabinete.office.services.MATTER_WORKFLOW`.
PENDING_MATTER_STATES = (MatterStatus.SUBMITTED, MatterStatus.INFO_REQUESTED, MatterStatus.READY)


class Decision(models.TextChoices):
    APPROVED = "aprobado", _("Aprobado")
    REJECTED = "rechazado", _("Rechazado")
    WITH_INSTRUCTIONS = "instrucciones", _("Con instrucciones")


class DispatchMeeting(VersionedModel):
    """A dispatch meeting ("reunión de despacho") where Gabinete brings prepared matters to the Alcalde."""

    date = models.DateField(_("fecha de la reunión"), unique=True)
    notes = models.CharField(_("observaciones"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("creada por")
    )
    history = HistoricalRecords(table_name="gabinete_historicaldispatchmeeting")

    class Meta:
        db_table = "gabinete_dispatchmeeting"
        ordering = ["date"]
        verbose_name = _("reunión de despacho")
        verbose_name_plural = _("reuniones de despacho")

    def __str__(self) -> str:
        return str(_("Despacho del %(date)s") % {"date": f"{self.date:%d-%m-%Y}"})


class MatterQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status__in=PENDING_MATTER_STATES)

    def decided(self):
        return self.filter(status=MatterStatus.DECIDED)

    def by_urgency_and_age(self):
        """Most urgent first; within an urgency, the oldest first."""
        return self.order_by("urgency", "submitted_at", "pk")

    def with_related(self):
        return self.select_related("directorate", "raised_by", "meeting", "decided_by")


class Matter(VersionedModel):
    """A situation that needs the Alcalde's own decision, raised by a directorate (seed function general a).

    Gabinete prepares it (completes it, asks the directorate for more, groups it for a dispatch meeting)
    and the decision is recorded by the Alcalde, or by Gabinete on the Alcalde's behalf (marked so).
    """

    directorate = models.ForeignKey(
        Directorate, on_delete=models.PROTECT, related_name="matters", verbose_name=_("dirección que lo presenta")
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("presentado por")
    )
    subject = models.CharField(_("materia"), max_length=200)
    background = models.TextField(_("antecedentes"))
    options = models.TextField(_("alternativas"), blank=True)
    recommendation = models.TextField(_("recomendación de la dirección"), blank=True)
    urgency = models.PositiveSmallIntegerField(_("urgencia"), choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(_("estado"), max_length=20, choices=MatterStatus.choices, default=MatterStatus.SUBMITTED)
    submitted_at = models.DateTimeField(_("presentado el"), default=timezone.now)
    gabinete_summary = models.TextField(
        _("síntesis de Gabinete"),
        blank=True,
        help_text=_("Lo que Gabinete agrega al preparar el asunto para el Alcalde."),
    )
    meeting = models.ForeignKey(
        DispatchMeeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matters",
        verbose_name=_("reunión de despacho"),
    )
    decision = models.CharField(_("decisión"), max_length=20, choices=Decision.choices, blank=True)
    instructions = models.TextField(_("instrucciones del Alcalde"), blank=True)
    decided_on = models.DateField(_("fecha de la decisión"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrada por"),
    )
    decided_on_behalf = models.BooleanField(_("registrada por Gabinete en nombre del Alcalde"), default=False)

    objects = MatterQuerySet.as_manager()
    history = HistoricalRecords(table_name="gabinete_historicalmatter")

    class Meta:
        db_table = "gabinete_matter"
        ordering = ["urgency", "submitted_at"]
        verbose_name = _("asunto para resolución")
        verbose_name_plural = _("asuntos para resolución")
        indexes = [models.Index(fields=["status", "urgency", "submitted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="resuelto", decided_on__isnull=False, decided_by__isnull=False) & ~Q(decision="")
                | ~Q(status="resuelto"),
                name="matter_decided_has_decision",
            ),
            models.CheckConstraint(
                condition=~Q(decision="instrucciones") | ~Q(instructions=""),
                name="matter_instructions_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("office:matter-detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_MATTER_STATES

    @property
    def urgency_phrase(self) -> str:
        """The urgency inside a sentence, the one place it is worded: «urgente», «urgencia alta»,
        «urgencia normal» (never «urgencia urgente»). Used by the desk row and the minuta."""
        if self.urgency == Urgency.URGENT:
            return str(_("urgente"))
        return str(_("urgencia %(level)s") % {"level": self.get_urgency_display().lower()})

    @property
    def age_days(self) -> int:
        return (timezone.localdate() - timezone.localtime(self.submitted_at).date()).days

    @property
    def is_decided(self) -> bool:
        return self.status == MatterStatus.DECIDED

    @property
    def awaits_directorate(self) -> bool:
        """Gabinete asked the directorate for more and waits for its answer."""
        return self.status == MatterStatus.INFO_REQUESTED


class MatterAttachment(models.Model):
    """A document that supports a matter (report, letter, budget). Checked by content and size; never
    deleted, so what the Alcalde decided on stays on record."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("archivo"),
        upload_to=UploadTo("gabinete/asuntos"),
        validators=[FileKindValidator(*MATTER_ATTACHMENT_KINDS, max_mb=MATTER_ATTACHMENT_MAX_MB)],
    )
    original_name = models.CharField(_("nombre original"), max_length=255)
    description = models.CharField(_("descripción"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("subido por")
    )
    uploaded_at = models.DateTimeField(_("subido el"), default=timezone.now)
    history = HistoricalRecords(table_name="gabinete_historicalmatterattachment")

    class Meta:
        db_table = "gabinete_matterattachment"
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("antecedente adjunto")
        verbose_name_plural = _("antecedentes adjuntos")

    def __str__(self) -> str:
        return self.description or self.original_name


class MatterNoteKind(models.TextChoices):
    INFO_REQUEST = "solicitud", _("Gabinete solicita antecedentes")
    REPLY = "respuesta", _("Respuesta de la dirección")
    PREPARATION = "preparacion", _("Nota de preparación de Gabinete")
    SCHEDULED = "agrupado", _("Agrupado para despacho")


class MatterNote(models.Model):
    """One message in the exchange between Gabinete and the directorate about a matter (append-only)."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("tipo"), max_length=20, choices=MatterNoteKind.choices)
    text = models.TextField(_("texto"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)

    class Meta:
        db_table = "gabinete_matternote"
        ordering = ["created_at", "pk"]
        verbose_name = _("nota del asunto")
        verbose_name_plural = _("notas del asunto")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


# --- Assignments ("encargos del Alcalde") ------------------------------------------------------------


class AssignmentStatus(models.TextChoices):
    OPEN = "abierto", _("En curso")
    CLOSED = "cerrado", _("Cerrado")


class AssignmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=AssignmentStatus.OPEN)

    def overdue(self, today: date | None = None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def with_related(self):
        return self.select_related("directorate", "responsible", "created_by")


class Assignment(VersionedModel):
    """A task the Alcalde gives to Gabinete or to a directorate (seed function j), with a due date and
    a responsible person who reports progress until it is closed."""

    title = models.CharField(_("encargo"), max_length=200)
    description = models.TextField(_("detalle"), blank=True)
    directorate = models.ForeignKey(
        Directorate, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("encargado a")
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="office_assignments",
        verbose_name=_("persona responsable"),
    )
    assigned_on = models.DateField(_("fecha del encargo"), default=timezone.localdate)
    due_date = models.DateField(_("plazo"))
    status = models.CharField(
        _("estado"), max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.OPEN
    )
    closed_on = models.DateField(_("cerrado el"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cerrado por"),
    )
    closure_note = models.TextField(_("resultado"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrado por")
    )

    objects = AssignmentQuerySet.as_manager()
    history = HistoricalRecords(table_name="gabinete_historicalassignment")

    class Meta:
        db_table = "gabinete_assignment"
        ordering = ["due_date", "pk"]
        verbose_name = _("encargo del Alcalde")
        verbose_name_plural = _("encargos del Alcalde")
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("assigned_on")), name="assignment_due_after_assigned"
            ),
            models.CheckConstraint(
                condition=~Q(status="cerrado") | Q(closed_on__isnull=False), name="assignment_closed_has_date"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("office:assignment-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == AssignmentStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()

    @property
    def days_overdue(self) -> int:
        return max(0, (timezone.localdate() - self.due_date).days) if self.is_open else 0


class AssignmentNote(models.Model):
    """A progress note on an assignment (append-only)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("avance"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)

    class Meta:
        db_table = "gabinete_assignmentnote"
        ordering = ["created_at", "pk"]
        verbose_name = _("avance del encargo")
        verbose_name_plural = _("avances del encargo")

    def __str__(self) -> str:
        return self.text[:60]


# --- Versioned documents: procedure manuals and job descriptors ------------------------------------------


class DocumentStatus(models.TextChoices):
    DRAFT = "borrador", _("Borrador")
    IN_REVIEW = "en_revision", _("En revisión de Gestión de Personas")
    RETURNED = "observada", _("Observada por Gestión de Personas")
    REVIEWED = "revisada", _("Revisada por Gestión de Personas")
    IN_FORCE = "vigente", _("Vigente")
    SUPERSEDED = "reemplazada", _("Reemplazada")


#: States in which a version may still be edited, and the states of a version in preparation.
EDITABLE_VERSION_STATES = (DocumentStatus.DRAFT, DocumentStatus.RETURNED)
OPEN_VERSION_STATES = (
    DocumentStatus.DRAFT,
    DocumentStatus.IN_REVIEW,
    DocumentStatus.RETURNED,
    DocumentStatus.REVIEWED,
)


class DocumentQuerySet(models.QuerySet):
    def review_overdue(self, today: date | None = None):
        """Documents not reviewed within their year: the yearly review date has passed."""
        return self.filter(review_due_on__lt=today or timezone.localdate())


class VersionedDocument(VersionedModel):
    """What manuals and job descriptors share: an owner and a yearly review date."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsable")
    )
    review_due_on = models.DateField(
        _("próxima revisión anual"),
        help_text=_("Se fija en un año desde la aprobación de cada versión."),
    )
    last_approved_on = models.DateField(_("última aprobación"), null=True, blank=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_review_overdue(self) -> bool:
        return self.review_due_on < timezone.localdate()


class DocumentVersion(VersionedModel):
    """What versions of manuals and descriptors share: a number, what changed, status and approval."""

    #: Job descriptors need the review of Gestión de Personas before approval; manuals do not.
    requires_review = False

    number = models.PositiveIntegerField(_("versión"))
    change_summary = models.TextField(
        _("qué cambió"), help_text=_("Describa los cambios respecto de la versión anterior.")
    )
    status = models.CharField(_("estado"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("creada por")
    )
    created_at = models.DateTimeField(_("creada el"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aprobada por"),
    )
    approved_on = models.DateField(_("aprobada el"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_VERSION_STATES

    @property
    def is_in_force(self) -> bool:
        return self.status == DocumentStatus.IN_FORCE


class ProcedureManual(VersionedDocument):
    """A procedure manual of the Dirección (seed function f): designed or updated every year and
    reported to the Administrador Municipal. Its content lives in its versions."""

    title = models.CharField(_("nombre del manual"), max_length=200, unique=True)
    scope = models.TextField(_("alcance"), blank=True)
    history = HistoricalRecords(table_name="gabinete_historicalproceduremanual")

    class Meta:
        db_table = "gabinete_proceduremanual"
        ordering = ["title"]
        verbose_name = _("manual de procedimientos")
        verbose_name_plural = _("manuales de procedimientos")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("office:manual-detail", args=[self.pk])


class ManualVersion(DocumentVersion):
    """One version of a manual: rich text, an attached document, or both. Approval puts it in force."""

    manual = models.ForeignKey(ProcedureManual, on_delete=models.CASCADE, related_name="versions")
    body = CKEditor5Field(_("contenido"), blank=True, config_name="default")
    body_html = models.TextField(editable=False, blank=True)
    file = models.FileField(
        _("documento adjunto"),
        upload_to=UploadTo("gabinete/manuales"),
        validators=[FileKindValidator(*MANUAL_FILE_KINDS, max_mb=MANUAL_FILE_MAX_MB)],
        blank=True,
    )
    history = HistoricalRecords(table_name="gabinete_historicalmanualversion", excluded_fields=["body_html"])

    class Meta:
        db_table = "gabinete_manualversion"
        ordering = ["manual", "-number"]
        verbose_name = _("versión de manual")
        verbose_name_plural = _("versiones de manuales")
        constraints = [
            models.UniqueConstraint(fields=["manual", "number"], name="manual_version_unique_number"),
            models.UniqueConstraint(
                fields=["manual"], condition=Q(status="vigente"), name="manual_one_version_in_force"
            ),
            models.CheckConstraint(condition=~Q(body="") | ~Q(file=""), name="manual_version_has_content"),
        ]

    def __str__(self) -> str:
        return f"{self.manual} — v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("office:manual-version-detail", args=[self.pk])

    @property
    def document(self) -> ProcedureManual:
        return self.manual

    def save(self, *args, **kwargs):
        self.body_html = sanitize_html(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)


class JobDescriptor(VersionedDocument):
    """A job descriptor ("descriptor de cargo") of a position in the Dirección (seed function g),
    updated yearly in coordination with the Dirección de Gestión de Personas."""

    position = models.CharField(_("cargo"), max_length=200)
    unit = models.CharField(_("unidad"), max_length=150, help_text=_("Por ejemplo: Protocolo, Prensa."))
    history = HistoricalRecords(table_name="gabinete_historicaljobdescriptor")

    class Meta:
        db_table = "gabinete_jobdescriptor"
        ordering = ["unit", "position"]
        verbose_name = _("descriptor de cargo")
        verbose_name_plural = _("descriptores de cargo")
        constraints = [models.UniqueConstraint(fields=["position", "unit"], name="descriptor_unique_position_unit")]

    def __str__(self) -> str:
        return f"{self.position} ({self.unit})"

    def get_absolute_url(self) -> str:
        return reverse("office:descriptor-detail", args=[self.pk])


class JobDescriptorVersion(DocumentVersion):
    """One version of a job descriptor. Gestión de Personas reviews it before it can be approved."""

    requires_review = True

    descriptor = models.ForeignKey(JobDescriptor, on_delete=models.CASCADE, related_name="versions")
    purpose = models.TextField(_("objetivo del cargo"))
    functions = models.TextField(_("funciones"), help_text=_("Una función por línea."))
    education = models.TextField(_("formación"))
    experience = models.TextField(_("experiencia"))
    competencies = models.TextField(_("competencias"), help_text=_("Una competencia por línea."))
    reports_to = models.CharField(_("depende de"), max_length=200)
    supervises = models.CharField(_("supervisa a"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revisada por (Gestión de Personas)"),
    )
    reviewed_on = models.DateField(_("revisada el"), null=True, blank=True)
    review_observations = models.TextField(_("observaciones de Gestión de Personas"), blank=True)
    history = HistoricalRecords(table_name="gabinete_historicaljobdescriptorversion")

    class Meta:
        db_table = "gabinete_jobdescriptorversion"
        ordering = ["descriptor", "-number"]
        verbose_name = _("versión de descriptor de cargo")
        verbose_name_plural = _("versiones de descriptores de cargo")
        constraints = [
            models.UniqueConstraint(fields=["descriptor", "number"], name="descriptor_version_unique_number"),
            models.UniqueConstraint(
                fields=["descriptor"], condition=Q(status="vigente"), name="descriptor_one_version_in_force"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["vigente", "reemplazada"]) | Q(reviewed_by__isnull=False),
                name="descriptor_version_in_force_was_reviewed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.descriptor} — v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("office:descriptor-detail", args=[self.descriptor_id])

    @property
    def document(self) -> JobDescriptor:
        return self.descriptor

    @property
    def open_observations(self) -> str:
        """The people office's observations while the version waits for their correction ("" otherwise)."""
        return self.review_observations if self.status == DocumentStatus.RETURNED else ""

    @property
    def function_lines(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.functions.splitlines() if line.strip(" -•\t")]

    @property
    def competency_lines(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.competencies.splitlines() if line.strip(" -•\t")]


class ReportKind(models.TextChoices):
    MANUALS = "manuales", _("Manuales de procedimientos")
    DESCRIPTORS = "descriptores", _("Descriptores de cargo")


class AnnualReport(VersionedModel):
    """The yearly report of the manuals or job descriptors to the Administrador Municipal: when it was
    sent and by whom (seed functions f and g)."""

    kind = models.CharField(_("materia"), max_length=20, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("año"))
    sent_on = models.DateField(_("enviado el"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("enviado por")
    )
    reference = models.CharField(
        _("referencia"), max_length=200, blank=True, help_text=_("Oficio, memorándum o correo con que se envió.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrado por")
    )
    history = HistoricalRecords(table_name="gabinete_historicalannualreport")

    class Meta:
        db_table = "gabinete_annualreport"
        ordering = ["-year", "kind"]
        verbose_name = _("informe anual al Administrador Municipal")
        verbose_name_plural = _("informes anuales al Administrador Municipal")
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="annual_report_unique_kind_year")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"
