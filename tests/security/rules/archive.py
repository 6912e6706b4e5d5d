"""Access rules of the archive app (placeholder pages of the foundation; extend after the merge)."""

from tests.security.access import ALL_ACTORS, AUTHENTICATED, Rule  # noqa: F401


def setup(world):
    """Create here the objects this app's URLs point to, owned by world.own (see test_access_matrix)."""


RULES = [
    Rule("archive:index", get=AUTHENTICATED),
]
