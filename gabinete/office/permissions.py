"""Who may do what in the office (issue 8): matters for the Alcalde's decision, the Alcalde's assignments,
procedure manuals and job descriptors, built on the roles of `gabinete.permissions`.

Objects are fetched through the `*_visible_to` scopes, so a record outside the user's scope is a 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from gabinete.models import Directorate, Role
from gabinete.permissions import (
    directorate_ids_of,
    directorates_of,
    has_any_membership,
    is_alcalde,
    is_gabinete,
    is_member_of,
    is_superuser,
    memberships_of,
    sees_whole_municipality,
)

from .models import Assignment, AssignmentQuerySet, Matter, MatterQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

#: The directorate whose staff review job descriptors before they are final (seed function g).
PEOPLE_DIRECTORATE_SLUG = "gestion-de-personas"
#: Roles that speak for a directorate (raise matters, answer Gabinete, report progress).
DIRECTORATE_ROLES = (Role.DIRECTOR, Role.LIAISON)


def can_use_office(user: User | AnonymousUser) -> bool:
    """Despacho is open to everyone with a unit (each page then shows only what is theirs)."""
    return has_any_membership(user)


def matters_visible_to(user: User) -> MatterQuerySet:
    """Alcalde, Gabinete and the Administrador see every matter; a directorate sees its own."""
    if sees_whole_municipality(user):
        return Matter.objects.all()
    return Matter.objects.filter(directorate_id__in=directorate_ids_of(user))


def directorates_that_may_raise_matters(user: User) -> QuerySet[Directorate]:
    """Gabinete may raise a matter for any directorate; directors and liaisons for their own."""
    if is_gabinete(user):
        return Directorate.objects.active()
    return directorates_of(user, DIRECTORATE_ROLES).filter(is_active=True)


def can_raise_matter(user: User) -> bool:
    return is_gabinete(user) or bool(directorate_ids_of(user, DIRECTORATE_ROLES))


def can_view_pending_matters(user: User) -> bool:
    """The pending-matters page and the minuta for a dispatch meeting."""
    return sees_whole_municipality(user)


def can_prepare_matter(user: User, matter: Matter | None = None) -> bool:
    """Complete, ask the directorate for more, group for a dispatch meeting: Gabinete's work."""
    return is_gabinete(user) and (matter is None or matter.is_pending)


def can_edit_matter(user: User, matter: Matter) -> bool:
    """The directorate completes its matter while it is pending; Gabinete too, when preparing it."""
    if not matter.is_pending:
        return False
    return is_gabinete(user) or is_member_of(user, matter.directorate_id, DIRECTORATE_ROLES)


def can_answer_matter(user: User, matter: Matter) -> bool:
    """The directorate answers when Gabinete asked for more."""
    return matter.awaits_directorate and is_member_of(user, matter.directorate_id, DIRECTORATE_ROLES)


def can_attach_to_matter(user: User, matter: Matter) -> bool:
    return can_edit_matter(user, matter)


def can_decide_matter(user: User, matter: Matter | None = None) -> bool:
    """The Alcalde decides; Gabinete may record the Alcalde's decision on the Alcalde's behalf."""
    return (is_alcalde(user) or is_gabinete(user)) and (matter is None or matter.is_pending)


def decides_on_behalf(user: User) -> bool:
    """True when a decision recorded by this user is recorded on the Alcalde's behalf."""
    return not is_alcalde(user)


def assignments_visible_to(user: User) -> AssignmentQuerySet:
    """Alcalde, Gabinete and the Administrador see every assignment; others those of their
    directorates and those they are responsible for."""
    if sees_whole_municipality(user):
        return Assignment.objects.all()
    return Assignment.objects.filter(Q(directorate_id__in=directorate_ids_of(user)) | Q(responsible=user))


def can_create_assignment(user: User) -> bool:
    """The Alcalde gives tasks; Gabinete records them on the Alcalde's instruction."""
    return is_alcalde(user) or is_gabinete(user)


def can_edit_assignment(user: User, assignment: Assignment) -> bool:
    return assignment.is_open and can_create_assignment(user)


def can_report_assignment(user: User, assignment: Assignment) -> bool:
    """Progress notes: the responsible person, the directorate it was given to, Gabinete, the Alcalde."""
    if not assignment.is_open:
        return False
    return (
        assignment.responsible_id == user.pk
        or is_member_of(user, assignment.directorate_id, DIRECTORATE_ROLES)
        or can_create_assignment(user)
    )


def can_close_assignment(user: User, assignment: Assignment) -> bool:
    return assignment.is_open and (assignment.responsible_id == user.pk or can_create_assignment(user))


def is_people_reviewer(user: User) -> bool:
    """Staff of the Dirección de Gestión de Personas (director or liaison), who review job descriptors."""
    return is_superuser(user) or any(
        m.directorate.slug == PEOPLE_DIRECTORATE_SLUG and m.role in DIRECTORATE_ROLES for m in memberships_of(user)
    )


def can_view_manuals(user: User) -> bool:
    return sees_whole_municipality(user)


def can_manage_manuals(user: User) -> bool:
    """Write versions, approve them, record the annual report: Gabinete's own staff."""
    return is_gabinete(user)


def can_view_descriptors(user: User) -> bool:
    return sees_whole_municipality(user) or is_people_reviewer(user)


def can_manage_descriptors(user: User) -> bool:
    return is_gabinete(user)
