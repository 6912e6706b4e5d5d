"""What the protocol app puts on Mi escritorio."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from gabinete import desk
from gabinete.permissions import is_alcalde

from . import permissions, selectors
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


@desk.register(gettext_lazy("Registro de lobby: meses sin cerrar"), order=22)
def overdue_lobby_closings(user) -> list[desk.DeskItem]:
    """For whoever keeps a passive subject's registers: each register with a month past its closing
    deadline and not closed (one item per register, from its oldest such month). Three queries."""
    if not getattr(user, "is_authenticated", False):
        return []
    subjects = list(permissions.passive_subjects_kept_by(user))
    rows = selectors.lobby_closing_months(subjects, only_overdue=True)
    oldest: dict[tuple[int, str], list] = {}
    for row in rows:  # newest first: the last one seen per register is its oldest
        oldest.setdefault((row.subject.pk, row.register), []).append(row)
    items = []
    for months in oldest.values():
        first = months[-1]
        items.append(
            desk.DeskItem(
                title=_("Cerrar %(register)s de %(name)s: %(month)s")
                % {
                    "register": first.register_label.lower(),
                    "name": first.subject.name,
                    "month": date_format(first.month, "F Y"),
                },
                url=reverse("protocol:lobby-closings", args=[first.subject.pk]),
                due=first.due,
                urgency=desk.Urgency.OVERDUE,
                detail=ngettext(
                    "%(n)s mes vencido sin cierre mensual.", "%(n)s meses vencidos sin cierre mensual.", len(months)
                )
                % {"n": len(months)},
                is_deadline=True,
            )
        )
    return items


@desk.register(gettext_lazy("Agenda de hoy y mañana"), order=5, ordered=True)
def mayor_agenda(user) -> list[desk.DeskItem]:
    """For the Alcalde: the next activity on top (with place and time), then the rest of today, then
    tomorrow; activities already over and cancelled ones are left out. One query."""
    if not is_alcalde(user):
        return []
    now = timezone.now()
    today = timezone.localdate()
    day_after = timezone.make_aware(datetime.combine(today + timedelta(days=2), time.min))
    events = list(
        permissions.events_visible_to(user).for_agenda(now, day_after).exclude(status=EventStatus.CANCELLED)[:30]
    )
    items = []
    for n, event in enumerate(events):
        start, end = timezone.localtime(event.start), timezone.localtime(event.end)
        if n == 0:
            group = _("En curso") if start <= now else _("Próxima actividad")
        else:
            group = _("Hoy") if start.date() <= today else _("Mañana")
        place = ", ".join(p for p in (event.place_name, event.place_address) if p)
        items.append(
            desk.DeskItem(
                title=event.title,
                url=reverse("protocol:event-detail", args=[event.pk]),
                due=start.date(),
                urgency=desk.Urgency.DUE_SOON if n == 0 else desk.Urgency.INFO,
                lead=f"{start:%H:%M}–{end:%H:%M}" if start.date() == end.date() else f"{start:%H:%M}",
                detail=place or _("Lugar por confirmar"),
                group=str(group),
                is_deadline=False,  # the day of an activity, not something due
            )
        )
    return items


@desk.register(gettext_lazy("Solicitudes de audiencia por responder (Ley 20.730)"), order=22)
def audience_requests_due(user) -> list[desk.DeskItem]:
    """For whoever keeps a passive subject's registers: the unanswered requests to those subjects, by
    due date (overdue first), and granted audiences already held whose record is not made yet. One query each."""
    if not getattr(user, "is_authenticated", False):
        return []
    from .models import AudienceRequestStatus

    today = timezone.localdate()
    visible = permissions.audience_requests_visible_to(user).select_related("subject")
    items = [
        desk.DeskItem(
            title=_("%(number)s: %(name)s (%(on_behalf_of)s)")
            % {"number": r.number, "name": r.requester_name, "on_behalf_of": r.on_behalf_of},
            url=r.get_absolute_url(),
            due=r.due_date,
            urgency=desk.urgency_for(r.due_date, soon_days=1, today=today),
            detail=_("Audiencia con %(subject)s") % {"subject": r.subject.name},
            group=r.subject.name,
        )
        for r in visible.filter(status=AudienceRequestStatus.RECEIVED).order_by("due_date", "pk")[:30]
    ]
    held = visible.filter(
        status=AudienceRequestStatus.GRANTED, audience__isnull=True, granted_start__lte=timezone.now()
    ).order_by("granted_start")[:30]
    items += [
        desk.DeskItem(
            title=_("Registrar la audiencia %(number)s") % {"number": r.number},
            url=r.get_absolute_url(),
            urgency=desk.Urgency.PENDING,
            detail=_("Realizada el %(when)s con %(subject)s")
            % {"when": f"{timezone.localtime(r.granted_start):%d-%m-%Y %H:%M}", "subject": r.subject.name},
            group=r.subject.name,
            is_deadline=False,
        )
        for r in held
    ]
    return items


@desk.register_open_work
def open_protocol_tasks(person) -> desk.OpenWork | None:
    """The protocol tasks still open in the person's name (one query; the link is the first event)."""
    tasks = ChecklistTask.objects.filter(responsible=person, done=False).order_by("due", "pk")
    first = tasks.only("event_id").first()
    if first is None:
        return None
    return desk.OpenWork(
        label=_("Tareas de protocolo"),
        count=tasks.count(),
        url=reverse("protocol:event-detail", args=[first.event_id]) + "#pauta",
    )
