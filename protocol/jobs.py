"""What protocol prepares in the background (gabinete.jobs): the Alcalde's weekly agenda PDF."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gabinete import jobs
from gabinete.models import Job

from . import permissions, selectors

WEEK_AGENDA = "protocol.week_agenda"


def _monday(params: Mapping[str, Any]) -> date:
    return selectors.week_bounds(date.fromisoformat(str(params["week"])))[0]


def _title(params: Mapping[str, Any]) -> str:
    monday = _monday(params)
    return _("Agenda semanal del Alcalde: semana del %(first)s al %(last)s") % {
        "first": f"{monday:%d-%m-%Y}",
        "last": f"{monday + timedelta(days=6):%d-%m-%Y}",
    }


def week_agenda_context(user, monday: date) -> dict:
    """What the weekly agenda PDF prints: the week's days as `user` sees them (private notes only to
    those who may read them)."""
    after = monday + timedelta(days=7)
    return {
        "title": _("Agenda semanal del Alcalde"),
        "subtitle": _("Semana del %(first)s al %(last)s")
        % {"first": f"{monday:%d-%m-%Y}", "last": f"{after - timedelta(days=1):%d-%m-%Y}"},
        "days": selectors.mayor_agenda(user, monday, after),
        "show_notes": permissions.can_see_private_notes(user),
    }


@jobs.register(
    WEEK_AGENDA,
    gettext_lazy("Agenda semanal del Alcalde"),
    allowed=lambda user, params: permissions.can_view_mayor_agenda(user),
    title=_title,
)
def make_week_agenda(job: Job) -> jobs.JobOutput:
    """The week holding `params["week"]` (an ISO date), as the owner sees the agenda."""
    monday = _monday(job.params)  # a stored date that no longer makes sense fails the job, not the worker
    return jobs.pdf_output(
        job,
        f"agenda-semanal-{monday:%Y-%m-%d}.pdf",
        "protocol/mayor_week_pdf.html",
        lambda: week_agenda_context(job.owner, monday),
    )
