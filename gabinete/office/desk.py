"""Mi escritorio entries of the office's own duties (registered from GabineteConfig.ready())."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gabinete import desk
from gabinete.models import Role
from gabinete.permissions import has_role

from . import permissions as perms
from .jobs import DESCRIPTOR_SET, MANUAL_REPORT
from .models import (
    Assignment,
    DocumentStatus,
    JobDescriptor,
    JobDescriptorVersion,
    Matter,
    MatterStatus,
    ProcedureManual,
    Urgency,
)

LIMIT = 15


def _matter_item(matter: Matter, title: str, urgency: str | None = None) -> desk.DeskItem:
    return desk.DeskItem(
        title=title,
        url=reverse("office:matter-detail", args=[matter.pk]),
        urgency=urgency or (desk.Urgency.DUE_SOON if matter.urgency == Urgency.URGENT else desk.Urgency.PENDING),
        detail=_("%(directorate)s · %(urgency)s · hace %(days)s días")
        % {
            "directorate": matter.directorate.display_name,
            "urgency": matter.urgency_phrase,
            "days": matter.age_days,
        },
        group=matter.directorate.display_name,
    )


@desk.register(gettext_lazy("Asuntos para resolución del Alcalde"), order=15)
def matters_waiting(user) -> list[desk.DeskItem]:
    """Alcalde: matters to decide; Gabinete: matters to prepare; a directorate: requests to answer and
    decisions of the last week."""
    if perms.is_alcalde(user) or perms.is_gabinete(user):
        states = (
            [MatterStatus.READY]
            if perms.is_alcalde(user) and not perms.is_gabinete(user)
            else [MatterStatus.SUBMITTED, MatterStatus.READY]
        )
        matters = Matter.objects.filter(status__in=states).with_related().by_urgency_and_age()[:LIMIT]
        return [
            _matter_item(
                m,
                (_("Por decidir: %(s)s") if m.status == MatterStatus.READY else _("Por preparar: %(s)s"))
                % {"s": m.subject},
            )
            for m in matters
        ]
    mine = perms.directorate_ids_of(user, perms.DIRECTORATE_ROLES)
    if not mine:
        return []
    week_ago = timezone.localdate() - timedelta(days=7)
    matters = (
        Matter.objects.filter(directorate_id__in=mine)
        .filter(Q(status=MatterStatus.INFO_REQUESTED) | Q(status=MatterStatus.DECIDED, decided_on__gte=week_ago))
        .with_related()
        .order_by("status", "urgency")[:LIMIT]
    )
    items = []
    for m in matters:
        if m.status == MatterStatus.INFO_REQUESTED:
            items.append(
                _matter_item(m, _("Gabinete pide antecedentes: %(s)s") % {"s": m.subject}, desk.Urgency.DUE_SOON)
            )
        else:
            items.append(
                _matter_item(
                    m,
                    _("Resuelto por el Alcalde (%(d)s): %(s)s") % {"d": m.get_decision_display(), "s": m.subject},
                    desk.Urgency.INFO,
                )
            )
    return items


@desk.register(gettext_lazy("Encargos del Alcalde"), order=16)
def assignments_waiting(user) -> list[desk.DeskItem]:
    """Open assignments the user is responsible for; overdue ones of the user's scope."""
    today = timezone.localdate()
    if perms.sees_whole_municipality(user):
        scope = Q(due_date__lt=today)
    else:
        scope = Q(due_date__lt=today, directorate_id__in=perms.directorate_ids_of(user, perms.DIRECTORATE_ROLES))
    assignments = (
        Assignment.objects.open().filter(Q(responsible=user) | scope).with_related().order_by("due_date")[: LIMIT * 2]
    )
    return [
        desk.DeskItem(
            title=a.title,
            url=reverse("office:assignment-detail", args=[a.pk]),
            due=a.due_date,
            urgency=desk.urgency_for(a.due_date, today=today),
            detail=_("%(directorate)s · responsable: %(person)s")
            % {
                "directorate": a.directorate.display_name,
                "person": a.responsible.get_full_name() or a.responsible.get_username(),
            },
            group=a.directorate.display_name,
        )
        for a in assignments
    ]


@desk.register(gettext_lazy("Manuales y descriptores de cargo"), order=17)
def documents_waiting(user) -> list[desk.DeskItem]:
    """Gabinete: yearly reviews overdue or due within 30 days, versions ready to approve or returned.
    Gestión de Personas: descriptor versions waiting for its review."""
    items: list[desk.DeskItem] = []
    today = timezone.localdate()
    if perms.is_gabinete(user):
        soon = today + timedelta(days=30)
        for manual in ProcedureManual.objects.filter(review_due_on__lte=soon).order_by("review_due_on")[:LIMIT]:
            items.append(
                desk.DeskItem(
                    title=_("Revisión anual del manual «%(t)s»") % {"t": manual.title},
                    url=reverse("office:manual-detail", args=[manual.pk]),
                    due=manual.review_due_on,
                    urgency=desk.urgency_for(manual.review_due_on, soon_days=30, today=today),
                )
            )
        for descriptor in JobDescriptor.objects.filter(review_due_on__lte=soon).order_by("review_due_on")[:LIMIT]:
            items.append(
                desk.DeskItem(
                    title=_("Revisión anual del descriptor «%(t)s»") % {"t": descriptor},
                    url=reverse("office:descriptor-detail", args=[descriptor.pk]),
                    due=descriptor.review_due_on,
                    urgency=desk.urgency_for(descriptor.review_due_on, soon_days=30, today=today),
                )
            )
    states = []
    if perms.is_gabinete(user):
        states += [DocumentStatus.REVIEWED, DocumentStatus.RETURNED]
    if perms.is_people_reviewer(user):
        states.append(DocumentStatus.IN_REVIEW)
    if states:
        labels = {
            DocumentStatus.REVIEWED: _("Aprobar: %(t)s (revisado por Gestión de Personas)"),
            DocumentStatus.RETURNED: _("Corregir: %(t)s (observado por Gestión de Personas)"),
            DocumentStatus.IN_REVIEW: _("Revisar descriptor de cargo: %(t)s"),
        }
        for v in JobDescriptorVersion.objects.filter(status__in=states).select_related("descriptor")[:LIMIT]:
            items.append(
                desk.DeskItem(
                    title=labels[v.status] % {"t": v.descriptor},
                    url=reverse("office:descriptor-detail", args=[v.descriptor_id]),
                    urgency=desk.Urgency.PENDING,
                )
            )
    return items


@desk.register(gettext_lazy("Manuales de procedimientos y descriptores de cargo"), order=12)
def manuals_and_descriptors(user) -> list[desk.DeskItem]:
    """For the Administrador Municipal, to whom the office reports them every year: how many are in
    force, how many are past their yearly review, the last approval and the last report he asked for.
    Three queries."""
    if not has_role(user, Role.ADMINISTRATOR):
        return []
    today = timezone.localdate()
    last = desk.last_finished_jobs(user, [MANUAL_REPORT, DESCRIPTOR_SET])
    items = []
    for model, kind, title, url in (
        (ProcedureManual, MANUAL_REPORT, _("Manuales de procedimientos"), reverse("office:manual-list")),
        (JobDescriptor, DESCRIPTOR_SET, _("Descriptores de cargo"), reverse("office:descriptor-list")),
    ):
        stats = model.objects.aggregate(
            total=Count("pk"),
            overdue=Count("pk", filter=Q(review_due_on__lt=today)),
            last_approved=Max("last_approved_on"),
        )
        job = last.get(kind)
        parts = [
            _("%(n)s en total") % {"n": stats["total"]},
            _("%(n)s con revisión anual vencida") % {"n": stats["overdue"]},
        ]
        if stats["last_approved"]:
            parts.append(_("última aprobación %(d)s") % {"d": f"{stats['last_approved']:%d-%m-%Y}"})
        parts.append(desk.issued(job))
        items.append(
            desk.DeskItem(
                title=title,
                url=url,
                urgency=desk.Urgency.OVERDUE if stats["overdue"] else desk.Urgency.INFO,
                detail=" · ".join(parts),
                count=stats["overdue"] or 1,
                links=((_("Ver el último informe"), reverse("gabinete:job-detail", args=[job.pk])),) if job else (),
            )
        )
    return items


@desk.register_open_work
def open_assignments(person) -> desk.OpenWork | None:
    """The Alcalde's assignments still in course with the person as responsible. One query."""
    count = Assignment.objects.open().filter(responsible=person).count()
    if not count:
        return None
    return desk.OpenWork(label=_("Encargos en curso"), count=count, url=reverse("office:assignment-list"))
