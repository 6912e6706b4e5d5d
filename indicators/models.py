"""Management indicators of the 22 directorates, their yearly definitions, reporting periods and
measurements (seed function i: the Informe de Gestión for the Administrador Municipal)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gabinete.business_days import nth_business_day_of_month
from gabinete.concurrency import VersionedModel
from gabinete.models import Directorate
from gabinete.uploads import CSV, IMAGE, PDF, SPREADSHEET, WORD, FileKindValidator, UploadTo

from .status import Direction, Judgement, judge

MONTHS = ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"]


class Unit(models.TextChoices):
    PERCENT = "percent", _("Porcentaje (%)")
    NUMBER = "number", _("Número")
    DAYS = "days", _("Días")
    PESOS = "pesos", _("Pesos ($)")
    OTHER = "other", _("Otra")


#: The range a value may take in each unit (None: unbounded on that side).
UNIT_RANGES: dict[str, tuple[Decimal | None, Decimal | None]] = {
    Unit.PERCENT: (Decimal(0), Decimal(100)),
    Unit.NUMBER: (Decimal(0), None),
    Unit.DAYS: (Decimal(0), None),
    Unit.PESOS: (Decimal(0), None),
    Unit.OTHER: (None, None),
}
UNIT_SYMBOLS = {Unit.PERCENT: "%", Unit.DAYS: "días", Unit.PESOS: "$", Unit.NUMBER: "", Unit.OTHER: ""}


class Periodicity(models.TextChoices):
    MONTHLY = "monthly", _("Mensual")
    QUARTERLY = "quarterly", _("Trimestral")
    HALF_YEARLY = "half_yearly", _("Semestral")
    YEARLY = "yearly", _("Anual")


#: How many months one period of each periodicity covers.
PERIOD_MONTHS = {
    Periodicity.MONTHLY: 1,
    Periodicity.QUARTERLY: 3,
    Periodicity.HALF_YEARLY: 6,
    Periodicity.YEARLY: 12,
}

#: Reporting window defaults: data are due on the 10th business day after the period ends and may be
#: entered until 45 days after that (Gabinete can move both dates per period in the admin).
DUE_BUSINESS_DAY = 10
CLOSE_DAYS_AFTER_DUE = 45


class Indicator(VersionedModel):
    """A directorate's management indicator: its stable identity (code and name).

    What it measures and how (formula, unit, target…) lives in one `IndicatorYear` per year, so a
    change next year never rewrites last year's results.
    """

    directorate = models.ForeignKey(
        Directorate, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("dirección")
    )
    code = models.CharField(_("código"), max_length=20)
    name = models.CharField(_("nombre"), max_length=200)
    is_active = models.BooleanField(_("vigente"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["directorate__order", "code"]
        verbose_name = _("indicador de gestión")
        verbose_name_plural = _("indicadores de gestión")
        constraints = [
            models.UniqueConstraint(fields=["directorate", "code"], name="indicator_unique_code_per_directorate")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:indicator-detail", args=[self.pk])


class IndicatorYearQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("indicator", "indicator__directorate")


class IndicatorYear(VersionedModel):
    """An indicator's definition for one year: objective, formula, unit, periodicity, target and tolerance."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="years", verbose_name=_("indicador")
    )
    year = models.PositiveSmallIntegerField(_("año"))
    objective = models.TextField(_("objetivo"), blank=True)
    definition = models.TextField(_("definición"))
    is_ratio = models.BooleanField(
        _("se calcula como razón"),
        default=False,
        help_text=_("Si se marca, el valor se calcula como numerador ÷ denominador (× 100 si la unidad es %)."),
    )
    numerator_description = models.CharField(_("numerador"), max_length=300, blank=True)
    denominator_description = models.CharField(_("denominador"), max_length=300, blank=True)
    formula = models.CharField(_("fórmula (en palabras)"), max_length=400, blank=True)
    unit = models.CharField(_("unidad"), max_length=10, choices=Unit.choices, default=Unit.NUMBER)
    unit_label = models.CharField(
        _("nombre de la unidad"), max_length=40, blank=True, help_text=_("Por ejemplo: toneladas, licencias.")
    )
    periodicity = models.CharField(
        _("periodicidad"), max_length=12, choices=Periodicity.choices, default=Periodicity.MONTHLY
    )
    baseline = models.DecimalField(_("línea base"), max_digits=16, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("año de la línea base"), null=True, blank=True)
    target = models.DecimalField(_("meta"), max_digits=16, decimal_places=4)
    target_max = models.DecimalField(
        _("meta máxima (rango)"),
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Solo para indicadores «dentro de un rango»: el límite superior."),
    )
    direction = models.CharField(_("sentido"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    tolerance = models.DecimalField(
        _("tolerancia"),
        max_digits=16,
        decimal_places=4,
        default=0,
        help_text=_("Margen, en la unidad del indicador, dentro del cual un valor bajo la meta queda «en riesgo»."),
    )
    data_source = models.CharField(_("fuente de datos"), max_length=300, blank=True)
    evidence_description = models.CharField(_("medio de verificación"), max_length=300, blank=True)
    responsible = models.CharField(_("responsable"), max_length=150, blank=True)
    history = HistoricalRecords()

    objects = IndicatorYearQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__directorate__order", "indicator__code", "-year"]
        verbose_name = _("definición anual del indicador")
        verbose_name_plural = _("definiciones anuales de indicadores")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_year_unique"),
            models.CheckConstraint(condition=Q(tolerance__gte=0), name="indicator_year_tolerance_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} ({self.year})"

    @property
    def unit_symbol(self) -> str:
        return self.unit_label or UNIT_SYMBOLS.get(self.unit, "")

    def judge(self, value) -> str:
        return judge(
            value, target=self.target, direction=self.direction, tolerance=self.tolerance, target_max=self.target_max
        )

    def compute_value(self, numerator: Decimal, denominator: Decimal) -> Decimal:
        """numerator ÷ denominator (× 100 for a percentage), rounded to 4 decimals. Denominator ≠ 0."""
        ratio = Decimal(numerator) / Decimal(denominator)
        if self.unit == Unit.PERCENT:
            ratio *= 100
        return ratio.quantize(Decimal("0.0001"))


class PeriodQuerySet(models.QuerySet):
    def ensure_year(self, year: int) -> None:
        """Create the reporting periods of `year` for every periodicity (idempotent)."""
        have = set(self.filter(year=year).values_list("periodicity", "number"))
        new = [p for p in Period.build_year(year) if (p.periodicity, p.number) not in have]
        if new:
            self.bulk_create(new, ignore_conflicts=True)


class Period(models.Model):
    """One reporting period (March 2026, 2nd quarter 2026…), shared by every indicator of that periodicity.

    It opens for data entry the day after it ends, data are due on `due_on` (after that it is late), and
    entry closes on `closes_on`. Gabinete may move the dates (e.g. reopen a period) in the admin.
    """

    year = models.PositiveSmallIntegerField(_("año"))
    periodicity = models.CharField(_("periodicidad"), max_length=12, choices=Periodicity.choices)
    number = models.PositiveSmallIntegerField(_("número"))
    start = models.DateField(_("desde"))
    end = models.DateField(_("hasta"))
    opens_on = models.DateField(_("abre el"))
    due_on = models.DateField(_("plazo de entrega"))
    closes_on = models.DateField(_("cierra el"))
    history = HistoricalRecords()

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["year", "periodicity", "number"]
        verbose_name = _("período de reporte")
        verbose_name_plural = _("períodos de reporte")
        constraints = [
            models.UniqueConstraint(fields=["year", "periodicity", "number"], name="period_unique"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="period_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @classmethod
    def build_year(cls, year: int) -> list[Period]:
        periods = []
        for periodicity, months in PERIOD_MONTHS.items():
            for number in range(1, 12 // months + 1):
                first_month = (number - 1) * months + 1
                last_month = first_month + months - 1
                start = date(year, first_month, 1)
                end = date(year, last_month, calendar.monthrange(year, last_month)[1])
                opens = end + timedelta(days=1)
                due = nth_business_day_of_month(opens.year, opens.month, DUE_BUSINESS_DAY).due
                periods.append(
                    cls(
                        year=year,
                        periodicity=periodicity,
                        number=number,
                        start=start,
                        end=end,
                        opens_on=opens,
                        due_on=due,
                        closes_on=due + timedelta(days=CLOSE_DAYS_AFTER_DUE),
                    )
                )
        return periods

    @property
    def label(self) -> str:
        return period_label(self.periodicity, self.number, self.year)

    @property
    def short_label(self) -> str:
        return period_label(self.periodicity, self.number, None)

    def is_open(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on


def period_label(periodicity: str, number: int, year: int | None) -> str:
    suffix = f" {year}" if year else ""
    if periodicity == Periodicity.MONTHLY:
        return f"{MONTHS[number - 1]}{suffix}"
    if periodicity == Periodicity.QUARTERLY:
        return f"T{number}{suffix}"
    if periodicity == Periodicity.HALF_YEARLY:
        return f"S{number}{suffix}"
    return str(year) if year else _("Año")


class MeasurementStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    SUBMITTED = "submitted", _("Enviada a Gabinete")
    RETURNED = "returned", _("Devuelta con observaciones")
    VALIDATED = "validated", _("Validada")


IN_PROGRESS = (MeasurementStatus.DRAFT, MeasurementStatus.SUBMITTED, MeasurementStatus.RETURNED)
EDITABLE = (MeasurementStatus.DRAFT, MeasurementStatus.RETURNED)


class MeasurementQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def with_related(self):
        return self.select_related(
            "indicator_year", "indicator_year__indicator", "indicator_year__indicator__directorate", "period"
        )


class Measurement(VersionedModel):
    """The value of one indicator for one period, with its evidence, as it moves through
    entry (enlace) → submission (director) → validation or return (Gabinete).

    A validated measurement is locked. A correction is a new revision (`corrects` points to the one it
    corrects); it becomes the current value only once Gabinete validates it, and the old one stays as
    it was, for the record.
    """

    indicator_year = models.ForeignKey(
        IndicatorYear, on_delete=models.PROTECT, related_name="measurements", verbose_name=_("indicador (año)")
    )
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="measurements", verbose_name=_("período"))
    value = models.DecimalField(_("valor"), max_digits=16, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(_("numerador"), max_digits=16, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("denominador"), max_digits=16, decimal_places=4, null=True, blank=True)
    judgement = models.CharField(
        _("estado frente a la meta"), max_length=10, choices=Judgement.choices, default=Judgement.MISSING
    )
    comment = models.TextField(_("comentario"), blank=True)
    evidence = models.FileField(
        _("medio de verificación (archivo)"),
        upload_to=UploadTo("indicators/evidence"),
        validators=[FileKindValidator(PDF, IMAGE, SPREADSHEET, WORD, CSV, max_mb=10)],
        blank=True,
    )
    status = models.CharField(
        _("estado"), max_length=10, choices=MeasurementStatus.choices, default=MeasurementStatus.DRAFT
    )
    observations = models.TextField(_("observaciones de Gabinete"), blank=True)
    is_current = models.BooleanField(_("valor vigente"), default=True)
    revision = models.PositiveSmallIntegerField(_("revisión"), default=1)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections", verbose_name=_("corrige a")
    )
    correction_reason = models.TextField(_("motivo de la corrección"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("ingresada por")
    )
    entered_at = models.DateTimeField(_("ingresada el"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enviada por"),
    )
    submitted_at = models.DateTimeField(_("enviada el"), null=True, blank=True)
    submitted_late = models.BooleanField(_("enviada fuera de plazo"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revisada por"),
    )
    reviewed_at = models.DateTimeField(_("revisada el"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["period__start", "revision"]
        verbose_name = _("medición")
        verbose_name_plural = _("mediciones")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_year", "period"],
                condition=Q(is_current=True),
                name="measurement_one_current_per_period",
            ),
            models.UniqueConstraint(
                fields=["indicator_year", "period"],
                condition=Q(status__in=["draft", "submitted", "returned"]),
                name="measurement_one_in_progress_per_period",
            ),
            models.CheckConstraint(
                condition=~Q(status="validated") | Q(value__isnull=False), name="measurement_validated_has_value"
            ),
        ]
        indexes = [models.Index(fields=["indicator_year", "is_current", "period"], name="measurement_current_idx")]

    def __str__(self) -> str:
        return f"{self.indicator_year.indicator} — {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:measurement-detail", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.status == MeasurementStatus.SUBMITTED

    @property
    def is_returned(self) -> bool:
        return self.status == MeasurementStatus.RETURNED

    @property
    def is_validated(self) -> bool:
        return self.status == MeasurementStatus.VALIDATED

    def refresh_judgement(self) -> None:
        """Keep the stored judgement in step with the value (the only derived field)."""
        self.judgement = self.indicator_year.judge(self.value)


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Pendiente")
    ACCEPTED = "accepted", _("Aceptada")
    REJECTED = "rejected", _("Rechazada")


class ChangeProposal(models.Model):
    """A directorate asks Gabinete to change one of its own indicators (or to add one) for a year.

    Gabinete owns the catalogue: it answers the proposal and, when it accepts it, edits the catalogue.
    """

    directorate = models.ForeignKey(
        Directorate, on_delete=models.PROTECT, related_name="indicator_proposals", verbose_name=_("dirección")
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("indicador"),
        help_text=_("Déjelo en blanco para proponer un indicador nuevo."),
    )
    year = models.PositiveSmallIntegerField(_("año en que regiría"))
    summary = models.TextField(_("cambio propuesto"))
    proposed_target = models.DecimalField(_("meta propuesta"), max_digits=16, decimal_places=4, null=True, blank=True)
    status = models.CharField(
        _("estado"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    response = models.TextField(_("respuesta de Gabinete"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("propuesta por")
    )
    proposed_at = models.DateTimeField(_("propuesta el"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resuelta por"),
    )
    decided_at = models.DateTimeField(_("resuelta el"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("propuesta de cambio de indicador")
        verbose_name_plural = _("propuestas de cambio de indicadores")

    def __str__(self) -> str:
        return f"{self.directorate.display_name}: {self.indicator or _('indicador nuevo')} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("indicators:proposals")

    @property
    def is_pending(self) -> bool:
        return self.status == ProposalStatus.PENDING
