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
    ADMINISTRADOR,
    ALL_ACTORS,
    GABINETE,
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
    _access_requests(world)


def _access_requests(world):
    """An access request assigned to the own directorate (a third party notified, an amparo), and one
    answered with a document (its follow page and the document behind the secret link)."""
    from transparency import access_requests as access

    data = {
        "requester_name": "Camila Rojas",
        "email": "camila@example.invalid",
        "information": "Decretos de pago de octubre.",
        "preferred_format": "pdf",
        "delivery": "correo",
    }
    gabinete, enlace = world.users[GABINETE], world.users[OWN_ENLACE]
    world.access = access.access_request_admit(
        request=access.access_request_submit(data=data, channel="web", by=None), by=gabinete, directorate=world.own
    )
    world.third_party = access.third_party_notify(request=world.access, by=gabinete, name="Aseo SpA", contact="calle")
    world.appeal = access.appeal_record(
        request=world.access, by=gabinete, filed_on=timezone.localdate(), case_number="C1-26"
    )
    answered = access.access_request_admit(
        request=access.access_request_submit(data=data, channel="web", by=None), by=gabinete, directorate=world.own
    )
    access.access_request_save_answer(
        request=answered, by=enlace, data={"outcome": "entregada", "answer_text": "Se adjuntan."}
    )
    pdf = SimpleUploadedFile("decretos.pdf", PDF_BYTES, content_type="application/pdf")
    world.access_document = access.access_request_add_document(request=answered, by=enlace, title="Decretos", file=pdf)
    for by, action in ((enlace, "submit"), (world.users[JURIDICA], "approve"), (world.users[ADMINISTRADOR], "sign")):
        answered = access.access_request_step(request=answered, by=by, action=action)
    world.answered = answered


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
    # --- access requests (Ley 20.285 Título IV) -------------------------------------------------------
    # Gabinete registers and handles them; the directorate they are assigned to prepares the answer;
    # whoever sees the whole municipality, Asesoría Jurídica and the signer read every one.
    Rule("transparency:access-list", get=MEMBERS),
    Rule("transparency:access-create", get=GABINETE_STAFF, post=GABINETE_STAFF),
    Rule("transparency:access-detail", kwargs=lambda w: {"pk": w.access.pk}, get=READERS),
    Rule(
        "transparency:access-action",
        kwargs=lambda w: {"pk": w.access.pk, "action": "answer"},
        get=None,
        post=OWN,
        data=lambda w: {"outcome": "entregada", "answer_text": "Borrador", "version": w.access.version},
    ),
    Rule(
        "transparency:access-third-party",
        kwargs=lambda w: {"pk": w.access.pk, "party": w.third_party.pk},
        get=None,
        post=GABINETE_STAFF | OWN,
    ),
    Rule(
        "transparency:access-appeal-decide",
        kwargs=lambda w: {"pk": w.access.pk, "appeal": w.appeal.pk},
        get=None,
        post=GABINETE_STAFF | {JURIDICA},
    ),
    Rule(
        "transparency:access-appeal-complied",
        kwargs=lambda w: {"pk": w.access.pk, "appeal": w.appeal.pk},
        get=None,
        post=GABINETE_STAFF | {JURIDICA},
        fuzz=False,
    ),
    Rule(
        "transparency:access-document",
        kwargs=lambda w: {"pk": w.answered.pk, "document": w.access_document.pk},
        get=READERS,
        download=True,
        fuzz=False,
    ),
    Rule("transparency_public:access-form", get=ALL_ACTORS, post=ALL_ACTORS),
    Rule("transparency_public:access-received", get=ALL_ACTORS),
    Rule("transparency_public:access-answered", get=ALL_ACTORS),
    Rule(
        "transparency_public:access-follow",
        kwargs=lambda w: {"number": w.access.number, "token": w.access.token},
        get=ALL_ACTORS,
    ),
    Rule(
        "transparency_public:access-follow-document",
        kwargs=lambda w: {"number": w.answered.number, "token": w.answered.token, "document": w.access_document.pk},
        get=ALL_ACTORS,
        download=True,
        fuzz=False,
    ),
    Rule("transparency_public:reserved-index", get=ALL_ACTORS),
    # --- open data API (/api/v1/, transparency/api.py): everyone reads, nobody writes -----------------
    *(
        Rule(f"api:{name}", kwargs=kwargs, get=ALL_ACTORS, post=None, fuzz=False)
        for name, kwargs in (
            ("api-root", None),
            ("schema", None),
            ("docs", None),
            ("item-list", None),
            ("item-detail", lambda w: {"letra": "d"}),
            ("publication-list", None),
            ("publication-detail", lambda w: {"pk": w.tr_published.pk}),
            ("publication-versions", lambda w: {"pk": w.tr_published.pk}),
            ("lobby-subject-list", None),
            ("lobby-audience-list", None),
            ("lobby-trip-list", None),
            ("lobby-gift-list", None),
            ("access-stats-list", None),
            ("access-stats-detail", lambda w: {"anio": w.answered.year}),
            ("access-answered-list", None),
            ("reserved-list", None),
        )
    ),
]
