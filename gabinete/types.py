"""The types the annotations of services, selectors and permissions share (checked by mypy, `make lint`).

- `User`: a signed-in person, the acting user of a service (`by`) or the owner of a row. The project
  keeps Django's own user model (no AUTH_USER_MODEL), so this is `django.contrib.auth.models.User`.
- `AnyUser`: what `request.user` may be, a `User` or the `AnonymousUser` of a visitor who has not signed
  in. Permission predicates and selectors take it: they answer «no» (or an empty queryset) for a visitor.
- `StrOrPromise`: a text that may still be a lazy translation (`gettext_lazy`), as workflow messages are.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User
from django.utils.functional import Promise

AnyUser: TypeAlias = User | AnonymousUser
StrOrPromise: TypeAlias = str | Promise

__all__ = ["AnyUser", "StrOrPromise", "User"]
