"""What the office prepares in the background (gabinete.jobs): the minuta of a dispatch meeting, the
Alcalde's weekly assignments report, the manuals report and the job descriptors (one, or the whole set).

Each view asks for the job and sends the person to its page; the parameters are ids and ISO dates, so
the title the person sees and the document the worker makes describe the same day and the same objects."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gabinete import jobs
from gabinete.models import Job

from . import permissions as perms
from . import selectors
from .models import DispatchMeeting, JobDescriptor

MATTER_MINUTA = "office.matter_minuta_pdf"
ASSIGNMENT_WEEKLY = "office.assignment_weekly_pdf"
MANUAL_REPORT = "office.manual_report_pdf"
DESCRIPTOR = "office.descriptor_pdf"
DESCRIPTOR_SET = "office.descriptor_set_pdf"


def _day(params: Mapping[str, Any]) -> date:
    return date.fromisoformat(str(params["day"]))


def _meeting(params: Mapping[str, Any]) -> DispatchMeeting | None:
    if not params.get("meeting"):
        return None
    meeting = DispatchMeeting.objects.filter(pk=int(params["meeting"])).first()
    if meeting is None:
        raise ValidationError(_("Esa reunión de despacho ya no existe."))
    return meeting


def _descriptor(params: Mapping[str, Any]) -> JobDescriptor:
    descriptor = JobDescriptor.objects.filter(pk=int(params["descriptor"])).first()
    if descriptor is None:
        raise ValidationError(_("Ese descriptor de cargo ya no existe."))
    return descriptor


# --- the minuta of matters for the Alcalde's decision ---------------------------------------------------


def _minuta_title(params: Mapping[str, Any]) -> str:
    if params.get("meeting"):
        return _("Minuta de la reunión del %(date)s") % {
            "date": f"{date.fromisoformat(params['meeting_date']):%d-%m-%Y}"
        }
    return _("Minuta de asuntos pendientes al %(date)s") % {"date": f"{_day(params):%d-%m-%Y}"}


def minuta_params(meeting: DispatchMeeting | None, today: date) -> dict[str, Any]:
    if meeting is None:
        return {"meeting": None, "day": today.isoformat()}
    return {"meeting": meeting.pk, "meeting_date": meeting.date.isoformat()}


@jobs.register(
    MATTER_MINUTA,
    gettext_lazy("Minuta de asuntos para el despacho"),
    allowed=lambda user, params: perms.can_view_pending_matters(user),
    title=_minuta_title,
)
def make_minuta(job: Job) -> jobs.JobOutput:
    """The matters grouped for a dispatch meeting, then the other pending ones (or every pending one)."""
    meeting = _meeting(job.params)
    if meeting:
        title = _("Minuta de asuntos para el despacho del %(date)s") % {"date": f"{meeting.date:%d-%m-%Y}"}
        filename = f"minuta-despacho-{meeting.date:%Y-%m-%d}.pdf"
    else:
        title = _("Minuta de asuntos pendientes de resolución del Alcalde")
        filename = f"minuta-asuntos-pendientes-{_day(job.params):%Y-%m-%d}.pdf"

    def context() -> dict[str, Any]:
        grouped, others = selectors.minuta_matters(meeting=meeting)
        return {"title": title, "meeting": meeting, "grouped": grouped, "others": others}

    return jobs.pdf_output(job, filename, "office/minuta_pdf.html", context)


# --- the Alcalde's assignments, week by week ------------------------------------------------------------


def _week_start(params: Mapping[str, Any]) -> date:
    day = _day(params)
    return day - timedelta(days=day.weekday())


def _weekly_title(params: Mapping[str, Any]) -> str:
    start = _week_start(params)
    return _("Encargos del Alcalde: informe semanal del %(start)s al %(end)s") % {
        "start": f"{start:%d-%m-%Y}",
        "end": f"{start + timedelta(days=6):%d-%m-%Y}",
    }


@jobs.register(
    ASSIGNMENT_WEEKLY,
    gettext_lazy("Encargos del Alcalde: informe semanal"),
    allowed=lambda user, params: perms.can_view_pending_matters(user),
    title=_weekly_title,
)
def make_assignment_weekly(job: Job) -> jobs.JobOutput:
    """Overdue assignments first, then those due this week, later, and closed this week."""
    today = _day(job.params)

    def context() -> dict[str, Any]:
        week = selectors.assignments_weekly(today)
        return {
            "title": _("Encargos del Alcalde: informe semanal"),
            "subtitle": _("Semana del %(start)s al %(end)s")
            % {"start": f"{week.start:%d-%m-%Y}", "end": f"{week.end:%d-%m-%Y}"},
            "week": week,
            "today": today,
        }

    filename = f"encargos-semana-{_week_start(job.params):%Y-%m-%d}.pdf"
    return jobs.pdf_output(job, filename, "office/assignments_weekly_pdf.html", context)


# --- procedure manuals: the yearly report for the Administrador Municipal --------------------------------


def _manual_title(params: Mapping[str, Any]) -> str:
    return _("Manuales de procedimientos: informe anual %(year)s") % {"year": _day(params).year}


@jobs.register(
    MANUAL_REPORT,
    gettext_lazy("Manuales de procedimientos: informe anual"),
    allowed=lambda user, params: perms.can_view_manuals(user),
    title=_manual_title,
)
def make_manual_report(job: Job) -> jobs.JobOutput:
    """Every manual with its version in force, its review date and this year's report to the Administrador."""
    today = _day(job.params)

    def context() -> dict[str, Any]:
        manuals, reports = selectors.manual_list()
        return {
            "title": _manual_title(job.params),
            "subtitle": _("Para el Administrador Municipal"),
            "manuals": manuals,
            "today": today,
            "report": reports.get(today.year),
        }

    return jobs.pdf_output(job, f"manuales-informe-{today.year}.pdf", "office/manuals_report_pdf.html", context)


# --- job descriptors ------------------------------------------------------------------------------------


def _descriptor_title(params: Mapping[str, Any]) -> str:
    return _("Descriptor de cargo: %(name)s") % {"name": params["position"]}


def descriptor_params(descriptor: JobDescriptor) -> dict[str, Any]:
    return {"descriptor": descriptor.pk, "position": descriptor.position}


@jobs.register(
    DESCRIPTOR,
    gettext_lazy("Descriptor de cargo"),
    allowed=lambda user, params: perms.can_view_descriptors(user),
    title=_descriptor_title,
)
def make_descriptor(job: Job) -> jobs.JobOutput:
    """One descriptor: its version in force (or, lacking one, its latest version)."""
    descriptor = _descriptor(job.params)

    def context() -> dict[str, Any]:
        pairs = selectors.descriptors_for_pdf(descriptor)
        if not pairs:
            raise ValidationError(_("Este descriptor aún no tiene versiones."))
        return {
            "title": _("Descriptor de cargo: %(name)s") % {"name": descriptor.position},
            "subtitle": descriptor.unit,
            "pairs": pairs,
        }

    return jobs.pdf_output(job, f"descriptor-{descriptor.pk}.pdf", "office/descriptors_pdf.html", context)


def _descriptor_set_title(params: Mapping[str, Any]) -> str:
    return _("Descriptores de cargo de la Dirección de Gabinete %(year)s") % {"year": _day(params).year}


@jobs.register(
    DESCRIPTOR_SET,
    gettext_lazy("Descriptores de cargo de la Dirección de Gabinete"),
    allowed=lambda user, params: perms.can_view_descriptors(user),
    title=_descriptor_set_title,
)
def make_descriptor_set(job: Job) -> jobs.JobOutput:
    """Every descriptor of the Dirección de Gabinete, for the Administrador Municipal."""

    def context() -> dict[str, Any]:
        return {
            "title": _("Descriptores de cargo de la Dirección de Gabinete"),
            "subtitle": _("Para el Administrador Municipal"),
            "pairs": selectors.descriptors_for_pdf(),
            "whole_set": True,
        }

    filename = f"descriptores-de-cargo-{_day(job.params):%Y}.pdf"
    return jobs.pdf_output(job, filename, "office/descriptors_pdf.html", context)
