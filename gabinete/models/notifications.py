"""Notifications: what each person is told, in the intranet and by e-mail, and how they want to be told.

A `Notification` is one person's line about one thing: usually an activity-log entry whose audience
they are (a measurement returned to them, a release waiting for their approval), sometimes a notice
with no change behind it (a deadline in three business days, new clippings for a followed search),
which carries a `key` so it is given once. `delivery` is what the person's preferences said when it
was made: shown in the intranet only, e-mailed at once, or kept for the daily digest.
"""

from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    """How a person wants to hear about one kind of notice."""

    WEB = "web", _("Solo en la intranet")
    EMAIL = "email", _("En la intranet y por correo al momento")
    DIGEST = "digest", _("En la intranet y en el resumen diario")
    OFF = "off", _("No avisar")


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_digest(self):
        """Kept for the daily digest and not sent in one yet."""
        return self.filter(delivery=Delivery.DIGEST, digested_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("persona"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("tipo"), max_length=80)
    app = models.CharField(_("módulo"), max_length=40)
    title = models.CharField(_("aviso"), max_length=300)
    url = models.CharField(_("enlace"), max_length=500, blank=True)
    activity = models.ForeignKey(
        "gabinete.Activity",
        verbose_name=_("actividad"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    #: A notice with no activity entry behind it is given once per person and key.
    key = models.CharField(_("clave"), max_length=200, blank=True)
    delivery = models.CharField(_("entrega"), max_length=10, choices=Delivery.choices, default=Delivery.WEB)
    created_at = models.DateTimeField(_("fecha y hora"), default=timezone.now)
    read_at = models.DateTimeField(_("leído el"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("enviado por correo el"), null=True, blank=True)
    digested_at = models.DateTimeField(_("incluido en el resumen el"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notificación")
        verbose_name_plural = _("notificaciones")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "user"], name="notification_once_per_activity"),
            models.UniqueConstraint(fields=["user", "key"], condition=~Q(key=""), name="notification_once_per_key"),
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["user", "-created_at"], name="notification_recent"),
            models.Index(fields=["delivery", "digested_at"], name="notification_digest"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ← {self.title}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """One person's choice for one kind (a kind without a row follows the kind's default)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_choices")
    kind = models.CharField(_("tipo"), max_length=80)
    delivery = models.CharField(_("entrega"), max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("preferencia de notificación")
        verbose_name_plural = _("preferencias de notificación")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} → {self.delivery}"


DEFAULT_DIGEST_TIME = time(8, 0)


class DigestSchedule(models.Model):
    """When a person's daily digest goes out (business days only), and when it last did."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_schedule")
    at = models.TimeField(_("hora del resumen diario"), default=DEFAULT_DIGEST_TIME)
    last_sent_on = models.DateField(_("último resumen"), null=True, blank=True)

    class Meta:
        verbose_name = _("horario del resumen diario")
        verbose_name_plural = _("horarios del resumen diario")

    def __str__(self) -> str:
        return f"{self.user}: {self.at:%H:%M}"
