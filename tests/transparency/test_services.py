from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils import timezone

from transparency import services
from transparency.models import Action, ImmutablePublicationError, Publication, Status
from transparency.services import Content

from .factories import PLANTA_CSV, planta_content, published


def last_month():
    return (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)


@pytest.mark.date_sensitive
def test_full_workflow_records_every_step(catalogue, people):
    planta = catalogue[("d", "planta")]
    pub = services.publication_prepare(
        section=planta, period=last_month(), content=planta_content(section=planta), by=people["enlace"]
    )
    assert pub.status == Status.DRAFT and pub.directorate.slug == "gestion-de-personas"
    services.publication_transition(
        action=Action.SEND, publication=pub, by=people["director"], late_reason="Licencia del enlace"
    )
    services.publication_transition(
        action=Action.RETURN, publication=pub, by=people["juridica"], comment="Falta el grado de una persona"
    )
    pub.refresh_from_db()
    assert pub.status == Status.RETURNED
    corrected = PLANTA_CSV.replace("Técnico;Pérez;Soto;Luis;13", "Técnico;Pérez;Soto;Luis;12")
    pub = services.publication_prepare(
        section=planta, period=last_month(), content=planta_content(corrected, section=planta), by=people["enlace"]
    )
    assert pub.status == Status.DRAFT
    services.publication_transition(
        action=Action.SEND, publication=pub, by=people["director"], reply="Se corrigió el grado de Luis Pérez"
    )
    services.publication_transition(action=Action.APPROVE, publication=pub, by=people["juridica"])
    pub = services.publication_transition(action=Action.PUBLISH, publication=pub, by=people["gabinete"])
    assert pub.status == Status.PUBLISHED and pub.published_at
    assert list(pub.events.values_list("action", flat=True)) == [
        Action.PREPARE,
        Action.SEND,
        Action.RETURN,
        Action.REPLACE,
        Action.SEND,
        Action.APPROVE,
        Action.PUBLISH,
    ]
    assert pub.events.get(action=Action.RETURN).comment == "Falta el grado de una persona"
    planta.refresh_from_db()
    assert planta.current_publication_id == pub.pk
    assert pub.late_reason == "Licencia del enlace"


@pytest.mark.date_sensitive
def test_liaison_of_another_directorate_cannot_prepare_an_item_not_theirs(catalogue, people):
    with pytest.raises(PermissionDenied):
        services.publication_prepare(
            section=catalogue[("d", "planta")],
            period=last_month(),
            content=planta_content(section=catalogue[("d", "planta")]),
            by=people["enlace_aseo"],
        )
    assert not Publication.objects.exists()


@pytest.mark.date_sensitive
def test_director_of_another_directorate_cannot_send(catalogue, people):
    planta = catalogue[("d", "planta")]
    pub = services.publication_prepare(
        section=planta, period=last_month(), content=planta_content(section=planta), by=people["enlace"]
    )
    with pytest.raises(PermissionDenied):
        services.publication_transition(
            action=Action.SEND, publication=pub, by=people["director_aseo"], late_reason="x"
        )
    pub.refresh_from_db()
    assert pub.status == Status.DRAFT


@pytest.mark.date_sensitive
def test_reviewer_cannot_approve_own_upload(catalogue, people, user_factory):
    # A legal reviewer who is also the liaison of Asesoría Jurídica (item c) uploads the content.
    both = user_factory("enlace", "asesoria-juridica", username="abogada.enlace")
    user_factory("juridica", "asesoria-juridica", username="abogada.enlace")
    director = user_factory("director", "asesoria-juridica", username="director.juridica")
    section = catalogue[("c", "potestades")]
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile(
        "p.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", content_type="application/pdf"
    )
    pub = services.publication_prepare(
        section=section,
        period=last_month(),
        content=Content(kind="documentos", documents=[("Potestades", pdf)]),
        by=both,
    )
    services.publication_transition(action=Action.SEND, publication=pub, by=director, late_reason="x")
    with pytest.raises(PermissionDenied, match="usted mismo cargó"):
        services.publication_transition(action=Action.APPROVE, publication=pub, by=both)
    pub.refresh_from_db()
    assert pub.status == Status.SENT
    services.publication_transition(action=Action.APPROVE, publication=pub, by=people["juridica"])


@pytest.mark.date_sensitive
def test_only_gabinete_publishes_and_only_approved_content(catalogue, people):
    planta = catalogue[("d", "planta")]
    pub = services.publication_prepare(
        section=planta, period=last_month(), content=planta_content(section=planta), by=people["enlace"]
    )
    with pytest.raises(ValidationError):
        services.publication_transition(action=Action.PUBLISH, publication=pub, by=people["gabinete"])
    services.publication_transition(action=Action.SEND, publication=pub, by=people["director"], late_reason="x")
    services.publication_transition(action=Action.APPROVE, publication=pub, by=people["juridica"])
    with pytest.raises(PermissionDenied):
        services.publication_transition(action=Action.PUBLISH, publication=pub, by=people["director"])


@pytest.mark.date_sensitive
def test_sending_late_requires_a_reason(catalogue, people):
    planta = catalogue[("d", "planta")]
    period = (last_month() - timedelta(days=1)).replace(day=1)
    pub = services.publication_prepare(
        section=planta, period=period, content=planta_content(section=planta), by=people["enlace"]
    )
    with pytest.raises(ValidationError, match="motivo del atraso"):
        services.publication_transition(action=Action.SEND, publication=pub, by=people["director"])


@pytest.mark.date_sensitive
def test_future_month_cannot_be_prepared(catalogue, people):
    planta = catalogue[("d", "planta")]
    future = (timezone.localdate().replace(day=28) + timedelta(days=10)).replace(day=1)
    with pytest.raises(ValidationError):
        services.publication_prepare(
            section=planta, period=future, content=planta_content(section=planta), by=people["enlace"]
        )


@pytest.mark.date_sensitive
def test_published_version_is_immutable_and_cannot_be_deleted(catalogue, people):
    pub = published(catalogue[("d", "planta")], last_month(), people)
    pub = Publication.objects.get(pk=pub.pk)
    pub.summary = "reescrito"
    with pytest.raises(ImmutablePublicationError):
        pub.save()
    with pytest.raises(ImmutablePublicationError):
        pub.delete()
    with pytest.raises(ImmutablePublicationError):
        Publication.objects.all().delete()
    assert Publication.objects.get(pk=pub.pk).summary == ""


@pytest.mark.date_sensitive
def test_admin_offers_no_deletion_nor_edit_of_publications(catalogue, people, superuser):
    pub = published(catalogue[("d", "planta")], last_month(), people)
    request = RequestFactory().post("/")
    request.user = superuser
    admin = site._registry[Publication]
    assert not admin.has_delete_permission(request, pub)
    assert not admin.has_change_permission(request, pub)
    assert not admin.has_add_permission(request)


@pytest.mark.date_sensitive
def test_correction_is_a_new_version_pointing_to_the_corrected_one(catalogue, people):
    planta = catalogue[("d", "planta")]
    first = published(planta, last_month(), people)
    fixed = PLANTA_CSV.replace("2.145.300", "2.245.300")
    with pytest.raises(ValidationError):
        services.publication_correct(
            publication=first, content=planta_content(fixed, planta), reason=" ", by=people["enlace"]
        )
    correction = services.publication_correct(
        publication=first,
        content=planta_content(fixed, planta),
        reason="Remuneración mal digitada",
        by=people["enlace"],
    )
    assert correction.number == 2 and correction.corrects_id == first.pk
    services.publication_transition(action=Action.SEND, publication=correction, by=people["director"])
    services.publication_transition(action=Action.APPROVE, publication=correction, by=people["juridica"])
    services.publication_transition(action=Action.PUBLISH, publication=correction, by=people["gabinete"])
    first.refresh_from_db()
    assert first.status == Status.PUBLISHED and first.table_rows[0][6] == 2145300
    planta.refresh_from_db()
    assert planta.current_publication_id == correction.pk


@pytest.mark.date_sensitive
def test_a_published_month_is_not_prepared_again_only_corrected(catalogue, people):
    planta = catalogue[("d", "planta")]
    first = published(planta, last_month(), people)
    changed = PLANTA_CSV.replace("2.145.300", "9.999.999")
    with pytest.raises(ValidationError) as exc:
        services.publication_prepare(
            section=planta, period=last_month(), content=planta_content(changed, planta), by=people["enlace"]
        )
    assert "Este mes ya está publicado: para cambiarlo, ingrese una corrección." in exc.value.messages
    assert list(Publication.objects.values_list("pk", flat=True)) == [first.pk]
    first.refresh_from_db()
    assert first.status == Status.PUBLISHED and first.table_rows[0][6] == 2145300


def test_gabinete_assigns_the_responsible_directorate(catalogue, people, directorates):
    item = catalogue[("d", "planta")].item
    assert item.directorate.slug == "gestion-de-personas"
    with pytest.raises(PermissionDenied):
        services.item_assign_directorate(item=item, directorate=directorates["aseo"], by=people["enlace"])
    services.item_assign_directorate(item=item, directorate=directorates["aseo"], by=people["gabinete"])
    item.refresh_from_db()
    assert item.directorate.slug == "aseo"


def test_default_assignments_of_the_catalogue(catalogue):
    by_letter = {s.item.letter: s.item.directorate.slug for s in catalogue.values()}
    assert by_letter["d"] == "gestion-de-personas"
    assert by_letter["k"] == "administracion-y-finanzas"
    assert by_letter["c"] == "asesoria-juridica"
    letters = sorted({s.item.letter for s in catalogue.values()})
    assert letters == sorted(
        [
            "diario-oficial",
            *"abcdefghijklm",
            "avisaje",
            "registro-lobby",
            "costos-reproduccion",
            "indice-reservados",
            "probidad",
        ]
    )
