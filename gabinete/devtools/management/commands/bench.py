import os
import platform
import subprocess  # nosec B404
import time
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from gabinete.devtools import bench
from gabinete.devtools.bench import pdfcost, points, runner


class Command(BaseCommand):
    help = (
        "Mide el rendimiento de las páginas clave (make bench). Exige PostgreSQL (DATABASE_URL) con datos "
        "de generate_scale_data. Recolecta los estáticos en var/, levanta gunicorn con DEBUG=False en "
        "127.0.0.1 (puerto libre), abre sesiones de los usuarios bench.* y mide cada página de las "
        "aplicaciones (gabinete/devtools/bench/<app>.py) con muchas peticiones: mediana, percentil 95, consultas SQL por "
        "petición y razón respecto de una vista trivial medida en la misma corrida. Luego mide con wrk el "
        "rendimiento de la página pública de transparencia junto a un archivo estático. Imprime una sección por "
        "punto 7 a 11 del issue 15 (PDF pedidos por POST y su trabajo frente a WeasyPrint solo; el Informe de "
        "Gestión a 1× y 3× indicadores; páginas internas; carga con trabajos en workers reales a nice 10 y 0; "
        "cada página pública frente a la vista trivial) y escribe todo en var/bench/results.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            metavar="NOMBRE",
            help="Medir solo las páginas cuyo nombre o ruta contiene NOMBRE (repetible).",
        )
        parser.add_argument(
            "--quick",
            "--rapido",
            dest="quick",
            action="store_true",
            help="Modo rápido: menos peticiones y carga de 5 s (para probar el comando).",
        )
        parser.add_argument(
            "--requests",
            type=int,
            default=None,
            help="Peticiones medidas por página (por omisión 100; PDF 10; --quick 20/3).",
        )
        parser.add_argument("--workers", type=int, default=2, help="Procesos de gunicorn (1 a 8; por omisión 2).")
        parser.add_argument(
            "--no-load", dest="no_load", action="store_true", help="No medir la carga concurrente con wrk."
        )
        parser.add_argument(
            "--load-seconds",
            type=int,
            default=None,
            help="Duración de cada medición de carga (por omisión 30 s; --quick 5 s).",
        )
        parser.add_argument(
            "--connections", type=int, default=50, help="Conexiones concurrentes de wrk (por omisión 50; máximo 200)."
        )
        parser.add_argument(
            "--public-seconds",
            type=int,
            default=None,
            help="Duración de la carga en cada página pública, punto 11 (por omisión 10 s; --quick 3 s).",
        )
        parser.add_argument(
            "--no-pdf-cost",
            dest="no_pdf_cost",
            action="store_true",
            help="No medir el costo de los trabajos PDF ni el Informe de Gestión en este proceso (puntos 7 y 8).",
        )
        parser.add_argument(
            "--no-triple",
            dest="no_triple",
            action="store_true",
            help="No medir el Informe de Gestión con 3× los indicadores (transacción que se deshace).",
        )
        parser.add_argument("--strict", action="store_true", help="Terminar con error si alguna meta no se cumple.")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql" or not os.environ.get("DATABASE_URL"):
            raise CommandError(
                "make bench necesita PostgreSQL: defina DATABASE_URL=postgres://usuario@127.0.0.1:5432/base "
                "y cargue datos con `python manage.py generate_scale_data --scale 1`."
            )
        quick = options["quick"]
        workers = options["workers"]
        connections = options["connections"]
        if not 1 <= workers <= 8 or not 1 <= connections <= 200:
            raise CommandError("--workers debe estar entre 1 y 8, y --connections entre 1 y 200.")
        requests = options["requests"] or (20 if quick else 100)
        if not 1 <= requests <= 2000:
            raise CommandError("--requests debe estar entre 1 y 2000.")
        pdf_requests = min(requests, 3 if quick else 10)
        load_seconds = options["load_seconds"] or (5 if quick else 30)
        public_seconds = options["public_seconds"] or (3 if quick else 10)
        if not 1 <= load_seconds <= 300 or not 1 <= public_seconds <= 300:
            raise CommandError("--load-seconds y --public-seconds deben estar entre 1 y 300.")

        User = get_user_model()
        users = {u.username: u for u in User.objects.filter(username__startswith="bench.", is_active=True)}
        if "bench.gabinete" not in users:
            raise CommandError(
                "No hay usuarios bench.*: ejecute antes `python manage.py generate_scale_data --scale 1`."
            )
        ctx = bench.ScaleContext(scale=0, today=timezone.localdate(), users=users)
        pages = runner.select_pages(runner.collect_pages(ctx), options["only"])
        if options["only"] and not pages:
            raise CommandError(f"Ninguna página coincide con {options['only']}.")
        unknown = sorted({p.username for p in pages if p.username and p.username not in users})
        if unknown:
            raise CommandError(f"Faltan usuarios de rendimiento: {', '.join(unknown)}")

        port = runner.free_port()
        env = runner.server_environment(port)
        out_dir = settings.VAR_DIR / "bench"
        out_dir.mkdir(parents=True, exist_ok=True)
        if runner.static_up_to_date():
            self.stdout.write(f"Archivos estáticos al día en {settings.STATIC_ROOT}.")
        else:
            self.stdout.write(f"Recolectando archivos estáticos en {settings.STATIC_ROOT} (puede tardar minutos)…")
            runner.collectstatic(env)
        self.stdout.write(f"Iniciando gunicorn en http://{runner.HOST}:{port}/ ({workers} procesos)…")
        server = runner.start_gunicorn(port, workers, env, out_dir / "gunicorn.log")
        started = time.monotonic()
        sections: list[points.Section] = []
        job_pages = self._load_job_pages(ctx)
        csrf = runner.csrf_secret()
        try:
            runner.wait_until_ready(port, server)
            wanted_users = {p.username for p in pages if p.username} | {u for _p, u in job_pages}
            cookies = {name: runner.session_cookie(users[name]) for name in wanted_users if name in users}
            trivial_n = 50 if quick else 200
            trivial_before = runner.measure(port, runner.TRIVIAL_PATH, None, warmup=10, requests=trivial_n, budget_s=60)
            rows = []
            for page in pages:
                cookie = cookies.get(page.username)
                heavy = page.kind == "pdf"
                n = pdf_requests if heavy else requests
                if heavy and runner.is_job_page(port, page.path, cookie):
                    # Prepared in the background: time the POST that starts the job (what people wait for).
                    self.stdout.write(f"  {page.name}: POST {page.path} como {page.username} ({requests} trabajos)…")
                    timing, ids = runner.measure_job_requests(
                        port, page.path, cookie, warmup=1, requests=requests, csrf=csrf
                    )
                    runner.discard_jobs(ids)
                    rows.append(runner.Row(page, timing, None, "job"))
                    continue
                self.stdout.write(f"  {page.name}: {page.path} como {page.username or 'anónimo'} ({n} peticiones)…")
                queries, status = runner.count_queries(page.path, cookie)
                timing = runner.measure(
                    port, page.path, cookie, warmup=1 if heavy else 3, requests=n, budget_s=120 if heavy else 60
                )
                rows.append(runner.Row(page, timing, queries, status))
            trivial_after = runner.measure(port, runner.TRIVIAL_PATH, None, warmup=3, requests=trivial_n, budget_s=60)
            trivial = runner.Timing(
                trivial_before.samples + trivial_after.samples, trivial_before.statuses | trivial_after.statuses
            )
            for row in rows:
                if row.timing and row.timing.samples and trivial.median:
                    row.ratio = row.timing.median / trivial.median
            pdf_rows = [r for r in rows if r.page.kind == "pdf"]
            costs, informe = [], None
            if pdf_rows and not options["no_pdf_cost"]:
                self.stdout.write("Puntos 7 y 8: costo de cada trabajo PDF frente a WeasyPrint solo (en este proceso)…")
                costs = pdfcost.measure(
                    [r.page for r in pdf_rows], users, repeat=1 if quick else 3, say=self.stdout.write
                )
                report = next((r.page for r in pdf_rows if r.page.path.startswith("/indicadores/informe.pdf")), None)
                if report is not None:
                    year, up_to = self._report_params(report.path)
                    self.stdout.write(
                        f"Punto 7: Informe de Gestión {year} (hasta el mes {up_to}), 1× y 3× indicadores…"
                    )
                    informe = points.informe_figures(year, up_to, triple=not options["no_triple"])
            if pdf_rows:
                sections += points.section_7_8(pdf_rows, trivial, costs, informe)
            sections.append(points.section_9(rows))
            load_text = ""
            ratio = None
            if not options["no_load"]:
                public = "/transparencia-activa/"
                self.stdout.write(
                    f"Carga: {connections} conexiones durante {load_seconds} s en {public}, en un estático y en la vista trivial…"
                )
                page_load = runner.run_wrk(port, public, connections=connections, seconds=load_seconds)
                static_load = runner.run_wrk(
                    port, runner.static_probe_path(), connections=connections, seconds=load_seconds
                )
                trivial_load = runner.run_wrk(port, runner.TRIVIAL_PATH, connections=connections, seconds=load_seconds)
                load_text, ratio = runner.load_table(page_load, static_load, connections, load_seconds, trivial_load)
                runs = []
                if all(u in cookies for _p, u in job_pages):
                    for nice in (10, 0):
                        self.stdout.write(
                            f"Punto 10: carga en {public} con dos Informes y dos nóminas en workers a nice {nice}…"
                        )
                        runs.append(
                            points.load_under_jobs(
                                port,
                                env,
                                out_dir / "workers.log",
                                job_pages=job_pages,
                                cookies=cookies,
                                csrf=csrf,
                                nice=nice,
                                connections=connections,
                                seconds=load_seconds,
                                path=public,
                            )
                        )
                sections.append(points.section_10(page_load, runs, connections, load_seconds))
                self.stdout.write(
                    f"Punto 11: cada página pública frente a la vista trivial ({public_seconds} s cada una)…"
                )
                first = runner.run_wrk(port, runner.TRIVIAL_PATH, connections=connections, seconds=public_seconds)
                measured = [
                    (name, runner.run_wrk(port, path, connections=connections, seconds=public_seconds))
                    for name, path in points.public_paths(rows)
                ]
                last = runner.run_wrk(port, runner.TRIVIAL_PATH, connections=connections, seconds=public_seconds)
                sections.append(points.section_11(measured, first, last, connections, public_seconds))
        finally:
            runner.stop(server)
            runner.end_sessions(cookies.values() if "cookies" in locals() else [])

        table = runner.markdown_table(rows, trivial)
        header = self._header(workers, requests, time.monotonic() - started, trivial_before, trivial_after)
        report = f"{header}\n\n{table}\n"
        if load_text:
            report += f"\n{load_text}\n"
        for section in sections:
            report += f"\n{section.text()}\n"
        (out_dir / "results.md").write_text(report, encoding="utf-8")
        self.stdout.write("")
        self.stdout.write(report)
        self.stdout.write(self.style.SUCCESS(f"Resultados escritos en {out_dir / 'results.md'}"))
        missed = [r for r in rows if r.verdict != "cumple" and r.verdict != "—"]
        if ratio is not None and ratio < 0.5:
            missed.append(None)
        missed += [None] * sum(s.missed for s in sections)
        if options["strict"] and missed:
            raise CommandError(f"{len(missed)} metas no se cumplen (o dieron error).")

    @staticmethod
    def _report_params(path: str) -> tuple[int, int]:
        from urllib.parse import parse_qs, urlsplit

        query = parse_qs(urlsplit(path).query)
        year = int(query.get("anio", [timezone.localdate().year - 1])[0])
        return year, int(query.get("hasta", [12])[0])

    @staticmethod
    def _load_job_pages(ctx) -> list[tuple[str, str]]:
        """The jobs of point 10, as people ask for them: two Informes de Gestión (different months, so
        neither is the other's cached copy) and two nóminas."""
        year = ctx.today.year - 1
        return [
            (f"/indicadores/informe.pdf?anio={year}&hasta=12", "bench.administrador"),
            (f"/indicadores/informe.pdf?anio={year}&hasta=11", "bench.administrador"),
            ("/nomina.pdf", "bench.enlace.aseo"),
            ("/nomina.pdf", "bench.director.aseo"),
        ]

    def _header(self, workers, requests, elapsed, before, after) -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COALESCE(SUM(n_live_tup), 0) FROM pg_stat_user_tables")
            rows = int(cursor.fetchone()[0])
        try:
            commit = (
                subprocess.run(
                    ["git", "rev-parse", "--short", "HEAD"],
                    cwd=settings.BASE_DIR,
                    capture_output=True,
                    text=True,
                    timeout=10,
                    check=False,
                ).stdout.strip()
                or "?"
            )
        except OSError:
            commit = "?"
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        return "\n".join(
            [
                "# Rendimiento de Gabinete (make bench)",
                "",
                f"- Fecha: {datetime.now().astimezone():%d-%m-%Y %H:%M} · commit {commit} · "
                f"{platform.python_implementation()} {platform.python_version()} · {os.cpu_count()} núcleos "
                f"(carga {load})",
                f"- Servidor: gunicorn, {workers} procesos, DEBUG=False, PostgreSQL "
                f"`{connection.settings_dict['NAME']}` con ~{runner._ms(rows, 0)} filas",
                f"- {requests} peticiones secuenciales por página (PDF: menos) tras un calentamiento; "
                f"vista trivial: mediana {runner._ms(before.median)} ms al inicio y {runner._ms(after.median)} ms "
                f"al final; duración {elapsed:.0f} s",
            ]
        )
