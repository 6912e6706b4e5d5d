from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from communications import services
from communications.desk import support_requests_due
from communications.models import SupportRequest, SupportStatus
from gabinete import desk
from tests.communications.factories import SupportRequestFactory


@pytest.mark.date_sensitive
def test_liaison_creates_request_for_own_directorate(client, liaison, directorates):
    client.force_login(liaison)
    response = client.post(
        reverse("communications:support-create"),
        {
            "directorate": directorates["aseo"].pk,
            "kind": "cobertura",
            "title": "Cobertura operativo",
            "needed_by": (timezone.localdate() + timedelta(days=4)).isoformat(),
            "contact_name": "Camila",
        },
    )
    support = SupportRequest.objects.get()
    assert response.status_code == 302
    assert support.status == SupportStatus.REQUESTED and support.requested_by == liaison


@pytest.mark.date_sensitive
def test_liaison_cannot_request_for_another_directorate(client, liaison, directorates):
    client.force_login(liaison)
    response = client.post(
        reverse("communications:support-create"),
        {
            "directorate": directorates["transito-y-transporte-publico"].pk,
            "kind": "cobertura",
            "title": "Ajena",
            "needed_by": (timezone.localdate() + timedelta(days=4)).isoformat(),
            "contact_name": "X",
        },
    )
    assert response.status_code == 200
    assert "Escoja una opción válida" in response.text
    assert not SupportRequest.objects.exists()


@pytest.mark.date_sensitive
def test_needed_by_in_the_past_is_refused(client, liaison, directorates):
    client.force_login(liaison)
    response = client.post(
        reverse("communications:support-create"),
        {
            "directorate": directorates["aseo"].pk,
            "kind": "otra",
            "title": "Tarde",
            "needed_by": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "contact_name": "X",
        },
    )
    assert "La fecha en que se necesita el apoyo ya pasó" in response.text


def test_directorate_sees_only_its_own_requests(client, liaison, other_liaison, directorates, gabinete_user):
    own = SupportRequestFactory(directorate=directorates["aseo"], title="Propia de Aseo")
    other = SupportRequestFactory(directorate=directorates["transito-y-transporte-publico"], title="De Tránsito")
    client.force_login(liaison)
    html = client.get(reverse("communications:support-list")).text
    assert "Propia de Aseo" in html and "De Tránsito" not in html
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert (
        client.post(reverse("communications:support-action", args=[other.pk, "comment"]), {"comment": "x"}).status_code
        == 404
    )
    assert client.get(reverse("communications:support-board")).status_code == 403
    client.force_login(gabinete_user)
    html = client.get(reverse("communications:support-list")).text
    assert "Propia de Aseo" in html and "De Tránsito" in html
    board = client.get(reverse("communications:support-board"))
    assert board.status_code == 200 and "Propia de Aseo" in board.text


def test_anonymous_is_sent_to_login(client, db):
    assert client.get(reverse("communications:support-list")).status_code == 302


def test_gabinete_accepts_and_completes_with_history(client, gabinete_user, liaison, directorates):
    support = SupportRequestFactory(directorate=directorates["aseo"], requested_by=liaison)
    client.force_login(gabinete_user)
    client.post(reverse("communications:support-action", args=[support.pk, "accept"]), {"version": support.version})
    support.refresh_from_db()
    client.post(
        reverse("communications:support-action", args=[support.pk, "done"]),
        {"version": support.version, "comment": "Listo"},
    )
    support.refresh_from_db()
    assert support.status == SupportStatus.DONE
    assert list(support.comments.values_list("to_status", flat=True)) == ["aceptada", "realizada"]


def test_reject_needs_a_comment_and_liaison_cannot_change_state(client, gabinete_user, liaison, directorates):
    support = SupportRequestFactory(directorate=directorates["aseo"])
    client.force_login(liaison)
    response = client.post(reverse("communications:support-action", args=[support.pk, "accept"]), follow=True)
    assert "Solo Gabinete responde" in response.text
    client.force_login(gabinete_user)
    response = client.post(
        reverse("communications:support-action", args=[support.pk, "reject"]), {"version": support.version}, follow=True
    )
    assert "Indique el motivo del rechazo" in response.text
    support.refresh_from_db()
    assert support.status == SupportStatus.REQUESTED


def test_stale_state_change_is_refused(gabinete_user, directorates):
    support = SupportRequestFactory(directorate=directorates["aseo"])
    version = support.version
    services.support_request_transition(request=support, by=gabinete_user, action="accept", expected_version=version)
    from gabinete.concurrency import StaleObjectError

    with pytest.raises(StaleObjectError):
        services.support_request_transition(
            request=support, by=gabinete_user, action="reject", comment="x", expected_version=version
        )


@pytest.mark.date_sensitive
def test_desk_lists_requests_near_or_past_their_date(liaison, other_liaison, gabinete_user, directorates):
    today = timezone.localdate()
    SupportRequestFactory(directorate=directorates["aseo"], title="Vencida", needed_by=today - timedelta(days=1))
    SupportRequestFactory(directorate=directorates["aseo"], title="Pronto", needed_by=today + timedelta(days=2))
    SupportRequestFactory(directorate=directorates["aseo"], title="Lejana", needed_by=today + timedelta(days=20))
    SupportRequestFactory(directorate=directorates["aseo"], title="Cerrada", needed_by=today, status=SupportStatus.DONE)
    items = {i.title.split(" (")[0]: i.urgency for i in support_requests_due(liaison)}
    assert items == {"Vencida": desk.Urgency.OVERDUE, "Pronto": desk.Urgency.DUE_SOON}
    assert support_requests_due(other_liaison) == []
    assert len(support_requests_due(gabinete_user)) == 2


@pytest.mark.date_sensitive
def test_desk_provider_query_budget(liaison, django_assert_max_num_queries, directorates):
    SupportRequestFactory.create_batch(5, directorate=directorates["aseo"], needed_by=timezone.localdate())
    liaison._gabinete_memberships = None
    with django_assert_max_num_queries(2):
        support_requests_due(liaison)


@pytest.mark.parametrize("rows", [5, 50])
def test_support_pages_query_count_is_constant(
    client, gabinete_user, directorates, django_assert_max_num_queries, rows
):
    SupportRequestFactory.create_batch(rows, directorate=directorates["aseo"])
    client.force_login(gabinete_user)
    # The list is the core's queue: one grouped count per choice filter (state, directorate, type,
    # who takes it), one aggregate for the flag and the total, the rows, and Gabinete's people for
    # the bulk «Asignar a …»; none of them grows with the rows.
    for name, budget in (("support-list", 14), ("support-board", 10)):
        with django_assert_max_num_queries(budget):
            assert client.get(reverse(f"communications:{name}")).status_code == 200
