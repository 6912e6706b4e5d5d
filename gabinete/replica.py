"""An optional read replica for the heavy report queries (`DATABASE_REPLICA_URL`).

With the variable set, settings add a second database alias, `replica`; code that only reads for a
report runs inside `reading_from_replica()` and its queries go there, everything else (every write,
every page that shows what someone just saved) stays on `default`. Without the variable the block
changes nothing: the router answers "no opinion" and Django uses `default`.

    with reading_from_replica():
        rows = list(selectors.media_report_rows(month))

Only read-only report code belongs in the block: a replica lags the primary by a moment, so a page
that reads back what its own request wrote must not use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_reading: ContextVar[bool] = ContextVar("gabinete_reading_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def report_db() -> str:
    """The alias report queries read from: `replica` when configured, else `default`."""
    return REPLICA if replica_configured() else "default"


@contextmanager
def reading_from_replica() -> Iterator[str]:
    token = _reading.set(True)
    try:
        yield report_db()
    finally:
        _reading.reset(token)


class ReplicaRouter:
    """Reads inside `reading_from_replica()` go to the replica (when there is one); nothing else moves."""

    def db_for_read(self, model, **hints) -> str | None:
        return REPLICA if _reading.get() and replica_configured() else None

    def db_for_write(self, model, **hints) -> str | None:
        return None

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool | None:
        return db != REPLICA  # the replica follows the primary; it is never migrated itself
