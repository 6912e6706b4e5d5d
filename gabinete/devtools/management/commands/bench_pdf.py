from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from gabinete.devtools import bench
from gabinete.devtools.bench import pdfcost, runner


class Command(BaseCommand):
    help = (
        "Mide, para cada PDF del banco de pruebas, el camino completo (vista, selector, plantilla y "
        "gabinete/pdf.py) frente a WeasyPrint solo con el mismo HTML, e imprime la razón (meta: 1,2 como "
        "máximo). En este proceso, sin gunicorn. Necesita los datos de generate_scale_data y los estáticos "
        "recolectados (o DEBUG=true)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", action="append", default=[], metavar="NOMBRE", help="Solo estos PDF.")
        parser.add_argument("--repeat", type=int, default=3, help="Mediciones por PDF (por omisión 3).")

    def handle(self, *args, only, repeat, **options):
        if connection.vendor != "postgresql":
            raise CommandError("bench_pdf necesita PostgreSQL con datos de generate_scale_data.")
        users = {u.username: u for u in get_user_model().objects.filter(username__startswith="bench.")}
        if "bench.gabinete" not in users:
            raise CommandError("No hay usuarios bench.*: ejecute antes `python manage.py generate_scale_data`.")
        ctx = bench.ScaleContext(scale=0, today=timezone.localdate(), users=users)
        pages = [p for p in runner.select_pages(runner.collect_pages(ctx), only) if p.kind == "pdf"]
        if not pages:
            raise CommandError("Ningún PDF coincide.")
        results = pdfcost.measure(pages, users, repeat=max(repeat, 1), say=self.stdout.write)
        self.stdout.write("")
        self.stdout.write(pdfcost.markdown_table(results))
