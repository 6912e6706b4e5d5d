"""Access rules of the protocol app: the Alcalde's agenda, proposals, attendees, checklist, calendar
feeds and the Ley 20.730 lobby register (protocol/permissions.py is the reference).

- Gabinete's staff (and superusers) run the agenda and keep the lobby register.
- The Alcalde and the Administrador read the whole agenda (with Gabinete).
- Directors and liaisons propose activities for their own directorate and see their proposals and
  the events their directorate organises; they edit a proposal while it is still a proposal.
- The person responsible for a checklist task may mark it done.
- Anyone with a unit has a private calendar feed; the feed URL itself is public (secret token).
- Ley 20.730: each passive subject's registers are kept by one unit. Gabinete keeps the Alcalde's and
  the list of passive subjects; here Aseo keeps a designated official's, so its director and liaison
  reach the lobby pages, but never the Alcalde's records (404).
"""

from django.core.files.base import ContentFile

from tests.security.access import (
    ALL_ACTORS,
    GABINETE,
    GABINETE_STAFF,
    MEMBERS,
    OTHER,
    OWN,
    OWN_DIRECTOR,
    OWN_ENLACE,
    WHOLE_MUNICIPALITY,
    Rule,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

GABINETE_ONLY = GABINETE_STAFF
#: Those who see the Aseo proposal: Aseo itself and the whole-municipality roles.
SEES_EVENT = OWN | WHOLE_MUNICIPALITY
#: Directors and liaisons (of any directorate) and Gabinete may propose activities.
PROPOSERS = OWN | OTHER | GABINETE_STAFF


def setup(world):
    from protocol import services
    from protocol.models import (
        EventStatus,
        LobbyGift,
        LobbyTrip,
        PassiveSubjectOffice,
        PrecedenceCategory,
        PrecedenceScope,
    )
    from tests.protocol.factories import (
        AttendeeFactory,
        EventFactory,
        LobbyAudienceFactory,
        LobbyGiftFactory,
        PassiveSubjectFactory,
        TaskFactory,
        the_mayor,
    )

    director = world.users[OWN_DIRECTOR]
    # A proposal of Aseo, still a proposal (Aseo may still edit it), organised by Aseo.
    world.event = EventFactory(
        status=EventStatus.PROPOSED,
        proposing_directorate=world.own,
        proposed_by=director,
        notes_for_mayor="Antecedentes reservados",
    )
    world.event.directorates.set([world.own])
    world.event.programme.save("programa.pdf", ContentFile(PDF_BYTES), save=True)
    world.event.refresh_from_db()
    world.attendee = AttendeeFactory(event=world.event, institution="Cámara de Comercio")
    # The Aseo director is responsible for one checklist task: they may mark it done.
    world.task = TaskFactory(event=world.event, responsible=director)
    world.feed = services.feed_create(by=world.users[OWN_ENLACE])
    world.pending_category = PrecedenceCategory.objects.create(
        scope=PrecedenceScope.NATIONAL, order=99, name="Categoría por confirmar", placement_confirmed=False
    )
    world.mayor = the_mayor()
    world.aseo_subject = PassiveSubjectFactory(
        name="Jefa de Aseo designada", office=PassiveSubjectOffice.DESIGNATED, decree="DA 123/2026", keeper=world.own
    )
    world.audience = LobbyAudienceFactory()
    world.published_gift = LobbyGiftFactory(description="Publicado")
    services.lobby_record_check(record=world.published_gift, by=world.users[GABINETE])
    world.trip = LobbyTrip.objects.create(
        subject=world.mayor,
        date_start=world.event.start.date(),
        date_end=world.event.start.date(),
        destination="Santiago",
        purpose="Reunión en la SUBDERE",
        cost=150000,
        paid_by="Municipalidad",
    )
    world.gift = LobbyGift.objects.create(
        subject=world.mayor,
        kind="protocolar",
        date=world.event.start.date(),
        description="Libro",
        giver="Embajada",
        occasion="Visita",
    )

    _setup_audience_requests(world)


def _setup_audience_requests(world):
    """A public audience request to the Alcalde (kept by Gabinete), still unanswered."""
    from datetime import timedelta

    from django.utils import timezone

    from protocol import audience_requests
    from protocol.models import AudienceRequestChannel
    from tests.protocol.factories import the_mayor

    world.audience_request = audience_requests.audience_request_submit(
        data={
            "subject": the_mayor(),
            "requester_name": "Camila Rojas",
            "email": "camila@example.invalid",
            "on_behalf_of": "Junta de Vecinos",
            "is_paid": False,
            "matter": "Pavimentación",
            "modality": "presencial",
            "proposed_start": timezone.now() + timedelta(days=7),
        },
        channel=AudienceRequestChannel.WEB,
        by=None,
    )


def _event(w):
    return {"pk": w.event.pk}


def _request(w):
    return {"pk": w.audience_request.pk}


RULES = [
    # Landing: the week for the whole-municipality roles, proposals for directorates, the feed for
    # the rest (Asesoría Jurídica); a user without a unit has nothing here.
    Rule("protocol:index", get=MEMBERS),
    # The Alcalde's view.
    Rule("protocol:mayor-day", get=WHOLE_MUNICIPALITY),
    Rule("protocol:mayor-week", get=WHOLE_MUNICIPALITY),
    Rule("protocol:mayor-month", get=WHOLE_MUNICIPALITY),
    # Asked for (POST) and prepared in the background (gabinete.jobs): the job's page has the file.
    Rule("protocol:mayor-week-pdf", get=None, post=WHOLE_MUNICIPALITY, fuzz=False),
    # Events.
    Rule("protocol:event-list", get=GABINETE_ONLY),
    Rule("protocol:event-create", get=GABINETE_ONLY, post=GABINETE_ONLY),
    Rule("protocol:proposal-list", get=PROPOSERS),
    Rule("protocol:event-propose", get=PROPOSERS, post=PROPOSERS),
    Rule("protocol:event-detail", kwargs=_event, get=SEES_EVENT),
    Rule("protocol:event-edit", kwargs=_event, get=OWN | GABINETE_ONLY, post=OWN | GABINETE_ONLY),
    Rule(
        "protocol:event-transition",
        kwargs=_event,
        get=None,
        post=GABINETE_ONLY,
        data=lambda w: {"to_status": "confirmada", "version": w.event.version, "note": "Confirmada"},
    ),
    Rule("protocol:event-print", kwargs=_event, get=SEES_EVENT),
    Rule("protocol:event-programme", kwargs=_event, get=SEES_EVENT, download=True, fuzz=False),
    Rule("protocol:event-ics", kwargs=_event, get=SEES_EVENT, download=True, fuzz=False),
    # Attendees and checklist: Gabinete; the person responsible for a task may mark it done.
    Rule(
        "protocol:attendee-add",
        kwargs=_event,
        get=None,
        post=GABINETE_ONLY,
        data=lambda w: {"att-name": "Intendente Regional", "att-institution": "Gobierno Regional"},
    ),
    Rule(
        "protocol:attendee-remove",
        kwargs=lambda w: {"pk": w.event.pk, "attendee_pk": w.attendee.pk},
        get=None,
        post=GABINETE_ONLY,
    ),
    Rule(
        "protocol:task-add", kwargs=_event, get=None, post=GABINETE_ONLY, data=lambda w: {"task-title": "Amplificación"}
    ),
    Rule(
        "protocol:task-remove", kwargs=lambda w: {"pk": w.event.pk, "task_pk": w.task.pk}, get=None, post=GABINETE_ONLY
    ),
    Rule(
        "protocol:task-toggle",
        kwargs=lambda w: {"task_pk": w.task.pk},
        get=None,
        post=GABINETE_ONLY | {OWN_DIRECTOR},
        data=lambda w: {"done": "1"},
    ),
    Rule("protocol:lobby-from-event", kwargs=_event, get=None, post=GABINETE_ONLY),
    Rule("protocol:precedence", get=GABINETE_ONLY, post=GABINETE_ONLY),
    Rule("protocol:precedence-confirm", kwargs=lambda w: {"pk": w.pending_category.pk}, get=None, post=GABINETE_ONLY),
    # Calendar feeds: the settings page for anyone with a unit; the feed itself by its secret token.
    Rule("protocol:feed-settings", get=MEMBERS, post=MEMBERS, data=lambda w: {"action": "create"}),
    Rule("protocol:feed", kwargs=lambda w: {"token": w.feed.token}, get=ALL_ACTORS, fuzz=False),
    # Lobby register (Ley 20.730): whoever keeps some passive subject's registers (Gabinete the
    # Alcalde's, Aseo a designated official's); the public reads it through transparency.
    Rule("protocol:lobby-list", get=GABINETE_ONLY | OWN),
    Rule(
        "protocol:lobby-create", kwargs=lambda w: {"kind": "viaje"}, get=GABINETE_ONLY | OWN, post=GABINETE_ONLY | OWN
    ),
    Rule(
        "protocol:lobby-edit",
        kwargs=lambda w: {"kind": "audiencia", "pk": w.audience.pk},
        get=GABINETE_ONLY,
        post=GABINETE_ONLY,
    ),
    Rule(
        "protocol:lobby-check",
        kwargs=lambda w: {"kind": "donativo", "pk": w.gift.pk},
        get=None,
        post=GABINETE_ONLY,
        data=lambda w: {"version": w.gift.version},
    ),
    # Audience requests (Ley 20.730): whoever keeps some passive subject's registers lists and files
    # them (Aseo for its designated official); a request to the Alcalde is Gabinete's alone. The public
    # files them and reads the answered ones and the register of lobbyists.
    Rule("protocol:audience-request-list", get=GABINETE_ONLY | OWN),
    Rule("protocol:audience-request-create", get=GABINETE_ONLY | OWN, post=GABINETE_ONLY | OWN),
    Rule("protocol:audience-request-detail", kwargs=_request, get=GABINETE_ONLY),
    Rule("protocol:audience-request-grant", kwargs=_request, get=None, post=GABINETE_ONLY),
    Rule("protocol:audience-request-deny", kwargs=_request, get=None, post=GABINETE_ONLY),
    Rule("protocol:audience-request-record", kwargs=_request, get=None, post=GABINETE_ONLY),
    Rule("lobby_public:request", get=ALL_ACTORS, post=ALL_ACTORS),
    Rule("lobby_public:request-received", get=ALL_ACTORS),
    Rule("lobby_public:request-list", get=ALL_ACTORS),
    Rule("lobby_public:lobbyist-list", get=ALL_ACTORS),
    Rule("lobby_public:lobbyist-csv", get=ALL_ACTORS, download=True, fuzz=False),
    # A published record is never deleted: the allowed are sent back with the refusal.
    Rule(
        "protocol:lobby-delete",
        kwargs=lambda w: {"kind": "donativo", "pk": w.published_gift.pk},
        get=None,
        post=GABINETE_ONLY,
    ),
    Rule(
        "protocol:lobby-closings",
        kwargs=lambda w: {"pk": w.mayor.pk},
        get=GABINETE_ONLY,
        post=GABINETE_ONLY,
        data=lambda w: {"register": "viaje", "month": "2026-09-01"},
    ),
    Rule("protocol:passive-subject-list", get=GABINETE_ONLY),
    Rule("protocol:passive-subject-create", get=GABINETE_ONLY, post=GABINETE_ONLY),
    Rule(
        "protocol:passive-subject-edit",
        kwargs=lambda w: {"pk": w.aseo_subject.pk},
        get=GABINETE_ONLY,
        post=GABINETE_ONLY,
    ),
]
