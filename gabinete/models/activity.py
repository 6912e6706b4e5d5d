"""The activity log: one entry for every change a service makes, in the same transaction.

«Quién hizo qué»: who (`actor`, empty for the system), what (`verb`, a machine code such as
`clipping.created`, with the Spanish text it had then), to which record (`target`, with a snapshot of its
name, because the record may be deleted later), for which directorate, in which app, what changed
(`changes`, before/after where useful), when, and where it came from (a page, a command, a job).

Who should hear about an entry is its audience of notifications (`gabinete.models.Notification`, one per
person, with read/e-mailed/digest state): `activity.record(..., recipients=[...])` makes them.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ActivitySource(models.TextChoices):
    """Where a change came from."""

    WEB = "web", _("Intranet")
    COMMAND = "command", _("Comando")
    TASK = "task", _("Tarea programada")


#: The code prefix of the entries that say someone took personal data out of the intranet (a contacts
#: export, an access request's file, a data subject's ZIP): a superuser reads them on their own page.
PERSONAL_DATA_PREFIX = "personal_data."


class ActivityQuerySet(models.QuerySet):
    def with_people(self):
        return self.select_related("actor", "directorate")

    def changes_only(self):
        """Everything but the log of who took personal data (`personal_data.*`), which only a superuser
        reads (gabinete.privacy.record_download)."""
        return self.exclude(verb__startswith=PERSONAL_DATA_PREFIX)

    def personal_data_taken(self):
        return self.filter(verb__startswith=PERSONAL_DATA_PREFIX)

    def for_object(self, obj):
        """The entries about one record (its timeline)."""
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        return self.filter(content_type=content_type, object_id=str(obj.pk))


class Activity(models.Model):
    """One change to the intranet's records, written by the service that made it."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persona"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        help_text=_("Vacío cuando el cambio lo hizo el sistema."),
    )
    verb = models.CharField(_("acción (código)"), max_length=60)
    verb_label = models.CharField(_("acción"), max_length=200)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("tipo de registro"), on_delete=models.SET_NULL, null=True, blank=True
    )
    object_id = models.CharField(_("identificador del registro"), max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    target_label = models.CharField(_("registro"), max_length=300, blank=True)
    directorate = models.ForeignKey(
        "gabinete.Directorate",
        verbose_name=_("dirección"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    app = models.CharField(_("módulo"), max_length=40)
    changes = models.JSONField(_("cambios"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    source = models.CharField(_("origen"), max_length=10, choices=ActivitySource.choices)
    source_detail = models.CharField(_("detalle del origen"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("fecha y hora"), default=timezone.now)
    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("actividad")
        verbose_name_plural = _("actividad")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["-created_at"], name="activity_created"),
            models.Index(fields=["actor", "-created_at"], name="activity_actor"),
            models.Index(fields=["directorate", "-created_at"], name="activity_directorate"),
            models.Index(fields=["app", "-created_at"], name="activity_app"),
            models.Index(fields=["content_type", "object_id", "-created_at"], name="activity_target"),
        ]

    def __str__(self) -> str:
        return f"{self.verb_label}: {self.target_label}"

    @property
    def recipients(self):
        """The people told about this entry (those who turned its kind off are not)."""
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(notifications__activity=self)
