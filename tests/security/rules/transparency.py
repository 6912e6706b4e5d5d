"""Access rules of Transparencia Activa (transparency/permissions.py, DESIGN.md "transparency").

Staff pages (`transparency:`): any person with a unit sees the compliance board and the catalogue;
a sub-section, its publications and their documents are seen by the responsible directorate and by
Gabinete, the Alcalde, the Administrador Municipal and Asesoría Jurídica (`permissions.sees_all`).
Only the responsible directorate's enlace prepares or corrects content, only its director sends it,
only Gabinete assigns responsibles and publishes; the compliance report is for those who see all.

Public pages (`transparency_public:`): no login, everyone — the art. 7 items, their months, the
open-format downloads, the published PDFs and the Ley 20.730 lobby register.
"""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.security.access import (
    ALL_ACTORS,
    GABINETE_STAFF,
    JURIDICA,
    MEMBERS,
    OWN,
    OWN_DIRECTOR,
    OWN_ENLACE,
    PROTOCOLO,
    WHOLE_MUNICIPALITY,
    Rule,
)
from tests.transparency.factories import planta_content
from transparency import services
from transparency.models import Action, Item, Section
from transparency.services import Content

#: Who reads a directorate's sub-sections, publications and documents.
READERS = OWN | WHOLE_MUNICIPALITY | {JURIDICA}

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _months_ago(n: int) -> date:
    period = timezone.localdate().replace(day=1)
    for _i in range(n):
        period = (period - timedelta(days=1)).replace(day=1)
    return period


def _publish(world, publication):
    users = world.users
    services.publication_transition(
        action=Action.SEND, publication=publication, by=users[OWN_DIRECTOR], late_reason="Atraso de prueba"
    )
    services.publication_transition(action=Action.APPROVE, publication=publication, by=users[JURIDICA])
    return services.publication_transition(action=Action.PUBLISH, publication=publication, by=users["gabinete"])


def setup(world):
    """Two sub-sections made Aseo's (a table and a documents one), each with a published month, and a
    draft of the table for last month."""
    enlace = world.users[OWN_ENLACE]
    world.item = Item.objects.get(letter="d")
    world.table_section = Section.objects.select_related("item").get(item__letter="d", slug="planta")
    world.docs_section = Section.objects.select_related("item").get(item__letter="l", slug="auditorias")
    for section in (world.table_section, world.docs_section):
        section.directorate = world.own
        section.save()
    world.published_period = _months_ago(2)
    world.tr_published = _publish(
        world,
        services.publication_prepare(
            section=world.table_section,
            period=world.published_period,
            content=planta_content(section=world.table_section),
            by=enlace,
        ),
    )
    # A published lobby gift (its public history page), published by the protocol team.
    from protocol import services as protocol_services
    from protocol.models import LobbyGift
    from tests.protocol.factories import the_mayor

    world.lobby_gift = protocol_services.lobby_record_check(
        record=LobbyGift.objects.create(
            subject=the_mayor(),
            kind="protocolar",
            date=world.published_period,
            description="Libro",
            giver="Embajada",
            occasion="Visita protocolar",
        ),
        by=world.users[PROTOCOLO],
    )
    world.draft_period = _months_ago(1)
    world.tr_draft = services.publication_prepare(
        section=world.table_section,
        period=world.draft_period,
        content=planta_content(section=world.table_section),
        by=enlace,
    )
    pdf = SimpleUploadedFile("auditoria.pdf", PDF_BYTES, content_type="application/pdf")
    world.docs_publication = _publish(
        world,
        services.publication_prepare(
            section=world.docs_section,
            period=world.published_period,
            content=Content(kind="documentos", documents=[("Informe de auditoría", pdf)]),
            by=enlace,
        ),
    )
    world.document = world.docs_publication.documents.get()


def _period_kwargs(period_attr):
    def build(w):
        period = getattr(w, period_attr)
        return {"year": period.year, "month": period.month}

    return build


def _table_kwargs(w):
    return {"letter": "d", "section": "planta", "year": w.published_period.year, "month": w.published_period.month}


RULES = [
    # --- staff -----------------------------------------------------------------------------------
    Rule("transparency:index", get=MEMBERS),
    # Fuzzed as Gabinete, who also gets the directorate filter.
    Rule("transparency:board", get=MEMBERS, fuzz_as="gabinete"),
    # Asked for (POST) and prepared in the background (gabinete.jobs): the job's page has the file.
    Rule(
        "transparency:report-pdf",
        kwargs=_period_kwargs("published_period"),
        get=None,
        post=READERS - OWN,
        fuzz=False,
    ),
    # E-mailed to its distribution list by a job: Gabinete only (transparency.permissions).
    Rule(
        "transparency:report-send",
        kwargs=_period_kwargs("published_period"),
        get=None,
        post=GABINETE_STAFF,
        fuzz=False,
    ),
    # The review queues (transparency/queues.py): whoever sees every directorate reads them; only
    # Asesoría Jurídica approves in bulk (Gabinete's publishing in bulk: tests/transparency/test_queues.py).
    Rule("transparency:review-queue", kwargs=lambda w: {"queue": "juridica"}, get=READERS - OWN),
    Rule(
        "transparency:review-bulk",
        kwargs=lambda w: {"queue": "juridica"},
        get=None,
        post=frozenset({JURIDICA}),
        data=lambda w: {"accion": "aprobar", "seleccion": [w.tr_draft.pk]},
    ),
    Rule("transparency:catalogue", get=MEMBERS),
    Rule(
        "transparency:item-assign",
        kwargs=lambda w: {"pk": w.item.pk},
        get=None,
        post=GABINETE_STAFF,
        data=lambda w: {f"i{w.item.pk}-directorate": w.own.pk, f"i{w.item.pk}-version": w.item.version},
    ),
    Rule("transparency:section-detail", kwargs=lambda w: {"pk": w.table_section.pk}, get=READERS),
    Rule(
        "transparency:section-template",
        kwargs=lambda w: {"pk": w.table_section.pk, "ext": "xlsx"},
        get=READERS,
        download=True,
        fuzz=False,
    ),
    Rule(
        "transparency:publication-prepare",
        kwargs=lambda w: {"pk": w.table_section.pk, "year": w.draft_period.year, "month": w.draft_period.month},
        get=frozenset({OWN_ENLACE}),
        post=frozenset({OWN_ENLACE}),
    ),
    Rule("transparency:publication-detail", kwargs=lambda w: {"pk": w.tr_draft.pk}, get=READERS),
    Rule(
        "transparency:publication-correct",
        kwargs=lambda w: {"pk": w.tr_published.pk},
        get=frozenset({OWN_ENLACE}),
        post=frozenset({OWN_ENLACE}),
    ),
    Rule(
        "transparency:publication-step",
        kwargs=lambda w: {"pk": w.tr_draft.pk, "action": "enviar"},
        get=None,
        post=frozenset({OWN_DIRECTOR}),
        data=lambda w: {"late_reason": "Atraso de prueba"},
    ),
    Rule("transparency:document", kwargs=lambda w: {"pk": w.document.pk}, get=READERS, download=True, fuzz=False),
    # --- public (no login) -----------------------------------------------------------------------
    Rule("transparency_public:index", get=ALL_ACTORS),
    Rule("transparency_public:item", kwargs=lambda w: {"letter": "d"}, get=ALL_ACTORS),
    Rule(
        "transparency_public:item-month",
        kwargs=lambda w: {"letter": "d", "year": w.published_period.year, "month": w.published_period.month},
        get=ALL_ACTORS,
    ),
    Rule("transparency_public:table-csv", kwargs=_table_kwargs, get=ALL_ACTORS, download=True, fuzz=False),
    Rule("transparency_public:table-json", kwargs=_table_kwargs, get=ALL_ACTORS, download=True, fuzz=False),
    Rule(
        "transparency_public:document",
        kwargs=lambda w: {"pk": w.document.pk},
        get=ALL_ACTORS,
        download=True,
        fuzz=False,
    ),
    Rule("transparency_public:lobby", get=ALL_ACTORS),
    Rule(
        "transparency_public:lobby-csv",
        kwargs=lambda w: {"part": "audiencias"},
        get=ALL_ACTORS,
        download=True,
        fuzz=False,
    ),
    Rule(
        "transparency_public:lobby-json",
        kwargs=lambda w: {"part": "donativos"},
        get=ALL_ACTORS,
        download=True,
        fuzz=False,
    ),
    # The same register in the column layout of the Consejo's InfoLobby platform.
    Rule(
        "transparency_public:lobby-infolobby",
        kwargs=lambda w: {"part": "donativos"},
        get=ALL_ACTORS,
        download=True,
        fuzz=False,
    ),
    Rule(
        "transparency_public:lobby-history",
        kwargs=lambda w: {"register": "donativo", "pk": w.lobby_gift.pk},
        get=ALL_ACTORS,
    ),
]
