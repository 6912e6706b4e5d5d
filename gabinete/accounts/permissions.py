"""Who must sign in with a second step, and who may look after other people's accounts."""

from __future__ import annotations

from django.conf import settings

from gabinete.permissions import is_superuser, roles_of
from gabinete.types import AnyUser

#: The value of TWO_FACTOR_REQUIRED_ROLES that stands for superusers (the rest are Role values).
SUPERUSER = "superuser"


def two_step_required(user: AnyUser) -> bool:
    """Whether this person must sign in with a code from an authenticator app: superusers and the
    roles in TWO_FACTOR_REQUIRED_ROLES (Gabinete, Jurídica and the Administrador Municipal by default:
    they reach the whole municipality's records or its legal files). Everyone else may choose to."""
    required = set(getattr(settings, "TWO_FACTOR_REQUIRED_ROLES", ()))
    if not required or not getattr(user, "is_authenticated", False):
        return False
    if SUPERUSER in required and is_superuser(user):
        return True
    return bool(roles_of(user) & required)


def can_manage_accounts(user: AnyUser) -> bool:
    """Resetting someone's second step (a lost phone) and closing all of someone's sessions (a stolen
    laptop) are the superusers' alone: they administer the intranet's accounts."""
    return is_superuser(user)


def can_disable_two_step(user: AnyUser) -> bool:
    """A person may switch their own second step off only if it is not required of them."""
    return not two_step_required(user)
