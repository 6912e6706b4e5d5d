"""Personal data under Ley 21.719 (issue 20 points 5 to 7): the retention terms of each processing, the
requests of data subjects (access, rectification, suppression, opposition, portability, blocking) and
the privacy notices shown where the intranet collects data from the public.

Every legal term here is editable data (the admin), seeded with the team's reading of the law and
marked «por confirmar con Jurídica» until Asesoría Jurídica confirms it.
"""

from __future__ import annotations

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

# --- retention ------------------------------------------------------------------------------------


class RetentionAction(models.TextChoices):
    ANONYMISE = "anonimizar", _("Anonimizar (se borran los datos personales, el registro queda)")
    DELETE = "eliminar", _("Eliminar el registro")
    KEEP = "conservar", _("Conservar (una ley ordena publicarlo o conservarlo)")


def processing_choices() -> list[tuple[str, str]]:
    """The processings of the inventory, as (label, name) for the admin's select."""
    return [(e.label, f"{e.name} ({e.app_name})") for e in privacy.inventory()]


class RetentionRule(models.Model):
    """How long the municipality keeps the personal data of one processing of the inventory and what
    happens after (Ley 21.719, limitation of retention). `processing` names the model ("archive.Clipping");
    the model's declaration says which date counts and which fields go (`privacy.Expiry`); the term and
    the action are this row's, so Asesoría Jurídica changes them without a release."""

    processing = models.CharField(
        _("registro de tratamiento"),
        max_length=100,
        unique=True,
        help_text=_("El registro del inventario de datos personales, como «archive.Clipping»."),
    )
    months = models.PositiveSmallIntegerField(
        _("plazo de conservación (meses)"), help_text=_("Se cuenta desde la fecha que declara el registro.")
    )
    action = models.CharField(_("qué se hace al cumplirse"), max_length=20, choices=RetentionAction.choices)
    is_active = models.BooleanField(
        _("activa"), default=True, help_text=_("Una regla inactiva se muestra pero el proceso no la aplica.")
    )
    legal_reference = models.CharField(_("fundamento"), max_length=300, blank=True)
    notes = models.TextField(_("notas para Asesoría Jurídica"), blank=True)
    confirmed = models.BooleanField(_("confirmada por Asesoría Jurídica"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["processing"]
        verbose_name = _("regla de conservación")
        verbose_name_plural = _("reglas de conservación")

    def __str__(self) -> str:
        return f"{self.processing} · {self.months} meses · {self.get_action_display()}"

    def clean(self) -> None:
        known = {e.label: e for e in privacy.inventory()}
        entry = known.get(self.processing)
        if entry is None:
            raise ValidationError(
                {"processing": _("No hay un registro «%(p)s» en el inventario.") % {"p": self.processing}}
            )
        if self.action != RetentionAction.KEEP and entry.processing.expiry is None:
            raise ValidationError(
                {
                    "action": _(
                        "Este registro no declara qué datos se pueden borrar ni desde qué fecha: solo puede conservarse."
                    )
                }
            )


# --- data subjects' requests -----------------------------------------------------------------------


class RightKind(models.TextChoices):
    ACCESS = "acceso", _("Acceso: saber qué datos míos tiene la municipalidad")
    RECTIFICATION = "rectificacion", _("Rectificación: corregir datos inexactos o incompletos")
    SUPPRESSION = "supresion", _("Supresión: eliminar mis datos")
    OPPOSITION = "oposicion", _("Oposición: que dejen de tratar mis datos")
    PORTABILITY = "portabilidad", _("Portabilidad: recibir mis datos en un formato reutilizable")
    BLOCKING = "bloqueo", _("Bloqueo temporal: suspender el tratamiento mientras se resuelve")


#: The kinds answered with a copy of everything the intranet holds about the person.
EXPORT_KINDS = (RightKind.ACCESS, RightKind.PORTABILITY)


class RightsChannel(models.TextChoices):
    WEB = "web", _("Formulario web")
    PAPER = "papel", _("Carta o en persona (oficina de partes)")
    EMAIL = "correo", _("Correo electrónico")


class RightsStatus(models.TextChoices):
    RECEIVED = "recibida", _("Recibida: por responder")
    EXTENDED = "prorrogada", _("Prorrogada: por responder")
    ANSWERED = "respondida", _("Respondida")


RIGHTS_OPEN_STATES = (RightsStatus.RECEIVED.value, RightsStatus.EXTENDED.value)


class RightsOutcome(models.TextChoices):
    GRANTED = "acogida", _("Acogida")
    PARTIAL = "acogida_parcial", _("Acogida en parte")
    REJECTED = "rechazada", _("Rechazada")


class RightsRules(models.Model):
    """The terms of the data subjects' requests as editable data (one row; `current()` reads it or the
    defaults). The defaults are the team's reading of Ley 21.719 (art. 11: 30 calendar days, extendable
    once by as many): Asesoría Jurídica confirms them and may switch the count to business days."""

    answer_days = models.PositiveSmallIntegerField(_("plazo de respuesta (días)"), default=30)
    extension_days = models.PositiveSmallIntegerField(_("prórroga (días)"), default=30)
    business_days = models.BooleanField(
        _("se cuentan días hábiles"),
        default=False,
        help_text=_("Si no se marca, se cuentan días corridos."),
    )
    soon_days = models.PositiveSmallIntegerField(_("avisar en Mi escritorio con (días de anticipación)"), default=5)
    terms_source = models.CharField(
        _("fuente de los plazos"),
        max_length=300,
        default="Ley N° 21.719, art. 11 (lectura del equipo: 30 días corridos, prorrogables una vez): "
        "por confirmar por Asesoría Jurídica.",
    )
    terms_confirmed = models.BooleanField(_("plazos confirmados por Asesoría Jurídica"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reglas de solicitudes de derechos")
        verbose_name_plural = _("reglas de solicitudes de derechos")

    def __str__(self) -> str:
        unit = _("días hábiles") if self.business_days else _("días corridos")
        return f"{self.answer_days} {unit} + {self.extension_days}"

    @classmethod
    def current(cls) -> RightsRules:
        return cls.objects.order_by("pk").first() or cls()


class DataSubjectRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=RIGHTS_OPEN_STATES)


class DataSubjectRequest(VersionedModel):
    """A person asks to exercise a right over their personal data (Ley 21.719): to know what the
    municipality holds about them, correct it, erase it, oppose or block its processing, or receive it
    to take elsewhere. It arrives by the public form or Gabinete registers a letter or an e-mail;
    Gabinete or Asesoría Jurídica answer it within the term of `RightsRules` (numbered «DP-2026-0001»)."""

    personal_data = privacy.Processing(
        fields=("requester_name", "requester_rut", "email", "postal_address", "description"),
        subjects=_("Quienes ejercen sus derechos sobre sus datos personales"),
        purpose=_("Tramitar y responder la solicitud dentro de plazo, y acreditar que se respondió"),
        legal_basis=_("Ley 21.719 (derechos del titular y procedimiento ante el responsable)"),
        access=_("Gabinete y Asesoría Jurídica"),
        retention=_("Después de respondida, el plazo de la regla de conservación (por confirmar con Jurídica)"),
        lookup=privacy.Lookup(name=("requester_name",), email=("email",), rut=("requester_rut",)),
        expiry=privacy.Expiry(
            date_field="answered_at",
            anonymise=(
                ("requester_name", privacy.ANONYMOUS),
                ("requester_rut", ""),
                ("email", ""),
                ("postal_address", privacy.ERASED),
                ("description", privacy.ERASED),
            ),
            eligible=Q(status=RightsStatus.ANSWERED),
        ),
    )

    number = models.CharField(_("número"), max_length=20, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("año"), editable=False)
    sequence = models.PositiveIntegerField(_("correlativo"), editable=False)
    kind = models.CharField(_("derecho que ejerce"), max_length=20, choices=RightKind.choices)
    channel = models.CharField(_("canal"), max_length=20, choices=RightsChannel.choices)
    requester_name = models.CharField(_("nombre completo"), max_length=200)
    requester_rut = models.CharField(_("RUT"), max_length=12, blank=True)
    email = models.EmailField(_("correo electrónico"), max_length=254, blank=True)
    postal_address = models.CharField(_("dirección postal"), max_length=300, blank=True)
    description = models.TextField(_("detalle de la solicitud"), max_length=4000)
    received_at = models.DateTimeField(_("recibida el"))
    starts_on = models.DateField(_("el plazo se cuenta desde"))
    due_date = models.DateField(_("plazo de respuesta"))
    status = models.CharField(_("estado"), max_length=20, choices=RightsStatus.choices, default=RightsStatus.RECEIVED)
    extended_on = models.DateField(_("prórroga notificada el"), null=True, blank=True)
    extension_reason = models.TextField(_("motivo de la prórroga"), blank=True)
    outcome = models.CharField(_("resultado"), max_length=20, choices=RightsOutcome.choices, blank=True)
    answer = models.TextField(_("respuesta"), max_length=8000, blank=True)
    answered_at = models.DateTimeField(_("respondida el"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("respondida por"),
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

    objects = DataSubjectRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("solicitud de derechos sobre datos personales")
        verbose_name_plural = _("solicitudes de derechos sobre datos personales")
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="dataprotection_request_number"),
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(postal_address=""),
                name="dataprotection_request_contact",
                violation_error_message=_("Indique un correo electrónico o una dirección postal para responderle."),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="dataprotection_queue")]

    def __str__(self) -> str:
        # The number only: the activity log and the notices never carry the person's name.
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("dataprotection:request-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in RIGHTS_OPEN_STATES

    @property
    def is_extended(self) -> bool:
        return self.extended_on is not None

    @property
    def asks_for_export(self) -> bool:
        """Access and portability are answered with a copy of everything found about the person."""
        return self.kind in EXPORT_KINDS

    @property
    def days_left(self) -> int:
        return (self.due_date - timezone.localdate()).days


# --- privacy notices --------------------------------------------------------------------------------


class PrivacyNotice(models.Model):
    """What a person is told where the intranet collects their data (Ley 21.719, duty to inform): who is
    responsible, for what, on what legal basis, for how long and how to exercise their rights. Shown as
    a box on the public form named by `key` (`{% privacy_notice "solicitud-acceso" %}`), linked to the
    processing of the inventory (`processing`) and to the rights form. Its text is edited in the admin."""

    key = models.SlugField(
        _("formulario"),
        max_length=50,
        unique=True,
        help_text=_("El punto de recolección, como lo nombra la plantilla: «solicitud-audiencia», «solicitud-acceso»…"),
    )
    title = models.CharField(_("título"), max_length=200)
    processing = models.CharField(
        _("registro de tratamiento"),
        max_length=100,
        blank=True,
        help_text=_("El registro del inventario al que enlaza, como «protocol.AudienceRequest»."),
    )
    controller = models.TextField(_("responsable"))
    purpose = models.TextField(_("finalidad"))
    legal_basis = models.TextField(_("base legal"))
    retention = models.TextField(_("plazo de conservación"))
    rights = models.TextField(_("cómo ejercer sus derechos"))
    is_active = models.BooleanField(_("se muestra"), default=True)
    confirmed = models.BooleanField(_("texto confirmado por Asesoría Jurídica"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]
        verbose_name = _("aviso de privacidad")
        verbose_name_plural = _("avisos de privacidad")

    def __str__(self) -> str:
        return self.title

    @property
    def inventory_anchor(self) -> str:
        """The id of the processing's row on the inventory page (`{{ label|slugify }}` there)."""
        return self.processing.lower().replace(".", "")
