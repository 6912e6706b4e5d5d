"""Demo data: a few hundred clippings about Antofagasta's municipal services over recent months."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils.text import slugify

from communications.public import Outlet, demo_outlet
from gabinete import demo
from gabinete.business_days import add_business_days
from gabinete.models import Directorate

from .corpus import OUTLETS, make_citizen_report, make_story
from .models import Clipping, Forwarding, ForwardingStatus, Medium, Source, Topic

DEMO_CLIPPINGS = 320
DEMO_CITIZEN_REPORTS = 40
DAYS_BACK = 180


def ensure_outlets() -> list[Outlet]:
    """The local outlets the clippings point to (kept if the communications demo made them)."""
    return [demo_outlet(name=name, kind=kind, website=website) for name, kind, website in OUTLETS]


def _topic(name: str, cache: dict) -> Topic:
    if name not in cache:
        cache[name], _created = Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    return cache[name]


@demo.register(order=50)
def seed(ctx: demo.DemoContext) -> None:
    if Clipping.objects.exists():
        return
    rnd = random.Random(20260314)  # noqa: S311 - demo text, not security
    outlets = ensure_outlets()
    units = {d.slug: d for d in Directorate.objects.all()}
    topics: dict[str, Topic] = {}
    prensa = ctx.users["prensa"]
    created = []
    for i in range(DEMO_CLIPPINGS):
        story = make_story(rnd)
        outlet = rnd.choice(outlets)
        # Today and yesterday get a full briefing; older days thin out.
        day = ctx.today - timedelta(days=0 if i < 14 else 1 if i < 26 else rnd.randint(2, DAYS_BACK))
        clipping = Clipping(
            source=Source.MEDIA,
            outlet=outlet,
            medium=outlet.kind if outlet.kind in Medium.values else Medium.DIGITAL,
            published_on=day,
            headline=story["headline"],
            summary=story["summary"],
            body=story["body"],
            url=f"{outlet.website}/noticias/{day:%Y/%m/%d}/{slugify(story['headline'])[:60]}-{i}",
            section=rnd.choice(["Crónica", "Ciudad", "Actualidad", "Regional", "Informe central", ""]),
            tone=story["tone"],
            created_by=prensa,
        )
        clipping.save()
        clipping.topics.set([_topic(story["topic"], topics)])
        clipping.directorates.set([units[s] for s in story["directorates"]])
        created.append(clipping)
    for i in range(DEMO_CITIZEN_REPORTS):
        report = make_citizen_report(rnd)
        day = ctx.today - timedelta(days=0 if i < 2 else rnd.randint(1, DAYS_BACK))
        clipping = Clipping(
            source=Source.CITIZEN,
            medium=rnd.choice([Medium.EMAIL, Medium.LETTER, Medium.SOCIAL, Medium.IN_PERSON]),
            published_on=day,
            headline=report["headline"],
            summary=report["summary"],
            body=report["body"],
            tone=report["tone"],
            reporter_name=report["reporter_name"],
            reporter_contact=report["reporter_contact"],
            created_by=prensa,
        )
        clipping.save()
        clipping.topics.set([_topic(report["topic"], topics)])
        clipping.directorates.set([units[s] for s in report["directorates"]])
        created.append(clipping)
    # Forwardings: the negative items about Aseo and Tránsito, some answered, some waiting.
    wanted = {"aseo", "transito-y-transporte-publico"}
    negatives = [
        (c, unit) for c in created if c.tone == "negativo" for unit in c.directorates.all() if unit.slug in wanted
    ]
    for n, (clipping, unit) in enumerate(negatives[:12]):
        forwarding = Forwarding.objects.create(
            clipping=clipping,
            directorate=unit,
            request="Informar qué medidas se tomarán y una fecha comprometida para responder a los vecinos.",
            due_on=add_business_days(ctx.today, 5) if n < 8 else ctx.today - timedelta(days=2),
            created_by=prensa,
        )
        if n in (0, 1, 8):
            forwarding.answer = (
                "Se reforzó el servicio en el sector y se coordinó una visita en terreno con la junta de vecinos."
            )
            forwarding.status = ForwardingStatus.ANSWERED
            forwarding.answered_by = ctx.users["director.aseo" if unit.slug == "aseo" else "director.transito"]
            forwarding.answered_at = clipping.created_at
            forwarding.save()
    ctx.say(f"archive: {len(created)} recortes y reportes vecinales de demostración.")


from . import ingest_demo  # noqa: E402, F401  (registers the sources, rules and inbox of the demo, after the clippings)
