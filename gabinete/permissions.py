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
