"""Who may do what, at the level every app shares: roles held through Membership.

Apps build their own `permissions.py` on these functions; views and templates never check roles
inline. Each function takes the user first and answers a plain bool or a QuerySet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from .models import Directorate, Membership, Role, Team

#: Roles whose holders see the whole municipality, not only their own directorate.
MUNICIPALITY_WIDE_ROLES = frozenset({Role.ALCALDE, Role.GABINETE, Role.ADMINISTRATOR})


def memberships_of(user) -> list[Membership]:
    """The user's memberships, fetched once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_gabinete_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("directorate"))
        user._gabinete_memberships = cached
    return cached


def roles_of(user, directorate: Directorate | None = None) -> set[str]:
    """The roles the user holds, anywhere or in one directorate."""
    return {m.role for m in memberships_of(user) if directorate is None or m.directorate_id == directorate.pk}


def has_role(user, *roles: str, directorate: Directorate | None = None) -> bool:
    return bool(roles_of(user, directorate) & set(roles))


def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)


def is_gabinete(user) -> bool:
    """Gabinete's own staff (protocol, press, communications) or a superuser."""
    return is_superuser(user) or has_role(user, Role.GABINETE)


def is_gabinete_team(user, team: str) -> bool:
    """A member of one area of Gabinete (prensa, protocolo, comunicaciones), or a superuser."""
    return is_superuser(user) or any(m.role == Role.GABINETE and m.team == team for m in memberships_of(user))


def is_gabinete_head(user) -> bool:
    """The Jefa (or Jefe) de Gabinete: a Gabinete membership in the area «Jefatura de Gabinete»."""
    return any(m.role == Role.GABINETE and m.team == Team.HEAD for m in memberships_of(user))


def is_alcalde(user) -> bool:
    return has_role(user, Role.ALCALDE)


def is_legal_reviewer(user) -> bool:
    return has_role(user, Role.LEGAL)


def sees_whole_municipality(user) -> bool:
    """Alcalde, Gabinete, Administrador Municipal and superusers read every directorate's data."""
    return is_superuser(user) or bool(roles_of(user) & MUNICIPALITY_WIDE_ROLES)


def directorate_ids_of(user, roles: Iterable[str] | None = None) -> set[int]:
    """Ids of the directorates where the user holds one of `roles` (any role when None)."""
    wanted = set(roles) if roles is not None else None
    return {m.directorate_id for m in memberships_of(user) if wanted is None or m.role in wanted}


def directorates_of(user, roles: Iterable[str] | None = None) -> QuerySet[Directorate]:
    return Directorate.objects.filter(pk__in=directorate_ids_of(user, roles))


def is_member_of(user, directorate: Directorate | int | None, roles: Iterable[str] | None = None) -> bool:
    if directorate is None:
        return False
    pk = directorate if isinstance(directorate, int) else directorate.pk
    return pk in directorate_ids_of(user, roles)


def primary_membership(user) -> Membership | None:
    """The membership shown beside the user's name (the first by directorate order)."""
    found = memberships_of(user)
    return found[0] if found else None


def has_any_membership(user) -> bool:
    return is_superuser(user) or bool(memberships_of(user))


def can_view_directory(user) -> bool:
    """The staff directory (nómina) and its PDF: any person with a unit in the intranet."""
    return has_any_membership(user)


def can_view_activity_log(user) -> bool:
    """«Quién hizo qué» (every change, by person, directorate and app): Gabinete, who runs the office,
    and the Alcalde and the Administrador Municipal, who already read every directorate's records
    (`sees_whole_municipality`). A directorate sees each record's own timeline on its page instead."""
    return sees_whole_municipality(user)


# --- wrappers for views -------------------------------------------------------------------------


def token_access(view):
    """Decorate a view reached without signing in but by a secret in its address (the private
    calendar feed): the login check lets it through, and its answers stay private all the same
    (`Cache-Control: private, no-store`, gabinete.middleware.PrivateCacheMiddleware)."""
    view = login_not_required(view)
    view.private_response = True
    return view


def permission_required(test: Callable[..., bool]):
    """Decorate a function view: `test(request.user)` must be true, else 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# --- The office's own duties (issue 8): matters, assignments, manuals, job descriptors ---------------
# Objects are fetched through the `*_visible_to` scopes, so a record outside the user's scope is a 404.

#: The directorate whose staff review job descriptors before they are final (seed function g).
PEOPLE_DIRECTORATE_SLUG = "gestion-de-personas"
#: Roles that speak for a directorate (raise matters, answer Gabinete, report progress).
DIRECTORATE_ROLES = (Role.DIRECTOR, Role.LIAISON)


def matters_visible_to(user) -> QuerySet:
    """Alcalde, Gabinete and the Administrador see every matter; a directorate sees its own."""
    from .models import Matter

    if sees_whole_municipality(user):
        return Matter.objects.all()
    return Matter.objects.filter(directorate_id__in=directorate_ids_of(user))


def directorates_that_may_raise_matters(user) -> QuerySet[Directorate]:
    """Gabinete may raise a matter for any directorate; directors and liaisons for their own."""
    if is_gabinete(user):
        return Directorate.objects.active()
    return directorates_of(user, DIRECTORATE_ROLES).filter(is_active=True)


def can_raise_matter(user) -> bool:
    return is_gabinete(user) or bool(directorate_ids_of(user, DIRECTORATE_ROLES))


def can_view_pending_matters(user) -> bool:
    """The pending-matters page and the minuta for a dispatch meeting."""
    return sees_whole_municipality(user)


def can_prepare_matter(user, matter=None) -> bool:
    """Complete, ask the directorate for more, group for a dispatch meeting: Gabinete's work."""
    return is_gabinete(user) and (matter is None or matter.is_pending)


def can_edit_matter(user, matter) -> bool:
    """The directorate completes its matter while it is pending; Gabinete too, when preparing it."""
    if not matter.is_pending:
        return False
    return is_gabinete(user) or is_member_of(user, matter.directorate_id, DIRECTORATE_ROLES)


def can_answer_matter(user, matter) -> bool:
    """The directorate answers when Gabinete asked for more."""
    return matter.status == "antecedentes" and is_member_of(user, matter.directorate_id, DIRECTORATE_ROLES)


def can_attach_to_matter(user, matter) -> bool:
    return can_edit_matter(user, matter)


def can_decide_matter(user, matter=None) -> bool:
    """The Alcalde decides; Gabinete may record the Alcalde's decision on the Alcalde's behalf."""
    return (is_alcalde(user) or is_gabinete(user)) and (matter is None or matter.can_transition("decide"))


def decides_on_behalf(user) -> bool:
    """True when a decision recorded by this user is recorded on the Alcalde's behalf."""
    return not is_alcalde(user)


def assignments_visible_to(user) -> QuerySet:
    """Alcalde, Gabinete and the Administrador see every assignment; others those of their
    directorates and those they are responsible for."""
    from django.db.models import Q

    from .models import Assignment

    if sees_whole_municipality(user):
        return Assignment.objects.all()
    return Assignment.objects.filter(Q(directorate_id__in=directorate_ids_of(user)) | Q(responsible=user))


def can_create_assignment(user) -> bool:
    """The Alcalde gives tasks; Gabinete records them on the Alcalde's instruction."""
    return is_alcalde(user) or is_gabinete(user)


def can_edit_assignment(user, assignment) -> bool:
    return assignment.is_open and can_create_assignment(user)


def can_report_assignment(user, assignment) -> bool:
    """Progress notes: the responsible person, the directorate it was given to, Gabinete, the Alcalde."""
    if not assignment.is_open:
        return False
    return (
        assignment.responsible_id == user.pk
        or is_member_of(user, assignment.directorate_id, DIRECTORATE_ROLES)
        or can_create_assignment(user)
    )


def can_close_assignment(user, assignment) -> bool:
    return assignment.is_open and (assignment.responsible_id == user.pk or can_create_assignment(user))


def is_people_reviewer(user) -> bool:
    """Staff of the Dirección de Gestión de Personas (director or liaison), who review job descriptors."""
    return is_superuser(user) or any(
        m.directorate.slug == PEOPLE_DIRECTORATE_SLUG and m.role in DIRECTORATE_ROLES for m in memberships_of(user)
    )


def can_view_manuals(user) -> bool:
    return sees_whole_municipality(user)


def can_manage_manuals(user) -> bool:
    """Write versions, approve them, record the annual report: Gabinete's own staff."""
    return is_gabinete(user)


def can_view_descriptors(user) -> bool:
    return sees_whole_municipality(user) or is_people_reviewer(user)


def can_manage_descriptors(user) -> bool:
    return is_gabinete(user)
