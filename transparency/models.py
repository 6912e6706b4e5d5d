"""Transparencia Activa (Ley 20.285 art. 7): the catalogue, the monthly publications and their review.

The catalogue (items a–m plus the acts published in the Diario Oficial) and its sub-sections are data
seeded by a migration and edited by Gabinete. A `Publication` is one version of one sub-section's
content for one month; once published it is never changed or deleted: a correction is a new version
that points to the one it corrects.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gabinete import privacy
from gabinete.concurrency import VersionedModel
from gabinete.models import Directorate
from gabinete.uploads import PDF, FileKindValidator, UploadTo

MONTHS = [
    "",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


def default_reported_through(period: date) -> date:
    """What an update usually reports: up to the last day of the month before the update month
    (the payroll published in December is «información al 30-11»)."""
    return period.replace(day=1) - timedelta(days=1)


def last_day_of_month(period: date) -> date:
    following = (period.replace(day=1) + timedelta(days=32)).replace(day=1)
    return following - timedelta(days=1)


def update_label(period: date, reported_through: date | None = None) -> str:
    """The one way a publication's two dates are named: «Actualización de diciembre de 2026 —
    información al 30-11-2026». Without a publication yet, the usual «información al» is shown."""
    reported = reported_through or default_reported_through(period)
    return _("Actualización de %(month)s de %(year)s — información al %(date)s") % {
        "month": MONTHS[period.month],
        "year": period.year,
        "date": f"{reported:%d-%m-%Y}",
    }


def check_reported_through(period: date, reported_through: date) -> None:
    """An update cannot report information dated after the month in which it is made."""
    if reported_through > last_day_of_month(period):
        raise ValidationError(
            {
                "reported_through": _(
                    "La fecha «información al» no puede ser posterior al mes de actualización (%(month)s de %(year)s)."
                )
                % {"month": MONTHS[period.month], "year": period.year}
            }
        )


class ImmutablePublicationError(Exception):
    """A published version cannot be changed or deleted (corrections are new versions)."""


class ItemQuerySet(models.QuerySet):
    def in_legal_order(self):
        return self.order_by("order")


class Item(VersionedModel):
    """One antecedent that art. 7 of Ley 20.285 (or art. 6, Diario Oficial) orders to keep published.

    `directorate` is the directorate responsible for keeping it up to date (Gabinete assigns it);
    a sub-section may name another one.
    """

    letter = models.SlugField(_("letra"), max_length=20, unique=True)
    order = models.PositiveSmallIntegerField(_("orden legal"), default=0)
    name = models.CharField(_("nombre"), max_length=200)
    legal_text = models.TextField(_("texto legal"))
    legal_reference = models.CharField(_("norma"), max_length=120, default="Ley N° 20.285, art. 7")
    directorate = models.ForeignKey(
        Directorate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transparency_items",
        verbose_name=_("dirección responsable"),
    )
    last_published_at = models.DateTimeField(_("última publicación"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("modificado"), auto_now=True)

    objects = ItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = _("ítem de transparencia activa")
        verbose_name_plural = _("ítems de transparencia activa")

    def __str__(self) -> str:
        return f"{self.label} {self.name}"

    @property
    def label(self) -> str:
        return f"{self.letter})" if len(self.letter) == 1 else ""

    def get_public_url(self) -> str:
        return reverse("transparency_public:item", args=[self.letter])


class ContentKind(models.TextChoices):
    TABLE = "tabla", _("Tabla (CSV o XLSX)")
    DOCUMENTS = "documentos", _("Documentos (PDF)")
    LINKS = "enlaces", _("Enlaces")


class SectionQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("item", "directorate", "item__directorate")

    def responsible(self, directorate_ids):
        """Sub-sections a set of directorates must keep up to date."""
        return self.filter(
            Q(directorate_id__in=directorate_ids)
            | Q(directorate__isnull=True, item__directorate_id__in=directorate_ids)
        )


class Section(VersionedModel):
    """A sub-section of an item (the CPLT municipal grouping), e.g. d) → "Personal de planta".

    It says what kind of content is published each month and, for tables, which columns (see Column).
    """

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="sections", verbose_name=_("ítem"))
    slug = models.SlugField(_("identificador"), max_length=80)
    name = models.CharField(_("nombre"), max_length=200)
    description = models.TextField(_("descripción"), blank=True)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)
    content_kind = models.CharField(
        _("tipo de contenido"), max_length=20, choices=ContentKind.choices, default=ContentKind.DOCUMENTS
    )
    directorate = models.ForeignKey(
        Directorate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transparency_sections",
        verbose_name=_("dirección responsable (si no es la del ítem)"),
    )
    is_active = models.BooleanField(_("vigente"), default=True)
    # How the CPLT wants a table read (editable: the instruction may change): rows newest first by
    # one column; months of the year without rows named with a notice (avisaje y publicidad).
    sort_column = models.SlugField(
        _("ordenar por la columna"),
        max_length=60,
        blank=True,
        help_text=_("Clave de la columna por la que se ordenan las filas, de la más reciente a la más antigua."),
    )
    month_column = models.SlugField(
        _("columna del mes"),
        max_length=60,
        blank=True,
        help_text=_("Clave de la columna de fecha que dice a qué mes corresponde cada fila."),
    )
    empty_month_notice = models.CharField(
        _("aviso de mes sin filas"),
        max_length=200,
        blank=True,
        help_text=_("Se muestra por cada mes del año sin filas; «{mes}» se reemplaza por el mes."),
    )
    link_url = models.CharField(
        _("enlace permanente"),
        max_length=300,
        blank=True,
        help_text=_("Dirección que el público ve siempre en esta sub-sección (p. ej. el registro de lobby)."),
    )
    current_publication = models.ForeignKey(
        "Publication",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("última versión publicada"),
    )
    last_published_at = models.DateTimeField(_("última publicación"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("modificado"), auto_now=True)

    objects = SectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["item__order", "order", "name"]
        verbose_name = _("sub-sección")
        verbose_name_plural = _("sub-secciones")
        constraints = [models.UniqueConstraint(fields=["item", "slug"], name="transparency_section_unique_slug")]

    def __str__(self) -> str:
        return f"{self.item.label} {self.name}".strip()

    @property
    def responsible_id(self) -> int | None:
        return self.directorate_id or self.item.directorate_id

    @property
    def responsible(self) -> Directorate | None:
        return self.directorate if self.directorate_id else self.item.directorate

    def get_absolute_url(self) -> str:
        return reverse("transparency:section-detail", args=[self.pk])

    def months_without_rows(self, columns: list[dict], rows: list[list], period: date) -> list[date]:
        """For an annual sheet (`month_column` set): the months of `period`'s year, up to `period`,
        that no row's date falls in — each one is published with `empty_month_notice`."""
        index = next((n for n, c in enumerate(columns) if c["key"] == self.month_column), None)
        if not self.month_column or index is None:
            return []
        prefix = f"{period.year:04d}-"
        seen = {str(r[index])[:7] for r in rows if index < len(r) and str(r[index] or "").startswith(prefix)}
        months = [date(period.year, m, 1) for m in range(1, period.month + 1)]
        return [m for m in months if f"{m:%Y-%m}" not in seen]


class ColumnKind(models.TextChoices):
    TEXT = "texto", _("Texto")
    INTEGER = "entero", _("Número entero")
    DECIMAL = "decimal", _("Número con decimales")
    MONEY = "monto", _("Monto en pesos")
    DATE = "fecha", _("Fecha")
    RUT = "rut", _("RUT")
    URL = "url", _("Enlace (URL)")


class PersonalData(models.TextChoices):
    PUBLISH = "publicar", _("Se publica")
    MASK = "enmascarar", _("Se publica enmascarado")
    REFUSE = "rechazar", _("No se acepta (dato personal)")


class Column(models.Model):
    """A column a table sub-section expects, with its type and how personal data in it is treated."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="columns", verbose_name=_("sub-sección")
    )
    order = models.PositiveSmallIntegerField(_("orden"), default=0)
    key = models.SlugField(_("clave"), max_length=60)
    label = models.CharField(_("encabezado"), max_length=120)
    kind = models.CharField(_("tipo"), max_length=20, choices=ColumnKind.choices, default=ColumnKind.TEXT)
    required = models.BooleanField(_("obligatoria"), default=True)
    personal_data = models.CharField(
        _("dato personal"), max_length=20, choices=PersonalData.choices, default=PersonalData.PUBLISH
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "order"]
        verbose_name = _("columna")
        verbose_name_plural = _("columnas")
        constraints = [models.UniqueConstraint(fields=["section", "key"], name="transparency_column_unique_key")]

    def __str__(self) -> str:
        return self.label

    @property
    def is_masked(self) -> bool:
        return self.personal_data == PersonalData.MASK

    @property
    def is_refused(self) -> bool:
        return self.personal_data == PersonalData.REFUSE


class Status(models.TextChoices):
    DRAFT = "borrador", _("En preparación")
    SENT = "enviada", _("En revisión jurídica")
    RETURNED = "devuelta", _("Devuelta con observaciones")
    APPROVED = "aprobada", _("Aprobada, por publicar")
    PUBLISHED = "publicada", _("Publicada")


class TableState(models.TextChoices):
    """Where the uploaded table of a publication stands: it is read in the background (a job), so a
    fresh upload is «procesando» until the job applies it or keeps its errors."""

    READY = "lista", _("Tabla lista")
    PROCESSING = "procesando", _("Procesando la tabla")
    ERRORS = "con_errores", _("La tabla tiene errores")


class PublicationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def open(self):
        return self.exclude(status=Status.PUBLISHED)

    def delete(self):
        if self.filter(status=Status.PUBLISHED).exists():
            raise ImmutablePublicationError("Una publicación publicada no se puede eliminar.")
        return super().delete()


class Publication(models.Model):
    """One version of a sub-section's content for one update month.

    Two dates, both shown (see `update_label`): `period` is the month in which the update is made —
    the deadline counts from it (10th business day of that month, see compliance.py) — and
    `reported_through` is the date the content reports («información al», usually the last day of
    the month before).

    Prepared by the responsible directorate's liaison, sent by its director, reviewed by Asesoría
    Jurídica and published by Gabinete. Once published it is immutable; `corrects` links a correction
    to the published version it replaces, and `correction_reason` is shown to the public.
    """

    NO_MOVEMENT = "sin_movimiento"
    KIND_CHOICES = [*ContentKind.choices, (NO_MOVEMENT, _("Sin movimiento este mes"))]

    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="publications", verbose_name=_("sub-sección")
    )
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="publications", editable=False)
    period = models.DateField(
        _("mes de actualización"),
        help_text=_("Primer día del mes en que se actualiza el contenido; el plazo se cuenta desde este mes."),
    )
    reported_through = models.DateField(
        _("información al"),
        help_text=_("Fecha a la que corresponde la información; normalmente el último día del mes anterior."),
    )
    number = models.PositiveSmallIntegerField(_("versión"), default=1)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrige a"),
    )
    correction_reason = models.TextField(_("motivo de la corrección"), blank=True)
    directorate = models.ForeignKey(
        Directorate, on_delete=models.PROTECT, related_name="transparency_publications", verbose_name=_("dirección")
    )
    status = models.CharField(_("estado"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    kind = models.CharField(_("contenido"), max_length=20, choices=KIND_CHOICES, default=ContentKind.TABLE)
    summary = models.TextField(_("nota"), blank=True)
    table_columns = models.JSONField(_("columnas"), default=list, blank=True)
    table_rows = models.JSONField(_("filas"), default=list, blank=True)
    table_state = models.CharField(
        _("estado de la tabla"), max_length=12, choices=TableState.choices, default=TableState.READY
    )
    table_file = models.FileField(
        _("tabla cargada"), upload_to=UploadTo("transparency/tables"), max_length=200, blank=True, editable=False
    )
    # The first errors found in the upload (row, column, message in Spanish) and how many there were.
    table_errors = models.JSONField(_("errores de la tabla"), default=list, blank=True, editable=False)
    table_error_count = models.PositiveIntegerField(_("cantidad de errores"), default=0, editable=False)
    table_job = models.ForeignKey(
        "gabinete.Job",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("lectura de la tabla"),
    )
    links = models.JSONField(_("enlaces"), default=list, blank=True)
    source_name = models.CharField(_("archivo cargado"), max_length=200, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    late_reason = models.TextField(_("motivo del atraso"), blank=True)

    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("preparada por")
    )
    prepared_at = models.DateTimeField(_("preparada el"))
    sent_at = models.DateTimeField(_("enviada el"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("aprobada el"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("publicada el"), null=True, blank=True)

    objects = PublicationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "-period", "-number"]
        verbose_name = _("publicación")
        verbose_name_plural = _("publicaciones")
        constraints = [
            models.UniqueConstraint(
                fields=["section", "period", "number"], name="transparency_publication_unique_version"
            ),
            # One version in preparation or review at a time per sub-section and month.
            models.UniqueConstraint(
                fields=["section", "period"],
                condition=~Q(status="publicada"),
                name="transparency_publication_one_open",
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="transparency_correction_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["item", "status", "period"]),
            models.Index(fields=["status", "period"]),
        ]

    def __str__(self) -> str:
        return f"{self.section} — {self.period_label} (v{self.number})"

    def save(self, *args, **kwargs):
        if getattr(self, "_loaded_published", False):
            raise ImmutablePublicationError(
                "Una publicación publicada no se modifica: se corrige con una nueva versión."
            )
        if self.reported_through is None and self.period is not None:
            self.reported_through = default_reported_through(self.period)
        super().save(*args, **kwargs)
        self._loaded_published = self.status == Status.PUBLISHED

    def get_absolute_url(self) -> str:
        return reverse("transparency:publication-detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("transparency_public:item-month", args=[self.item.letter, self.period.year, self.period.month])

    def delete(self, *args, **kwargs):
        if self.status == Status.PUBLISHED or getattr(self, "_loaded_published", False):
            raise ImmutablePublicationError("Una publicación publicada no se puede eliminar.")
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_returned(self) -> bool:
        return self.status == Status.RETURNED

    @property
    def is_no_movement(self) -> bool:
        return self.kind == self.NO_MOVEMENT

    @property
    def is_table(self) -> bool:
        return self.kind == ContentKind.TABLE

    def waits_for_table(self, upload: str) -> bool:
        """Whether this publication still waits for the table stored as `upload` (a newer upload,
        or a publication sent on, makes a job for an older one stale)."""
        return (
            self.table_state == TableState.PROCESSING
            and self.table_file.name == upload
            and self.status in (Status.DRAFT, Status.RETURNED)
        )

    @property
    def table_is_ready(self) -> bool:
        """Nothing to wait for: not a table, or its upload was read without errors."""
        return self.kind != ContentKind.TABLE or self.table_state == TableState.READY

    @property
    def table_is_processing(self) -> bool:
        return self.table_state == TableState.PROCESSING

    @property
    def table_has_errors(self) -> bool:
        return self.table_state == TableState.ERRORS

    @property
    def table_errors_hidden(self) -> int:
        return max(0, self.table_error_count - len(self.table_errors))

    @property
    def is_documents(self) -> bool:
        return self.kind == ContentKind.DOCUMENTS

    @property
    def is_links(self) -> bool:
        return self.kind == ContentKind.LINKS

    @property
    def table_records(self) -> list[dict]:
        """The table's rows as objects keyed by column (the open-data downloads and the API)."""
        keys = [c["key"] for c in self.table_columns]
        return [dict(zip(keys, row, strict=False)) for row in self.table_rows]

    @property
    def period_label(self) -> str:
        """«Actualización de diciembre de 2026 — información al 30-11-2026»."""
        return update_label(self.period, self.reported_through)

    @property
    def year(self) -> int:
        return self.period.year

    @property
    def month(self) -> int:
        return self.period.month

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_published = instance.__dict__.get("status") == Status.PUBLISHED
        return instance


class Document(models.Model):
    """A PDF attached to a publication (actos, resoluciones, informes de auditoría…)."""

    publication = models.ForeignKey(
        Publication, on_delete=models.PROTECT, related_name="documents", verbose_name=_("publicación")
    )
    title = models.CharField(_("título"), max_length=250)
    file = models.FileField(
        _("archivo PDF"), upload_to=UploadTo("transparency/documents"), validators=[FileKindValidator(PDF, max_mb=10)]
    )
    size = models.PositiveIntegerField(_("tamaño"), default=0)

    class Meta:
        ordering = ["publication", "pk"]
        verbose_name = _("documento")
        verbose_name_plural = _("documentos")

    def __str__(self) -> str:
        return self.title


class Action(models.TextChoices):
    PREPARE = "preparar", _("Preparó el contenido")
    REPLACE = "reemplazar", _("Reemplazó el contenido")
    SEND = "enviar", _("Envió a revisión jurídica")
    RETURN = "devolver", _("Devolvió con observaciones")
    APPROVE = "aprobar", _("Aprobó")
    PUBLISH = "publicar", _("Publicó")
    CORRECT = "corregir", _("Inició una corrección")


class PublicationEvent(models.Model):
    """One step of a publication's workflow: who did what, when, with which observations."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("acción"), max_length=20, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("por"))
    at = models.DateTimeField(_("fecha"))
    comment = models.TextField(_("observaciones"), blank=True)

    class Meta:
        ordering = ["publication", "at", "pk"]
        verbose_name = _("paso del flujo")
        verbose_name_plural = _("pasos del flujo")

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.at:%d-%m-%Y %H:%M}"


# --- access requests (transparencia pasiva, Ley 20.285 Título IV) ---------------------------------------


class AccessRules(models.Model):
    """The terms of Título IV as editable data (one row; `current()` reads it or the defaults).

    Arts. 14 and 24 are confirmed in sources (20 business days to answer, once 10 more; 15 to appeal); the
    terms of arts. 12 and 20 come from the standard reading of the law and wait for Asesoría Jurídica
    (LEGAL.md). Who signs the answers is the municipality's decision, so it is data too.
    """

    answer_business_days = models.PositiveSmallIntegerField(_("plazo de respuesta (días hábiles)"), default=20)
    extension_business_days = models.PositiveSmallIntegerField(_("prórroga (días hábiles)"), default=10)
    correction_business_days = models.PositiveSmallIntegerField(_("plazo para subsanar (días hábiles)"), default=5)
    third_party_notice_business_days = models.PositiveSmallIntegerField(
        _("plazo para notificar a terceros (días hábiles)"), default=2
    )
    opposition_business_days = models.PositiveSmallIntegerField(
        _("plazo de oposición de terceros (días hábiles)"), default=3
    )
    appeal_business_days = models.PositiveSmallIntegerField(_("plazo para el amparo (días hábiles)"), default=15)
    comply_business_days = models.PositiveSmallIntegerField(
        _("plazo para cumplir la decisión del Consejo (días hábiles, si la decisión no fija otro)"), default=5
    )
    signer_role = models.CharField(
        _("firma las respuestas"),
        max_length=20,
        choices=[
            ("administrador", _("Administrador Municipal")),
            ("alcalde", _("Alcalde")),
            ("gabinete", _("Gabinete")),
        ],
        default="administrador",
    )
    terms_source = models.CharField(
        _("fuente de los plazos"),
        max_length=300,
        default="Ley N° 20.285 arts. 14 y 24 (confirmados); arts. 12 y 20 por confirmar por Asesoría Jurídica.",
    )
    terms_confirmed = models.BooleanField(_("plazos confirmados por Asesoría Jurídica"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reglas de solicitudes de acceso")
        verbose_name_plural = _("reglas de solicitudes de acceso")

    def __str__(self) -> str:
        return str(_("Reglas de solicitudes de acceso"))

    @classmethod
    def current(cls) -> AccessRules:
        rules = cls.objects.order_by("pk").first()
        return rules if rules is not None else cls()


class DenialGround(models.Model):
    """A legal ground to deny access (art. 21, and art. 20's opposition), chosen from a list Jurídica keeps."""

    code = models.SlugField(_("código"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)
    reference = models.CharField(_("norma"), max_length=120)
    text = models.TextField(_("causal"))
    is_active = models.BooleanField(_("vigente"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("causal de denegación")
        verbose_name_plural = _("causales de denegación")

    def __str__(self) -> str:
        return f"{self.reference} — {self.text}"


class AccessChannel(models.TextChoices):
    WEB = "web", _("Formulario web")
    PAPER = "papel", _("Carta o en persona (oficina de partes)")
    EMAIL = "correo", _("Correo electrónico")


class AccessFormat(models.TextChoices):
    ANY = "cualquiera", _("Cualquier formato")
    PDF = "pdf", _("Documento PDF")
    SPREADSHEET = "planilla", _("Planilla (CSV o XLSX)")
    PAPER = "papel", _("Copia en papel")


class AccessDelivery(models.TextChoices):
    EMAIL = "correo", _("Por correo electrónico")
    OFFICE = "retiro", _("Retiro en la Municipalidad")
    POST = "postal", _("Por carta a la dirección postal")


class AccessStatus(models.TextChoices):
    RECEIVED = "recibida", _("Recibida: por revisar admisibilidad")
    CORRECTION = "subsanacion", _("Subsanación pedida al solicitante")
    ASSIGNED = "asignada", _("En preparación por la dirección")
    LEGAL_REVIEW = "revision_juridica", _("En revisión jurídica")
    SIGN_OFF = "por_firmar", _("Por firmar")
    ANSWERED = "respondida", _("Respondida")
    REFERRED = "derivada", _("Derivada a otro organismo")
    WITHDRAWN = "desistida", _("Desistida (no se subsanó)")


class AccessOutcome(models.TextChoices):
    GRANTED = "entregada", _("Entregada")
    PARTIAL = "parcial", _("Entregada parcialmente")
    DENIED = "denegada", _("Denegada")
    PUBLIC = "publica", _("Información ya publicada")


#: The states of a request still in process (its term runs).
ACCESS_OPEN_STATES = ("recibida", "subsanacion", "asignada", "revision_juridica", "por_firmar")


class AccessRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=ACCESS_OPEN_STATES)

    def answered(self):
        return self.filter(status=AccessStatus.ANSWERED)


class AccessRequest(VersionedModel):
    """A request for information (Ley 20.285 art. 12): who asks, where to notify them, what they ask
    for, in which format and how it is delivered.

    Numbered by year («AI-2026-0001»). Its term runs from `starts_on` (the day of receipt, or the day a
    requested correction arrived), is suspended while third parties may oppose (art. 20) and can be
    extended once (art. 14); `due_date` keeps the result for queues, `access_requests.deadline` explains it.
    The requester follows it with the number and `token` (the secret link of the receipt).
    """

    personal_data = privacy.Processing(
        fields=("requester_name", "email", "postal_address"),
        subjects=_("Quienes presentan solicitudes de acceso a la información"),
        purpose=_("Tramitar y responder la solicitud dentro de plazo; estadísticas anónimas"),
        legal_basis=_("Ley 20.285, artículos 12 a 17"),
        access=_("Transparencia, la dirección asignada y Jurídica; las respuestas se publican sin identidad"),
        retention=_("Hasta el término legal de la solicitud y su amparo; por confirmar con Jurídica"),
        lookup=privacy.Lookup(name=("requester_name",), email=("email",)),
        # Counted from the legal term of a closed request; what was asked and the answer stay (published).
        expiry=privacy.Expiry(
            date_field="due_date",
            anonymise=(("requester_name", privacy.ANONYMOUS), ("email", ""), ("postal_address", privacy.ERASED)),
            eligible=~Q(status__in=ACCESS_OPEN_STATES),
        ),
    )

    number = models.CharField(_("número"), max_length=20, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("año"), editable=False)
    sequence = models.PositiveIntegerField(_("correlativo"), editable=False)
    token = models.CharField(max_length=64, unique=True, editable=False)
    channel = models.CharField(_("canal"), max_length=20, choices=AccessChannel.choices)
    requester_name = models.CharField(_("nombre o razón social"), max_length=200)
    email = models.EmailField(_("correo electrónico"), max_length=254, blank=True)
    postal_address = models.CharField(_("dirección postal"), max_length=300, blank=True)
    information = models.TextField(_("información solicitada"), max_length=4000)
    preferred_format = models.CharField(
        _("formato preferido"), max_length=20, choices=AccessFormat.choices, default=AccessFormat.ANY
    )
    delivery = models.CharField(
        _("forma de entrega"), max_length=20, choices=AccessDelivery.choices, default=AccessDelivery.EMAIL
    )
    received_at = models.DateTimeField(_("recibida el"))
    starts_on = models.DateField(_("el plazo se cuenta desde"))
    due_date = models.DateField(_("plazo de respuesta"))
    status = models.CharField(_("estado"), max_length=20, choices=AccessStatus.choices, default=AccessStatus.RECEIVED)
    directorate = models.ForeignKey(
        Directorate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_requests",
        verbose_name=_("dirección que tiene la información"),
    )
    correction_asked = models.TextField(_("qué debe subsanar"), blank=True)
    correction_asked_on = models.DateField(_("subsanación pedida el"), null=True, blank=True)
    correction_due = models.DateField(_("plazo para subsanar"), null=True, blank=True)
    corrected_on = models.DateField(_("subsanada el"), null=True, blank=True)
    extended_on = models.DateField(_("prórroga notificada el"), null=True, blank=True)
    extension_reason = models.TextField(_("motivo de la prórroga"), blank=True)
    referred_to = models.CharField(_("derivada a"), max_length=200, blank=True)
    referred_on = models.DateField(_("derivada el"), null=True, blank=True)
    outcome = models.CharField(_("respuesta"), max_length=20, choices=AccessOutcome.choices, blank=True)
    answer_text = models.TextField(_("texto de la respuesta"), max_length=8000, blank=True)
    ground = models.ForeignKey(
        DenialGround,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("causal de denegación"),
    )
    public_link = models.URLField(_("enlace a la información publicada"), max_length=500, blank=True)
    declares_reserved = models.BooleanField(_("declara secreto o reservado un acto o documento"), default=False)
    reserved_act = models.CharField(_("acto o documento declarado secreto o reservado"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(_("respuesta preparada el"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("respondida el"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrada por"),
    )
    history = HistoricalRecords(excluded_fields=["token"])

    objects = AccessRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("solicitud de acceso a la información")
        verbose_name_plural = _("solicitudes de acceso a la información")
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="transparency_access_request_number"),
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(postal_address=""),
                name="transparency_access_request_contact",
                violation_error_message=_("Indique un correo electrónico o una dirección postal para notificarle."),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="transparency_access_queue")]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("transparency:access-detail", args=[self.pk])

    def get_follow_url(self) -> str:
        return reverse("transparency_public:access-follow", args=[self.number, self.token])

    @property
    def is_open(self) -> bool:
        return self.status in ACCESS_OPEN_STATES

    @property
    def awaits_correction(self) -> bool:
        return self.status == AccessStatus.CORRECTION

    @property
    def is_extended(self) -> bool:
        return self.extended_on is not None

    @property
    def has_opposition(self) -> bool:
        return any(p.opposed_on for p in self.third_parties.all())

    @property
    def delivery_ordered(self) -> bool:
        """The Consejo para la Transparencia ordered delivery (it lifts a third party's opposition)."""
        return any(a.orders_delivery for a in self.appeals.all())


class ThirdParty(models.Model):
    """A third party whose rights the requested information may affect (art. 20): notified, with the
    day by which they may oppose; an opposition bars delivery unless the Consejo orders it."""

    personal_data = privacy.Processing(
        fields=("name", "contact"),
        subjects=_("Terceros a quienes afecta una solicitud de acceso"),
        purpose=_("Comunicarles la solicitud para que puedan oponerse"),
        legal_basis=_("Ley 20.285, artículo 20"),
        access=_("Transparencia y Jurídica"),
        retention=_("Con la solicitud de acceso"),
        lookup=privacy.Lookup(name=("name",), email=("contact",)),
        expiry=privacy.Expiry(
            date_field="request__due_date",
            anonymise=(("name", privacy.ANONYMOUS), ("contact", "")),
            eligible=~Q(request__status__in=ACCESS_OPEN_STATES),
        ),
    )

    request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="third_parties")
    name = models.CharField(_("nombre del tercero"), max_length=200)
    contact = models.CharField(_("dirección o correo donde se le notificó"), max_length=300)
    notified_on = models.DateField(_("notificado el"))
    oppose_by = models.DateField(_("puede oponerse hasta"))
    answered_on = models.DateField(_("respondió el"), null=True, blank=True)
    opposed_on = models.DateField(_("se opuso el"), null=True, blank=True)
    opposition = models.TextField(_("fundamentos de la oposición"), max_length=4000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["request", "notified_on", "pk"]
        verbose_name = _("tercero notificado")
        verbose_name_plural = _("terceros notificados")

    def __str__(self) -> str:
        return self.name

    @property
    def closed_on(self) -> date:
        """The last day of the suspension this notice causes: the answer, or the end of the term."""
        return self.answered_on or self.oppose_by


class AccessDocument(models.Model):
    """A document of the answer, prepared by the directorate that holds the information."""

    request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("título"), max_length=250)
    file = models.FileField(
        _("archivo PDF"), upload_to=UploadTo("transparency/access"), validators=[FileKindValidator(PDF, max_mb=10)]
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("cargado el"), default=timezone.now)

    class Meta:
        ordering = ["request", "pk"]
        verbose_name = _("documento de la respuesta")
        verbose_name_plural = _("documentos de la respuesta")

    def __str__(self) -> str:
        return self.title


class AppealDecision(models.TextChoices):
    PENDING = "pendiente", _("Pendiente")
    UPHELD = "acoge", _("Acoge el amparo")
    PARTLY = "acoge_parcial", _("Acoge parcialmente")
    REJECTED = "rechaza", _("Rechaza el amparo")
    INADMISSIBLE = "inadmisible", _("Inadmisible")


class AccessAppeal(models.Model):
    """An amparo to the Consejo para la Transparencia against a request's answer or its silence (art. 24),
    with the Consejo's decision, what it orders and the deadline to comply."""

    request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="appeals")
    filed_on = models.DateField(_("presentado el"))
    case_number = models.CharField(_("rol del Consejo"), max_length=40)
    decision = models.CharField(
        _("decisión"), max_length=20, choices=AppealDecision.choices, default=AppealDecision.PENDING
    )
    decided_on = models.DateField(_("notificada la decisión el"), null=True, blank=True)
    orders = models.TextField(_("qué ordena el Consejo"), max_length=4000, blank=True)
    orders_delivery = models.BooleanField(_("ordena entregar la información"), default=False)
    comply_by = models.DateField(_("plazo para cumplir"), null=True, blank=True)
    complied_on = models.DateField(_("cumplida el"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["request", "filed_on", "pk"]
        verbose_name = _("amparo")
        verbose_name_plural = _("amparos")
        constraints = [
            models.UniqueConstraint(fields=["case_number"], name="transparency_appeal_case_number"),
        ]

    def __str__(self) -> str:
        return self.case_number

    @property
    def is_pending_compliance(self) -> bool:
        return self.comply_by is not None and self.complied_on is None
