"""What `/healthz` checks: the database, the shared cache and the job queue, for the proxy and a monitor.

Each check is a function that answers a short text ("ok", "3 en cola") or raises: `Unhealthy` with a
Spanish reason that is shown, any other exception as a failure named only by its class (the answer is
public: no host names or messages from a driver). The database and the cache are checked here; other
parts add theirs with `register_check`, e.g. the job queue (django-tasks):

    health.register_check(health.QUEUE, lambda: f"{pending_jobs()} en cola")

Without a registered queue check the answer says "cola: sin configurar" (and that is not a failure).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connections

QUEUE = "cola"
CheckFunc = Callable[[], str]


class Unhealthy(Exception):
    """A check that failed for a reason worth showing (in Spanish)."""


@dataclass(frozen=True)
class Result:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{self.name}: {self.detail}"


def check_database() -> str:
    for alias in settings.DATABASES:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            if cursor.fetchone() != (1,):
                raise Unhealthy(f"la base «{alias}» no respondió como se esperaba")
    return "ok"


def check_cache() -> str:
    key, token = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, token, 30)
    try:
        if cache.get(key) != token:
            raise Unhealthy("lo guardado no se pudo leer")
    finally:
        cache.delete(key)
    return "ok"


_checks: dict[str, CheckFunc] = {"base de datos": check_database, "caché": check_cache}


def register_check(name: str, fn: CheckFunc) -> None:
    """Add (or replace) a check of `/healthz`; `health.QUEUE` for the job queue."""
    _checks[name] = fn


def unregister_check(name: str) -> None:
    _checks.pop(name, None)


def run_checks() -> list[Result]:
    results = []
    for name, fn in list(_checks.items()):
        try:
            results.append(Result(name, True, fn()))
        except Unhealthy as exc:
            results.append(Result(name, False, f"falló: {exc}"))
        except Exception as exc:  # noqa: BLE001 - any failure of a dependency is a failed check
            results.append(Result(name, False, f"falló ({type(exc).__name__})"))
    if QUEUE not in _checks:
        results.append(Result(QUEUE, True, "sin configurar"))
    return results
