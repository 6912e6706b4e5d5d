"""Screen queries for the office's own duties (a bounded number of queries each)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from . import permissions as perms
from .models import (
    OPEN_VERSION_STATES,
    PENDING_MATTER_STATES,
    AnnualReport,
    Assignment,
    DispatchMeeting,
    DocumentStatus,
    JobDescriptor,
    JobDescriptorVersion,
    ManualVersion,
    Matter,
    ProcedureManual,
    ReportKind,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def matter_list(*, user: User, state: str = "pendientes") -> QuerySet[Matter]:
    """The matters the user sees: pending ones by urgency and age, or decided ones, newest first."""
    matters = perms.matters_visible_to(user).with_related().annotate(attachment_count=Count("attachments"))
    if state == "resueltos":
        return matters.decided().order_by("-decided_on", "-pk")
    return matters.pending().by_urgency_and_age()


def matter_detail(*, user: User, pk: int) -> Matter:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        perms.matters_visible_to(user).with_related().prefetch_related("attachments", "notes__author"), pk=pk
    )


def meetings_upcoming(today: date | None = None) -> list[DispatchMeeting]:
    """Dispatch meetings from today on, with how many pending matters each groups."""
    today = today or timezone.localdate()
    return list(
        DispatchMeeting.objects.filter(date__gte=today)
        .annotate(pending=Count("matters", filter=Q(matters__status__in=PENDING_MATTER_STATES)))
        .order_by("date")[:6]
    )


def minuta_matters(*, meeting: DispatchMeeting | None) -> tuple[list[Matter], list[Matter]]:
    """For a meeting's minuta: the matters grouped for it, then the other pending matters."""
    matters = list(Matter.objects.pending().with_related().prefetch_related("attachments").by_urgency_and_age())
    if meeting is None:
        return matters, []
    grouped = [m for m in matters if m.meeting_id == meeting.pk]
    others = [m for m in matters if m.meeting_id != meeting.pk]
    return grouped, others


def assignment_list(*, user: User, state: str = "abiertos") -> QuerySet[Assignment]:
    assignments = perms.assignments_visible_to(user).with_related().annotate(note_count=Count("notes"))
    if state == "cerrados":
        return assignments.filter(status="cerrado").order_by("-closed_on", "-pk")
    return assignments.open().order_by("due_date", "pk")


@dataclass
class WeeklyAssignments:
    start: date
    end: date
    overdue: list[Assignment]
    due_this_week: list[Assignment]
    later: list[Assignment]
    closed_this_week: list[Assignment]


def assignments_weekly(today: date | None = None) -> WeeklyAssignments:
    """The Alcalde's weekly report: overdue first, then due this week, later, and closed this week."""
    today = today or timezone.localdate()
    start = today - timedelta(days=today.weekday())
    end = start + timedelta(days=6)
    latest_notes = Prefetch("notes")
    open_ones = list(Assignment.objects.open().with_related().prefetch_related(latest_notes).order_by("due_date"))
    for assignment in open_ones:
        notes = list(assignment.notes.all())
        assignment.last_note = notes[-1] if notes else None
    closed = list(
        Assignment.objects.filter(status="cerrado", closed_on__gte=start, closed_on__lte=end)
        .with_related()
        .order_by("closed_on")
    )
    return WeeklyAssignments(
        start=start,
        end=end,
        overdue=[a for a in open_ones if a.due_date < today],
        due_this_week=[a for a in open_ones if today <= a.due_date <= end],
        later=[a for a in open_ones if a.due_date > end],
        closed_this_week=closed,
    )


def _reports_by_year(kind: str) -> dict[int, AnnualReport]:
    return {r.year: r for r in AnnualReport.objects.filter(kind=kind).select_related("sent_by")}


def manual_list() -> tuple[list[ProcedureManual], dict[int, AnnualReport]]:
    """Every manual with its version in force and its version in preparation, and the yearly reports."""
    manuals = list(
        ProcedureManual.objects.select_related("owner").prefetch_related(
            Prefetch(
                "versions",
                queryset=ManualVersion.objects.filter(status__in=(DocumentStatus.IN_FORCE, *OPEN_VERSION_STATES)).only(
                    "pk", "manual_id", "number", "status", "approved_on"
                ),
                to_attr="current_versions",
            )
        )
    )
    for manual in manuals:
        _attach_current(manual)
    return manuals, _reports_by_year(ReportKind.MANUALS)


def descriptor_list() -> tuple[list[JobDescriptor], dict[int, AnnualReport]]:
    descriptors = list(
        JobDescriptor.objects.select_related("owner").prefetch_related(
            Prefetch(
                "versions",
                queryset=JobDescriptorVersion.objects.filter(
                    status__in=(DocumentStatus.IN_FORCE, *OPEN_VERSION_STATES)
                ).only("pk", "descriptor_id", "number", "status", "approved_on"),
                to_attr="current_versions",
            )
        )
    )
    for descriptor in descriptors:
        _attach_current(descriptor)
    return descriptors, _reports_by_year(ReportKind.DESCRIPTORS)


def _attach_current(document: Any) -> None:
    document.in_force = next((v for v in document.current_versions if v.status == DocumentStatus.IN_FORCE), None)
    document.in_preparation = next((v for v in document.current_versions if v.status != DocumentStatus.IN_FORCE), None)


def descriptors_for_pdf(descriptor: JobDescriptor | None = None) -> list[tuple[JobDescriptor, JobDescriptorVersion]]:
    """Each descriptor with its version in force (or, lacking one, its latest version) for the PDFs."""
    descriptors = JobDescriptor.objects.select_related("owner").prefetch_related(
        Prefetch("versions", queryset=JobDescriptorVersion.objects.select_related("reviewed_by", "approved_by"))
    )
    if descriptor is not None:
        descriptors = descriptors.filter(pk=descriptor.pk)
    pairs = []
    for d in descriptors:
        versions = list(d.versions.all())
        chosen = next((v for v in versions if v.status == DocumentStatus.IN_FORCE), None) or (
            max(versions, key=lambda v: v.number) if versions else None
        )
        if chosen is not None:
            pairs.append((d, chosen))
    return pairs


def descriptor_versions_to_review() -> QuerySet[JobDescriptorVersion]:
    return JobDescriptorVersion.objects.filter(status=DocumentStatus.IN_REVIEW).select_related("descriptor")
