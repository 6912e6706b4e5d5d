"""The press archive's work for the job queue: the daily briefing e-mail to its distribution list
(asked for on its page, or sent by itself at 07:30 on business days when BRIEFING_AUTO_SEND is on:
PERIODIC_TASKS)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from gabinete import activity, business_days, lists, mail
from gabinete.models import ActivitySource, ListPurpose
from gabinete.pdf import render_pdf_bytes
from gabinete.types import User

from . import services


def _mail_briefing(*, day: date, recipients: list[str], sender: str, by: User | None = None) -> None:
    """Render the day's briefing PDF and put the e-mail with it attached in the outbox (the activity
    entry is the caller's: `services.briefing_send`, or the automatic send below)."""
    from .selectors import briefing_for_day

    briefing = briefing_for_day(day)
    title = _("Síntesis de prensa del %(day)s") % {"day": f"{day:%d-%m-%Y}"}
    pdf = render_pdf_bytes("archive/briefing_pdf.html", {"briefing": briefing, "title": title})
    summary = _(
        "Adjunta la síntesis de prensa del %(day)s: %(total)s publicaciones "
        "(%(neg)s negativas, %(neu)s neutras, %(pos)s positivas)."
    ) % {
        "day": f"{day:%d-%m-%Y}",
        "total": briefing.total,
        "neg": briefing.negative,
        "neu": briefing.neutral,
        "pos": briefing.positive,
    }
    body, html = lists.report_email(
        distribution_list_name=lists.list_for(ListPurpose.BRIEFING).name, title=title, lines=[summary], sender=sender
    )
    mail.send(
        to=recipients,
        subject=title,
        body=body,
        html=html,
        attachments=[mail.Attachment(f"sintesis-prensa-{day:%Y-%m-%d}.pdf", pdf, "application/pdf")],
        kind="archive.briefing",
        by=by,
    )


@task()
def send_briefing(day: str, recipients: list[str], sender: str, by_id: int | None = None) -> int:
    """Render the briefing of `day` (ISO date) and put the e-mail in the outbox; returns the recipients."""
    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    with activity.source(ActivitySource.TASK, "archive.briefing"), transaction.atomic():
        _mail_briefing(day=date.fromisoformat(day), recipients=recipients, sender=sender, by=by)
    return len(recipients)


@task()
def briefing_auto_send() -> int:
    """The periodic briefing: today's, to its distribution list, only when BRIEFING_AUTO_SEND is on and
    today is a business day (Chilean holidays and the calendar's extra days off skip it)."""
    today = timezone.localdate()
    recipients = lists.recipients_of(ListPurpose.BRIEFING)
    if not getattr(settings, "BRIEFING_AUTO_SEND", False) or not recipients:
        return 0
    if not business_days.is_business_day(today):
        return 0
    with activity.source(ActivitySource.TASK, "archive.briefing"), transaction.atomic():
        activity.record(
            actor=None,
            verb=services.BRIEFING_SENT,
            target=None,
            app="archive",
            changes={"day": today.isoformat(), "recipients": len(recipients), "automatic": True},
        )
        _mail_briefing(day=today, recipients=recipients, sender=_("el envío automático de cada mañana"), by=None)
    return len(recipients)


@task()
def announce_saved_searches() -> int:
    """The periodic alerts of the followed saved searches (PERIODIC_TASKS, every 15 minutes): each
    follower hears about the new clippings that match, once, as they chose (at once or in the digest)."""
    with activity.source(ActivitySource.TASK, "archive.saved_searches"):
        return services.saved_searches_announce()


@task()
def fetch_due_sources() -> int:
    """The periodic fetch (PERIODIC_TASKS, every 5 minutes): one job per source whose time came, so a
    slow or broken source never holds up the others."""
    from .models import FeedSource

    due = list(FeedSource.objects.due().values_list("pk", flat=True))
    for pk in due:
        fetch_source.enqueue(pk)
    return len(due)


@task()
def fetch_source(source_id: int) -> int:
    """Read one source and store its new articles (archive/ingest.py); returns how many were new."""
    from . import ingest

    with activity.source(ActivitySource.TASK, "archive.fetch"):
        return ingest.fetch_source(source_id).new
