"""Every hand-off step notifies the people concerned (issue 16, points 1 and 8): for each journey, the right
people — and not the others, and never the one who acted — get one notice of the right kind whose link
opens the record for them."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.utils import timezone

from gabinete import notifications
from gabinete.models import Membership, Notification
from gabinete.workflow import Workflow
from tests.gabinete import people as cast

people = cast.people  # the fixture

#: The services modules that declare the workflows (and their kinds) of each app.
SERVICES = [
    "protocol.services",
    "communications.services",
    "archive.services",
    "indicators.services",
    "transparency.services",
    "gabinete.office.services",
]


@pytest.fixture
def people_cast():
    return {
        **cast.CAST,
        "jefa": ("gabinete", "gabinete-de-alcaldia", "jefa.gabinete", {"team": "jefatura"}),
        "aprobadora": ("gabinete", "gabinete-de-alcaldia", "aprobadora"),
        "prensa": ("gabinete", "gabinete-de-alcaldia", "prensa", {"team": "prensa"}),
        "enlace_personas": ("enlace", "gestion-de-personas", "enlace.personas"),
        "director_personas": ("director", "gestion-de-personas", "director.personas"),
    }


def told(kind: notifications.Kind) -> set[str]:
    """The usernames given a notice of `kind`."""
    return set(Notification.objects.filter(kind=kind.code).values_list("user__username", flat=True))


def assert_told(client, kind: notifications.Kind, expected: set[str], *, actor=None) -> None:
    """Exactly `expected` got a notice of `kind`, never the actor, and each one's link opens for them."""
    assert told(kind) == expected
    if actor is not None:
        assert actor.username not in told(kind)
    for notice in Notification.objects.filter(kind=kind.code).select_related("user"):
        assert notice.url, f"{notice.title} has no link"
        client.force_login(notice.user)
        assert client.get(notice.url).status_code == 200, (notice.user.username, notice.url)


# --- indicators ----------------------------------------------------------------------------------------


@pytest.fixture
def sent_measurement(people):
    from indicators import services as indicators
    from tests.indicators.factories import IndicatorYearFactory, measurement, open_period

    value = measurement(IndicatorYearFactory(), open_period(), by=people["enlace"])
    people["gabinete"], people["gabinete2"], people["other_enlace"], people["alcalde"]
    return indicators.measurement_submit(measurement=value, by=people["director"])


def test_a_measurement_waiting_for_validation_reaches_who_validates_it(client, sent_measurement, people):
    from indicators.services import MEASUREMENT_SUBMITTED_KIND

    assert_told(client, MEASUREMENT_SUBMITTED_KIND, {"carolina", "matias"}, actor=people["director"])


def test_a_returned_measurement_reaches_the_liaison_and_the_director_of_its_directorate(
    client, sent_measurement, people
):
    from indicators import services as indicators

    indicators.measurement_return(measurement=sent_measurement, observations="Falta el respaldo", by=people["gabinete"])
    assert_told(client, indicators.MEASUREMENT_RETURNED_KIND, {"camila", "rodrigo"}, actor=people["gabinete"])


# --- transparency --------------------------------------------------------------------------------------


@pytest.fixture
def planta(directorates):
    from gabinete.models import Directorate
    from transparency.catalogue import seed_catalogue
    from transparency.models import Column, Item, Section

    seed_catalogue(Item, Section, Column, Directorate)
    return Section.objects.get(item__letter="d", slug="planta")


def _last_month():
    return (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)


@pytest.fixture
def sent_publication(planta, people):
    from tests.transparency.factories import planta_content
    from transparency import services as transparency
    from transparency.models import Action

    pub = transparency.publication_prepare(
        section=planta, period=_last_month(), content=planta_content(section=planta), by=people["enlace_personas"]
    )
    people["gabinete"], people["juridica"], people["enlace"]
    return transparency.publication_transition(
        action=Action.SEND, publication=pub, by=people["director_personas"], late_reason="Licencia del enlace"
    )


def test_an_upload_waiting_for_juridica_reaches_asesoria_juridica_only(client, sent_publication, people):
    from transparency.services import PUBLICATION_TO_REVIEW_KIND

    assert_told(client, PUBLICATION_TO_REVIEW_KIND, {"abogada"}, actor=people["director_personas"])


def test_a_returned_publication_reaches_who_prepared_it(client, sent_publication, people):
    from transparency import services as transparency
    from transparency.models import Action

    transparency.publication_transition(
        action=Action.RETURN, publication=sent_publication, by=people["juridica"], comment="Falta un grado"
    )
    assert_told(
        client,
        transparency.PUBLICATION_RETURNED_KIND,
        {"enlace.personas", "director.personas"},
        actor=people["juridica"],
    )


# --- communications ------------------------------------------------------------------------------------


@pytest.fixture
def release(people):
    from tests.communications.factories import PressReleaseFactory

    Membership.objects.filter(user=people["aprobadora"]).update(approves_press_releases=True)
    people["jefa"], people["prensa"], people["gabinete2"], people["alcalde"]
    return PressReleaseFactory(author=people["gabinete"], edited_by=people["gabinete"], title="Nueva feria costera")


def test_a_release_waiting_for_approval_reaches_its_approvers(client, release, people):
    from communications import services as communications

    communications.release_submit(release=release, by=people["gabinete"])
    assert_told(
        client, communications.RELEASE_TO_APPROVE_KIND, {"jefa.gabinete", "aprobadora"}, actor=people["gabinete"]
    )


def test_a_release_returned_or_published_reaches_its_author(client, release, people):
    from communications import services as communications

    communications.release_submit(release=release, by=people["gabinete"])
    communications.release_return(release=release, comment="Corregir la fecha", by=people["jefa"])
    assert_told(client, communications.RELEASE_RETURNED_KIND, {"carolina"}, actor=people["jefa"])

    release.refresh_from_db()
    communications.release_update(
        release=release, by=people["gabinete"], expected_version=release.version, lead="Con la fecha corregida."
    )
    communications.release_submit(release=release, by=people["gabinete"], reply="Fecha corregida.")
    communications.release_approve(release=release, by=people["jefa"])
    communications.release_publish(release=release, by=people["prensa"])
    assert_told(client, communications.RELEASE_PUBLISHED_KIND, {"carolina"}, actor=people["prensa"])


def test_an_answered_support_request_reaches_who_asked(client, people, directorates):
    from communications import services as communications
    from tests.communications.factories import SupportRequestFactory

    request = SupportRequestFactory(directorate=directorates["aseo"], requested_by=people["enlace"])
    people["other_enlace"], people["gabinete2"]
    communications.support_request_transition(request=request, action="accept", by=people["gabinete"])
    communications.support_request_transition(request=request, action="done", by=people["gabinete"])
    assert_told(client, communications.SUPPORT_ANSWERED_KIND, {"camila"}, actor=people["gabinete"])
    assert (
        Notification.objects.filter(user=people["enlace"], kind=communications.SUPPORT_ANSWERED_KIND.code).count() == 2
    )


# --- the press archive ---------------------------------------------------------------------------------


def test_a_forwarded_clipping_reaches_the_directorate_and_its_answer_who_forwarded_it(client, people, directorates):
    from archive import services as archive
    from tests.archive.factories import ClippingFactory

    people["enlace"], people["director"], people["other_enlace"], people["gabinete2"]
    clipping = ClippingFactory(headline="Microbasural en La Chimba")
    forwarding = archive.forwarding_create(
        clipping=clipping,
        directorate=directorates["aseo"],
        request="Informar el retiro",
        due_on=timezone.localdate() + timedelta(days=3),
        by=people["gabinete"],
    )
    assert_told(client, archive.FORWARDING_RECEIVED_KIND, {"camila", "rodrigo"}, actor=people["gabinete"])

    archive.forwarding_answer(
        forwarding=forwarding, answer="Retirado el martes", by=people["director"], expected_version=forwarding.version
    )
    assert_told(client, archive.FORWARDING_ANSWERED_KIND, {"carolina"}, actor=people["director"])


# --- the office ----------------------------------------------------------------------------------------


def test_a_decided_matter_reaches_who_raised_it_and_its_directorate(client, people, directorates):
    from gabinete.office import services as office
    from tests.office.factories import make_matter

    matter = make_matter(directorates["aseo"], people["enlace"])
    people["director"], people["other_enlace"], people["gabinete"]
    office.matter_decide(matter=matter, decision="aprobado", by=people["alcalde"])
    assert_told(client, office.MATTER_DECIDED_KIND, {"camila", "rodrigo"}, actor=people["alcalde"])


def test_a_task_assigned_by_the_alcalde_reaches_the_responsible(client, people, directorates):
    from gabinete.office import services as office

    people["gabinete"], people["enlace"]
    office.assignment_create(
        title="Catastro de luminarias",
        directorate=directorates["aseo"],
        responsible=people["director"],
        due_date=timezone.localdate() + timedelta(days=10),
        by=people["alcalde"],
    )
    assert_told(client, office.ASSIGNMENT_ASSIGNED_KIND, {"rodrigo"}, actor=people["alcalde"])


# --- protocol ------------------------------------------------------------------------------------------


def test_a_protocol_checklist_task_reaches_its_responsible(client, people):
    from protocol import services as protocol
    from tests.protocol.factories import EventFactory

    event = EventFactory(title="Aniversario de la ciudad")
    people["gabinete2"], people["enlace"]
    protocol.task_add(
        event=event, by=people["gabinete"], data={"title": "Invitaciones", "responsible": people["other_enlace"]}
    )
    assert_told(client, protocol.TASK_ASSIGNED_KIND, {"felipe"}, actor=people["gabinete"])


# --- the inventory -------------------------------------------------------------------------------------


def _workflows() -> list[tuple[str, str, Workflow]]:
    found = []
    for path in SERVICES:
        module = importlib.import_module(path)
        found += [(path, name, value) for name, value in vars(module).items() if isinstance(value, Workflow)]
    return found


def test_every_app_declares_an_audience_beside_each_workflow():
    without = [f"{path}.{name}" for path, name, workflow in _workflows() if workflow.notify is None]
    assert without == []


#: The model each workflow moves (its verbs are `<model_name>.<step>`); a new workflow must be added here.
MOVES = {
    "protocol.services.EVENT_WORKFLOW": "protocol.Event",
    "communications.services.RELEASE_WORKFLOW": "communications.PressRelease",
    "communications.services.SUPPORT_WORKFLOW": "communications.SupportRequest",
    "indicators.services.MEASUREMENT_WORKFLOW": "indicators.Measurement",
    "indicators.services.PROPOSAL_WORKFLOW": "indicators.ChangeProposal",
    "transparency.services.PUBLICATION_WORKFLOW": "transparency.Publication",
    "gabinete.office.services.MATTER_WORKFLOW": "office.Matter",
    "gabinete.office.services.ASSIGNMENT_WORKFLOW": "office.Assignment",
    "gabinete.office.services.MANUAL_VERSION_WORKFLOW": "office.ManualVersion",
    "gabinete.office.services.DESCRIPTOR_VERSION_WORKFLOW": "office.JobDescriptorVersion",
}


def test_every_step_of_a_notifying_workflow_belongs_to_a_declared_kind():
    """A new step can't be forgotten: its verb (`<model>.<step>`) must be in some kind's verbs."""
    from django.apps import apps

    found = {f"{path}.{name}": workflow for path, name, workflow in _workflows()}
    assert set(found) == set(MOVES), "a workflow was added or removed: name the model it moves in MOVES"
    missing = []
    for key, workflow in found.items():
        model = apps.get_model(MOVES[key])
        assert {str(v) for v in workflow.states.values} == set(dict(model._meta.get_field(workflow.field).choices)), key
        if workflow.notify is None:
            continue
        for transition in workflow.transitions.values():
            verb = f"{model._meta.model_name}.{transition.name}"
            if notifications.kind_of_verb(verb) is None:
                missing.append(verb)
    assert missing == []
