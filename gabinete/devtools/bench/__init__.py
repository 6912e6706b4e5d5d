"""Scale data and benchmark pages: the contract between `generate_scale_data` / `make bench` and the apps.

Each app's scenario is the module `gabinete/devtools/bench/<app label>.py`, loaded when that app is
installed:

    from gabinete.devtools import bench

    @bench.generator(order=20)
    def generate(ctx: bench.ScaleContext) -> None:
        # bulk_create in batches; sizes from ctx.n(<target at scale 1>)
        ...

    @bench.pages
    def pages(ctx: bench.ScaleContext) -> list[bench.BenchPage]:
        return [bench.BenchPage("Semana del Alcalde", "/agenda/alcalde/semana/", "bench.alcalde", target_ms=50)]

Users exist before the app generators run (see `ensure_bench_users`): `ctx.user("gabinete")`,
`ctx.user("enlace", "aseo")`, and 400 users in all at scale 1.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

BENCH_PASSWORD = "bench-Antofagasta-2026"


@dataclass(frozen=True)
class BenchPage:
    name: str
    path: str
    username: str | None = None  # None: anonymous
    target_ms: float | None = None  # the median target named in the issue, if any
    kind: str = "page"  # page | pdf | feed | search | download


@dataclass
class ScaleContext:
    scale: float
    today: date
    stdout: object | None = None
    users: dict[str, object] = field(default_factory=dict)
    directorates: list = field(default_factory=list)

    def n(self, at_scale_one: int) -> int:
        return max(1, round(at_scale_one * self.scale))

    def user(self, role: str, slug: str | None = None):
        """The bench user holding `role` (in directorate `slug` for director/enlace)."""
        return self.users[f"bench.{role}" + (f".{slug}" if slug else "")]

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)


_generators: list[tuple[int, Callable]] = []
_page_providers: list[Callable] = []


def generator(*, order: int = 100):
    def decorator(fn):
        if not any(f is fn for _o, f in _generators):
            _generators.append((order, fn))
        return fn

    return decorator


def pages(fn):
    if fn not in _page_providers:
        _page_providers.append(fn)
    return fn


def load_scenarios() -> None:
    """Import the scenario module of every installed app (`gabinete/devtools/bench/<label>.py`)."""
    package = sys.modules[__name__]
    for config in apps.get_app_configs():
        if module_has_submodule(package, config.label):
            import_module(f"{__name__}.{config.label}")


def generators() -> list[Callable]:
    load_scenarios()
    return [fn for _o, fn in sorted(_generators, key=lambda g: (g[0], g[1].__module__))]


def page_providers() -> list[Callable]:
    load_scenarios()
    return list(_page_providers)


def ensure_bench_users(ctx: ScaleContext, total: int = 400) -> None:
    """Create the bench users once: one per municipality-wide role, a director and an enlace per
    directorate, the rest as enlaces spread over the directorates. All share BENCH_PASSWORD."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from gabinete.models import Directorate, Membership

    User = get_user_model()
    directorates = list(Directorate.objects.all())
    ctx.directorates = directorates
    by_slug = {d.slug: d for d in directorates}
    gabinete = by_slug["gabinete-de-alcaldia"]
    wanted: list[tuple[str, object, str, str]] = [
        ("bench.alcalde", gabinete, "alcalde", ""),
        ("bench.gabinete", gabinete, "gabinete", ""),
        ("bench.prensa", gabinete, "gabinete", "prensa"),
        ("bench.protocolo", gabinete, "gabinete", "protocolo"),
        ("bench.juridica", by_slug["asesoria-juridica"], "juridica", ""),
        ("bench.administrador", by_slug["administracion-municipal"], "administrador", ""),
    ]
    for d in directorates:
        wanted.append((f"bench.director.{d.slug}", d, "director", ""))
        wanted.append((f"bench.enlace.{d.slug}", d, "enlace", ""))
    i = 0
    while len(wanted) < total:
        d = directorates[i % len(directorates)]
        wanted.append((f"bench.persona{i:03d}", d, "enlace", ""))
        i += 1
    existing = set(User.objects.filter(username__startswith="bench.").values_list("username", flat=True))
    password = make_password(BENCH_PASSWORD)
    User.objects.bulk_create(
        [
            User(username=u, password=password, first_name=u.split(".")[1].title(), last_name="Bench")
            for u, _d, _r, _t in wanted
            if u not in existing
        ],
        batch_size=500,
    )
    users = {u.username: u for u in User.objects.filter(username__startswith="bench.")}
    have = set(Membership.objects.filter(user__username__startswith="bench.").values_list("user__username", flat=True))
    Membership.objects.bulk_create(
        [Membership(user=users[u], directorate=d, role=r, team=t) for u, d, r, t in wanted if u not in have],
        batch_size=500,
    )
    ctx.users = users
