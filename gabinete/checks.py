import os
import re
from collections.abc import Mapping

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def media_root_outside_static(app_configs, **kwargs):
    """Uploaded files must never be reachable as static files."""
    if str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT)):
        return [Warning("MEDIA_ROOT está dentro de STATIC_ROOT.", id="gabinete.W001")]
    return []


#: Where the number of app-server processes is declared: gunicorn reads WEB_CONCURRENCY itself (its
#: default for --workers); GUNICORN_WORKERS and GUNICORN_CMD_ARGS ("--workers 3", "-w 3") are read too.
WORKER_VARIABLES = ("WEB_CONCURRENCY", "GUNICORN_WORKERS")
_PROCESS_LOCAL_CACHES = ("django.core.cache.backends.locmem.LocMemCache",)


def configured_workers(environ: Mapping[str, str] | None = None) -> int:
    """How many app-server processes the environment declares (1 when it says nothing)."""
    environ = os.environ if environ is None else environ
    counts = [1]
    for name in WORKER_VARIABLES:
        value = environ.get(name, "").strip()
        if value.isdigit():
            counts.append(int(value))
    found = re.search(r"(?:--workers[= ]|-w ?)(\d+)", environ.get("GUNICORN_CMD_ARGS", ""))
    if found:
        counts.append(int(found.group(1)))
    return max(counts)


@register()
def several_workers_need_a_shared_cache(app_configs, **kwargs):
    """With several processes, a per-process cache keeps public stamps and the holiday calendar apart."""
    workers = configured_workers()
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if workers > 1 and backend in _PROCESS_LOCAL_CACHES:
        return [
            Warning(
                f"Hay {workers} procesos de servidor configurados (WEB_CONCURRENCY/GUNICORN_WORKERS) con la caché "
                "en memoria de cada proceso: una publicación o un feriado nuevo no llegaría a los demás procesos.",
                hint="Configure CACHE_URL=redis://127.0.0.1:6379/1?key_prefix=gabinete (README, «Más de un servidor»).",
                id="gabinete.W002",
            )
        ]
    return []


#: The environment variable that held the briefing's recipients until the distribution lists (issue 16).
OLD_BRIEFING_VARIABLE = "BRIEFING_RECIPIENTS"


@register()
def briefing_recipients_variable_is_gone(app_configs, **kwargs):
    """The variable is no longer read: migration gabinete 0011 imported its addresses into the list
    «Síntesis de prensa» once; whoever deploys is told to manage the list in the intranet instead."""
    if not os.environ.get(OLD_BRIEFING_VARIABLE, "").strip():
        return []
    return [
        Warning(
            "La variable BRIEFING_RECIPIENTS ya no se usa: los destinatarios de la síntesis de prensa están en la "
            "lista de distribución «Síntesis de prensa» de la intranet (la migración gabinete 0011 importó allí "
            "sus direcciones una vez).",
            hint="Quite la variable del entorno y administre la lista en Mi escritorio → Listas de distribución.",
            id="gabinete.W003",
        )
    ]
