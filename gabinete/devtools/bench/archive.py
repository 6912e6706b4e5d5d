"""Scale data and benchmark pages for the press archive (issue 9 runs them through `make bench`).

500,000 clippings at scale 1, inserted in batches of 5,000; the search vector is then filled by one SQL
UPDATE. The briefing day (ctx.today) gets 150 clippings; the rest spread over the previous three years.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import connection
from django.utils import timezone
from django.utils.text import slugify

from archive.corpus import make_citizen_report, make_story
from archive.demo import ensure_outlets
from archive.models import SEARCH_VECTOR_SQL, Clipping, Forwarding, Medium, Source, Topic, normalise
from gabinete.devtools import bench

CLIPPINGS_AT_SCALE_ONE = 500_000
BRIEFING_DAY_CLIPPINGS = 150
DAYS_BACK = 3 * 365
BATCH = 5_000


def _topics(names) -> dict[str, Topic]:
    return {name: Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0] for name in names}


@bench.generator(order=50)
def generate(ctx: bench.ScaleContext) -> None:
    from archive.corpus import CITIZEN_REPORTS, STORIES

    rnd = random.Random(5)  # noqa: S311 - scale data, not security
    total = ctx.n(CLIPPINGS_AT_SCALE_ONE)
    on_postgres = connection.vendor == "postgresql"
    outlets = ensure_outlets()
    topics = _topics({s.topic for s in STORIES} | {t for _h, _s, t in CITIZEN_REPORTS})
    units = {d.slug: d for d in (ctx.directorates or [])}
    if not units:
        from gabinete.models import Directorate

        units = {d.slug: d for d in Directorate.objects.all()}
    prensa = ctx.user("prensa")
    now = timezone.now()
    briefing_count = min(BRIEFING_DAY_CLIPPINGS, total)
    TopicLink = Clipping.topics.through
    UnitLink = Clipping.directorates.through
    made = 0
    while made < total:
        size = min(BATCH, total - made)
        batch, links = [], []
        for i in range(made, made + size):
            citizen = rnd.random() < 0.05
            story = make_citizen_report(rnd) if citizen else make_story(rnd)
            # The archive grows day by day: oldest first, so rows sit on disk in date order as in
            # production; the briefing day (today) comes last.
            older = total - briefing_count
            day = ctx.today - timedelta(days=DAYS_BACK - (i * DAYS_BACK) // max(older, 1)) if i < older else ctx.today
            outlet = None if citizen else rnd.choice(outlets)
            clipping = Clipping(
                source=Source.CITIZEN if citizen else Source.MEDIA,
                outlet=outlet,
                medium=(
                    rnd.choice([Medium.EMAIL, Medium.LETTER, Medium.SOCIAL])
                    if citizen
                    else outlet.kind
                    if outlet.kind in Medium.values
                    else Medium.DIGITAL
                ),
                published_on=day,
                headline=story["headline"],
                summary=story["summary"],
                body=story["body"],
                url="" if citizen else f"{outlet.website}/n/{i}",
                tone=story["tone"],
                reporter_name=story.get("reporter_name", ""),
                reporter_contact=story.get("reporter_contact", ""),
                created_by=prensa,
                created_at=now,
            )
            if not on_postgres:
                clipping.search_text = normalise(f"{clipping.headline}\n{clipping.summary}\n{clipping.body}")
            batch.append(clipping)
            links.append((story["topic"], story["directorates"]))
        Clipping.objects.bulk_create(batch, batch_size=BATCH)
        TopicLink.objects.bulk_create(
            [TopicLink(clipping_id=c.pk, topic_id=topics[t].pk) for c, (t, _u) in zip(batch, links, strict=True)],
            batch_size=BATCH,
        )
        UnitLink.objects.bulk_create(
            [
                UnitLink(clipping_id=c.pk, directorate_id=units[s].pk)
                for c, (_t, slugs) in zip(batch, links, strict=True)
                for s in slugs
            ],
            batch_size=BATCH,
        )
        made += size
        ctx.say(f"archive: {made:,} / {total:,} recortes")
    if on_postgres:
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE archive_clipping SET search_vector = {SEARCH_VECTOR_SQL} WHERE search_vector IS NULL"
            )  # noqa: S608 - constant SQL
            cursor.execute("ANALYZE archive_clipping, archive_clipping_directorates, archive_clipping_topics")
    # Forwardings waiting on the directorates' desks.
    recent = list(
        Clipping.objects.filter(tone="negativo").order_by("-published_on").values_list("pk", flat=True)[: ctx.n(2000)]
    )
    slugs = sorted(units)
    Forwarding.objects.bulk_create(
        [
            Forwarding(
                clipping_id=pk,
                directorate=units[slugs[n % len(slugs)]],
                request="Informar medidas adoptadas.",
                due_on=ctx.today + timedelta(days=rnd.randint(-5, 10)),
                created_by=prensa,
            )
            for n, pk in enumerate(recent)
        ],
        batch_size=BATCH,
    )


@bench.pages
def pages(ctx: bench.ScaleContext) -> list[bench.BenchPage]:
    day = ctx.today.isoformat()
    return [
        bench.BenchPage(
            "Archivo: búsqueda con ranking y resaltado", "/archivo/?q=pavimentaci%C3%B3n", "bench.prensa", 100, "search"
        ),
        bench.BenchPage(
            "Archivo: búsqueda de frase", "/archivo/?q=%22junta+de+vecinos%22+basura", "bench.prensa", 100, "search"
        ),
        bench.BenchPage(
            "Archivo: búsqueda con filtros", "/archivo/?q=sem%C3%A1foro&tono=positivo", "bench.prensa", 100, "search"
        ),
        bench.BenchPage("Archivo: listado con filtros", "/archivo/?tono=negativo&tipo=radio", "bench.prensa", 50),
        bench.BenchPage("Archivo: listado reciente", "/archivo/", "bench.prensa", 50),
        bench.BenchPage("Síntesis de prensa del día", f"/archivo/sintesis/{day}/", "bench.alcalde"),
        bench.BenchPage(
            "Síntesis de prensa del día (PDF, 150 recortes)",
            f"/archivo/sintesis/{day}/pdf/",
            "bench.alcalde",
            5000,
            "pdf",
        ),
        bench.BenchPage("Informe mensual de prensa", "/archivo/informe/", "bench.alcalde"),
    ]
