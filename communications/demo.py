"""Demo data: outlets and journalists of Antofagasta, a few months of published releases, some
drafts in the workflow, and support requests from directorates."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from gabinete import demo
from gabinete.models import Directorate, Membership, Role

from .models import (
    Journalist,
    Outlet,
    OutletKind,
    PressRelease,
    ReleaseStatus,
    ReleaseStep,
    SupportComment,
    SupportKind,
    SupportRequest,
    SupportStatus,
)

OUTLETS = [
    ("El Mercurio de Antofagasta", OutletKind.PRESS, "prensa@mercurioantofagasta.example"),
    ("La Estrella del Norte", OutletKind.PRESS, "redaccion@estrellanorte.example"),
    ("Radio Bío-Bío Antofagasta", OutletKind.RADIO, "antofagasta@radiobiobio.example"),
    ("Radio Canal Norte", OutletKind.RADIO, "prensa@canalnorte.example"),
    ("Antofagasta TV", OutletKind.TV, "noticias@atv.example"),
    ("Canal Regional 3", OutletKind.TV, "prensa@regional3.example"),
    ("Soy Antofagasta", OutletKind.DIGITAL, "contacto@soyantofagasta.example"),
    ("Timeline Antofagasta", OutletKind.DIGITAL, "editor@timeline.example"),
    ("Agencia Nacional de Noticias", OutletKind.AGENCY, "regiones@agencia.example"),
]
JOURNALISTS = [
    ("Claudia", "Ramírez Toro", 0, "Ciudad y municipio"),
    ("Sebastián", "Vega Olivares", 0, "Política regional"),
    ("Paula", "Cortés Alvarado", 1, "Crónica"),
    ("Ignacio", "Bravo Leiva", 2, "Noticias"),
    ("Fernanda", "Tapia Rivera", 3, "Matinal"),
    ("Tomás", "Gallardo Núñez", 4, "Prensa"),
    ("Javiera", "Espinoza Rojas", 5, "Regional"),
    ("Martín", "Carrasco Peña", 6, "Ciudad"),
    ("Antonia", "Saavedra Díaz", 7, "Redes y ciudad"),
    ("Benjamín", "Orellana Soto", 8, "Regiones"),
]
TOPICS = [
    (
        "Municipalidad inicia operativo de limpieza en el sector norte",
        "aseo",
        "El operativo retirará microbasurales en diez poblaciones del sector norte durante el mes.",
    ),
    (
        "Nuevo semáforo mejora la seguridad en Avenida Argentina",
        "transito-y-transporte-publico",
        "La intersección con calle Díaz Gana contará con semáforo peatonal desde esta semana.",
    ),
    (
        "Alcalde se reúne con vecinos de La Chimba",
        "gabinete-de-alcaldia",
        "La reunión abordó iluminación, áreas verdes y seguridad del sector.",
    ),
    (
        "Abre postulación a cursos de capacitación municipal",
        "gestion-de-personas",
        "Funcionarias y funcionarios pueden postular hasta fin de mes.",
    ),
    (
        "Campaña de reciclaje llega a colegios municipales",
        "aseo",
        "Treinta establecimientos recibirán puntos limpios y charlas.",
    ),
    (
        "Cambios de tránsito por obras en el centro",
        "transito-y-transporte-publico",
        "Las desviaciones regirán por tres semanas en calle Prat.",
    ),
]


@demo.register(order=40)
def seed(ctx: demo.DemoContext) -> None:
    outlets = []
    for name, kind, email in OUTLETS:
        outlet, _created = Outlet.objects.get_or_create(name=name, defaults={"kind": kind, "email": email})
        outlets.append(outlet)
    for first, last, outlet_index, beat in JOURNALISTS:
        Journalist.objects.get_or_create(
            first_name=first,
            last_name=last,
            defaults={
                "outlet": outlets[outlet_index],
                "beat": beat,
                "email": f"{first.lower()}.{last.split()[0].lower()}@medios.example".replace("í", "i").replace(
                    "á", "a"
                ),
                "phone": f"+56 9 5555 {1000 + outlet_index * 37:04d}",
            },
        )
    # Four eyes with demo users: «prensa» writes, «prensa.editora» is named to approve (as the
    # Jefa de Gabinete is by her area), and nobody approves what they changed or sent to review.
    if "prensa.editora" in ctx.users:
        Membership.objects.filter(user=ctx.users["prensa.editora"], role=Role.GABINETE).update(
            approves_press_releases=True
        )
    if PressRelease.objects.filter(slug__startswith="demo-").exists():
        return
    press = ctx.users["prensa"]
    chief = ctx.users["jefa.gabinete"]
    directorates = {d.slug: d for d in Directorate.objects.all()}
    tz = timezone.get_current_timezone()
    # About three months of published releases, two or three a week.
    for i in range(30):
        title, slug, lead = TOPICS[i % len(TOPICS)]
        day = ctx.today - timedelta(days=3 * i + 1)
        published = timezone.make_aware(datetime.combine(day, time(10 + i % 6, 30)), tz)
        release = PressRelease.objects.create(
            title=title if i < len(TOPICS) else f"{title} ({day:%d-%m})",
            slug=f"demo-{i:02d}-{slug}",
            lead=lead,
            body=f"<p>{lead}</p><h2>Detalles</h2><p>La Municipalidad de Antofagasta informa a la comunidad.</p>"
            "<ul><li>Horario: 9:00 a 14:00</li><li>Lugar: sector indicado</li></ul>",
            author=chief if i % 2 else press,
            edited_by=chief if i % 2 else press,
            status=ReleaseStatus.PUBLISHED,
            published_at=published,
            tags="municipio, comunidad",
        )
        release.directorates.set([directorates[slug]])
        PressRelease.objects.filter(pk=release.pk).update(created_at=published - timedelta(days=1))
        ReleaseStep.objects.create(
            release=release,
            from_status="",
            to_status=ReleaseStatus.DRAFT,
            by=release.author,
            at=published - timedelta(days=1),
        )
        ReleaseStep.objects.create(
            release=release,
            from_status=ReleaseStatus.APPROVED,
            to_status=ReleaseStatus.PUBLISHED,
            by=press,
            at=published,
        )
    for status, title, author in (
        (ReleaseStatus.DRAFT, "Borrador: programa de verano en playas", chief),
        (ReleaseStatus.REVIEW, "Feria costumbrista en el Parque Brasil", chief),
        (ReleaseStatus.APPROVED, "Nueva ciclovía en Avenida Grecia", chief),
        (ReleaseStatus.RETURNED, "Resultados del plan de invierno", press),
    ):
        release = PressRelease.objects.create(
            title=title,
            slug=f"demo-{slugify_simple(title)}",
            lead=title + ".",
            body=f"<p>{title}.</p>",
            author=author,
            status=status,
            edited_by=author,
            submitted_by=author if status in (ReleaseStatus.REVIEW, ReleaseStatus.APPROVED) else None,
        )
        ReleaseStep.objects.create(release=release, from_status="", to_status=ReleaseStatus.DRAFT, by=author)
        if release.submitted_by_id:
            ReleaseStep.objects.create(
                release=release, from_status=ReleaseStatus.DRAFT, to_status=ReleaseStatus.REVIEW, by=author
            )
        if status == ReleaseStatus.RETURNED:
            ReleaseStep.objects.create(
                release=release,
                from_status=ReleaseStatus.REVIEW,
                to_status=status,
                by=chief,
                comment="Falta la cita del Alcalde y la fecha de inicio.",
            )
    # One scheduled for the day after tomorrow: invisible to the public until then.
    later = timezone.make_aware(datetime.combine(ctx.today + timedelta(days=2), time(9, 0)), tz)
    PressRelease.objects.create(
        title="Inicio de la temporada de piscinas municipales",
        slug="demo-temporada-piscinas",
        lead="Las piscinas municipales abren al público.",
        body="<p>Horarios y tarifas.</p>",
        author=press,
        status=ReleaseStatus.PUBLISHED,
        published_at=later,
        scheduled_at=later,
    )
    requests = [
        (
            "aseo",
            SupportKind.COVERAGE,
            "Cobertura del operativo de limpieza en La Chimba",
            1,
            SupportStatus.ACCEPTED,
            "enlace.aseo",
        ),
        ("aseo", SupportKind.GRAPHIC, "Afiche de horarios de recolección", 6, SupportStatus.REQUESTED, "enlace.aseo"),
        (
            "transito-y-transporte-publico",
            SupportKind.SOCIAL,
            "Aviso en redes por cierre de calle Prat",
            -1,
            SupportStatus.REQUESTED,
            "enlace.transito",
        ),
        (
            "transito-y-transporte-publico",
            SupportKind.RELEASE,
            "Comunicado sobre nuevo semáforo",
            -10,
            SupportStatus.DONE,
            "enlace.transito",
        ),
        (
            "gestion-de-personas",
            SupportKind.OTHER,
            "Fotografía oficial de nuevos funcionarios",
            10,
            SupportStatus.REJECTED,
            "enlace.personas",
        ),
    ]
    for slug, kind, title, days, status, username in requests:
        user = ctx.users[username]
        support = SupportRequest.objects.create(
            directorate=directorates[slug],
            kind=kind,
            title=title,
            needed_by=ctx.today + timedelta(days=days),
            contact_name=user.get_full_name(),
            contact_email=f"{username}@example.invalid",
            requested_by=user,
            status=status,
            description="Solicitud de ejemplo para la demostración.",
        )
        SupportComment.objects.create(request=support, author=user, to_status=SupportStatus.REQUESTED)
        if status != SupportStatus.REQUESTED:
            SupportComment.objects.create(
                request=support,
                author=press,
                from_status=SupportStatus.REQUESTED,
                to_status=status,
                text="No contamos con fotógrafo ese día." if status == SupportStatus.REJECTED else "",
            )
    ctx.say("communications: medios, comunicados y solicitudes de apoyo de ejemplo")


def slugify_simple(text: str) -> str:
    from django.utils.text import slugify

    return slugify(text)[:80]
