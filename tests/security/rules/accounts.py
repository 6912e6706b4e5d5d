"""Access rules of the accounts pages (gabinete/accounts): the second step, «Mis sesiones» and the
superusers' pages about someone else's account. The matrix runs with TWO_FACTOR_REQUIRED_ROLES empty
(gabinete/settings_test.py): nobody owes a second step, so the two-step pages send everyone on."""

from gabinete.accounts.models import UserSession
from tests.security.access import AUTHENTICATED, OWN_ENLACE, SUPERUSER, Rule

SUPERUSERS = frozenset({SUPERUSER})


def setup(world):
    world.user_session = UserSession.objects.create(
        user=world.users[OWN_ENLACE], session_key="matrix-session-of-own-enlace", device="Firefox 128 en Linux"
    )


RULES = [
    Rule("accounts:security", get=AUTHENTICATED),
    # Set up an app (everyone may; required for some roles); the empty form is shown again.
    Rule("accounts:two-step-enrol", get=AUTHENTICATED, post=AUTHENTICATED),
    # Nobody in the matrix owes a code: the page sends them on to Mi escritorio.
    Rule("accounts:two-step-verify", get=AUTHENTICATED, post=AUTHENTICATED),
    Rule("accounts:recovery-codes", get=AUTHENTICATED, post=AUTHENTICATED),
    Rule("accounts:two-step-disable", get=None, post=AUTHENTICATED),
    # «Mis sesiones»: one's own; closing one session names it, and only its owner finds it.
    Rule("accounts:sessions", get=AUTHENTICATED),
    Rule("accounts:sessions-close-others", get=None, post=AUTHENTICATED, fuzz=False),
    Rule(
        "accounts:session-close",
        kwargs=lambda w: {"pk": w.user_session.pk},
        get=None,
        post=frozenset({OWN_ENLACE}),
        fuzz=False,
    ),
    # Someone else's account: the superusers (gabinete.accounts.permissions.can_manage_accounts).
    Rule("accounts:people", get=SUPERUSERS),
    Rule("accounts:person", kwargs=lambda w: {"pk": w.users[OWN_ENLACE].pk}, get=SUPERUSERS),
    Rule(
        "accounts:person-two-step-reset",
        kwargs=lambda w: {"pk": w.users[OWN_ENLACE].pk},
        get=None,
        post=SUPERUSERS,
        fuzz=False,
    ),
    Rule(
        "accounts:person-sessions-close",
        kwargs=lambda w: {"pk": w.users[OWN_ENLACE].pk},
        get=None,
        post=SUPERUSERS,
        fuzz=False,
    ),
]
