"""Scale data for `make bench`: 13 art. 7 items × 22 directorates × 120 months of publications at
scale 1 (one bench sub-section per item and directorate), and the public pages' 30 ms targets."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from gabinete.devtools import bench
from transparency.compliance import due_date
from transparency.models import Item, Publication, Section, Status, default_reported_through


def _months_back(today: date, count: int) -> list[date]:
    out, p = [], today.replace(day=1)
    for _i in range(count):
        p = (p - timedelta(days=1)).replace(day=1)
        out.append(p)
    return out


@bench.generator(order=70)
def generate(ctx: bench.ScaleContext) -> None:
    if Section.objects.filter(slug__startswith="bench-").exists():
        return
    items = list(Item.objects.exclude(letter="diario-oficial").order_by("order"))[:13]
    directorates = ctx.directorates[: max(1, min(22, ctx.n(22)))]
    months = _months_back(ctx.today, max(1, min(120, ctx.n(120))))
    Section.objects.bulk_create(
        [
            Section(
                item=item,
                slug=f"bench-{d.slug}"[:80],
                name=f"Dotación y antecedentes — {d.display_name}",
                content_kind="tabla",
                directorate=d,
                order=100 + n,
            )
            for item in items
            for n, d in enumerate(directorates)
        ]
    )
    sections = list(Section.objects.filter(slug__startswith="bench-").select_related("item", "directorate"))
    columns = [
        {"key": "concepto", "label": "Concepto", "kind": "texto"},
        {"key": "monto", "label": "Monto", "kind": "monto"},
    ]
    dues = {m: due_date(m.year, m.month) for m in months}
    batch: list[Publication] = []
    total = 0
    for section in sections:
        enlace = ctx.user("enlace", section.directorate.slug)
        for i, month in enumerate(months):
            published = timezone.make_aware(datetime.combine(dues[month] - timedelta(days=(i % 4)), time(12)))
            if i % 11 == 0:
                kind, rows = Publication.NO_MOVEMENT, []
            else:
                kind, rows = "tabla", [["Remuneraciones", 1_000_000 + i * 1000], ["Honorarios", 350_000 + i * 700]]
            batch.append(
                Publication(
                    section=section,
                    item_id=section.item_id,
                    period=month,
                    reported_through=default_reported_through(month),
                    number=1,
                    directorate_id=section.directorate_id,
                    status=Status.PUBLISHED,
                    kind=kind,
                    table_columns=columns if rows else [],
                    table_rows=rows,
                    search_text=f"{section.item.name} {section.name} remuneraciones honorarios".lower(),
                    prepared_by=enlace,
                    prepared_at=published,
                    sent_at=published,
                    approved_at=published,
                    published_at=published,
                )
            )
            if len(batch) >= 5000:
                Publication.objects.bulk_create(batch)
                total += len(batch)
                batch = []
    Publication.objects.bulk_create(batch)
    total += len(batch)
    latest = {
        row["section_id"]: row["id"]
        for row in Publication.objects.filter(section__in=sections, period=months[0]).values("section_id", "id")
    }
    for section in sections:
        section.current_publication_id = latest.get(section.pk)
        section.last_published_at = timezone.now()
    Section.objects.bulk_update(sections, ["current_publication", "last_published_at"], batch_size=1000)
    Item.objects.filter(pk__in=[i.pk for i in items]).update(last_published_at=timezone.now())
    from transparency.services import invalidate_public_cache

    invalidate_public_cache()
    ctx.say(f"transparency: {len(sections)} sub-secciones, {total} publicaciones")


@bench.pages
def pages(ctx: bench.ScaleContext) -> list[bench.BenchPage]:
    last = _months_back(ctx.today, 1)[0]
    return [
        bench.BenchPage("Transparencia Activa (pública)", "/transparencia-activa/", None, target_ms=30),
        bench.BenchPage("Ítem d) (público)", "/transparencia-activa/d/", None, target_ms=30),
        bench.BenchPage(
            "Ítem d) mes (público)", f"/transparencia-activa/d/{last.year}/{last.month}/", None, target_ms=30
        ),
        bench.BenchPage("Búsqueda Transparencia Activa", "/transparencia-activa/?q=honorarios", None, kind="search"),
        bench.BenchPage("Panel de cumplimiento", "/transparencia/cumplimiento/", "bench.gabinete"),
        bench.BenchPage(
            "Informe de cumplimiento PDF",
            f"/transparencia/cumplimiento/{last.year}/{last.month}/informe.pdf",
            "bench.administrador",
            kind="pdf",
        ),
    ]
