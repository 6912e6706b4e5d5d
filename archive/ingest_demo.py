"""Demo data for the archive that fills itself: the local media's sources, four rules, and an inbox
with what a morning's fetch would leave (a story told by three outlets, the reprint of one of the
municipality's press releases, a priority complaint). Nothing is fetched while seeding.

The sources point at the outlets' real addresses and are seeded paused, so a demo does not read the
media's sites until someone presses «Reactivar»; one is active and failing for two days, to show how
Mi escritorio reports it (without internet it keeps failing, as it would)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from communications.public import published_release_ids, release_texts
from gabinete import demo
from gabinete.models import Directorate

from . import clusters, ingest
from .corpus import OUTLETS, STORIES, make_story
from .demo import ensure_outlets
from .feeds import Item
from .models import FeedSource, MatchRule, SourceKind, Topic

SOURCES = {
    "El Mercurio de Antofagasta": (SourceKind.FEED, "/rss/portada.xml"),
    "La Estrella de Antofagasta": (SourceKind.FEED, "/rss/portada.xml"),
    "Soy Antofagasta": (SourceKind.NEWS_SITEMAP, "/antofagasta/sitemap-news.xml"),
    "Radio Bío-Bío Antofagasta": (SourceKind.FEED, "/lista/antofagasta/feed/"),
    "Timeline Antofagasta": (SourceKind.SITEMAP, "/sitemap_index.xml"),
}
RULES = [
    ("Administración municipal", 'alcalde OR municipio OR "municipalidad de antofagasta"', False, (), ()),
    ("Aseo y basura", "basura OR microbasural OR escombros", True, ("aseo",), ("Recolección de basura",)),
    ("Tránsito", "transito OR semaforo OR congestion", False, ("transito-y-transporte-publico",), ("Tránsito",)),
    ("Obras y pavimentos", "socavon OR bache OR pavimentacion", False, ("obras-municipales",), ("Pavimentación",)),
]


def _edit(text: str, rnd: random.Random) -> str:
    """A republication: the same text with a sentence of the outlet's own at the start."""
    lead = rnd.choice(["Según informó la autoridad comunal,", "Durante la jornada de este lunes,", "En Antofagasta,"])
    return f"{lead} {text[0].lower()}{text[1:]}"


@demo.register(order=55)
def seed(ctx: demo.DemoContext) -> None:
    if FeedSource.objects.exists():
        return
    rnd = random.Random(19)  # noqa: S311 - demo text, not security
    prensa = ctx.users["prensa"]
    outlets = {o.name: o for o in ensure_outlets()}
    # The communications demo may have made the outlet without its website: the corpus has it.
    websites = {name: website for name, _kind, website in OUTLETS}
    now = timezone.now()
    sources = {}
    for name, (kind, path) in SOURCES.items():
        outlet = outlets[name]
        failing = name == "Timeline Antofagasta"
        sources[name] = FeedSource.objects.create(
            outlet=outlet,
            kind=kind,
            url=f"{outlet.website or websites[name]}{path}",
            is_active=failing,
            created_by=prensa,
            last_fetched_at=now - timedelta(minutes=20),
            last_success_at=None if failing else now - timedelta(minutes=20),
            failing_since=now - timedelta(days=2) if failing else None,
            consecutive_failures=96 if failing else 0,
            last_error="No se pudo conectar con el sitio." if failing else "",
            next_fetch_at=now + timedelta(minutes=30),
        )
    units = {d.slug: d for d in Directorate.objects.all()}
    for name, query, priority, slugs, topic_names in RULES:
        rule = MatchRule.objects.create(name=name, query=query, priority=priority, created_by=prensa)
        rule.directorates.set([units[s] for s in slugs if s in units])
        rule.topics.set([Topic.objects.get_or_create(slug=slugify(t), defaults={"name": t})[0] for t in topic_names])
    rules = ingest.RuleSet.load()
    clusters.index_releases()

    def found(source_name: str, title: str, text: str, hours_ago: int, n: int) -> None:
        source = sources[source_name]
        url = f"{websites[source_name]}/noticias/{slugify(title)[:70]}-{n}"
        item = Item(
            url=url, title=title, summary=text.split(". ")[0] + ".", published_at=now - timedelta(hours=hours_ago)
        )
        extracted = ingest.Extracted(
            title=title, text=text, author=rnd.choice(["Redacción", "Camila Rojas", "Pedro Soto"])
        )
        if ingest.store_article(source=source, url=url, item=item, extracted=extracted, rules=rules):
            FeedSource.objects.filter(pk=source.pk).update(
                items_found=F("items_found") + 1, last_new_items=F("last_new_items") + 1
            )

    # One story per subject (the texts of one corpus template are near duplicates of each other).
    stories: dict[str, dict] = {}
    while len(stories) < min(8, len({s.topic for s in STORIES})):
        story = make_story(rnd)
        stories.setdefault(story["topic"], story)
    names = list(SOURCES)[:4]
    for n, story in enumerate(stories.values()):
        text = f"{story['summary']} {story['body']}".replace("\n\n", " ")
        found(names[n % len(names)], story["headline"], text, hours_ago=2 + n, n=n)
        if n < 2:  # two stories told by other outlets too
            for k, other in enumerate(names[1:3] if n == 0 else names[2:3]):
                found(other, story["headline"], _edit(text, rnd), hours_ago=1 + n, n=100 + 10 * n + k)
    # A press release printed almost verbatim.
    for pk, text in list(release_texts(published_release_ids()).items())[:1]:
        title, _lead, body = (text.split("\n", 2) + ["", ""])[:3]
        found("Radio Bío-Bío Antofagasta", title, f"{body} Más información en el sitio del municipio.", 1, 200 + pk)
    ctx.say("archive: fuentes de noticias, reglas y una bandeja de prensa de demostración.")
