"""Distribution lists: who receives each report the intranet sends by e-mail.

Gabinete keeps them in the intranet (Listas de distribución), not in the server's environment: a
journalist adds the new jefa de prensa of the Alcalde without asking for a deploy. Each list has a
stable `purpose` that the code sending the report asks for (`gabinete.lists.recipients_of`); its
members are people of the intranet (who stop receiving when their account is deactivated) and
outside addresses (a councillor's office, the Administrador Municipal's secretary).
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gabinete import privacy


class ListPurpose(models.TextChoices):
    """What a list is for: the report sent to it. Created by the data migration, one list each."""

    BRIEFING = "briefing", _("Síntesis de prensa diaria")
    MEDIA_REPORT = "media_report", _("Informe mensual de medios")
    COMPLIANCE_REPORT = "compliance_report", _("Informe de cumplimiento al Administrador Municipal")


class DistributionListQuerySet(models.QuerySet):
    def with_members(self):
        """The lists with their people and outside addresses (two queries, whatever their length)."""
        return self.prefetch_related(
            models.Prefetch("members", queryset=_people().order_by("last_name", "first_name", "username")),
            models.Prefetch("external_recipients", queryset=ExternalRecipient.objects.order_by("email")),
        )


def _people():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.all()


class DistributionList(models.Model):
    """The people who receive one of the intranet's reports by e-mail (the daily press briefing, the
    monthly media report, the compliance report for the Administrador Municipal)."""

    purpose = models.CharField(_("uso"), max_length=40, choices=ListPurpose.choices, unique=True)
    name = models.CharField(_("nombre"), max_length=120)
    description = models.TextField(_("descripción"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personas de la intranet"),
        related_name="distribution_lists",
        blank=True,
    )
    created_at = models.DateTimeField(_("creada el"), default=timezone.now)

    objects = DistributionListQuerySet.as_manager()

    class Meta:
        verbose_name = _("lista de distribución")
        verbose_name_plural = _("listas de distribución")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ExternalRecipient(models.Model):
    """An address outside the intranet that receives a list's reports (kept once per list, whatever
    its capitals)."""

    personal_data = privacy.Processing(
        fields=("name", "email"),
        subjects=_("Destinatarios externos de las listas de distribución (concejales, autoridades, medios)"),
        purpose=_("Enviarles la síntesis de prensa, los informes y los avisos que Gabinete distribuye"),
        legal_basis=_("Funciones b y c del reglamento de Gabinete; dirección entregada para ese fin"),
        access=_("Gabinete"),
        retention=_("Mientras siga en la lista; se borra al quitarlo (por confirmar con Jurídica)"),
        lookup=privacy.Lookup(name=("name",), email=("email",)),
    )

    distribution_list = models.ForeignKey(
        DistributionList,
        verbose_name=_("lista"),
        on_delete=models.CASCADE,
        related_name="external_recipients",
    )
    email = models.EmailField(_("correo"))
    name = models.CharField(_("nombre"), max_length=150, blank=True)
    added_at = models.DateTimeField(_("agregado el"), default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agregado por"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("destinatario externo")
        verbose_name_plural = _("destinatarios externos")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint("distribution_list", Lower("email"), name="external_recipient_once_per_list")
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email
