"""Demo data: `python manage.py seed_demo` runs the core seeder, then every app's.

Each app adds a module `<app>/demo.py` with a function registered here:

    from gabinete import demo

    @demo.register(order=20)
    def seed(ctx: demo.DemoContext) -> None:
        ...

Seeders must be idempotent (get_or_create / update_or_create, or return early when their data exists).
`ctx.users` maps the demo usernames to users (see DEMO_USERS) and `ctx.today` is the local date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils.module_loading import autodiscover_modules

#: Demo-only accounts, one per role (documented in the README; never for production).
#: username: (first name, last name, directorate slug, role, team, position)
DEMO_USERS = {
    "alcalde": ("Jonathan", "Velásquez", "gabinete-de-alcaldia", "alcalde", "", "Alcalde"),
    "jefa.gabinete": ("Carolina", "Rojas", "gabinete-de-alcaldia", "gabinete", "jefatura", "Jefa de Gabinete"),
    "protocolo": ("Matías", "Fuentes", "gabinete-de-alcaldia", "gabinete", "protocolo", "Encargado de Protocolo"),
    "prensa": ("Valentina", "Muñoz", "gabinete-de-alcaldia", "gabinete", "prensa", "Periodista"),
    "prensa.editora": ("Ignacia", "Vergara", "gabinete-de-alcaldia", "gabinete", "prensa", "Editora de prensa"),
    "director.aseo": ("Rodrigo", "Pizarro", "aseo", "director", "", "Director de Aseo"),
    "enlace.aseo": ("Camila", "Araya", "aseo", "enlace", "", "Enlace de gestión"),
    "director.transito": (
        "Patricia",
        "Castillo",
        "transito-y-transporte-publico",
        "director",
        "",
        "Directora de Tránsito",
    ),
    "enlace.transito": ("Felipe", "Contreras", "transito-y-transporte-publico", "enlace", "", "Enlace de gestión"),
    "director.personas": ("Andrea", "Soto", "gestion-de-personas", "director", "", "Directora de Gestión de Personas"),
    "enlace.personas": ("Diego", "Morales", "gestion-de-personas", "enlace", "", "Enlace de transparencia"),
    "secretaria.municipal": (
        "Lorena",
        "Carvajal",
        "secretaria-municipal",
        "director",
        "",
        "Secretaria Municipal",
    ),
    "enlace.obras": ("Javier", "Tapia", "obras-municipales", "enlace", "", "Enlace de la Dirección de Obras"),
    "juridica": ("Francisca", "Herrera", "asesoria-juridica", "juridica", "", "Abogada revisora"),
    "administrador": (
        "Hernán",
        "Gutiérrez",
        "administracion-municipal",
        "administrador",
        "",
        "Administrador Municipal",
    ),
}
DEMO_PASSWORD = "demo-Antofagasta-2026"


@dataclass
class DemoContext:
    today: date
    users: dict = field(default_factory=dict)
    stdout: object | None = None

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)


_seeders: list[tuple[int, Callable[[DemoContext], None]]] = []


def register(*, order: int = 100):
    def decorator(fn):
        if not any(f is fn for _o, f in _seeders):
            _seeders.append((order, fn))
        return fn

    return decorator


def seeders() -> list[Callable[[DemoContext], None]]:
    autodiscover_modules("demo")
    return [fn for _order, fn in sorted(_seeders, key=lambda s: (s[0], s[1].__module__))]
