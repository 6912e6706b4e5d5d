"""A document someone asked for: the background job that makes it, and the file it left.

Heavy work (a PDF that takes seconds, an import, a report) does not run inside the page that asked
for it: the page records a `Job` and the queue (Django's tasks API, `gabinete/jobs.py`) works it.
The person follows it on its page (en cola → en proceso → listo, or falló with the reason) and finds
it again in «Mis documentos».
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    """Where a requested document is."""

    QUEUED = "en_cola", _("En cola")
    RUNNING = "en_proceso", _("En proceso")
    DONE = "listo", _("Listo")
    FAILED = "fallo", _("Falló")


class JobQuerySet(models.QuerySet):
    def of(self, user):
        """The jobs a person asked for, newest first."""
        return self.filter(owner=user).order_by("-created_at", "-pk")

    def stale(self, now=None):
        """Jobs a worker claimed and stopped giving signs of life for: its lease ran out."""
        return self.filter(state=JobState.RUNNING, lease_until__lt=now or timezone.now())


class Job(models.Model):
    """One document a person asked the intranet to prepare in the background.

    `kind` names what to make (registered by the owning app in `gabinete.jobs`), `params` how (the
    year of the Informe de Gestión…). `attempts` counts the workers that took it: each claim bumps it,
    and only the worker holding the current attempt may finish the job (so a worker that was thought
    dead and comes back cannot finish it a second time)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("solicitado por"), on_delete=models.CASCADE, related_name="jobs"
    )
    kind = models.CharField(_("tipo"), max_length=60)
    title = models.CharField(_("documento"), max_length=200)
    params = models.JSONField(_("parámetros"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    state = models.CharField(_("estado"), max_length=12, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("avance (%)"), null=True, blank=True)
    file = models.FileField(_("archivo"), max_length=300, blank=True)
    filename = models.CharField(_("nombre del archivo"), max_length=200, blank=True)
    summary = models.TextField(_("resumen"), blank=True)
    error = models.CharField(_("motivo del error"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("intentos"), default=0)
    task_result_id = models.CharField(_("identificador en la cola"), max_length=64, blank=True)
    lease_until = models.DateTimeField(_("reservado hasta"), null=True, blank=True)
    created_at = models.DateTimeField(_("solicitado el"), default=timezone.now)
    started_at = models.DateTimeField(_("iniciado el"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminado el"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("documento solicitado")
        verbose_name_plural = _("documentos solicitados")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"]), models.Index(fields=["state", "lease_until"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__isnull=True) | models.Q(progress__lte=100), name="job_progress_0_100"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("gabinete:job-detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        """Still waiting or being made: its page keeps asking for news."""
        return self.state in (JobState.QUEUED, JobState.RUNNING)

    @property
    def is_done(self) -> bool:
        return self.state == JobState.DONE

    @property
    def has_failed(self) -> bool:
        return self.state == JobState.FAILED
