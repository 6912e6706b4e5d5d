"""`manage.py bench_ingest` (make bench-ingest): the press archive's fetcher at the size of issue 19 point 6.

1. Ingest: 50 outlets with one source each on a generated local media site (gabinete/devtools/media_site.py,
   127.0.0.1, random port), 50 rules; the 50 fetches (`archive.ingest.fetch_source`) one after the other
   in this process, 200 new items each (10,000: fetch, extract, match, cluster, store), with the time
   split by phase; then the next day's 10,000 through one real `manage.py db_worker` process
   (`archive.tasks.fetch_source.enqueue` per source).
2. Clustering: an archive of 500,000 fingerprinted articles (synthetic rows with random band keys,
   filled by set-based SQL once and kept), and 1,000 real texts (half near duplicates of articles
   ingested in step 1) timed through `clusters.signature` + `clusters.nearest`.

The figures are printed and written to var/bench-ingest.json.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess  # nosec B404
import sys
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.test.utils import override_settings
from django.utils import timezone

from archive import clusters, ingest
from archive.fetching import Fetcher
from archive.models import Article, ArticleState, FeedSource, Fingerprint, MatchRule, SourceKind, Story, Topic
from communications.models import Outlet
from gabinete.devtools.bench.runner import percentile
from gabinete.devtools.media_site import ITEMS_PER_DAY, SOURCES, MediaSite, Writer
from gabinete.management.base import DevelopmentOnlyCommand

ITEMS_PER_SECOND_TARGET = 20.0
CLUSTER_MS_TARGET = 50.0
ARCHIVE_SIZE = 500_000
PROBES = 1_000
#: The synthetic archive's story: its articles are the 500,000 of the clustering figure (the marker).
SYNTHETIC_HEADLINE = "bench-ingest: archivo sintético de recortes"
SYNTHETIC_OUTLET = "Archivo sintético (bench-ingest)"
OUTLET_SUFFIX = " · bench"
USERNAME = "bench.ingest"

#: (name, query, to_inbox, priority, directorate slugs): six rules that match often (15–40% of the
#: articles), a few now and then (5–10%), most rarely (under 5%).
RULES = [
    ("Administración", 'alcalde OR "municipalidad de antofagasta" OR municipio', True, False, ["gabinete-de-alcaldia"]),
    ("Aseo y basura", "basura OR microbasural OR basural OR escombro", True, True, ["aseo"]),
    ("Concejo", '"concejo municipal" OR concejales', True, False, []),
    ("Seguridad", "carabineros OR patrullaje OR robo OR asalto", True, False, ["seguridad-ciudadana"]),
    ("Pavimentos", "pavimentacion OR repavimentacion OR bache OR socavon", True, False, ["obras-municipales"]),
    ("Educación", "liceo OR colegio OR escuela -universidad", True, False, ["salud-educacion-e-incorporados"]),
    ("Tránsito", '"direccion de transito" semaforo', True, False, ["transito-y-transporte-publico"]),
    ("Ciclovías costeras", "ciclovia costanera", True, False, []),
    ("Caletas", '"pescadores artesanales" caleta', True, False, []),
    ("Trocadero", '"playa trocadero" marejada NOT piscina', False, False, []),
    ("Cesfam", "cesfam espera", True, False, ["salud-educacion-e-incorporados"]),
    ("Marejadas", "marejada", True, True, ["gestion-del-riesgo-de-desastres"]),
    ("Incendios", '"cuerpo de bomberos" incendio', True, True, []),
    ("Vertedero", 'vertedero OR "relleno sanitario"', True, False, ["aseo"]),
    ("Ferias", '"la feria" NOT feriantes', True, False, []),
    ("Licitaciones", "licitacion adjudico", True, False, ["administracion-y-finanzas"]),
    ("Contraloría", "contraloria sumario", True, True, []),
    ("Vacunación", '"seremi de salud" vacuna', True, False, []),
    ("Gobierno Regional", '"gobierno regional" financio', True, False, []),
    ("Teleférico", "teleferico", False, False, []),
    ("Humedales", 'humedal "organizaciones ambientalistas"', True, False, ["medio-ambiente-y-ornato"]),
    ("Recolección", "camion recoleccion NOT reciclaje", True, False, ["aseo"]),
    ("Coloso", '"caleta coloso" pescadores', True, False, []),
    ("Avenida Grecia", '"avenida grecia" semaforo', True, False, []),
    ("Cruceros", "crucero turismo", False, False, ["desarrollo-del-turismo"]),
    ("Universidad Católica", '"universidad catolica del norte" estudio', False, False, []),
    ("Ordenanzas", "ordenanza multa -patente", True, False, ["inspeccion-general"]),
    ("Campamentos", "erradicacion", True, False, ["desarrollo-comunitario"]),
    ("Reciclaje", "reciclaje", True, False, ["medio-ambiente-y-ornato"]),
    ("Alumbrado", "alumbrado", True, False, []),
    ("Comercio ambulante", '"comercio" ambulante OR kiosco', True, False, ["inspeccion-general"]),
    ("Emergencias", "emergencia evacuacion OR simulacro", True, True, []),
    ("Recintos deportivos", "estadio OR gimnasio NOT carabineros", False, False, []),
    ("Cultura", "orquesta OR carnaval", False, False, ["cultura-arte-y-patrimonio"]),
    ("Liceos", "liceo escolar", True, False, []),
    ("Tenencia responsable", 'perro chip OR "tenencia responsable"', True, False, []),
    ("Portuarios", '"trabajadores portuarios" paro', False, False, []),
    ("Presupuesto", "presupuesto extraordinario OR modificacion presupuestaria", True, False, []),
    ("Delegación", '"delegacion presidencial" carabineros', True, False, []),
    ("PDI", '"policia de investigaciones"', True, False, ["seguridad-publica"]),
    ("Serviu", "serviu vivienda", True, False, []),
    ("Agua", '"empresa sanitaria" filtracion OR matriz', True, False, []),
    ("Parque Croata", '"parque croata" riego', False, False, []),
    ("Balneario", '"balneario municipal" piscina', True, False, []),
    ("Tarifas", "tarifa colectivo OR licencia", False, False, []),
    ("Cabildos", "cabildo OR votacion", True, False, []),
    ("Plataforma digital", "plataforma aplicacion", False, False, ["tecnologia-de-informacion"]),
    ("Paro", "paro OR conflicto gremios", True, True, []),
    ("Derrumbes", "derrumbe OR aluvion", True, True, ["gestion-del-riesgo-de-desastres"]),
    ("Oposición", '"concejales de oposicion" cuestiono', True, False, []),
]


def _thousands(number: int) -> str:
    """500.000, as Spanish writes it."""
    return f"{number:,}".replace(",", ".")


class PhaseClock:
    """Time spent in the ingest's stages, measured by wrapping the functions it calls (the wrappers
    add microseconds to calls of milliseconds)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._undo: list[tuple[object, str, object]] = []

    def wrap(self, owner: object, name: str, phase) -> None:
        original = getattr(owner, name)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                label = phase(*args) if callable(phase) else phase
                self.seconds[label] += time.perf_counter() - started
                self.calls[label] += 1

        self._undo.append((owner, name, original))
        setattr(owner, name, timed)

    def _sql(self, execute, sql, params, many, context):
        """Every query's time by statement and table (they overlap the phases: a lookup's SELECT is
        inside «cluster: nearest»)."""
        words = sql.split(None, 4)
        verb = words[0].upper() if words else "?"
        table = next((w.strip('"') for w in words[1:] if w.strip('"').startswith(("archive_", "django_", "auth_"))), "")
        if verb == "SELECT":
            found = sql.find(' FROM "')
            table = sql[found + 7 : sql.find('"', found + 7)] if found >= 0 else ""
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            label = f"{verb} {table}".strip()
            self.sql_seconds[label] += time.perf_counter() - started
            self.sql_calls[label] += 1

    def __enter__(self) -> PhaseClock:
        self.sql_seconds: dict[str, float] = defaultdict(float)
        self.sql_calls: dict[str, int] = defaultdict(int)
        self._sql_wrapper = connection.execute_wrapper(self._sql)
        self._sql_wrapper.__enter__()
        # The transaction's end (one per stored article: the WAL flush).
        self.wrap(connection, "commit", "db: commit")
        # Fetcher.get(self, url, …): the listing (feed or sitemap) or an article page.
        self.wrap(
            Fetcher, "get", lambda _self, url, *a: "fetch: feed/sitemap" if url.endswith(".xml") else "fetch: page"
        )
        self.wrap(ingest, "extract", "extract (trafilatura)")
        self.wrap(ingest, "fold", "match: fold text")
        self.wrap(ingest.RuleSet, "decide", "match: 50 rules")
        self.wrap(ingest, "_list_items", "feed/sitemap parse")
        self.wrap(clusters, "signature", "cluster: signature")
        self.wrap(clusters, "nearest", "cluster: nearest")
        self.wrap(clusters, "index_article", "cluster: index (16 rows)")
        return self

    def __exit__(self, *exc: object) -> None:
        self._sql_wrapper.__exit__(None, None, None)
        for owner, name, original in reversed(self._undo):
            if owner is connection:
                delattr(owner, name)  # back to the class's method
            else:
                setattr(owner, name, original)
        self._undo.clear()


class Command(DevelopmentOnlyCommand):
    help = (
        "Mide el ingreso automático del archivo de prensa (issue 19 punto 6; make bench-ingest): un sitio de "
        "medios generado en 127.0.0.1 con 50 fuentes de 200 publicaciones, 50 reglas, las 50 lecturas en un "
        "proceso (publicaciones por segundo, meta ≥ 20, con el tiempo por etapa) y otra vez con un proceso "
        "`db_worker` real; luego la agrupación (MinHash) de 1.000 textos contra un archivo de 500.000 recortes "
        "(mediana y p95 en ms, meta < 50). Llena ese archivo sintético una vez (SQL por conjuntos) y lo "
        "conserva. Escribe var/bench-ingest.json. Nunca lo ejecute en producción."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sources", type=int, default=SOURCES, help="Fuentes (por omisión 50).")
        parser.add_argument("--items", type=int, default=ITEMS_PER_DAY, help="Publicaciones nuevas por fuente y día.")
        parser.add_argument(
            "--archive-size", type=int, default=ARCHIVE_SIZE, help="Recortes del archivo sintético (500.000)."
        )
        parser.add_argument("--probes", type=int, default=PROBES, help="Textos medidos en la agrupación (1.000).")
        parser.add_argument(
            "--worker-sources",
            type=int,
            default=None,
            help="Fuentes leídas por el db_worker (por omisión todas; 0 no lo mide).",
        )
        parser.add_argument("--seed", type=int, default=19, help="Semilla del sitio generado (por omisión 19).")
        parser.add_argument(
            "--output", default=None, help="Archivo JSON de resultados (por omisión var/bench-ingest.json)."
        )

    def handle(self, *args, sources, items, archive_size, probes, worker_sources, seed, output, **options):
        if connection.vendor not in ("postgresql", "sqlite"):
            raise CommandError("bench_ingest necesita PostgreSQL (o SQLite para una prueba pequeña).")
        if not 1 <= sources <= 500 or not 1 <= items <= 2000:
            raise CommandError("--sources debe estar entre 1 y 500 y --items entre 1 y 2000.")
        worker_sources = sources if worker_sources is None else max(0, min(worker_sources, sources))
        started = time.perf_counter()
        results: dict = {
            "database": connection.vendor,
            "started_at": timezone.now().isoformat(timespec="seconds"),
            "sources": sources,
            "items_per_source": items,
            "rules": len(RULES),
            "cpu_count": os.cpu_count(),
        }
        # Every source is on 127.0.0.1: the per-site pause would measure the politeness, not the work.
        with override_settings(ARCHIVE_FETCH_HOST_DELAY=0, ARCHIVE_FETCH_MAX_ITEMS=max(items, 200)):
            results["archive"] = self.fill_archive(archive_size)
            site = MediaSite(seed=seed, sources=sources, items_per_day=items).start()
            try:
                source_ids, first_day = self.prepare(site)
                results["first_day"] = first_day
                results["sequential"] = self.run_sequential(site, source_ids, first_day)
                if worker_sources:
                    results["worker"] = self.run_worker(site, source_ids[:worker_sources], first_day + 1)
                else:
                    results["worker"] = None
                results["clustering"] = self.run_probes(site, source_ids, first_day, probes)
            finally:
                site.stop()
        results["total_seconds"] = round(time.perf_counter() - started, 1)
        self.report(results, output)

    # --- the synthetic archive ---------------------------------------------------------------------

    def fill_archive(self, size: int) -> dict:
        """`size` articles with 16 random band keys each, one shared story: filled once (set-based
        SQL), topped up when a larger size is asked for, kept between runs."""
        outlet, _ = Outlet.objects.get_or_create(
            name=SYNTHETIC_OUTLET, defaults={"kind": "digital", "website": "https://sintetico.bench.invalid"}
        )
        story = Story.objects.filter(headline=SYNTHETIC_HEADLINE).order_by("pk").first()
        if story is None:
            story = Story.objects.create(headline=SYNTHETIC_HEADLINE)
        have = Article.objects.filter(story=story).count()
        info: dict = {"size": size, "already_there": have, "fill_seconds": 0.0}
        if have >= size:
            self.stdout.write(f"Archivo sintético: {_thousands(have)} recortes ya presentes, no se llena.")
        else:
            missing = size - have
            self.stdout.write(f"Llenando el archivo sintético: {_thousands(missing)} recortes × 16 huellas…")
            t0 = time.perf_counter()
            with transaction.atomic(), connection.cursor() as cursor:
                last_id = Article.objects.filter(story=story).order_by("-pk").values_list("pk", flat=True).first() or 0
                params = {"outlet": outlet.pk, "story": story.pk, "first": have + 1, "last": size, "after": last_id}
                if connection.vendor == "postgresql":
                    self._fill_postgresql(cursor, params)
                else:
                    self._fill_sqlite(cursor, params)
            info["fill_seconds"] = round(time.perf_counter() - t0, 1)
            t1 = time.perf_counter()
            with connection.cursor() as cursor:
                # VACUUM cannot run inside a transaction (the suite runs this command in one): ANALYZE can.
                vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
                if connection.vendor == "postgresql":
                    cursor.execute(f"{vacuum} archive_article")
                    cursor.execute(f"{vacuum} archive_fingerprint")
                else:
                    cursor.execute("ANALYZE")
            info["analyze_seconds"] = round(time.perf_counter() - t1, 1)
            self.stdout.write(f"  llenado en {info['fill_seconds']} s, VACUUM/ANALYZE en {info['analyze_seconds']} s")
        info["articles"] = Article.objects.count()
        info["fingerprints"] = Fingerprint.objects.count()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_total_relation_size('archive_fingerprint'), pg_relation_size('fingerprint_key_idx'),"
                    " pg_total_relation_size('archive_article')"
                )
                table, key_index, articles = cursor.fetchone()
            info["fingerprint_table_mb"] = round(table / 2**20)
            info["fingerprint_key_index_mb"] = round(key_index / 2**20)
            info["article_table_mb"] = round(articles / 2**20)
        return info

    @staticmethod
    def _fill_postgresql(cursor, params: dict) -> None:
        cursor.execute(
            """
            INSERT INTO archive_article (version, url, title, author, image_url, summary, text, from_summary,
                search_text, signature, fetched_at, state, priority, discard_reason, outlet_id, story_id)
            SELECT 1, 'https://sintetico.bench.invalid/r/' || g, 'Recorte sintético ' || g, '', '', '',
                'Texto sintético del recorte ' || g, false, 'texto sintetico del recorte ' || g, ''::bytea,
                now() - make_interval(mins => g), 'sin_regla', false, '', %(outlet)s, %(story)s
            FROM generate_series(%(first)s::int, %(last)s::int) AS g
            """,
            params,
        )
        # 16 keys per article, spread over the whole bigint range (md5: deterministic, uniform).
        cursor.execute(
            """
            INSERT INTO archive_fingerprint (key, article_id)
            SELECT ('x' || substr(md5(a.id::text || ':' || b), 1, 16))::bit(64)::bigint, a.id
            FROM archive_article AS a CROSS JOIN generate_series(0, 15) AS b
            WHERE a.story_id = %(story)s AND a.id > %(after)s
            ORDER BY a.id, b
            """,
            params,
        )

    @staticmethod
    def _fill_sqlite(cursor, params: dict) -> None:
        cursor.execute(
            """
            INSERT INTO archive_article (version, url, title, author, image_url, summary, text, from_summary,
                search_text, signature, fetched_at, state, priority, discard_reason, outlet_id, story_id)
            WITH RECURSIVE g(n) AS (SELECT %(first)s UNION ALL SELECT n + 1 FROM g WHERE n < %(last)s)
            SELECT 1, 'https://sintetico.bench.invalid/r/' || n, 'Recorte sintético ' || n, '', '', '',
                'Texto sintético del recorte ' || n, 0, 'texto sintetico del recorte ' || n, x'',
                datetime('now', '-' || n || ' minutes'), 'sin_regla', 0, '', %(outlet)s, %(story)s
            FROM g
            """,
            params,
        )
        cursor.execute(
            """
            INSERT INTO archive_fingerprint (key, article_id)
            WITH RECURSIVE b(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM b WHERE n < 15)
            SELECT random(), a.id FROM archive_article AS a CROSS JOIN b
            WHERE a.story_id = %(story)s AND a.id > %(after)s
            ORDER BY a.id, b.n
            """,
            params,
        )

    # --- outlets, sources and rules ----------------------------------------------------------------

    def prepare(self, site: MediaSite) -> tuple[list[int], int]:
        """The bench's outlets, sources (pointed at this run's port) and rules; returns the sources'
        ids in order and the first day this run serves (the days already read are skipped, so a second
        run on the same database finds new articles, not the same texts again)."""
        User = get_user_model()
        user, created = User.objects.get_or_create(username=USERNAME, defaults={"first_name": "Bench ingreso"})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        ids = []
        with transaction.atomic():
            for k in range(1, site.sources + 1):
                outlet, _ = Outlet.objects.update_or_create(
                    name=site.outlet_name(k) + OUTLET_SUFFIX,
                    defaults={"kind": "radio" if site.is_sitemap(k) else "digital", "website": site.base},
                )
                kind = SourceKind.NEWS_SITEMAP if site.is_sitemap(k) else SourceKind.FEED
                source = FeedSource.objects.filter(outlet=outlet).order_by("pk").first()
                if source is None:
                    source = FeedSource(outlet=outlet, created_by=user)
                source.kind = kind
                source.url = site.source_url(k)
                source.is_active = True
                source.interval_minutes = 30
                source.next_fetch_at = timezone.now() - timedelta(minutes=1)
                source.etag = source.last_modified = ""
                source.save()
                ids.append(source.pk)
            directorates = {}
            try:
                from gabinete.models import Directorate

                directorates = {d.slug: d for d in Directorate.objects.all()}
            except Exception:  # noqa: BLE001 - suggestions are optional here
                directorates = {}
            topic, _ = Topic.objects.get_or_create(slug="bench-ingreso", defaults={"name": "Bench de ingreso"})
            for name, query, to_inbox, priority, slugs in RULES:
                rule, made = MatchRule.objects.get_or_create(
                    name=f"{name}{OUTLET_SUFFIX}",
                    defaults={"query": query, "to_inbox": to_inbox, "priority": priority, "created_by": user},
                )
                if made:
                    rule.directorates.set([directorates[s] for s in slugs if s in directorates])
                    if priority:
                        rule.topics.set([topic])
        read = FeedSource.objects.filter(pk__in=ids).aggregate(total=Sum("items_found"))["total"] or 0
        first_day = -(-read // (site.sources * site.items_per_day))  # rounded up: a partial day is skipped
        return ids, first_day

    # --- 1. ingest ---------------------------------------------------------------------------------

    def _new_articles(self, ids: list[int], since_id: int) -> dict:
        fresh = Article.objects.filter(source_id__in=ids, pk__gt=since_id)
        total = fresh.count()
        stories = fresh.values("story").distinct().count()
        pending = fresh.filter(state=ArticleState.PENDING).count()
        matched = fresh.filter(rules__isnull=False).values("pk").distinct().count()
        hits = dict(
            Article.rules.through.objects.filter(article__in=fresh)
            .values_list("matchrule__name")
            .annotate(n=Count("pk"))
            .order_by("-n")
        )
        return {
            "stored": total,
            "in_inbox": pending,
            "matched_any_rule": matched,
            "from_summary": fresh.filter(from_summary=True).count(),
            "joined_an_existing_story": total - stories,
            "rule_hits": {name.removesuffix(OUTLET_SUFFIX): n for name, n in hits.items()},
            "rules_matching_under_5_percent": sum(1 for n in hits.values() if n < 0.05 * total)
            + len(RULES)
            - len(hits),
        }

    def run_sequential(self, site: MediaSite, ids: list[int], day: int) -> dict:
        self.stdout.write(f"Preparando el día {day} del sitio ({len(ids)} fuentes × {site.items_per_day})…")
        site.warm(day)
        site.day = day
        site.server_seconds = 0.0
        since = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.stdout.write("Lectura secuencial en este proceso…")
        outcomes = []
        per_source = []
        clock = PhaseClock()
        started = time.perf_counter()
        with clock:
            for pk in ids:
                t0 = time.perf_counter()
                outcomes.append(ingest.fetch_source(pk))
                per_source.append(time.perf_counter() - t0)
        wall = time.perf_counter() - started
        new = sum(o.new for o in outcomes)
        phases = {name: round(seconds, 2) for name, seconds in sorted(clock.seconds.items())}
        # No wrapped function calls another (the sources are feeds and news sitemaps, no sitemap index
        # whose children _list_items would fetch): the phases add up, the rest is storing.
        accounted = sum(clock.seconds.values())
        phases["store + bookkeeping (rest)"] = round(wall - accounted, 2)
        result = {
            "wall_seconds": round(wall, 1),
            "new_items": new,
            "listed": sum(o.listed for o in outcomes),
            "errors": [o.error for o in outcomes if o.error],
            "page_errors": sum(len(o.page_errors) for o in outcomes),
            "items_per_second": round(new / wall, 1) if wall else None,
            "ms_per_item": round(wall / max(new, 1) * 1000, 1),
            "slowest_source_seconds": round(max(per_source), 1),
            "phases_seconds": phases,
            "phases_ms_per_item": {k: round(v / max(new, 1) * 1000, 2) for k, v in phases.items()},
            "server_seconds": round(site.server_seconds, 2),
            "sql_per_item": {
                label: {
                    "queries": round(clock.sql_calls[label] / max(new, 1), 2),
                    "ms": round(seconds / max(new, 1) * 1000, 3),
                }
                for label, seconds in sorted(clock.sql_seconds.items(), key=lambda pair: -pair[1])
            },
            **self._new_articles(ids, since),
        }
        self.stdout.write(
            f"  {new} nuevas en {wall:.1f} s: {result['items_per_second']} publicaciones/s "
            f"({result['ms_per_item']} ms c/u)"
        )
        return result

    def run_worker(self, site: MediaSite, ids: list[int], day: int) -> dict:
        from archive import tasks

        self.stdout.write(f"Preparando el día {day} del sitio…")
        site.warm(day)
        site.day = day
        since = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        FeedSource.objects.filter(pk__in=ids).update(next_fetch_at=timezone.now() - timedelta(minutes=1))
        results = [tasks.fetch_source.enqueue(pk) for pk in ids]
        log = Path(settings.BASE_DIR) / "var" / "bench-ingest-worker.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "ARCHIVE_FETCH_HOST_DELAY": "0",
            "ARCHIVE_FETCH_MAX_ITEMS": str(max(site.items_per_day, 200)),
        }
        env.setdefault("DJANGO_SETTINGS_MODULE", "gabinete.settings_dev")
        self.stdout.write(f"Lectura con un proceso db_worker ({len(ids)} trabajos en la cola)…")
        started = time.perf_counter()
        with log.open("w") as handle:
            worker = subprocess.Popen(  # nosec B603
                [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0.1"],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=handle,
                stderr=subprocess.STDOUT,
            )
            try:
                code = worker.wait(timeout=1800)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
                code = None
        wall = time.perf_counter() - started
        from django_tasks_db.models import DBTaskResult

        rows = list(
            DBTaskResult.objects.filter(id__in=[r.id for r in results]).values(
                "status", "started_at", "finished_at", "return_value"
            )
        )
        done = [r for r in rows if r["finished_at"]]
        new = sum(r["return_value"] or 0 for r in done if isinstance(r["return_value"], int))
        busy = None
        if done:
            busy = (max(r["finished_at"] for r in done) - min(r["started_at"] for r in done)).total_seconds()
        result = {
            "exit_code": code,
            "jobs": len(results),
            "jobs_finished": len(done),
            "statuses": sorted({r["status"] for r in rows}),
            "new_items": new,
            "wall_seconds": round(wall, 1),
            "first_job_start_to_last_job_end_seconds": round(busy, 1) if busy else None,
            "items_per_second": round(new / wall, 1) if wall else None,
            "items_per_second_while_working": round(new / busy, 1) if busy else None,
            "log": str(log.relative_to(settings.BASE_DIR)),
            **self._new_articles(ids, since),
        }
        self.stdout.write(
            f"  {new} nuevas en {wall:.1f} s (proceso incluido; {result['items_per_second_while_working']} "
            f"publicaciones/s entre el primer y el último trabajo): {result['items_per_second']} publicaciones/s"
        )
        return result

    # --- 2. clustering -----------------------------------------------------------------------------

    def run_probes(self, site: MediaSite, ids: list[int], day: int, count: int) -> dict:
        """`count` texts: half near duplicates of articles stored in the sequential run (day `day`),
        half new texts (a day the site never served); each timed through signature + nearest."""
        rnd = random.Random(f"probes:{site.seed}:{day}")  # noqa: S311 - test data
        sources = range(1, site.sources + 1)
        stored_urls = set(
            Article.objects.filter(source_id__in=ids, url__startswith=site.base).values_list("url", flat=True)
        )
        texts: list[tuple[str, str]] = []
        tries = 0
        while len(texts) < count // 2 and tries < count * 20:
            tries += 1
            k, n = rnd.choice(sources), rnd.choice(site.day_items(day))
            if site.article_url(k, n) not in stored_urls:
                continue
            story = site.story(k, n)
            writer = Writer(random.Random(f"probe-copy:{k}:{n}:{tries}"))  # noqa: S311
            texts.append(("copia", f"{writer.headline()}\n" + "\n".join(writer.republish(story.paragraphs))))
        unseen = 10_000 + day
        while len(texts) < count:
            k, n = rnd.choice(sources), rnd.choice(site.day_items(unseen))
            story = site.story(k, n)
            texts.append(("nuevo", f"{story.title}\n{story.text}"))
        rnd.shuffle(texts)
        self.stdout.write(f"Agrupación: {len(texts)} textos contra {Fingerprint.objects.count():,} huellas…")
        # One warm-up probe (the connection, the first plan).
        first = clusters.signature(texts[0][1])
        clusters.nearest(first)
        totals, sigs, lookups = [], [], []
        found = {"copia": 0, "nuevo": 0}
        kinds = {"copia": 0, "nuevo": 0}
        candidates = []
        for kind, text in texts:
            t0 = time.perf_counter()
            sig = clusters.signature(text)
            t1 = time.perf_counter()
            similar, _release = clusters.nearest(sig) if sig is not None else (None, None)
            t2 = time.perf_counter()
            sigs.append((t1 - t0) * 1000)
            lookups.append((t2 - t1) * 1000)
            totals.append((t2 - t0) * 1000)
            kinds[kind] += 1
            found[kind] += similar is not None
            if sig is not None:
                candidates.append(Fingerprint.objects.filter(key__in=clusters.band_keys(sig)).count())
        result = {
            "probes": len(texts),
            "near_duplicates": kinds["copia"],
            "near_duplicates_found": found["copia"],
            "new_texts": kinds["nuevo"],
            "new_texts_matched": found["nuevo"],
            "candidate_rows_mean": round(statistics.mean(candidates), 2) if candidates else 0,
            "ms_median": round(statistics.median(totals), 2),
            "ms_p95": round(percentile(totals, 95), 2),
            "ms_max": round(max(totals), 2),
            "signature_ms_median": round(statistics.median(sigs), 2),
            "nearest_ms_median": round(statistics.median(lookups), 2),
            "nearest_ms_p95": round(percentile(lookups, 95), 2),
            "archive_fingerprints": Fingerprint.objects.count(),
            "archive_articles": Article.objects.count(),
        }
        if connection.vendor == "postgresql" and texts:
            keys = clusters.band_keys(clusters.signature(texts[0][1]))
            with connection.cursor() as cursor:
                cursor.execute(
                    "EXPLAIN (ANALYZE, BUFFERS) SELECT article_id, press_release_id FROM archive_fingerprint "
                    "WHERE key = ANY(%s)",
                    [keys],
                )
                result["plan"] = [row[0] for row in cursor.fetchall()]
        return result

    # --- the report --------------------------------------------------------------------------------

    def report(self, results: dict, output: str | None) -> None:
        seq, worker, cl, archive = results["sequential"], results["worker"], results["clustering"], results["archive"]
        ok_seq = (seq["items_per_second"] or 0) >= ITEMS_PER_SECOND_TARGET
        ok_worker = worker is None or (worker["items_per_second"] or 0) >= ITEMS_PER_SECOND_TARGET
        ok_cluster = cl["ms_p95"] < CLUSTER_MS_TARGET
        results["targets"] = {
            "items_per_second_min": ITEMS_PER_SECOND_TARGET,
            "cluster_ms_max": CLUSTER_MS_TARGET,
            "sequential_ok": ok_seq,
            "worker_ok": ok_worker,
            "clustering_ok": ok_cluster,
        }
        path = Path(output) if output else Path(settings.BASE_DIR) / "var" / "bench-ingest.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")

        def mark(ok: bool) -> str:
            return "OK" if ok else "NO CUMPLE / MISSED"

        w = self.stdout.write
        w("")
        w("=== Ingreso automático del archivo de prensa / press archive ingest (issue 19.6) ===")
        w(
            f"Base / database: {results['database']}; {results['sources']} fuentes × {results['items_per_source']} "
            f"publicaciones, {results['rules']} reglas; {results['cpu_count']} CPU"
        )
        w(
            f"Archivo / archive: {archive['articles']:,} artículos, {archive['fingerprints']:,} huellas"
            + (f" (llenado / fill {archive['fill_seconds']} s)" if archive["fill_seconds"] else " (ya estaba / kept)")
        )
        w(
            f"Secuencial, un proceso / sequential, one process: {seq['new_items']} en {seq['wall_seconds']} s = "
            f"{seq['items_per_second']} pub/s (meta ≥ {ITEMS_PER_SECOND_TARGET:g}) {mark(ok_seq)}"
        )
        for name, ms in seq["phases_ms_per_item"].items():
            w(f"    {name:<32} {ms:>7.2f} ms/pub")
        w("  SQL por publicación / per item (dentro de las etapas / inside the phases):")
        for label, figures in list(seq["sql_per_item"].items())[:8]:
            w(f"    {label:<44} {figures['queries']:>5.2f} × = {figures['ms']:>6.2f} ms")
        w(
            f"  bandeja / inbox {seq['in_inbox']}, con regla / matched {seq['matched_any_rule']}, "
            f"en historia existente / joined a story {seq['joined_an_existing_story']}, errores de página / page "
            f"errors {seq['page_errors']}"
        )
        if worker is not None:
            w(
                f"Con db_worker / through db_worker: {worker['new_items']} en {worker['wall_seconds']} s = "
                f"{worker['items_per_second']} pub/s ({worker['items_per_second_while_working']} pub/s sin el "
                f"arranque / without start-up) {mark(ok_worker)}"
            )
        w(
            f"Agrupación / clustering ({cl['probes']} textos, {cl['archive_articles']:,} artículos): mediana / median "
            f"{cl['ms_median']} ms, p95 {cl['ms_p95']} ms (meta < {CLUSTER_MS_TARGET:g}) {mark(ok_cluster)}; "
            f"firma / signature {cl['signature_ms_median']} ms, búsqueda / lookup {cl['nearest_ms_median']} ms; "
            f"copias halladas / duplicates found {cl['near_duplicates_found']}/{cl['near_duplicates']}, "
            f"nuevos agrupados / new texts matched {cl['new_texts_matched']}/{cl['new_texts']}"
        )
        w(f"Total {results['total_seconds']} s; resultados / results: {path}")
