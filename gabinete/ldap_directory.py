"""Sign-in with the municipal directory (LDAP or Active Directory, through django-auth-ldap).

Staff sign in with their directory user and password. At every sign-in:

- their name and e-mail are read again from the directory (django-auth-ldap's attribute map);
- their directory memberships are made to match their current groups through the table Gabinete
  keeps in the admin (`DirectoryGroup`): a group change between two sign-ins moves them; the
  memberships Gabinete gave by hand stay; a person in no mapped group sees «sin dirección asignada»;
- a person disabled (`DIRECTORY_DISABLED_FILTER`) or removed in the directory is not found, so the
  sign-in fails; the periodic job `check_directory_accounts` deactivates their account, and their open
  work waits on Gabinete's Mi escritorio to be reassigned (`gabinete.desk.open_work_of`).

When the directory does not answer, the sign-in form says so in Spanish (`directory_unavailable`) and
local accounts (the superusers) still sign in with Django's ModelBackend, which comes after this one.
Where no directory is configured (LDAP_URL unset: the embedded default, the demo) this backend is not
in AUTHENTICATION_BACKENDS and local accounts work as before. Settings: `gabinete/ldap_settings.py`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import ldap
import ldap.filter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_auth_ldap.backend import LDAPBackend, ldap_error
from django_tasks import task

from . import activity
from .ldap_settings import DIRECTORY_BACKEND
from .models import ActivitySource, DirectoryAccount, DirectoryGroup, Membership
from .types import User

logger = logging.getLogger(__name__)

MEMBERSHIPS_SYNCED = activity.Verb("directory.memberships_synced", _("Tomó su dirección y rol del directorio"))
ACCOUNT_LEFT = activity.Verb("directory.account_left", _("Desactivó la cuenta: dejó el directorio municipal"))
ACCOUNT_RETURNED = activity.Verb("directory.account_returned", _("Reactivó la cuenta: volvió al directorio"))

#: Set on the request when the directory did not answer during a sign-in.
_UNAVAILABLE = "_directory_unavailable"
#: python-ldap's errors that mean «the directory does not answer» (not «wrong password»).
_DOWN_ERRORS = (ldap.SERVER_DOWN, ldap.TIMEOUT, ldap.CONNECT_ERROR)


class DirectoryUnavailable(RuntimeError):
    """The directory did not answer: nothing was changed."""


def directory_configured() -> bool:
    """Whether this installation signs in with a directory (LDAP_URL set)."""
    return DIRECTORY_BACKEND in settings.AUTHENTICATION_BACKENDS and bool(getattr(settings, "AUTH_LDAP_SERVER_URI", ""))


def directory_unavailable(request: HttpRequest | None) -> bool:
    """Whether the directory failed to answer while this request tried to sign in."""
    return bool(getattr(request, _UNAVAILABLE, False))


@receiver(ldap_error, dispatch_uid="gabinete-directory-unavailable")
def _note_directory_down(
    sender: type, context: str, user: Any, request: HttpRequest | None, exception: Exception, **kwargs: Any
) -> None:
    if isinstance(exception, _DOWN_ERRORS) and request is not None:
        setattr(request, _UNAVAILABLE, True)


class DirectoryBackend(LDAPBackend):
    """django-auth-ldap's backend, plus Gabinete's memberships from the directory's groups."""

    def authenticate_ldap_user(self, ldap_user: Any, password: str) -> User | None:
        user = ldap_user.authenticate(password)
        if user is None:
            return None
        try:
            names = _group_keys(ldap_user)
        except ldap.LDAPError as exc:
            # Without the groups the memberships would be wrong: refuse rather than strip them.
            logger.warning("Directory groups of %s could not be read: %s", user.get_username(), exc)
            if isinstance(exc, _DOWN_ERRORS) and ldap_user._request is not None:
                setattr(ldap_user._request, _UNAVAILABLE, True)
            return None
        directory_sign_in(user=user, dn=ldap_user.dn, groups=names, by=user)
        return user

    def get_user(self, user_id: int) -> User | None:
        # django-auth-ldap does not look at is_active: without this, the session of a person the
        # periodic check deactivated would go on working.
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None


def _group_keys(ldap_user: Any) -> set[str]:
    """What the mapping table is matched against: the person's group DNs and names, and the values
    of DIRECTORY_MAPPING_ATTRIBUTE (e.g. memberOf or departmentNumber), all in lower case."""
    keys: set[str] = set()
    if getattr(settings, "AUTH_LDAP_GROUP_SEARCH", None) is not None:
        keys |= {dn.lower() for dn in ldap_user.group_dns}
        keys |= {name.lower() for name in ldap_user.group_names}
    attribute = getattr(settings, "DIRECTORY_MAPPING_ATTRIBUTE", "")
    if attribute:
        keys |= {str(value).lower() for value in ldap_user.attrs.get(attribute, [])}
    return keys


def _membership_labels(memberships: Iterable[Membership]) -> list[str]:
    return sorted(f"{m.get_role_display()}, {m.directorate}" for m in memberships)


@activity.service
def directory_sign_in(*, user: User, dn: str, groups: Iterable[str], by: User) -> list[Membership]:
    """A person signed in with the directory: their directory memberships follow their groups now
    (added, moved, removed; the ones Gabinete gave by hand stay), and an account the periodic check
    deactivated because they had left the directory comes back. Returns their memberships."""
    keys = {g.lower() for g in groups}
    wanted: dict[tuple[int, str], str] = {}
    for mapping in DirectoryGroup.objects.filter(group__in=keys).order_by("-team", "pk"):
        wanted.setdefault((mapping.directorate_id, mapping.role), mapping.team)

    current = list(Membership.objects.filter(user=user).select_related("directorate"))
    before = _membership_labels(current)
    handled: set[tuple[int, str]] = set()
    for membership in current:
        key = (membership.directorate_id, membership.role)
        if key in wanted:
            handled.add(key)
            if membership.from_directory and membership.team != wanted[key]:
                membership.team = wanted[key]
                membership.save(update_fields=["team"])
        elif membership.from_directory:
            membership.delete()
    for (directorate_id, role), team in wanted.items():
        if (directorate_id, role) not in handled:
            Membership.objects.create(
                user=user, directorate_id=directorate_id, role=role, team=team, from_directory=True
            )
    memberships = list(Membership.objects.filter(user=user).select_related("directorate"))
    after = _membership_labels(memberships)
    if before != after:
        activity.record(
            actor=by,
            verb=MEMBERSHIPS_SYNCED,
            target=user,
            app="gabinete",
            changes={"memberships": {"label": str(_("direcciones y roles")), "before": before, "after": after}},
        )

    account, _created = DirectoryAccount.objects.get_or_create(user=user, defaults={"dn": dn})
    account.dn = dn
    account.last_sign_in_at = timezone.now()
    fields = ["dn", "last_sign_in_at"]
    if account.left_at is not None:
        account.left_at = None
        fields.append("left_at")
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
            activity.record(actor=by, verb=ACCOUNT_RETURNED, target=user, app="gabinete")
    account.save(update_fields=fields)
    # The permission helpers cache a person's memberships on the user object (gabinete.permissions).
    user.__dict__.pop("_gabinete_memberships", None)
    return memberships


@activity.service
def directory_account_leave(*, account: DirectoryAccount, reason: str, by: User | None = None) -> DirectoryAccount:
    """The directory no longer has this person (disabled or removed): their account is deactivated
    (no sign-in, no session) and their open work shows on Gabinete's Mi escritorio to be reassigned.
    Their memberships stay, so Gabinete sees where they worked."""
    user = account.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    account.left_at = timezone.now()
    account.save(update_fields=["left_at"])
    activity.record(
        actor=by,
        verb=ACCOUNT_LEFT,
        target=user,
        app="gabinete",
        changes={"reason": {"label": str(_("motivo")), "before": "", "after": reason}},
    )
    return account


def _setting(name: str) -> Any:
    """One of django-auth-ldap's settings (only there when LDAP_URL is set)."""
    return getattr(settings, name)


def _connection() -> Any:
    """A connection to the directory bound as the service account (LDAP_BIND_DN)."""
    connection = ldap.initialize(_setting("AUTH_LDAP_SERVER_URI"), bytes_mode=False)
    for option, value in getattr(settings, "AUTH_LDAP_CONNECTION_OPTIONS", {}).items():
        connection.set_option(option, value)
    if getattr(settings, "AUTH_LDAP_START_TLS", False):
        connection.start_tls_s()
    connection.simple_bind_s(
        getattr(settings, "AUTH_LDAP_BIND_DN", ""), getattr(settings, "AUTH_LDAP_BIND_PASSWORD", "")
    )
    return connection


def _found(connection: Any, filterstr: str, username: str) -> bool:
    search = _setting("AUTH_LDAP_USER_SEARCH")
    query = filterstr % {"user": ldap.filter.escape_filter_chars(username)}
    return bool([dn for dn, _attrs in connection.search_s(search.base_dn, search.scope, query, ["1.1"]) if dn])


def directory_accounts_check() -> list[DirectoryAccount]:
    """Compare the active directory accounts with the directory and deactivate those it no longer
    has enabled; returns them. A directory that does not answer changes nothing
    (`DirectoryUnavailable`): nobody is deactivated because the server was down."""
    if not directory_configured():
        return []
    try:
        connection = _connection()
    except ldap.LDAPError as exc:
        raise DirectoryUnavailable(f"El directorio municipal no responde: {exc}") from exc
    search = _setting("AUTH_LDAP_USER_SEARCH")
    plain = getattr(settings, "DIRECTORY_USER_FILTER", search.filterstr)
    left = []
    try:
        accounts = DirectoryAccount.objects.filter(user__is_active=True, left_at__isnull=True).select_related("user")
        for account in accounts:
            username = account.user.get_username()
            if _found(connection, search.filterstr, username):
                continue
            reason = (
                str(_("deshabilitada en el directorio"))
                if _found(connection, plain, username)
                else str(_("eliminada del directorio"))
            )
            left.append(directory_account_leave(account=account, reason=reason))
    except ldap.LDAPError as exc:
        raise DirectoryUnavailable(f"El directorio municipal dejó de responder: {exc}") from exc
    finally:
        connection.unbind_s()
    return left


@task()
def check_directory_accounts() -> int:
    """The periodic job: deactivate the accounts of people who left the directory (PERIODIC_TASKS)."""
    with activity.source(ActivitySource.TASK, "check_directory_accounts"):
        return len(directory_accounts_check())


def directory_people_left() -> QuerySet:
    """The people whose account was deactivated because they left the directory, newest first."""
    return (
        get_user_model()
        .objects.filter(is_active=False, directory_account__left_at__isnull=False)
        .order_by("-directory_account__left_at")
    )
