"""The one way the intranet sends an e-mail: the outbox, delivered by the job queue.

A service calls `send(to=…, subject=…, body=…)`. That writes an `OutgoingEmail` row in the caller's
transaction (a change rolled back sends nothing) and, after the commit, enqueues the django-tasks
task `deliver_email(id)`. So a wrong or unreachable mail server never breaks the action that caused
the e-mail: the action succeeds, the worker retries, and a failure stays visible to the superuser
(the outbox in the administration, and a line of /healthz).

The task is idempotent, like `gabinete.jobs.run_job`:

- it claims the row with one UPDATE (queued and due, or «sending» with an expired lease) and bumps
  `attempts`: a second delivery of the same task, or a task for a row already sent, claims nothing;
- the message carries a Message-ID derived from the row, the same at every attempt (a server that
  accepted it just before the worker died receives the same message again, not a new one);
- only the worker holding the current attempt may mark it sent or failed.

On an SMTP or network error the reason is kept and the next attempt is scheduled with a backoff
(`MAIL_RETRY_MINUTES`, `run_after` on the task); after `MAIL_MAX_ATTEMPTS` the row is failed. The
sweeper (`sweep_outbox`, a periodic job) re-enqueues rows whose time came without a worker taking
them (a task lost with a Redis restart) and rows whose worker died while sending.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext
from django_tasks import task

from .models import MailState, OutgoingEmail
from .types import User

logger = logging.getLogger(__name__)

#: The name of the outbox's line on /healthz.
HEALTH_NAME = "correo"
#: A queued row whose time came this long ago without a worker taking it is handed to the queue again.
SWEEP_GRACE = timedelta(minutes=1)


@dataclass(frozen=True)
class Attachment:
    """A file sent with an e-mail: its name (as the recipient sees it), bytes and type."""

    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"


AttachmentLike = Attachment | tuple[str, bytes, str]


def _settings_int(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _retry_delays() -> list[int]:
    return [int(m) for m in getattr(settings, "MAIL_RETRY_MINUTES", (1, 5, 30))] or [1]


def _lease() -> timedelta:
    return timedelta(seconds=_settings_int("MAIL_LEASE_SECONDS", 300))


# --- writing -----------------------------------------------------------------------------------------


def send(
    *,
    to: Iterable[str],
    subject: str,
    body: str,
    html: str | None = None,
    attachments: Iterable[AttachmentLike] = (),
    kind: str = "",
    by: User | None = None,
    headers: Mapping[str, str] | None = None,
) -> OutgoingEmail | None:
    """Put an e-mail in the outbox; the queue delivers it after the caller's transaction commits.

    Returns the row, or None when no recipient is left (empty or blank addresses are dropped)."""
    recipients = sorted({str(a).strip() for a in to if a and str(a).strip()})
    if not recipients:
        return None
    files = [a if isinstance(a, Attachment) else Attachment(*a) for a in attachments]
    with transaction.atomic():
        email = OutgoingEmail.objects.create(
            kind=kind[:60],
            to=recipients,
            subject=" ".join(str(subject).split())[:300],
            body=str(body),
            html=str(html or ""),
            headers={str(k): str(v) for k, v in (headers or {}).items() if k.lower() != "message-id"},
            created_by=by if by is not None and by.is_authenticated else None,
            next_attempt_at=timezone.now(),
        )
        if files:
            email.attachments = [_store(email, f) for f in files]
            email.save(update_fields=["attachments"])
        transaction.on_commit(lambda: _enqueue(email.pk))
    return email


def _store(email: OutgoingEmail, attachment: Attachment) -> dict[str, str]:
    """Keep an attachment under the row's folder (a file left there by a rolled-back row is replaced)."""
    name = f"mail/{email.pk}/{get_valid_filename(attachment.filename)}"
    if default_storage.exists(name):
        default_storage.delete(name)
    path = default_storage.save(name, ContentFile(attachment.content))
    return {"name": attachment.filename, "path": path, "mimetype": attachment.mimetype}


def _enqueue(email_id: int, run_after: datetime | None = None) -> None:
    (deliver_email.using(run_after=run_after) if run_after else deliver_email).enqueue(email_id)


def retry(*, emails: Iterable[OutgoingEmail], by: User) -> int:
    """The superuser sends failed (or stuck) e-mails again: the attempts start over. Returns how many."""
    ids = [e.pk for e in emails]
    with transaction.atomic():
        chosen = list(
            OutgoingEmail.objects.filter(pk__in=ids)
            .exclude(state=MailState.SENT)
            .exclude(state=MailState.SENDING, lease_until__gte=timezone.now())
            .values_list("pk", flat=True)
        )
        OutgoingEmail.objects.filter(pk__in=chosen).update(
            state=MailState.QUEUED, attempts=0, next_attempt_at=timezone.now(), lease_until=None, failed_at=None
        )
        for pk in chosen:
            transaction.on_commit(lambda pk=pk: _enqueue(pk))
    logger.info("%s re-queued %s e-mails", by, len(chosen))
    return len(chosen)


# --- delivering --------------------------------------------------------------------------------------


def message_id(email: OutgoingEmail) -> str:
    """The Message-ID of a row: the same at every attempt, unique to the row."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "gabinete.invalid"
    return f"<outbox.{email.pk}.{email.created_at:%Y%m%d%H%M%S}@{domain}>"


def _claim(email_id: int) -> OutgoingEmail | None:
    now = timezone.now()
    claimed = (
        OutgoingEmail.objects.filter(pk=email_id)
        .filter(
            Q(state=MailState.QUEUED, next_attempt_at__lte=now)
            | Q(state=MailState.QUEUED, next_attempt_at__isnull=True)
            | Q(state=MailState.SENDING, lease_until__lt=now)
        )
        .update(state=MailState.SENDING, attempts=F("attempts") + 1, lease_until=now + _lease())
    )
    if not claimed:
        return None
    return OutgoingEmail.objects.get(pk=email_id)


def _message(email: OutgoingEmail, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(email.to),
        headers={**email.headers, "Message-ID": message_id(email)},
        connection=connection,
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    for item in email.attachments:
        with default_storage.open(item["path"], "rb") as handle:
            message.attach(item["name"], handle.read(), item.get("mimetype") or "application/octet-stream")
    return message


def reason(exc: BaseException) -> str:
    """Why a delivery failed, in Spanish, with the server's own words (or the system's) after it."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        details = "; ".join(f"{addr}: {code} {msg!r}" for addr, (code, msg) in exc.recipients.items())
        text = gettext("El servidor de correo rechazó a los destinatarios")
    elif isinstance(exc, smtplib.SMTPResponseException):
        details = f"{exc.smtp_code} {exc.smtp_error.decode(errors='replace') if isinstance(exc.smtp_error, bytes) else exc.smtp_error}"
        text = gettext("El servidor de correo rechazó el mensaje")
    elif isinstance(exc, smtplib.SMTPException):
        details = str(exc)
        text = gettext("Error del servidor de correo")
    elif isinstance(exc, TimeoutError):
        details = str(exc) or "timeout"
        text = gettext("El servidor de correo no respondió a tiempo")
    else:
        details = str(exc)
        text = gettext("No se pudo conectar con el servidor de correo")
    return f"{text}: {details}"[:500]


def deliver(email_id: int) -> None:
    """Send one e-mail of the outbox (the body of the task; tests call it directly too)."""
    email = _claim(email_id)
    if email is None:
        return
    try:
        with get_connection(fail_silently=False) as connection:
            _message(email, connection).send()
    except (smtplib.SMTPException, OSError) as exc:
        _failed_attempt(email, reason(exc))
        return
    except Exception as exc:
        logger.exception("E-mail %s could not be built or sent", email.pk)
        _failed_attempt(email, f"{gettext('Error inesperado al enviar')}: {type(exc).__name__}")
        return
    OutgoingEmail.objects.filter(pk=email.pk, state=MailState.SENDING, attempts=email.attempts).update(
        state=MailState.SENT, sent_at=timezone.now(), lease_until=None, last_error=""
    )


def _failed_attempt(email: OutgoingEmail, why: str) -> None:
    now = timezone.now()
    mine = OutgoingEmail.objects.filter(pk=email.pk, state=MailState.SENDING, attempts=email.attempts)
    if email.attempts >= _settings_int("MAIL_MAX_ATTEMPTS", 4):
        mine.update(state=MailState.FAILED, last_error=why, failed_at=now, lease_until=None)
        logger.warning("E-mail %s failed for good after %s attempts: %s", email.pk, email.attempts, why)
        return
    delays = _retry_delays()
    when = now + timedelta(minutes=delays[min(email.attempts, len(delays)) - 1])
    if mine.update(state=MailState.QUEUED, last_error=why, next_attempt_at=when, lease_until=None):
        logger.info("E-mail %s attempt %s failed (%s); next at %s", email.pk, email.attempts, why, when)
        _enqueue(email.pk, run_after=when)


@task()
def deliver_email(email_id: int) -> None:
    """The queue's task: deliver e-mail `email_id` of the outbox (idempotent, see the module's docstring)."""
    deliver(email_id)


# --- sweeping and watching ---------------------------------------------------------------------------


def sweep(now: datetime | None = None) -> list[int]:
    """Hand to the queue again every e-mail whose time came (past a short grace) or whose worker died
    while sending. Harmless to run often or twice: the task claims the row atomically."""
    now = now or timezone.now()
    ids = list(
        OutgoingEmail.objects.filter(
            Q(state=MailState.QUEUED, next_attempt_at__lte=now - SWEEP_GRACE)
            | Q(state=MailState.SENDING, lease_until__lt=now)
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        _enqueue(pk)
    return ids


@task()
def sweep_outbox() -> int:
    """The periodic sweeper of the outbox (PERIODIC_TASKS)."""
    return len(sweep())


def outbox_health() -> str:
    """The outbox's line on /healthz: e-mails that failed for good in the last day. A warning, never a
    failed probe (the proxy must not take a server out because the mail server is down)."""
    since = timezone.now() - timedelta(days=1)
    failed = OutgoingEmail.objects.failed_since(since).count()
    waiting = OutgoingEmail.objects.filter(state__in=[MailState.QUEUED, MailState.SENDING]).count()
    if failed:
        return gettext("atención: %(n)s fallidos en las últimas 24 h, %(w)s por enviar") % {"n": failed, "w": waiting}
    return gettext("%(w)s por enviar, ninguno fallido en las últimas 24 h") % {"w": waiting}
