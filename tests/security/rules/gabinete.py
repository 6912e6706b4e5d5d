"""Access rules of the foundation: Mi escritorio, the staff directory, «Quién hizo qué», health check,
accounts, editor."""

from tests.security.access import (
    ALL_ACTORS,
    ANONYMOUS,
    AUTHENTICATED,
    MEMBERS,
    WHOLE_MUNICIPALITY,
    Rule,
)

RULES = [
    Rule("gabinete:home", get=AUTHENTICATED),
    Rule("gabinete:directory", get=MEMBERS),
    Rule("gabinete:directory-pdf", get=MEMBERS),
    Rule("gabinete:healthz", get=ALL_ACTORS, post=None),
    Rule("gabinete:ping", get=ALL_ACTORS, post=None),
    # «Quién hizo qué»: Gabinete, the Alcalde and the Administrador Municipal (gabinete.permissions).
    Rule("gabinete:activity", get=WHOLE_MUNICIPALITY),
    Rule("gabinete:activity-export", get=WHOLE_MUNICIPALITY, download=True),
    # Accounts (django.contrib.auth views).
    Rule(
        "login",
        get=ALL_ACTORS,
        post=ALL_ACTORS,
        fuzz_as=ANONYMOUS,
        data=lambda w: {"username": "nadie", "password": "mala"},
    ),
    Rule("logout", get=None, post=AUTHENTICATED, fuzz=False),
    Rule("password_change", get=AUTHENTICATED, post=AUTHENTICATED),
    Rule("password_change_done", get=AUTHENTICATED),
]
