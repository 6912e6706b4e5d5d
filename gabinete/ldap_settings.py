"""The settings of sign-in with the municipal directory (LDAP or Active Directory, django-auth-ldap).

`gabinete/settings.py` calls `directory_settings(...)` with the environment's LDAP_* values when
LDAP_URL is set; the tests call it with their own throw-away slapd, so both run the same
configuration. Nothing here touches the database: it only builds django-auth-ldap's `AUTH_LDAP_*`
settings and Gabinete's two of its own (how a disabled person is seen, which attribute maps too).
"""

from __future__ import annotations

from typing import Any

import ldap
from django_auth_ldap.config import (
    GroupOfNamesType,
    GroupOfUniqueNamesType,
    LDAPGroupType,
    LDAPSearch,
    NestedActiveDirectoryGroupType,
    PosixGroupType,
)

#: The backend that `settings.AUTHENTICATION_BACKENDS` gets (after axes, before ModelBackend).
DIRECTORY_BACKEND = "gabinete.ldap_directory.DirectoryBackend"

#: LDAP_GROUP_TYPE → (django-auth-ldap group type, filter of the group search).
GROUP_TYPES: dict[str, tuple[type[LDAPGroupType], str]] = {
    "groupOfNames": (GroupOfNamesType, "(objectClass=groupOfNames)"),
    "groupOfUniqueNames": (GroupOfUniqueNamesType, "(objectClass=groupOfUniqueNames)"),
    "posixGroup": (PosixGroupType, "(objectClass=posixGroup)"),
    "activeDirectory": (NestedActiveDirectoryGroupType, "(objectClass=group)"),
}

#: LDAP_TLS_REQUIRE_CERT → python-ldap's option value.
REQUIRE_CERT = {
    "demand": ldap.OPT_X_TLS_DEMAND,
    "hard": ldap.OPT_X_TLS_HARD,
    "allow": ldap.OPT_X_TLS_ALLOW,
    "never": ldap.OPT_X_TLS_NEVER,
}


def user_filter_enabled(user_filter: str, disabled_filter: str) -> str:
    """The user search's filter that finds only people who are not disabled: a disabled person is
    then «not found», so their sign-in fails like a removed person's. `%` in the disabled filter is
    literal (the user filter's `%(user)s` is the only placeholder)."""
    if not disabled_filter:
        return user_filter
    return f"(&{user_filter}(!{disabled_filter.replace('%', '%%')}))"


def directory_settings(
    *,
    url: str,
    user_search_base: str,
    bind_dn: str = "",
    bind_password: str = "",
    user_filter: str = "(uid=%(user)s)",
    group_search_base: str = "",
    group_type: str = "groupOfNames",
    disabled_filter: str = "(employeeType=inactivo)",
    mapping_attribute: str = "",
    start_tls: bool = False,
    ca_file: str = "",
    require_cert: str = "demand",
    timeout: float = 5.0,
) -> dict[str, Any]:
    """The `AUTH_LDAP_*` settings (and Gabinete's `DIRECTORY_*`) for one directory."""
    if group_type not in GROUP_TYPES:
        raise ValueError(f"LDAP_GROUP_TYPE debe ser uno de {', '.join(GROUP_TYPES)}; se recibió «{group_type}».")
    if require_cert not in REQUIRE_CERT:
        raise ValueError(
            f"LDAP_TLS_REQUIRE_CERT debe ser uno de {', '.join(REQUIRE_CERT)}; se recibió «{require_cert}»."
        )
    # A directory that does not answer must not hold the sign-in page for minutes.
    options: dict[int, Any] = {
        ldap.OPT_NETWORK_TIMEOUT: timeout,
        ldap.OPT_TIMEOUT: timeout,
        ldap.OPT_REFERRALS: 0,  # Active Directory's referrals would need another bind
    }
    if start_tls or url.lower().startswith("ldaps://"):
        options[ldap.OPT_X_TLS_REQUIRE_CERT] = REQUIRE_CERT[require_cert]
        if ca_file:
            options[ldap.OPT_X_TLS_CACERTFILE] = ca_file
        options[ldap.OPT_X_TLS_NEWCTX] = 0  # last: applies the TLS options above to this connection
    group_class, group_filter = GROUP_TYPES[group_type]
    values: dict[str, Any] = {
        "AUTH_LDAP_SERVER_URI": url,
        "AUTH_LDAP_BIND_DN": bind_dn,
        "AUTH_LDAP_BIND_PASSWORD": bind_password,
        "AUTH_LDAP_START_TLS": start_tls,
        "AUTH_LDAP_CONNECTION_OPTIONS": options,
        "AUTH_LDAP_USER_SEARCH": LDAPSearch(
            user_search_base, ldap.SCOPE_SUBTREE, user_filter_enabled(user_filter, disabled_filter)
        ),
        "AUTH_LDAP_USER_ATTR_MAP": {"first_name": "givenName", "last_name": "sn", "email": "mail"},
        # Name, e-mail and groups are read again at every sign-in: the directory is the source.
        "AUTH_LDAP_ALWAYS_UPDATE_USER": True,
        "AUTH_LDAP_CACHE_TIMEOUT": 0,
        "AUTH_LDAP_GROUP_SEARCH": (
            LDAPSearch(group_search_base, ldap.SCOPE_SUBTREE, group_filter) if group_search_base else None
        ),
        "AUTH_LDAP_GROUP_TYPE": group_class(name_attr="cn"),
        "DIRECTORY_USER_FILTER": user_filter,
        "DIRECTORY_DISABLED_FILTER": disabled_filter,
        "DIRECTORY_MAPPING_ATTRIBUTE": mapping_attribute,
    }
    return values
