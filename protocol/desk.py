"""What the protocol app puts on Mi escritorio."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gabinete import desk

from . import permissions
from .models import ChecklistTask, Event, EventStatus, LobbyAudience, LobbyGift, LobbyTrip


@desk.register(gettext_lazy("Tareas de protocolo"), order=20)
def protocol_tasks(user) -> list[desk.DeskItem]:
    """The person's open protocol tasks that are overdue or due within three days. One query."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = timezone.localdate()
    tasks = (
        ChecklistTask.objects.filter(responsible=user, done=False, due__lte=today + timedelta(days=3))
        .select_related("event")
        .order_by("due", "pk")[:30]
    )
    return [
        desk.DeskItem(
            title=f"{t.title} — {t.event.title}",
            url=reverse("protocol:event-detail", args=[t.event_id]) + "#pauta",
            due=t.due,
            urgency=desk.urgency_for(t.due, today=today),
            detail=_("Actividad del %(date)s") % {"date": f"{timezone.localtime(t.event.start):%d-%m-%Y %H:%M}"},
        )
        for t in tasks
    ]


@desk.register(gettext_lazy("Agenda: propuestas y registro de lobby por revisar"), order=21)
def pending_reviews(user) -> list[desk.DeskItem]:
    """For Gabinete: proposals waiting for a decision and lobby records not yet checked. Two queries."""
    if not permissions.can_manage_agenda(user):
        return []
    proposals = (
        Event.objects.filter(status=EventStatus.PROPOSED, end__gte=timezone.now())
        .select_related("proposing_directorate")
        .order_by("start")[:20]
    )
    items = [
        desk.DeskItem(
            title=_("Propuesta: %(title)s") % {"title": e.title},
            url=reverse("protocol:event-detail", args=[e.pk]),
            due=timezone.localtime(e.start).date(),
            urgency=desk.urgency_for(timezone.localtime(e.start).date()),
            detail=e.proposing_directorate.display_name if e.proposing_directorate else "",
        )
        for e in proposals
    ]
    unchecked = (
        sum(m.objects.filter(checked_at__isnull=True).count() for m in (LobbyAudience, LobbyTrip, LobbyGift))
        if permissions.can_manage_lobby(user)
        else 0
    )
    if unchecked:
        items.append(
            desk.DeskItem(
                title=_("%(n)s registros de lobby sin revisar") % {"n": unchecked},
                url=reverse("protocol:lobby-list"),
                urgency=desk.Urgency.PENDING,
                detail=_("Se publican en transparencia solo después de revisarlos."),
            )
        )
    return items
