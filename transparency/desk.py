"""Mi escritorio entries for Transparencia Activa and the reminder list the daily e-mail uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from gabinete import desk
from gabinete.models import Role
from gabinete.permissions import directorate_ids_of, has_role, is_gabinete, is_legal_reviewer

from .compliance import State, due_date, state_for
from .jobs import COMPLIANCE_REPORT
from .models import Publication, Section, Status, update_label
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
                    title=_("%(s)s — %(m)s") % {"s": due.section, "m": update_label(due.period)},
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
                    "m": publication.period_label,
                    "st": publication.get_status_display(),
                },
                url=publication.get_absolute_url(),
                urgency=desk.Urgency.PENDING,
            )
        )
    return items


@desk.register(gettext_lazy("Informe de cumplimiento de Transparencia Activa"), order=11)
def compliance_report(user) -> list[desk.DeskItem]:
    """For the Administrador Municipal: how this month's update stands across the municipality (sub-
    sections overdue and due soon), its deadline and the last report he asked for. Three queries."""
    if not has_role(user, Role.ADMINISTRATOR):
        return []
    today = timezone.localdate()
    pending = pending_deadlines(today=today)
    overdue = sum(1 for d in pending if d.state == State.OVERDUE)
    soon = len(pending) - overdue
    job = desk.last_finished_jobs(user, [COMPLIANCE_REPORT]).get(COMPLIANCE_REPORT)
    parts = [
        ngettext("%(n)s sub-sección vencida", "%(n)s sub-secciones vencidas", overdue) % {"n": overdue},
        ngettext("%(n)s por vencer", "%(n)s por vencer", soon) % {"n": soon},
        _("plazo del mes: %(d)s") % {"d": f"{due_date(today.year, today.month):%d-%m-%Y}"},
        desk.issued(job),
    ]
    return [
        desk.DeskItem(
            title=_("Cumplimiento de la actualización de %(m)s") % {"m": month_name(today.replace(day=1))},
            url=reverse("transparency:board"),
            urgency=desk.Urgency.OVERDUE if overdue else (desk.Urgency.DUE_SOON if soon else desk.Urgency.INFO),
            detail=" · ".join(parts),
            count=overdue or 1,
            links=((_("Ver el último informe"), reverse("gabinete:job-detail", args=[job.pk])),) if job else (),
        )
    ]


@desk.register(gettext_lazy("Solicitudes de acceso a la información"), order=58)
def access_request_entries(user) -> list[desk.DeskItem]:
    """The requests this person holds now (Gabinete's desk, the assigned directorate, Jurídica, the
    signer), with their due date: due soon and overdue ones are also notified (deadline notices), and
    the amparos whose decision is still to be complied with."""
    from . import permissions as perms
    from .models import AccessAppeal, AccessRequest, AccessRules, AccessStatus

    rules = AccessRules.current()
    held = AccessRequest.objects.none()
    if perms.handles_access_requests(user):
        held = held | AccessRequest.objects.filter(status__in=[AccessStatus.RECEIVED, AccessStatus.CORRECTION])
    ids = directorate_ids_of(user, perms.PREPARERS)
    if ids:
        held = held | AccessRequest.objects.filter(status=AccessStatus.ASSIGNED, directorate_id__in=ids)
    if is_legal_reviewer(user):
        held = held | AccessRequest.objects.filter(status=AccessStatus.LEGAL_REVIEW)
    if perms.signs_access_answers(user, rules):
        held = held | AccessRequest.objects.filter(status=AccessStatus.SIGN_OFF)
    items = []
    for request in held.order_by("due_date", "pk")[:50]:
        waiting_correction = request.status == AccessStatus.CORRECTION
        due = request.correction_due if waiting_correction else request.due_date
        items.append(
            desk.DeskItem(
                title=_("%(number)s — %(status)s") % {"number": request.number, "status": request.get_status_display()},
                url=request.get_absolute_url(),
                due=due,
                urgency=desk.urgency_for(due),
                detail=_("Plazo del solicitante para subsanar") if waiting_correction else request.information[:90],
                is_deadline=not waiting_correction,
            )
        )
    if perms.handles_access_requests(user) or is_legal_reviewer(user):
        appeals = AccessAppeal.objects.filter(comply_by__isnull=False, complied_on__isnull=True).select_related(
            "request"
        )
        for appeal in appeals.order_by("comply_by")[:20]:
            items.append(
                desk.DeskItem(
                    title=_("Amparo %(case)s (%(number)s): cumplir lo ordenado")
                    % {"case": appeal.case_number, "number": appeal.request.number},
                    url=appeal.request.get_absolute_url(),
                    due=appeal.comply_by,
                    urgency=desk.urgency_for(appeal.comply_by),
                )
            )
    return items
