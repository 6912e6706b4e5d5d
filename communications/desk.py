"""What communications puts on Mi escritorio: releases waiting for the person, support requests due."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gabinete import desk

from . import permissions as perms
from .models import OPEN_SUPPORT_STATUSES, PressRelease, ReleaseStatus, SupportRequest, SupportStatus

DUE_SOON_DAYS = 3


@desk.register(gettext_lazy("Comunicados por revisar o publicar"), order=30)
def releases_waiting(user) -> list[desk.DeskItem]:
    """Approvers: releases in review they may approve (four eyes: not what they changed or sent).
    Press team and approvers: approved ones they may publish. Authors: their returned releases.
    One query."""
    if not perms.can_write_releases(user):
        return []
    condition = Q(status=ReleaseStatus.RETURNED, author=user)
    if perms.is_release_approver(user):
        condition |= Q(status=ReleaseStatus.REVIEW)
    if perms.is_press_team(user) or perms.is_release_approver(user):
        condition |= Q(status=ReleaseStatus.APPROVED)
    rows = PressRelease.objects.filter(condition).only(
        "pk", "title", "status", "author_id", "edited_by_id", "submitted_by_id", "updated_at"
    )
    items = []
    for r in rows.order_by("updated_at")[:30]:
        if r.status == ReleaseStatus.REVIEW:
            if not perms.can_approve_release(user, r):
                continue
            title = _("Revisar comunicado: %(t)s") % {"t": r.title}
        elif r.status == ReleaseStatus.APPROVED:
            if not perms.can_publish_release(user, r):
                continue
            title = _("Publicar comunicado aprobado: %(t)s") % {"t": r.title}
        else:
            title = _("Corregir comunicado devuelto: %(t)s") % {"t": r.title}
        items.append(
            desk.DeskItem(
                title=title,
                url=r.get_absolute_url(),
                urgency=desk.Urgency.PENDING,
                detail=_("Estado: %(s)s") % {"s": r.get_status_display()},
            )
        )
    return items


@desk.register(gettext_lazy("Solicitudes de apoyo comunicacional"), order=35)
def support_requests_due(user) -> list[desk.DeskItem]:
    """Open support requests whose date is near or past: all for Gabinete, the directorate's own
    for its people. One query."""
    today = timezone.localdate()
    scope = perms.support_requests_visible_to(user)
    rows = (
        scope.filter(
            status__in=(SupportStatus.REQUESTED, SupportStatus.ACCEPTED),
            needed_by__lte=today + timedelta(days=DUE_SOON_DAYS),
        )
        .select_related("directorate", "assignee")
        .order_by("needed_by")[:30]
    )
    return [
        desk.DeskItem(
            title=f"{r.title} ({r.directorate.display_name})",
            url=r.get_absolute_url(),
            due=r.needed_by,
            urgency=desk.urgency_for(r.needed_by, soon_days=DUE_SOON_DAYS, today=today),
            detail=_support_detail(r),
            group=r.directorate.display_name,
        )
        for r in rows
    ]


def _support_detail(r) -> str:
    """Kind, state and who of Gabinete has it («sin asignar» while nobody does)."""
    who = (
        _("a cargo de %(name)s") % {"name": r.assignee.get_full_name() or r.assignee.get_username()}
        if r.assignee
        else _("sin asignar")
    )
    return " · ".join([str(r.get_kind_display()), str(r.get_status_display()), who])


@desk.register_open_work
def open_support_requests(person) -> desk.OpenWork | None:
    """The directorates' support requests the person took and did not finish. One query."""
    count = SupportRequest.objects.filter(assignee=person, status__in=OPEN_SUPPORT_STATUSES).count()
    if not count:
        return None
    url = reverse("communications:support-list") + f"?asignada={person.pk}"
    return desk.OpenWork(label=_("Solicitudes de apoyo a su cargo"), count=count, url=url)
