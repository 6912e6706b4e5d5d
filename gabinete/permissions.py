"""Who may do what, at the level every app shares: roles held through Membership.

Apps build their own `permissions.py` on these functions; views and templates never check roles
inline. Each function takes the user first and answers a plain bool or a QuerySet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import Directorate, Job, JobQuerySet, Membership, Role, Team
from .types import AnyUser, User

#: A view function, as the decorators below return it.
V = TypeVar("V", bound=Callable[..., Any])

#: Roles whose holders see the whole municipality, not only their own directorate.
MUNICIPALITY_WIDE_ROLES = frozenset({Role.ALCALDE, Role.GABINETE, Role.ADMINISTRATOR})


#: The attribute of the user object that holds its memberships for the rest of the request.
_MEMBERSHIPS_CACHE = "_gabinete_memberships"


def memberships_of(user: AnyUser) -> list[Membership]:
    """The user's memberships, fetched once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[Membership] | None = getattr(user, _MEMBERSHIPS_CACHE, None)
    if cached is None:
        cached = list(Membership.objects.filter(user=cast(User, user)).select_related("directorate"))
        setattr(user, _MEMBERSHIPS_CACHE, cached)
    return cached


def roles_of(user: AnyUser, directorate: Directorate | None = None) -> set[str]:
    """The roles the user holds, anywhere or in one directorate."""
    return {m.role for m in memberships_of(user) if directorate is None or m.directorate_id == directorate.pk}


def has_role(user: AnyUser, *roles: str, directorate: Directorate | None = None) -> bool:
    return bool(roles_of(user, directorate) & set(roles))


def is_superuser(user: AnyUser) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)


def is_gabinete(user: AnyUser) -> bool:
    """Gabinete's own staff (protocol, press, communications) or a superuser."""
    return is_superuser(user) or has_role(user, Role.GABINETE)


def is_gabinete_team(user: AnyUser, team: str) -> bool:
    """A member of one area of Gabinete (prensa, protocolo, comunicaciones), or a superuser."""
    return is_superuser(user) or any(m.role == Role.GABINETE and m.team == team for m in memberships_of(user))


def is_gabinete_head(user: AnyUser) -> bool:
    """The Jefa (or Jefe) de Gabinete: a Gabinete membership in the area «Jefatura de Gabinete»."""
    return any(m.role == Role.GABINETE and m.team == Team.HEAD for m in memberships_of(user))


def is_alcalde(user: AnyUser) -> bool:
    return has_role(user, Role.ALCALDE)


def is_legal_reviewer(user: AnyUser) -> bool:
    return has_role(user, Role.LEGAL)


def sees_whole_municipality(user: AnyUser) -> bool:
    """Alcalde, Gabinete, Administrador Municipal and superusers read every directorate's data."""
    return is_superuser(user) or bool(roles_of(user) & MUNICIPALITY_WIDE_ROLES)


def directorate_ids_of(user: AnyUser, roles: Iterable[str] | None = None) -> set[int]:
    """Ids of the directorates where the user holds one of `roles` (any role when None)."""
    wanted = set(roles) if roles is not None else None
    return {m.directorate_id for m in memberships_of(user) if wanted is None or m.role in wanted}


def directorates_of(user: AnyUser, roles: Iterable[str] | None = None) -> QuerySet[Directorate]:
    return Directorate.objects.filter(pk__in=directorate_ids_of(user, roles))


def is_member_of(user: AnyUser, directorate: Directorate | int | None, roles: Iterable[str] | None = None) -> bool:
    if directorate is None:
        return False
    pk = directorate if isinstance(directorate, int) else directorate.pk
    return pk in directorate_ids_of(user, roles)


def primary_membership(user: AnyUser) -> Membership | None:
    """The membership shown beside the user's name (the first by directorate order)."""
    found = memberships_of(user)
    return found[0] if found else None


def has_any_membership(user: AnyUser) -> bool:
    return is_superuser(user) or bool(memberships_of(user))


def can_view_directory(user: AnyUser) -> bool:
    """The staff directory (nómina) and its PDF: any person with a unit in the intranet."""
    return has_any_membership(user)


def can_view_activity_log(user: AnyUser) -> bool:
    """«Quién hizo qué» (every change, by person, directorate and app): Gabinete, who runs the office,
    and the Alcalde and the Administrador Municipal, who already read every directorate's records
    (`sees_whole_municipality`). A directorate sees each record's own timeline on its page instead."""
    return sees_whole_municipality(user)


def can_view_personal_data_access(user: AnyUser) -> bool:
    """Who took personal data out of the intranet (exports, request files, a data subject's ZIP): the
    superuser, who answers for the security measures; the people whose work it is do not read each
    other's downloads."""
    return is_superuser(user)


def can_manage_distribution_lists(user: AnyUser) -> bool:
    """Who receives each report by e-mail (Listas de distribución): Gabinete, who sends the reports."""
    return is_gabinete(user)


def jobs_visible_to(user: AnyUser) -> JobQuerySet:
    """The documents a person asked for (a superuser sees every one); nobody else's: a report made
    with one person's permissions is theirs alone."""
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    if is_superuser(user):
        return Job.objects.all()
    return Job.objects.filter(owner=cast(User, user))  # signed in (checked above)


def can_retry_job(user: AnyUser, job: Job) -> bool:
    """Only the person who asked (or a superuser) asks again for a document that failed."""
    return job.has_failed and (is_superuser(user) or job.owner_id == getattr(user, "pk", None))


# --- wrappers for views -------------------------------------------------------------------------


def token_access(view: V) -> V:
    """Decorate a view reached without signing in but by a secret in its address (the private
    calendar feed): the login check lets it through, and its answers stay private all the same
    (`Cache-Control: private, no-store`, gabinete.middleware.PrivateCacheMiddleware)."""
    view = login_not_required(view)
    view.private_response = True  # type: ignore[attr-defined]  # a mark on the function, read by the middleware
    return view


def permission_required(test: Callable[..., bool]) -> Callable[[V], V]:
    """Decorate a function view: `test(request.user)` must be true, else 403."""

    def decorator(view: V) -> V:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return cast(V, wrapper)

    return decorator
