"""The outbox: every e-mail the intranet sends, and the periodic jobs' slots already handed to the queue.

No page sends an e-mail itself: a service calls `gabinete.mail.send`, which writes an `OutgoingEmail`
in the service's own transaction (a change rolled back sends nothing) and hands it to the job queue
after the commit. A worker delivers it; when the mail server is down or refuses, the row keeps the
reason and is tried again later, and a row that failed for good stays here for the superuser to see
(administration, /healthz) and retry.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MailState(models.TextChoices):
    """Where an e-mail is on its way out."""

    QUEUED = "en_cola", _("En cola")
    SENDING = "enviando", _("Enviando")
    SENT = "enviado", _("Enviado")
    FAILED = "fallo", _("Falló")


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, now=None):
        """Rows a worker should be delivering by now: queued and past their time, or held by a worker
        that stopped giving signs of life (its «sending» lease ran out)."""
        now = now or timezone.now()
        return self.filter(
            models.Q(state=MailState.QUEUED, next_attempt_at__lte=now)
            | models.Q(state=MailState.SENDING, lease_until__lt=now)
        )

    def failed_since(self, since):
        return self.filter(state=MailState.FAILED, failed_at__gte=since)


class OutgoingEmail(models.Model):
    """One e-mail of the intranet (an office decision, the daily press briefing, a transparency reminder).

    `kind` says what it is (`office`, `archive.briefing`…); `attachments` lists the files kept in the
    default storage under `mail/<id>/` (`[{"name", "path", "mimetype"}]`); `headers` holds extra headers
    (`List-Unsubscribe`, `Reply-To`…). `attempts` counts the workers that took it; only the worker
    holding the current attempt may mark it sent or failed."""

    kind = models.CharField(_("tipo"), max_length=60, blank=True)
    to = models.JSONField(_("destinatarios"), default=list)
    subject = models.CharField(_("asunto"), max_length=300)
    body = models.TextField(_("texto"))
    html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("cabeceras"), default=dict, blank=True)
    attachments = models.JSONField(_("adjuntos"), default=list, blank=True, encoder=DjangoJSONEncoder)
    state = models.CharField(_("estado"), max_length=10, choices=MailState.choices, default=MailState.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("intentos"), default=0)
    last_error = models.CharField(_("último error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("próximo intento"), null=True, blank=True)
    lease_until = models.DateTimeField(_("reservado hasta"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("originado por"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("creado el"), default=timezone.now)
    sent_at = models.DateTimeField(_("enviado el"), null=True, blank=True)
    failed_at = models.DateTimeField(_("falló el"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("correo saliente")
        verbose_name_plural = _("correos salientes")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["state", "lease_until"]),
            models.Index(fields=["state", "failed_at"]),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def recipients_display(self) -> str:
        return ", ".join(self.to)


class PeriodicRun(models.Model):
    """A slot of a periodic job (its name in `PERIODIC_TASKS` and the time it was due) already handed to
    the queue. Inserted before enqueuing, under a unique constraint: two schedulers (two servers, or
    one run twice) enqueue each slot once."""

    name = models.CharField(_("tarea"), max_length=200)
    slot = models.DateTimeField(_("hora programada"))
    enqueued_at = models.DateTimeField(_("encolada el"), default=timezone.now)

    class Meta:
        verbose_name = _("ejecución periódica")
        verbose_name_plural = _("ejecuciones periódicas")
        ordering = ["-slot"]
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="periodic_run_once_per_slot")]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot:%Y-%m-%d %H:%M}"
