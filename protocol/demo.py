"""Demo data: a realistic month of the Alcalde's agenda around today, with attendees, a protocol
checklist (some tasks overdue for the protocol officer), proposals from directorates and a lobby
register (audiences, a trip, gifts)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from gabinete import demo
from gabinete.models import Directorate

from . import services
from .models import (
    Attendee,
    ChecklistTask,
    Event,
    EventKind,
    EventStatus,
    EventStatusChange,
    LobbyAttendeeRole,
    LobbyAudience,
    LobbyAudienceAttendee,
    LobbyGift,
    LobbyGiftKind,
    LobbyModality,
    LobbyMonthClosing,
    LobbyPublishedVersion,
    LobbyTrip,
    PassiveSubject,
    PassiveSubjectOffice,
    PrecedenceCategory,
)
from .precedence import ensure_precedence

# (day offset, hour, minutes, duration min, title, kind, place, address, directorate slugs, public, dress)
AGENDA = [
    (
        -13,
        9,
        0,
        60,
        "Reunión de coordinación semanal con directores",
        EventKind.INTERNAL,
        "Sala de Concejo",
        "Av. Séptimo de Línea 3505",
        ["gabinete-de-alcaldia"],
        False,
        "",
    ),
    (
        -12,
        11,
        0,
        90,
        "Inauguración de plaza en población Corvallis",
        EventKind.INAUGURATION,
        "Plaza Corvallis",
        "Calle Huamachuco s/n",
        ["secretaria-comunal-de-planificacion"],
        True,
        "Formal",
    ),
    (
        -11,
        10,
        30,
        45,
        "Entrevista Radio Bío-Bío Antofagasta",
        EventKind.PRESS_INTERVIEW,
        "Estudios Radio Bío-Bío",
        "Av. Grecia 1450",
        [],
        True,
        "",
    ),
    (
        -10,
        16,
        0,
        60,
        "Audiencia con Cámara Chilena de la Construcción",
        EventKind.AUDIENCE,
        "Despacho del Alcalde",
        "Av. Séptimo de Línea 3505",
        [],
        False,
        "",
    ),
    (
        -8,
        19,
        0,
        120,
        "Ceremonia aniversario Cuerpo de Bomberos",
        EventKind.CEREMONY,
        "Primera Compañía de Bomberos",
        "Sucre 763",
        [],
        True,
        "Formal oscuro",
    ),
    (
        -7,
        9,
        30,
        120,
        "Visita a operativo de limpieza en sector norte",
        EventKind.FIELD_VISIT,
        "Sector La Chimba",
        "Av. Pedro Aguirre Cerda 11000",
        ["aseo"],
        True,
        "Casual, zapatos de seguridad",
    ),
    (
        -6,
        12,
        0,
        60,
        "Reunión con Delegación Presidencial Regional",
        EventKind.MEETING,
        "Delegación Presidencial",
        "Arturo Prat 384",
        [],
        False,
        "",
    ),
    (
        -5,
        10,
        0,
        60,
        "Audiencia con junta de vecinos Gran Vía",
        EventKind.AUDIENCE,
        "Despacho del Alcalde",
        "Av. Séptimo de Línea 3505",
        [],
        False,
        "",
    ),
    (
        -4,
        11,
        0,
        90,
        "Sesión ordinaria del Concejo Municipal",
        EventKind.MEETING,
        "Sala de Concejo",
        "Av. Séptimo de Línea 3505",
        ["secretaria-municipal"],
        True,
        "Formal",
    ),
    (
        -1,
        18,
        0,
        90,
        "Lanzamiento temporada de verano en balneario",
        EventKind.CEREMONY,
        "Balneario Municipal",
        "Av. Grecia 1800",
        ["desarrollo-comunitario"],
        True,
        "Casual",
    ),
    (
        0,
        9,
        0,
        60,
        "Reunión de coordinación semanal con directores",
        EventKind.INTERNAL,
        "Sala de Concejo",
        "Av. Séptimo de Línea 3505",
        ["gabinete-de-alcaldia"],
        False,
        "",
    ),
    (
        0,
        11,
        30,
        60,
        "Firma de convenio con Universidad de Antofagasta",
        EventKind.CEREMONY,
        "Casa Central UA",
        "Av. Angamos 601",
        ["gabinete-de-alcaldia"],
        True,
        "Formal",
    ),
    (
        0,
        16,
        0,
        45,
        "Audiencia con Asociación de Industriales de Antofagasta",
        EventKind.AUDIENCE,
        "Despacho del Alcalde",
        "Av. Séptimo de Línea 3505",
        [],
        False,
        "",
    ),
    (
        1,
        10,
        0,
        120,
        "Visita a obras de reposición de veredas",
        EventKind.FIELD_VISIT,
        "Calle Condell",
        "Condell con Maipú",
        ["secretaria-comunal-de-planificacion", "transito-y-transporte-publico"],
        True,
        "Casual",
    ),
    (
        2,
        12,
        0,
        60,
        "Entrevista en matinal TVN Red Antofagasta",
        EventKind.PRESS_INTERVIEW,
        "Estudio TVN",
        "Av. Argentina 2360",
        [],
        True,
        "Formal",
    ),
    (
        3,
        19,
        0,
        120,
        "Gala aniversario de la ciudad",
        EventKind.CEREMONY,
        "Teatro Municipal",
        "Sucre 433",
        ["gabinete-de-alcaldia", "desarrollo-comunitario"],
        True,
        "Etiqueta",
    ),
    (
        4,
        8,
        0,
        600,
        "Viaje a Santiago: reunión en SUBDERE",
        EventKind.TRIP,
        "SUBDERE",
        "Teatinos 92, Santiago",
        [],
        True,
        "Formal",
    ),
    (
        7,
        9,
        0,
        60,
        "Reunión de coordinación semanal con directores",
        EventKind.INTERNAL,
        "Sala de Concejo",
        "Av. Séptimo de Línea 3505",
        ["gabinete-de-alcaldia"],
        False,
        "",
    ),
    (
        8,
        11,
        0,
        90,
        "Inauguración centro de salud familiar",
        EventKind.INAUGURATION,
        "CESFAM Norte",
        "Av. Pedro Aguirre Cerda 9500",
        ["desarrollo-comunitario"],
        True,
        "Formal",
    ),
    (
        9,
        15,
        0,
        60,
        "Audiencia con empresa de transporte público",
        EventKind.AUDIENCE,
        "Despacho del Alcalde",
        "Av. Séptimo de Línea 3505",
        [],
        False,
        "",
    ),
    (
        10,
        10,
        0,
        90,
        "Sesión ordinaria del Concejo Municipal",
        EventKind.MEETING,
        "Sala de Concejo",
        "Av. Séptimo de Línea 3505",
        ["secretaria-municipal"],
        True,
        "Formal",
    ),
    (
        11,
        11,
        0,
        60,
        "Ceremonia de cambio de mando Regimiento Esmeralda",
        EventKind.CEREMONY,
        "Regimiento Esmeralda",
        "Av. Angamos 0100",
        [],
        True,
        "Formal oscuro",
    ),
    (
        14,
        9,
        0,
        60,
        "Reunión de coordinación semanal con directores",
        EventKind.INTERNAL,
        "Sala de Concejo",
        "Av. Séptimo de Línea 3505",
        ["gabinete-de-alcaldia"],
        False,
        "",
    ),
    (
        15,
        17,
        0,
        90,
        "Cuenta pública participativa en sector sur",
        EventKind.OTHER,
        "Sede social Coviefi",
        "Calle Los Jazmines 120",
        ["desarrollo-comunitario"],
        True,
        "Casual",
    ),
]
PROPOSALS = [
    (5, 10, "Lanzamiento campaña de reciclaje en colegios", EventKind.CEREMONY, "aseo", "director.aseo"),
    (
        12,
        11,
        "Inauguración de semáforos en Av. Argentina",
        EventKind.INAUGURATION,
        "transito-y-transporte-publico",
        "director.transito",
    ),
]
#: (name, office, institution, category name, seniority since); the Alcalde hosts and presides.
CEREMONY_GUESTS = [
    (
        "Karen Rojo Venegas",
        "Delegada Presidencial Regional",
        "Delegación Presidencial Regional",
        "Delegado/a Presidencial Regional",
        None,
    ),
    ("Carolina Díaz Muñoz", "Gobernadora Regional", "Gobierno Regional de Antofagasta", "Gobernador/a Regional", None),
    (
        "Paulina Núñez Urrutia",
        "Senadora",
        "Senado de la República",
        "Senadores de la circunscripción",
        date(2022, 3, 11),
    ),
    ("Pedro Araya Guerrero", "Senador", "Senado de la República", "Senadores de la circunscripción", date(2018, 3, 11)),
    (
        "Jaime Araya Guerrero",
        "Diputado",
        "Cámara de Diputadas y Diputados",
        "Diputados del distrito",
        date(2022, 3, 11),
    ),
    (
        "General Juan Pérez Soto",
        "Comandante de Guarnición",
        "Ejército de Chile",
        "Oficiales Generales de las FF.AA. y de Orden y Seguridad y/o Comandante de Guarnición",
        date(2023, 1, 1),
    ),
    ("Jonathan Velásquez Ramírez", "Alcalde", "Municipalidad de Antofagasta", "Alcalde", None),
    ("María Soto Lagos", "Concejala", "Concejo Municipal", "Concejales y Consejeros Regionales", None),
    ("Luis Alberto Rojas", "Rector", "Universidad de Antofagasta", "Rectores de universidades", None),
    ("Ana Pérez Díaz", "Presidenta", "Junta de Vecinos Corvallis", None, None),
]
MAYOR_CATEGORY = "Alcalde"
TASKS = ["Invitaciones", "Amplificación", "Bandera e himno", "Maestro de ceremonias", "Testera y ubicación"]


def _at(today: date, offset: int, hour: int, minute: int) -> datetime:
    return timezone.make_aware(
        datetime.combine(today + timedelta(days=offset), time(hour, minute)), timezone.get_current_timezone()
    )


@demo.register(order=30)
def seed(ctx: demo.DemoContext) -> None:
    ensure_precedence()
    if Event.objects.filter(title=AGENDA[0][4]).exists():
        ctx.say("protocol: la agenda de demostración ya existe")
        return
    today = ctx.today
    now = timezone.now()
    protocolo = ctx.users["protocolo"]
    categories = {c.name: c for c in PrecedenceCategory.objects.all()}
    directorates = {d.slug: d for d in Directorate.objects.all()}
    created = []
    for offset, hour, minute, minutes, title, kind, place, address, slugs, public, dress in AGENDA:
        start = _at(today, offset, hour, minute)
        end = start + timedelta(minutes=minutes)
        status = EventStatus.DONE if end < now else EventStatus.CONFIRMED
        if title.startswith("Entrevista en matinal"):
            status = EventStatus.CANCELLED
        event = Event.objects.create(
            title=title,
            kind=kind,
            start=start,
            end=end,
            place_name=place,
            place_address=address,
            status=status,
            is_public=public,
            dress_code=dress,
            proposed_by=protocolo,
            notes_for_mayor="Llegar 15 minutos antes. Saludo breve (3 minutos)." if kind == EventKind.CEREMONY else "",
        )
        event.directorates.set([directorates[s] for s in slugs if s in directorates])
        EventStatusChange.objects.create(
            event=event, to_status=EventStatus.CONFIRMED, by=protocolo, at=start - timedelta(days=7)
        )
        if status != EventStatus.CONFIRMED:
            EventStatusChange.objects.create(
                event=event, from_status=EventStatus.CONFIRMED, to_status=status, by=protocolo, at=min(end, now)
            )
        created.append(event)
        if kind in (EventKind.CEREMONY, EventKind.INAUGURATION):
            Attendee.objects.bulk_create(
                [
                    Attendee(
                        event=event,
                        name=n,
                        office=o,
                        institution=i,
                        category=categories.get(c) if c else None,
                        seniority_since=s,
                        is_presiding=(c == MAYOR_CATEGORY),
                        is_host=(c == MAYOR_CATEGORY),
                    )
                    for n, o, i, c, s in CEREMONY_GUESTS
                ]
            )
            for i, task in enumerate(TASKS):
                due = (start - timedelta(days=5 - i)).date()
                ChecklistTask.objects.create(
                    event=event,
                    title=task,
                    responsible=protocolo,
                    due=due,
                    done=due < today - timedelta(days=1) or (due < today and i % 2 == 0),
                )
        if kind == EventKind.AUDIENCE:
            Attendee.objects.create(
                event=event,
                name="Representante de " + title.split(" con ", 1)[-1],
                office="Gerente general",
                institution=title.split(" con ", 1)[-1],
            )
    for offset, hour, title, kind, slug, username in PROPOSALS:
        proposer = ctx.users[username]
        start = _at(today, offset, hour, 0)
        event = Event.objects.create(
            title=title,
            kind=kind,
            start=start,
            end=start + timedelta(hours=1),
            place_name="Por definir",
            status=EventStatus.PROPOSED,
            proposed_by=proposer,
            proposing_directorate=directorates[slug],
        )
        event.directorates.set([directorates[slug]])
        EventStatusChange.objects.create(event=event, to_status=EventStatus.PROPOSED, by=proposer)

    _seed_lobby(ctx, created=created, directorates=directorates, protocolo=protocolo, today=today, now=now)
    ctx.say(f"protocol: {len(created) + len(PROPOSALS)} actividades de agenda y registro de lobby")


#: The demo's passive subjects (Ley 20.730 art. 4): the Alcalde (Gabinete keeps his registers), two
#: concejales (the Secretaría Municipal), the Director de Obras (his own unit) and a member of a tender's
#: evaluation committee (SECOPLAN). (key, name, office, detail, tender, keeper slug)
PASSIVE_SUBJECTS = [
    (
        "alcalde",
        "Jonathan Velásquez Ramírez",
        PassiveSubjectOffice.MAYOR,
        "Alcalde de Antofagasta",
        "",
        "gabinete-de-alcaldia",
    ),
    ("concejala", "Camila Rojas Tapia", PassiveSubjectOffice.COUNCILLOR, "", "", "secretaria-municipal"),
    ("concejal", "Matías Araya Cortés", PassiveSubjectOffice.COUNCILLOR, "", "", "secretaria-municipal"),
    ("obras", "Rodrigo Fuentes Olivares", PassiveSubjectOffice.WORKS_DIRECTOR, "", "", "obras-municipales"),
    ("secretaria", "Patricia Muñoz Lillo", PassiveSubjectOffice.MUNICIPAL_SECRETARY, "", "", "secretaria-municipal"),
    (
        "comision",
        "Daniela Castro Pizarro",
        PassiveSubjectOffice.EVALUATION_COMMITTEE,
        "Comisión evaluadora, recolección de residuos",
        "2415-31-LR26",
        "secretaria-comunal-de-planificacion",
    ),
]


#: Who attended the demo's lobby audiences on the other side of the table.
LOBBY_ATTENDEES = [
    "Claudia Herrera Muñoz",
    "Sergio Valdés Rojas",
    "Paula Contreras Ávila",
    "Ignacio Bravo Sepúlveda",
    "Francisca Leiva Soto",
    "Gonzalo Paredes Núñez",
]


def _seed_lobby(ctx, *, created, directorates, protocolo, today: date, now: datetime) -> None:
    """Lobby registers for several passive subjects: the Alcalde's audiences from the agenda (two
    published), trips and gifts (one gift corrected after publication), and the registers of a concejala
    and the Director de Obras, so the public page shows more than one person."""
    start = date(2024, 12, 6)
    subjects = {
        key: PassiveSubject.objects.create(
            name=name,
            office=office,
            position_detail=detail,
            tender_id=tender,
            period_start=start if office != PassiveSubjectOffice.EVALUATION_COMMITTEE else today - timedelta(days=60),
            keeper=directorates[keeper],
        )
        for key, name, office, detail, tender, keeper in PASSIVE_SUBJECTS
    }
    mayor = subjects["alcalde"]
    audiences = [e for e in created if e.kind == EventKind.AUDIENCE and e.end < now]
    for i, event in enumerate(audiences):
        interest = event.title.split(" con ", 1)[-1]
        interest = interest[:1].upper() + interest[1:]
        # A company's representative is paid to manage its interests; a neighbours' board's is not.
        paid = any(word in interest for word in ("Cámara", "Inmobiliaria", "Constructora", "S.A.", "SpA"))
        record = LobbyAudience.objects.create(
            subject=mayor,
            event=event,
            date=timezone.localtime(event.start).date(),
            time=timezone.localtime(event.start).time(),
            place=event.place,
            on_behalf_of=interest,
            matter=f"Presentación de propuestas de {interest} sobre proyectos en la comuna.",
            created_by=protocolo,
        )
        LobbyAudienceAttendee.objects.create(
            audience=record,
            name=LOBBY_ATTENDEES[i % len(LOBBY_ATTENDEES)],
            represents=interest,
            role=LobbyAttendeeRole.LOBBYIST if paid else LobbyAttendeeRole.INTEREST_MANAGER,
        )
        if i < 2:
            services.lobby_record_check(record=record, by=protocolo)
    LobbyTrip.objects.create(
        subject=mayor,
        date_start=today + timedelta(days=4),
        date_end=today + timedelta(days=4),
        destination="Santiago",
        purpose="Reunión en SUBDERE por financiamiento de proyectos de infraestructura comunal.",
        cost=486_300,
        paid_by="Municipalidad de Antofagasta",
        created_by=protocolo,
    )
    trip = LobbyTrip.objects.create(
        subject=mayor,
        date_start=today - timedelta(days=40),
        date_end=today - timedelta(days=38),
        destination="Calama",
        purpose="Encuentro regional de alcaldes.",
        cost=152_000,
        paid_by="Asociación de Municipios",
        created_by=protocolo,
    )
    services.lobby_record_check(record=trip, by=protocolo)
    gift = LobbyGift.objects.create(
        subject=mayor,
        date=today - timedelta(days=8),
        kind=LobbyGiftKind.PROTOCOL,
        description="Galvano conmemorativo",
        giver="Bomberos de Antofagasta",
        occasion="Aniversario institucional",
        created_by=protocolo,
    )
    services.lobby_record_check(record=gift, by=protocolo)
    gift.giver = "Cuerpo de Bomberos de Antofagasta"
    gift.correction_reason = "Nombre completo de la institución."
    services.lobby_record_save(record=gift, by=protocolo, expected_version=gift.version)
    services.lobby_record_check(record=gift, by=protocolo)
    LobbyGift.objects.create(
        subject=mayor,
        date=today - timedelta(days=12),
        kind=LobbyGiftKind.COURTESY,
        description="Libro de fotografía regional",
        giver="Universidad Católica del Norte",
        occasion="Visita protocolar",
        created_by=protocolo,
    )
    # The other passive subjects' registers are kept by their units; the demo records them as the
    # superuser-free service would, through Gabinete's protocol officer where she may, else directly.
    others = [
        (
            subjects["concejala"],
            "Sala de Concejo",
            "Junta de Vecinos Gran Vía",
            "Ampliación de la ciclovía de Avenida Grecia.",
        ),
        (
            subjects["concejala"],
            "Videoconferencia",
            "Cámara Chilena de la Construcción",
            "Modificación del plan regulador en el sector norte.",
        ),
        (
            subjects["obras"],
            "Dirección de Obras Municipales",
            "Inmobiliaria Costa Norte SpA",
            "Permiso de edificación de un condominio en La Chimba.",
        ),
    ]
    for n, (subject, place, on_behalf_of, matter) in enumerate(others):
        record = LobbyAudience.objects.create(
            subject=subject,
            date=today - timedelta(days=15),
            time=time(11, 0),
            place=place,
            modality=LobbyModality.VIDEO if place == "Videoconferencia" else LobbyModality.IN_PERSON,
            on_behalf_of=on_behalf_of,
            matter=matter,
        )
        LobbyAudienceAttendee.objects.create(
            audience=record,
            name=LOBBY_ATTENDEES[-1 - n],
            represents=on_behalf_of,
            role=LobbyAttendeeRole.INTEREST_MANAGER,
        )
        _publish_directly(record)
    trip = LobbyTrip.objects.create(
        subject=subjects["concejala"],
        date_start=today - timedelta(days=20),
        date_end=today - timedelta(days=18),
        destination="Valparaíso",
        purpose="Seminario de la Asociación Chilena de Municipalidades sobre participación ciudadana.",
        cost=318_500,
        paid_by="Municipalidad de Antofagasta",
    )
    _publish_directly(trip)
    gift = LobbyGift.objects.create(
        subject=subjects["obras"],
        date=today - timedelta(days=9),
        kind=LobbyGiftKind.COURTESY,
        description="Agenda institucional",
        giver="Colegio de Arquitectos, delegación Antofagasta",
        occasion="Charla sobre permisos de edificación",
    )
    _publish_directly(gift)
    _seed_closings(ctx, subjects, protocolo=protocolo)
    _seed_audience_requests(ctx, subjects, protocolo=protocolo, today=today)


#: The demo users who keep the registers of the units other than Gabinete.
KEEPER_USERS = {"secretaria-municipal": "secretaria.municipal", "obras-municipales": "enlace.obras"}


def _keeper_user(ctx, subject, protocolo):
    """The demo user who keeps this subject's registers (None when the seeding left that user out);
    Gabinete's protocol officer for the units with no demo user of their own."""
    username = KEEPER_USERS.get(subject.keeper.slug)
    return ctx.users.get(username) if username else protocolo


def _seed_closings(ctx, subjects: dict, *, protocolo) -> None:
    """Close every past month whose closing is due and that has nothing waiting for a check, as each
    register's keeper would have done; the concejal's last such month is left open, so the Secretaría
    Municipal sees an overdue closing on Mi escritorio."""
    from .selectors import lobby_closing_months

    left_open = subjects["concejal"]
    rows = [r for r in lobby_closing_months(subjects.values(), with_unchecked=True) if r.is_overdue and not r.unchecked]
    last_open = max((r.month for r in rows if r.subject == left_open), default=None)
    closings = []
    for row in rows:
        if row.subject == left_open and row.month == last_open:
            continue
        end = services.next_month(row.month) - timedelta(days=1)
        count = (
            LobbyPublishedVersion.objects.current()
            .filter(subject=row.subject, register=row.register, date__gte=row.month, date__lte=end)
            .count()
        )
        closings.append(
            LobbyMonthClosing(
                subject=row.subject,
                register=row.register,
                month=row.month,
                record_count=count,
                closed_by=_keeper_user(ctx, row.subject, protocolo) or protocolo,
                closed_at=timezone.make_aware(datetime.combine(row.due, time(10, 0))),
            )
        )
    LobbyMonthClosing.objects.bulk_create(closings)


#: Audience requests of the demo: (subject key, requester, on whose behalf, paid, matter, days ahead, outcome)
AUDIENCE_REQUESTS = [
    (
        "alcalde",
        "Marcela Gómez Vidal",
        "Junta de Vecinos Población Bonilla",
        False,
        "Recuperación de la plaza del sector y luminarias peatonales.",
        9,
        "pending",
    ),
    (
        "alcalde",
        "Andrés Fuenzalida Rivas",
        "Asociación de Industriales de Antofagasta",
        True,
        "Plan de inversión en el borde costero norte.",
        6,
        "granted",
    ),
    (
        "concejala",
        "Rocío Alvarado Díaz",
        "Club Deportivo Coviefi",
        False,
        "Uso del estadio municipal los fines de semana.",
        5,
        "denied",
    ),
    (
        "obras",
        "Tomás Pérez Lagos",
        "Constructora Altamar Ltda.",
        True,
        "Recepción final de un edificio en calle Sucre.",
        4,
        "pending",
    ),
]


def _seed_audience_requests(ctx, subjects: dict, *, protocolo, today: date) -> None:
    """Requests to three passive subjects: one to the Alcalde granted (it is on his agenda), one to a
    concejala denied with its reason, and two waiting for an answer."""
    from . import audience_requests
    from .models import AudienceRequestChannel

    for key, name, on_behalf_of, paid, matter, days, outcome in AUDIENCE_REQUESTS:
        request = audience_requests.audience_request_submit(
            data={
                "subject": subjects[key],
                "requester_name": name,
                "email": f"{slugify(name.split()[0])}@example.invalid",
                "on_behalf_of": on_behalf_of,
                "is_paid": paid,
                "matter": matter,
                "modality": LobbyModality.IN_PERSON,
                "proposed_start": _at(today, days, 10, 0),
            },
            channel=AudienceRequestChannel.WEB,
            by=None,
        )
        keeper = _keeper_user(ctx, subjects[key], protocolo)
        if keeper is None:
            continue
        if outcome == "granted":
            audience_requests.audience_request_grant(
                request=request,
                by=keeper,
                start=request.proposed_start,
                place="Despacho del Alcalde, Edificio Consistorial",
                modality=LobbyModality.IN_PERSON,
            )
        elif outcome == "denied":
            audience_requests.audience_request_deny(
                request=request,
                by=keeper,
                reason="La materia corresponde a la Corporación Municipal de Deportes; se derivó la solicitud.",
            )


def _publish_directly(record) -> None:
    """Publish a demo record of a unit with no demo user (what its keeper's check would do), in one
    transaction as the check does (the demo may run outside one, as in the browser tests)."""
    with transaction.atomic():
        record.checked_at = timezone.now()
        record.save(update_fields=["checked_at", "updated_at"])
        services.lobby_publish(record=record, by=None, at=record.checked_at)
