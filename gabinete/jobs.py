"""The one place for «a document someone asked for»: the job queue on Django's tasks API.

An app registers what it can make in the background (a PDF, an import) with `register`, giving a
Spanish label, who may ask for it (the app's permission function, asked again with the owner when the
job runs) and the function that makes the file. A view then calls `job_request(by=…, kind=…,
params=…)` and sends the person to the job's page (`gabinete:job-detail`).

The task (`run_job`, through django-tasks: `db_worker` or RQ's worker) is idempotent by design:

- it claims the job with one UPDATE (queued, or running with an expired lease) and bumps `attempts`:
  a second delivery of the same task, or a task for a job already finished, claims nothing and
  does nothing;
- the file goes under a deterministic name (`jobs/<id>/<file name>`), replaced when a previous
  attempt died after writing it;
- only the worker holding the current attempt may finish the job (UPDATE … WHERE attempts=mine), and
  the «listo» activity entry is written in that same transaction: one file, one entry.

A worker that dies mid-job (killed, out of memory, the machine restarted) leaves the job «en proceso»
with a lease that runs out (`JOBS_LEASE_SECONDS`, extended by every progress report); `requeue_stale_jobs`
(the management command of the same name, run by cron or the worker's scheduler) hands it to the queue
again, and the next worker takes it over. After `JOBS_MAX_ATTEMPTS` the job fails with its reason.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from . import activity, health
from .models import ActivitySource, Job, JobState
from .types import StrOrPromise, User
from .workflow import Tone, Workflow

logger = logging.getLogger(__name__)

#: The tones of the job's states for the one status badge (no transitions: the queue moves jobs).
JOB_STATES = Workflow(
    states=JobState,
    field="state",
    tones={
        JobState.QUEUED: Tone.NEUTRAL,
        JobState.RUNNING: Tone.INFO,
        JobState.DONE: Tone.SUCCESS,
        JobState.FAILED: Tone.DANGER,
    },
    transitions=(),
)

REQUESTED = activity.Verb("job.requested", _("Solicitó el documento"))
FINISHED = activity.Verb("job.finished", _("El documento quedó listo"))
FAILED = activity.Verb("job.failed", _("El documento no pudo prepararse"))

GENERIC_ERROR = _(
    "Ocurrió un error inesperado al preparar el documento. Reinténtelo; si vuelve a fallar, avise a soporte."
)


@dataclass(frozen=True)
class JobOutput:
    """What a job made: the file's name (as the person downloads it), its bytes or a file already written
    to disk (a long export: `gabinete.exports.csv_file`, stored without reading it whole) and, optionally,
    a short Spanish summary shown on the job's page («Se importaron 137 recortes; 3 filas con errores»)."""

    filename: str
    content: bytes | File
    summary: str = ""


@dataclass(frozen=True)
class JobKind:
    """Something an app can make in the background."""

    code: str
    label: StrOrPromise
    make: Callable[[Job], JobOutput]
    allowed: Callable[[Any, Mapping[str, Any]], bool]
    title: Callable[[Mapping[str, Any]], str] | None = None

    def title_for(self, params: Mapping[str, Any]) -> str:
        return str(self.title(params) if self.title else self.label)[:200]


_KINDS: dict[str, JobKind] = {}


def register(
    code: str,
    label: StrOrPromise,
    *,
    allowed: Callable[[Any, Mapping[str, Any]], bool],
    title: Callable[[Mapping[str, Any]], str] | None = None,
) -> Callable[[Callable[[Job], JobOutput]], Callable[[Job], JobOutput]]:
    """Register `make(job) -> JobOutput` as the job kind `code` (`<app>.<thing>`); a second
    registration of the same code is ignored. `allowed(user, params)` is the app's permission."""

    def decorator(make: Callable[[Job], JobOutput]) -> Callable[[Job], JobOutput]:
        _KINDS.setdefault(code, JobKind(code, label, make, allowed, title))
        return make

    return decorator


def kind_of(code: str) -> JobKind | None:
    return _KINDS.get(code)


# --- requesting --------------------------------------------------------------------------------------


def _enqueue(job_id: int) -> None:
    # One commit for the queue's row and the job's link to it (the person's request waits on each commit).
    with transaction.atomic():
        result = run_job.enqueue(job_id)
        Job.objects.filter(pk=job_id).update(task_result_id=str(result.id)[:64])


def job_request(*, by: User, kind: str, params: Mapping[str, Any] | None = None) -> Job:
    """A person asks for a document: the job is recorded and handed to the queue after the commit.

    The kind's permission is asked here (the view asked too) and again when the job runs."""
    found = _KINDS.get(kind)
    if found is None:
        raise ValidationError(gettext("Ese documento no existe."))
    params = dict(params or {})
    if not found.allowed(by, params):
        raise PermissionDenied(gettext("No tiene permiso para solicitar este documento."))
    with transaction.atomic():
        job = Job.objects.create(owner=by, kind=kind, title=found.title_for(params), params=params)
        activity.record(actor=by, verb=REQUESTED, target=job)
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def job_retry(*, job: Job, by: User) -> Job:
    """Ask again for a document that failed: same kind and parameters, the attempts start over."""
    if job.owner_id != by.pk and not by.is_superuser:
        raise PermissionDenied(gettext("Solo quien solicitó el documento puede reintentarlo."))
    with transaction.atomic():
        updated = Job.objects.filter(pk=job.pk, state=JobState.FAILED).update(
            state=JobState.QUEUED, error="", summary="", attempts=0, progress=None, lease_until=None, finished_at=None
        )
        if not updated:
            raise ValidationError(gettext("Solo se reintenta un documento que falló."))
        activity.record(actor=by, verb=REQUESTED, target=job)
        transaction.on_commit(lambda: _enqueue(job.pk))
    job.refresh_from_db()
    return job


def requeue_stale_jobs(now: Any = None) -> list[int]:
    """Hand back to the queue every job whose worker stopped giving signs of life (its lease ran out).

    Harmless to run often or twice: the task claims the job atomically, so only one worker takes it."""
    ids = list(Job.objects.stale(now).values_list("pk", flat=True))
    for pk in ids:
        _enqueue(pk)
    return ids


# --- working -----------------------------------------------------------------------------------------


def _lease() -> timedelta:
    return timedelta(seconds=settings.JOBS_LEASE_SECONDS)


def _claim(job_id: int) -> Job | None:
    """Take the job for this worker, or None when it is not ours to run (finished, failed, held)."""
    now = timezone.now()
    claimed = (
        Job.objects.filter(pk=job_id)
        .filter(Q(state=JobState.QUEUED) | Q(state=JobState.RUNNING, lease_until__lt=now))
        .update(state=JobState.RUNNING, attempts=F("attempts") + 1, lease_until=now + _lease(), started_at=now)
    )
    if not claimed:
        return None
    return Job.objects.select_related("owner").get(pk=job_id)


def report_progress(job: Job, percent: int) -> None:
    """A job tells how far it got (0–100); it also extends the worker's lease."""
    percent = max(0, min(100, int(percent)))
    Job.objects.filter(pk=job.pk, state=JobState.RUNNING, attempts=job.attempts).update(
        progress=percent, lease_until=timezone.now() + _lease()
    )
    job.progress = percent


def pdf_output(
    job: Job, filename: str, template: str, context: Mapping[str, Any] | Callable[[], Mapping[str, Any]]
) -> JobOutput:
    """The usual job: a PDF from a template. Its page shows how far it got: the data gathered (30 %),
    the page written (50 %), laid out (90 %); `context` may be a function so gathering counts too."""
    from .pdf import render_pdf_bytes

    report_progress(job, 5)
    data = dict(context() if callable(context) else context)
    report_progress(job, 30)
    return JobOutput(filename, render_pdf_bytes(template, data, progress=lambda p: report_progress(job, p)))


def _fail(job: Job, reason: str) -> None:
    with transaction.atomic():
        done = Job.objects.filter(pk=job.pk, state=JobState.RUNNING, attempts=job.attempts).update(
            state=JobState.FAILED, error=reason[:500], finished_at=timezone.now(), lease_until=None
        )
        if done:
            activity.record(actor=None, verb=FAILED, target=job, recipients=[job.owner], changes={"error": reason})


def _store(job: Job, output: JobOutput) -> str:
    """Write the file under the job's deterministic name (a dead attempt's copy is replaced)."""
    name = f"jobs/{job.pk}/{get_valid_filename(output.filename)}"
    if default_storage.exists(name):
        default_storage.delete(name)
    content = output.content if isinstance(output.content, File) else ContentFile(output.content)
    try:
        return default_storage.save(name, content)
    finally:
        content.close()


def _finish(job: Job, output: JobOutput) -> None:
    stored = _store(job, output)
    with transaction.atomic():
        done = Job.objects.filter(pk=job.pk, state=JobState.RUNNING, attempts=job.attempts).update(
            state=JobState.DONE,
            file=stored,
            filename=output.filename[:200],
            summary=output.summary,
            progress=100,
            finished_at=timezone.now(),
            lease_until=None,
        )
        if done:
            activity.record(actor=None, verb=FINISHED, target=job, recipients=[job.owner])


def work(job_id: int) -> None:
    """Make the document of one job (the body of the task; tests call it directly too)."""
    job = _claim(job_id)
    if job is None:
        return
    with activity.source(ActivitySource.TASK, f"job:{job.kind}"):
        kind = _KINDS.get(job.kind)
        if kind is None:
            _fail(job, gettext("Este tipo de documento ya no existe en la intranet."))
            return
        if job.attempts > settings.JOBS_MAX_ATTEMPTS:
            _fail(job, gettext("El documento no pudo prepararse tras %(n)s intentos.") % {"n": job.attempts - 1})
            return
        if not kind.allowed(job.owner, job.params):
            _fail(job, gettext("Ya no tiene permiso para obtener este documento."))
            return
        try:
            output = kind.make(job)
        except ValidationError as exc:
            _fail(job, " ".join(exc.messages))
            return
        except Exception:
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
            _fail(job, str(GENERIC_ERROR))
            return
        _finish(job, output)


@task()
def run_job(job_id: int) -> None:
    """The queue's task: make the document of job `job_id` (idempotent, see the module's docstring)."""
    work(job_id)


#: A queued job older than this means no worker is taking jobs: /healthz says so (the proxy's monitor hears it).
QUEUE_STALLED_AFTER = timedelta(minutes=15)


def queue_health() -> str:
    """The job queue's line on /healthz: how many wait, and a failure when the oldest waits too long."""
    waiting = Job.objects.filter(state=JobState.QUEUED)
    count = waiting.count()
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    if oldest is not None and timezone.now() - oldest > QUEUE_STALLED_AFTER:
        minutes = int((timezone.now() - oldest).total_seconds() // 60)
        raise health.Unhealthy(
            gettext("%(n)s en cola; el más antiguo espera %(m)s min: ¿está corriendo el worker?")
            % {"n": count, "m": minutes}
        )
    return gettext("%(n)s en cola") % {"n": count}
