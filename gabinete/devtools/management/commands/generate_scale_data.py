import random
import time

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from gabinete.devtools import bench
from gabinete.management.base import DevelopmentOnlyCommand


class Command(DevelopmentOnlyCommand):
    help = (
        "Llena la base de datos con datos generados a escala para medir el rendimiento (make bench). "
        "--scale 1 es la meta del issue 9 (400 usuarios, 40.000 eventos, 500.000 recortes...); "
        "--scale 0.01 sirve para probar. Primero crea los usuarios bench.* (clave en "
        "gabinete.devtools.bench.BENCH_PASSWORD) y luego ejecuta, en orden y cronometrado, el generador de cada "
        "aplicación (gabinete/devtools/bench/<app>.py). Exige PostgreSQL (DATABASE_URL); --permitir-sqlite lo permite en "
        "SQLite para pruebas pequeñas. Se niega si la base ya tiene datos de rendimiento (usuarios "
        "bench.*), salvo con --agregar, que añade otra tanda encima, o --si-faltan, que entonces no hace nada. Nunca lo ejecute en producción."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Escala de los datos (1 = tamaño meta; por omisión 1)."
        )
        parser.add_argument(
            "--agregar",
            "--append",
            dest="append",
            action="store_true",
            help="Continuar aunque ya existan datos de rendimiento (añade más filas).",
        )
        parser.add_argument(
            "--si-faltan",
            "--if-missing",
            dest="if_missing",
            action="store_true",
            help="Si ya hay datos de rendimiento, no hacer nada (para make bench).",
        )
        parser.add_argument(
            "--permitir-sqlite",
            "--allow-sqlite",
            dest="allow_sqlite",
            action="store_true",
            help="Permitir SQLite (solo para pruebas a escala pequeña).",
        )
        parser.add_argument(
            "--semilla",
            "--seed",
            dest="seed",
            type=int,
            default=2026,
            help="Semilla aleatoria, para repetir los mismos datos (por omisión 2026).",
        )

    def handle(self, *args, scale, append, allow_sqlite, seed, if_missing=False, **options):
        if not 0 < scale <= 10:
            raise CommandError("--scale debe ser mayor que 0 y como máximo 10.")
        if connection.vendor != "postgresql" and not allow_sqlite:
            raise CommandError(
                "generate_scale_data necesita PostgreSQL: defina DATABASE_URL=postgres://… "
                "(o use --permitir-sqlite para una prueba pequeña)."
            )
        User = get_user_model()
        has_data = User.objects.filter(username__startswith="bench.").exists()
        if has_data and if_missing and not append:
            self.stdout.write("La base ya tiene datos de rendimiento: no se generan de nuevo.")
            return
        if has_data and not append:
            raise CommandError(
                "La base ya tiene datos de rendimiento (usuarios bench.*). Use una base nueva o "
                "--agregar para añadir otra tanda."
            )
        random.seed(seed)  # noqa: S311 - test data, not secrets
        ctx = bench.ScaleContext(scale=scale, today=timezone.localdate(), stdout=self.stdout)
        started = time.perf_counter()
        with transaction.atomic():
            # One director and one enlace per directorate always exist: at least 50 users.
            bench.ensure_bench_users(ctx, total=max(ctx.n(400), 50))
        self.stdout.write(f"  usuarios bench.*: {len(ctx.users)} ({time.perf_counter() - started:.1f} s)")
        for generator in bench.generators():
            label = f"{generator.__module__}.{generator.__name__}"
            t0 = time.perf_counter()
            with transaction.atomic():
                generator(ctx)
            self.stdout.write(f"  {label}: {time.perf_counter() - t0:.1f} s")
        if connection.vendor == "postgresql":
            t0 = time.perf_counter()
            # What autovacuum does to a live database: visibility map and hint bits set, statistics
            # fresh. Without it the first reads of freshly loaded rows pay for that work and the
            # figures describe a database nobody runs.
            # VACUUM cannot run inside a transaction (a test's): ANALYZE alone there.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            with connection.cursor() as cursor:
                cursor.execute(command)
            self.stdout.write(f"  {command}: {time.perf_counter() - t0:.1f} s")
        total = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Datos de rendimiento a escala {scale:g} generados en {total:.1f} s "
                f"({len(bench.generators())} generadores)."
            )
        )
