"""Scale data for `make bench`: 30,000 published press releases at scale 1, and the public pages
whose median must stay under 30 ms (news list, one release page, the RSS feed)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Max
from django.utils import timezone

from communications.models import PressRelease, ReleaseStatus
from communications.public_views import PAGE_SIZE
from gabinete.devtools import bench
from gabinete.richtext import sanitize_html

RELEASES_AT_SCALE_ONE = 30_000
BATCH = 5_000
BODY = (
    "<p>La Municipalidad de Antofagasta informa a la comunidad sobre la actividad realizada.</p>"
    "<h2>Detalles</h2><p>Participaron vecinas y vecinos del sector, junto a equipos municipales.</p>"
    "<ul><li>Lugar: sede vecinal</li><li>Horario: 10:00 a 13:00</li></ul>"
)


LEAD = "Resumen de la actividad municipal informada a la comunidad de Antofagasta."


@bench.generator(order=40)
def generate(ctx: bench.ScaleContext) -> None:
    wanted = ctx.n(RELEASES_AT_SCALE_ONE)
    have = PressRelease.objects.filter(slug__startswith="bench-").count()
    if have >= wanted:
        return
    author = ctx.user("prensa")
    tz = timezone.get_current_timezone()
    start_day = ctx.today - timedelta(days=1)
    body_html = sanitize_html(BODY)
    rows = []
    for i in range(have, wanted):
        # Eight a day, going back in time from yesterday.
        day = start_day - timedelta(days=i // 8)
        published = timezone.make_aware(datetime.combine(day, time(8 + i % 8, 15)), tz)
        rows.append(
            PressRelease(
                title=f"Comunicado municipal número {i + 1}",
                slug=f"bench-{i + 1:06d}",
                lead=LEAD,
                body=BODY,
                body_html=body_html,
                search_text=PressRelease.search_copy(f"Comunicado municipal número {i + 1}", LEAD, body_html),
                author=author,
                status=ReleaseStatus.PUBLISHED,
                published_at=published,
                created_at=published - timedelta(hours=2),
                tags="municipio, bench",
            )
        )
        if len(rows) >= BATCH:
            PressRelease.objects.bulk_create(rows, batch_size=BATCH)
            rows = []
    if rows:
        PressRelease.objects.bulk_create(rows, batch_size=BATCH)
    ctx.say(f"communications: {wanted - have} comunicados publicados")


@bench.pages
def pages(ctx: bench.ScaleContext) -> list[bench.BenchPage]:
    newest = PressRelease.objects.public().filter(slug__startswith="bench-").aggregate(m=Max("published_at"))["m"]
    release = (
        PressRelease.objects.public().filter(slug__startswith="bench-", published_at=newest).first() if newest else None
    )
    deep = max(1, min(50, ctx.n(RELEASES_AT_SCALE_ONE) // PAGE_SIZE))
    found = [
        bench.BenchPage("Noticias públicas (lista)", "/noticias/", None, target_ms=30),
        bench.BenchPage(f"Noticias públicas (página {deep})", f"/noticias/?pagina={deep}", None, target_ms=30),
        bench.BenchPage("Feed RSS de noticias", "/noticias/rss/", None, target_ms=30, kind="feed"),
        bench.BenchPage("Feed Atom de noticias", "/noticias/atom/", None, target_ms=30, kind="feed"),
    ]
    if release is not None:
        found.insert(1, bench.BenchPage("Comunicado público", release.get_public_url(), None, target_ms=30))
    return found
