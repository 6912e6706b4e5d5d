"""Mi escritorio entries for Transparencia Activa and the reminder list the daily e-mail uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gabinete import desk
from gabinete.models import Role
from gabinete.permissions import directorate_ids_of, is_gabinete, is_legal_reviewer

from .compliance import State, due_date, state_for
from .models import Publication, Section, Status
from .views import month_name


@dataclass(frozen=True)
class Due:
    section: Section
    period: date
    due: date
    state: str


def pending_deadlines(*, directorate_ids=None, today: date | None = None) -> list[Due]:
    """This month's sub-sections (and last month's, still missing) that are due soon or overdue
    and not yet published or in review (2 queries)."""
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    sections = Section.objects.filter(is_active=True).with_related()
    if directorate_ids is not None:
        sections = sections.responsible(directorate_ids)
    sections = list(sections)
    states = {
        (row["section_id"], row["period"]): row["status"]
        for row in Publication.objects.filter(
            section__in=[s.pk for s in sections], period__in=[this_month, last_month]
        ).values("section_id", "period", "status")
    }
    out = []
    for period in (last_month, this_month):
        due = due_date(period.year, period.month)
        for section in sections:
            status = states.get((section.pk, period))
            state = state_for(
                due=due,
                today=today,
                published_at=timezone.now() if status == Status.PUBLISHED else None,
                open_status=status,
            )
            if state in (State.DUE_SOON, State.OVERDUE):
                out.append(Due(section, period, due, state))
    return out


@desk.register(gettext_lazy("Transparencia Activa"), order=60)
def transparency_entries(user) -> list[desk.DeskItem]:
    ids = directorate_ids_of(user, [Role.LIAISON, Role.DIRECTOR])
    items: list[desk.DeskItem] = []
    if ids:
        for due in pending_deadlines(directorate_ids=ids):
            items.append(
                desk.DeskItem(
                    title=_("%(s)s — %(m)s") % {"s": due.section, "m": month_name(due.period)},
                    url=reverse("transparency:section-detail", args=[due.section.pk]),
                    due=due.due,
                    urgency=desk.Urgency.OVERDUE if due.state == State.OVERDUE else desk.Urgency.DUE_SOON,
                    detail=_("Vencida: publicar cuanto antes")
                    if due.state == State.OVERDUE
                    else _("Vence dentro de 3 días hábiles"),
                )
            )
    waiting = Publication.objects.none()
    if is_legal_reviewer(user):
        waiting = Publication.objects.filter(status=Status.SENT).exclude(prepared_by=user)
    if is_gabinete(user):
        waiting = waiting | Publication.objects.filter(status=Status.APPROVED)
    if ids:
        waiting = waiting | Publication.objects.filter(
            status__in=[Status.DRAFT, Status.RETURNED], directorate_id__in=ids
        )
    for publication in waiting.select_related("section__item")[:30]:
        items.append(
            desk.DeskItem(
                title=_("%(s)s — %(m)s: %(st)s")
                % {
                    "s": publication.section,
                    "m": month_name(publication.period),
                    "st": publication.get_status_display(),
                },
                url=publication.get_absolute_url(),
                urgency=desk.Urgency.PENDING,
            )
        )
    return items
