import io
from datetime import timedelta

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from django.utils import timezone
from pypdf import PdfReader

from gabinete import desk, jobs
from gabinete.models import Job, JobState, Membership
from protocol import services
from protocol.jobs import WEEK_AGENDA
from protocol.models import CalendarFeed, Event, EventStatus, LobbyAudience, LobbyTrip
from tests.gabinete.job_helpers import requested_document

from .factories import AttendeeFactory, EventFactory, LobbyAudienceFactory, TaskFactory, the_mayor

pytestmark = pytest.mark.django_db
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def _post_data(**extra):
    start = (timezone.now() + timedelta(days=5)).replace(hour=15, minute=0, second=0, microsecond=0)
    data = {
        "title": "Inauguración de plaza",
        "kind": "inauguracion",
        "start": _local(start),
        "end": _local(start + timedelta(hours=1)),
        "place_name": "Plaza Colón",
        "is_public": "on",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    "name",
    [
        "protocol:mayor-week",
        "protocol:mayor-day",
        "protocol:mayor-month",
        "protocol:mayor-week-pdf",
        "protocol:event-list",
        "protocol:lobby-list",
        "protocol:feed-settings",
        "protocol:precedence",
    ],
)
def test_anonymous_users_go_to_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "name",
    [
        "protocol:mayor-week",
        "protocol:event-list",
        "protocol:lobby-list",
        "protocol:precedence",
        "protocol:event-create",
    ],
)
def test_directorate_users_cannot_open_gabinete_pages(client, aseo_director, name):
    client.force_login(aseo_director)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize(
    "name",
    [
        "protocol:mayor-week",
        "protocol:mayor-day",
        "protocol:mayor-month",
        "protocol:event-list",
        "protocol:lobby-list",
        "protocol:precedence",
        "protocol:feed-settings",
        "protocol:event-create",
        "protocol:index",
    ],
)
def test_gabinete_opens_every_page(client, protocol_user, precedence, name):
    EventFactory()
    client.force_login(protocol_user)
    assert client.get(reverse(name)).status_code == 200


def test_other_directorate_gets_404_on_a_proposal(client, aseo_director, transito_liaison, directorates):
    event = services.event_create(by=aseo_director, data=services_data(), proposing_directorate=directorates["aseo"])
    client.force_login(transito_liaison)
    assert client.get(reverse("protocol:event-detail", args=[event.pk])).status_code == 404
    assert client.get(reverse("protocol:event-ics", args=[event.pk])).status_code == 404
    client.force_login(aseo_director)
    assert client.get(reverse("protocol:event-detail", args=[event.pk])).status_code == 200


def services_data():
    start = timezone.now() + timedelta(days=3)
    return {"title": "Propuesta", "kind": "ceremonia", "start": start, "end": start + timedelta(hours=1)}


def test_gabinete_creates_an_event_with_a_programme(client, protocol_user, directorates):
    client.force_login(protocol_user)
    data = _post_data(
        directorates=[directorates["aseo"].pk],
        programme=SimpleUploadedFile("programa.pdf", PDF_BYTES, "application/pdf"),
    )
    response = client.post(reverse("protocol:event-create"), data)
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.status == EventStatus.CONFIRMED and event.programme
    download = client.get(reverse("protocol:event-programme", args=[event.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.date_sensitive
@pytest.mark.parametrize(
    "changes, message",
    [
        ({"title": ""}, "Este campo es obligatorio"),
        ("end_before_start", "La hora de término debe ser posterior a la de inicio."),
        ({"directorates": ["99999"]}, "Escoja una opción válida"),
        ({"programme": "not_pdf"}, "no corresponde a un tipo permitido"),
    ],
)
def test_bad_input_is_refused_with_a_spanish_message(client, protocol_user, directorates, changes, message):
    client.force_login(protocol_user)
    data = _post_data()
    if changes == "end_before_start":
        data["end"] = _local(timezone.now() + timedelta(days=4))
    elif changes.get("programme") == "not_pdf":
        data["programme"] = SimpleUploadedFile("programa.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    else:
        data.update(changes)
    response = client.post(reverse("protocol:event-create"), data)
    assert response.status_code == 200
    assert message in response.text
    assert Event.objects.count() == 0


def test_programme_over_the_size_limit_is_refused(client, protocol_user, settings):
    client.force_login(protocol_user)
    big = PDF_BYTES + b"0" * (10 * 1024 * 1024 + 1)
    data = _post_data(programme=SimpleUploadedFile("p.pdf", big, "application/pdf"))
    response = client.post(reverse("protocol:event-create"), data)
    assert "el máximo permitido es 10 MB" in response.text
    assert Event.objects.count() == 0


def test_overlap_warns_naming_the_other_event_and_saves_when_confirmed(client, protocol_user):
    data = _post_data()
    start = timezone.make_aware(timezone.datetime.fromisoformat(data["start"]))
    EventFactory(title="Reunión con Delegación", start=start - timedelta(minutes=30), end=start + timedelta(minutes=30))
    client.force_login(protocol_user)
    response = client.post(reverse("protocol:event-create"), data)
    assert response.status_code == 200
    assert "se superpone" in response.text and "Reunión con Delegación" in response.text
    assert Event.objects.count() == 1
    response = client.post(reverse("protocol:event-create"), {**data, "confirm_overlap": "on"})
    assert response.status_code == 302 and Event.objects.count() == 2


def test_an_event_starting_when_the_previous_one_ends_saves_without_an_overlap_warning(client, protocol_user):
    data = _post_data()
    start = timezone.make_aware(timezone.datetime.fromisoformat(data["start"]))
    EventFactory(title="Reunión con Delegación", start=start - timedelta(hours=1), end=start)
    client.force_login(protocol_user)
    response = client.post(reverse("protocol:event-create"), data)
    assert response.status_code == 302, "se superpone" in response.text
    assert Event.objects.count() == 2


def test_stale_edit_is_refused_and_keeps_the_first_save(client, protocol_user):
    event = EventFactory(title="Original")
    client.force_login(protocol_user)
    form = {**_post_data(), "version": event.version}
    assert client.post(reverse("protocol:event-edit", args=[event.pk]), {**form, "title": "Primero"}).status_code == 302
    response = client.post(reverse("protocol:event-edit", args=[event.pk]), {**form, "title": "Segundo"})
    assert response.status_code == 200 and "Otra persona modificó este registro" in response.text
    assert Event.objects.get(pk=event.pk).title == "Primero"


def test_proposer_editing_after_confirmation_gets_a_message_and_nothing_changes(
    client, aseo_director, protocol_user, directorates
):
    event = services.event_create(by=aseo_director, data=services_data(), proposing_directorate=directorates["aseo"])
    client.force_login(aseo_director)
    assert client.get(reverse("protocol:event-edit", args=[event.pk])).status_code == 200
    services.event_transition(event=event, to_status=EventStatus.CONFIRMED, by=protocol_user)
    response = client.post(
        reverse("protocol:event-edit", args=[event.pk]),
        {**_post_data(title="Cambio"), "version": event.version},
        follow=True,
    )
    assert "ya fue confirmada por Gabinete" in response.text
    assert Event.objects.get(pk=event.pk).title == "Propuesta"


def test_directorate_proposes_and_follows_its_proposal(client, aseo_director, directorates):
    client.force_login(aseo_director)
    response = client.post(
        reverse("protocol:event-propose"), _post_data(proposing_directorate=directorates["aseo"].pk), follow=True
    )
    assert "Propuesta enviada a Gabinete" in response.text
    event = Event.objects.get()
    assert event.status == EventStatus.PROPOSED and event.proposing_directorate == directorates["aseo"]
    assert "Inauguración de plaza" in client.get(reverse("protocol:proposal-list")).text


def test_directorate_cannot_propose_for_another_directorate_through_the_form(client, aseo_director, directorates):
    client.force_login(aseo_director)
    response = client.post(
        reverse("protocol:event-propose"),
        _post_data(proposing_directorate=directorates["transito-y-transporte-publico"].pk),
    )
    # The choice list only offers the user's own directorates, so a forged value is an invalid choice.
    assert response.status_code == 200
    assert "Escoja una opción válida" in response.text or "Solo puede proponer actividades" in response.text
    assert Event.objects.count() == 0


def test_stale_status_change_is_refused(client, protocol_user):
    event = EventFactory(status=EventStatus.PROPOSED)
    client.force_login(protocol_user)
    old = event.version
    Event.objects.filter(pk=event.pk).update(version=old + 1)
    response = client.post(
        reverse("protocol:event-transition", args=[event.pk]), {"to_status": "confirmada", "version": old}, follow=True
    )
    assert "Otra persona modificó este registro" in response.text
    assert Event.objects.get(pk=event.pk).status == EventStatus.PROPOSED


def test_event_page_prints_speaking_order_and_seating(client, protocol_user, precedence):
    event = EventFactory()
    AttendeeFactory(event=event, name="Delegada Regional", category=precedence[1])
    AttendeeFactory(event=event, name="Alcalde Anfitrión", category=precedence[11], is_presiding=True, is_host=True)
    client.force_login(protocol_user)
    page = client.get(reverse("protocol:event-print", args=[event.pk])).text
    assert "Orden de intervención" in page and "Ubicación en testera" in page
    # The host opens, the highest authority closes; the presiding Alcalde sits at the centre.
    assert page.index("Alcalde Anfitrión") < page.index("Delegada Regional") < page.index("Ubicación en testera")
    row = page[page.index("Ubicación en testera</h2>") :]
    assert row.index("Delegada Regional") < row.index("Centro") < row.index("Alcalde Anfitrión")


def test_event_page_shows_related_blocks(client, protocol_user):
    from gabinete import related

    def provider(obj, user):
        return [related.RelatedLink("Comunicado de prueba", "/x/")]

    related.register("protocol.Event", "Comunicados", provider)
    try:
        event = EventFactory()
        client.force_login(protocol_user)
        assert "Comunicado de prueba" in client.get(reverse("protocol:event-detail", args=[event.pk])).text
    finally:
        related._providers["protocol.event"].remove(("Comunicados", provider))


@pytest.mark.date_sensitive
def test_overdue_task_appears_on_the_responsible_persons_desk(protocol_user, user_factory):
    other = user_factory("gabinete", "gabinete-de-alcaldia", username="otra")
    TaskFactory(title="Bandera", responsible=protocol_user, due=timezone.localdate() - timedelta(days=1))
    TaskFactory(title="Hecha", responsible=protocol_user, due=timezone.localdate() - timedelta(days=1), done=True)
    items = [i for s in desk.sections_for(protocol_user) for i in s.items]
    overdue = [i for i in items if "Bandera" in i.title]
    assert overdue and overdue[0].urgency == "overdue"
    assert not any("Hecha" in i.title for i in items)
    assert not any("Bandera" in i.title for s in desk.sections_for(other) for i in s.items)


def test_responsible_person_marks_task_done(client, user_factory):
    person = user_factory("enlace", "aseo", username="resp")
    task = TaskFactory(responsible=person)
    client.force_login(person)
    client.post(reverse("protocol:task-toggle", args=[task.pk]), {"done": "1"})
    task.refresh_from_db()
    assert task.done and task.done_at


def test_a_task_responsible_from_another_directorate_opens_the_event_but_not_its_notes(client, user_factory):
    person = user_factory("enlace", "aseo", username="resp")
    task = TaskFactory(responsible=person, title="Bandera", event__notes_for_mayor="Nota reservada")
    client.force_login(person)
    page = client.get(reverse("protocol:event-detail", args=[task.event_id]))
    assert page.status_code == 200
    assert "Bandera" in page.text and "Nota reservada" not in page.text
    response = client.post(reverse("protocol:task-toggle", args=[task.pk]), {"done": "1"}, follow=True)
    assert response.status_code == 200 and "marcada como hecha" in response.text
    assert client.get(reverse("protocol:event-edit", args=[task.event_id])).status_code == 403


@pytest.mark.date_sensitive
def test_feed_parses_with_icalendar_and_hides_notes_from_others(client, protocol_user, aseo_director, directorates):
    soon = EventFactory(title="Ceremonia próxima", notes_for_mayor="Nota privada", is_public=False)
    soon.directorates.set([directorates["aseo"]])
    EventFactory(title="Cancelada", status=EventStatus.CANCELLED)
    EventFactory(title="Propuesta", status=EventStatus.PROPOSED)
    EventFactory(
        title="Muy lejana",
        start=timezone.now() + timedelta(days=200),
        end=timezone.now() + timedelta(days=200, hours=1),
    )
    feed = services.feed_create(by=protocol_user)
    response = client.get(reverse("protocol:feed", args=[feed.token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"Ceremonia próxima", "[CANCELADA] Cancelada"}
    assert str(events["[CANCELADA] Cancelada"]["status"]) == "CANCELLED"
    assert events["Ceremonia próxima"]["uid"] == f"{soon.uid}@gabinete.municipalidadantofagasta.cl"
    assert "Nota privada" in str(events["Ceremonia próxima"]["description"])
    assert cal.walk("VTIMEZONE") and str(cal.walk("VTIMEZONE")[0]["tzid"]) == "America/Santiago"
    other = services.feed_create(by=aseo_director)
    other_cal = icalendar.Calendar.from_ical(client.get(reverse("protocol:feed", args=[other.token])).content)
    (only,) = other_cal.walk("VEVENT")
    assert "Nota privada" not in str(only["description"])


def test_forged_and_revoked_tokens_get_the_same_404(client, protocol_user):
    feed = services.feed_create(by=protocol_user)
    services.feed_revoke(by=protocol_user)
    revoked = client.get(reverse("protocol:feed", args=[feed.token]))
    forged = client.get(reverse("protocol:feed", args=["x" * 43]))
    assert revoked.status_code == forged.status_code == 404
    assert revoked.content == forged.content
    assert CalendarFeed.objects.filter(token=feed.token).exists()


def test_one_event_ics_download(client, protocol_user):
    event = EventFactory(title="Firma de convenio")
    client.force_login(protocol_user)
    response = client.get(reverse("protocol:event-ics", args=[event.pk]))
    (vevent,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["summary"]) == "Firma de convenio"
    assert vevent.decoded("dtstart") == event.start


@pytest.mark.date_sensitive
def test_weekly_pdf_lists_titles_in_order(client, protocol_user):
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    tz = timezone.get_current_timezone()
    titles = ["Primera del lunes", "Segunda del lunes", "Actividad del miércoles"]
    for title, (day, hour) in zip(titles, [(0, 9), (0, 15), (2, 10)], strict=True):
        start = timezone.make_aware(
            timezone.datetime.combine(monday + timedelta(days=day), timezone.datetime.min.time()).replace(hour=hour), tz
        )
        EventFactory(title=title, start=start, end=start + timedelta(hours=1))
    client.force_login(protocol_user)
    response = requested_document(client, reverse("protocol:mayor-week-pdf"), query={"fecha": f"{monday:%Y-%m-%d}"})
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    positions = [text.index(t) for t in titles]
    assert positions == sorted(positions)


def test_the_weekly_pdf_is_asked_for_with_a_post_not_opened_with_a_get(client, protocol_user):
    client.force_login(protocol_user)
    assert client.get(reverse("protocol:mayor-week-pdf"), {"fecha": "2026-11-18"}).status_code == 405
    page = client.get(reverse("protocol:mayor-week"), {"fecha": "2026-11-18"}).text
    assert f'<form method="post" action="{reverse("protocol:mayor-week-pdf")}?fecha=2026-11-18"' in page


def test_asking_for_the_weekly_pdf_keeps_the_week_and_names_it(client, protocol_user):
    client.force_login(protocol_user)
    response = client.post(reverse("protocol:mayor-week-pdf") + "?fecha=2026-11-18")
    job = Job.objects.get(pk=resolve(response["Location"]).kwargs["pk"])
    assert job.kind == WEEK_AGENDA and job.params == {"week": "2026-11-16"}
    assert job.title == "Agenda semanal del Alcalde: semana del 16-11-2026 al 22-11-2026"
    jobs.work(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.filename == "agenda-semanal-2026-11-16.pdf"


def test_a_directorate_user_cannot_ask_for_the_weekly_pdf(client, aseo_director):
    client.force_login(aseo_director)
    assert client.post(reverse("protocol:mayor-week-pdf")).status_code == 403
    assert not Job.objects.exists()


def test_a_weekly_pdf_whose_owner_lost_the_agenda_fails_with_the_reason(client, protocol_user):
    client.force_login(protocol_user)
    response = client.post(reverse("protocol:mayor-week-pdf") + "?fecha=2026-11-18")
    pk = resolve(response["Location"]).kwargs["pk"]
    Membership.objects.filter(user=protocol_user).delete()  # left the Gabinete
    jobs.work(pk)
    job = Job.objects.get(pk=pk)
    assert job.state == JobState.FAILED
    assert job.error == "Ya no tiene permiso para obtener este documento."
    assert not job.file


@pytest.mark.date_sensitive
def test_mayor_week_shows_next_event_first(client, mayor):
    EventFactory(
        title="Lo que viene", start=timezone.now() + timedelta(hours=2), end=timezone.now() + timedelta(hours=3)
    )
    client.force_login(mayor)
    page = client.get(reverse("protocol:mayor-week")).text
    assert page.index("Próxima actividad") < page.index("Lo que viene")


def _early_today():
    """A moment of this week whatever the clock says ("now + 2 hours" is next week on a Sunday night)."""
    return timezone.localtime().replace(hour=0, minute=5, second=0, microsecond=0)


@pytest.mark.date_sensitive
def test_the_cached_week_shows_every_change_at_once(client, mayor, protocol_user):
    """The rendered days are cached under the agenda's fingerprint: edits, cancellations, new and
    deleted events show on the next request, and a second read of an unchanged week renders nothing."""
    soon = _early_today()
    event = EventFactory(title="Ceremonia de aniversario", start=soon, end=soon + timedelta(hours=1))
    client.force_login(mayor)
    week = reverse("protocol:mayor-week")
    assert "Ceremonia de aniversario" in client.get(week).text

    event.title = "Ceremonia del 147 aniversario"
    event.save()
    assert "Ceremonia del 147 aniversario" in client.get(week).text

    services.event_transition(event=event, to_status=EventStatus.CANCELLED, by=protocol_user, note="Lluvia")
    assert "Cancelada" in client.get(week).text

    EventFactory(title="Visita a La Chimba", start=soon + timedelta(hours=3), end=soon + timedelta(hours=4))
    assert "Visita a La Chimba" in client.get(week).text

    event.delete()
    page = client.get(week).text
    assert "Ceremonia del 147 aniversario" not in page and "Visita a La Chimba" in page


@pytest.mark.date_sensitive
def test_the_cached_week_is_not_shared_with_those_who_may_not_read_the_notes(client, mayor, user_factory):
    soon = _early_today()
    EventFactory(
        title="Reunión reservada", notes_for_mayor="Llevar carpeta azul", start=soon, end=soon + timedelta(hours=1)
    )
    client.force_login(mayor)
    assert "Llevar carpeta azul" in client.get(reverse("protocol:mayor-week")).text
    client.force_login(user_factory("administrador", "administracion-municipal", username="admin-mun"))
    page = client.get(reverse("protocol:mayor-week")).text
    assert "Reunión reservada" in page and "Llevar carpeta azul" not in page


def test_lobby_forms_and_check(client, protocol_user):
    client.force_login(protocol_user)
    data = {
        "subject": the_mayor().pk,
        "date": "2025-03-04",
        "time": "10:30",
        "place": "Despacho",
        "modality": "presencial",
        "on_behalf_of": "Inmobiliaria",
        "matter": "Proyecto",
        "asis-TOTAL_FORMS": "1",
        "asis-INITIAL_FORMS": "0",
        "asis-MIN_NUM_FORMS": "0",
        "asis-MAX_NUM_FORMS": "1000",
        "asis-0-name": "Pedro Soto",
        "asis-0-represents": "Inmobiliaria",
        "asis-0-role": "lobbista",
    }
    assert client.post(reverse("protocol:lobby-create", args=["audiencia"]), data).status_code == 302
    audience = LobbyAudience.objects.get()
    assert audience.attendees.get().represents == "Inmobiliaria"
    client.post(reverse("protocol:lobby-check", args=["audiencia", audience.pk]), {"version": audience.version})
    assert LobbyAudience.objects.get().is_checked
    bad = client.post(
        reverse("protocol:lobby-create", args=["viaje"]),
        {
            "subject": the_mayor().pk,
            "date_start": "2025-03-04",
            "date_end": "2025-03-01",
            "destination": "X",
            "purpose": "Y",
            "cost": "1000",
            "paid_by": "Z",
        },
    )
    assert "La fecha de regreso debe ser igual o posterior" in bad.text
    assert client.get(reverse("protocol:lobby-create", args=["otra-cosa"])).status_code == 404


@pytest.mark.parametrize("version", ["x", " ", "31-02-2026", "１", "-1"])
def test_lobby_check_with_a_malformed_version_is_refused_not_a_500(client, protocol_user, version):
    audience = LobbyAudienceFactory()
    audience.attendees.create(name="Rosa Díaz", role="lobbista")
    client.force_login(protocol_user)
    response = client.post(reverse("protocol:lobby-check", args=["audiencia", audience.pk]), {"version": version})
    assert response.status_code == 302
    audience.refresh_from_db()
    assert audience.is_checked is (version.strip() == "")


def test_event_becomes_lobby_audience_from_its_page(client, protocol_user):
    the_mayor()
    event = EventFactory(kind="audiencia", title="Audiencia con gremio")
    AttendeeFactory(event=event, name="Gerente", institution="Gremio")
    client.force_login(protocol_user)
    response = client.post(reverse("protocol:lobby-from-event", args=[event.pk]))
    audience = LobbyAudience.objects.get()
    assert response.url == reverse("protocol:lobby-edit", args=["audiencia", audience.pk])
    assert audience.event == event and audience.attendees.get().represents == "Gremio"


def _week_events(n):
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    tz = timezone.get_current_timezone()
    for i in range(n):
        start = timezone.make_aware(
            timezone.datetime.combine(monday + timedelta(days=i % 7), timezone.datetime.min.time()).replace(
                hour=8 + i % 10
            ),
            tz,
        )
        EventFactory(start=start, end=start + timedelta(minutes=30))


@pytest.mark.parametrize("rows", [5, 50])
def test_mayor_week_query_count_does_not_grow(client, mayor, django_assert_max_num_queries, rows):
    _week_events(rows)
    client.force_login(mayor)
    with django_assert_max_num_queries(10):  # rendering the days: the fingerprint, the events; the bell
        assert client.get(reverse("protocol:mayor-week")).status_code == 200
    with django_assert_max_num_queries(8):  # unchanged: the fingerprint only
        assert client.get(reverse("protocol:mayor-week")).status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_feed_query_count_does_not_grow(client, mayor, directorates, django_assert_max_num_queries, rows):
    _week_events(rows)
    for e in Event.objects.all():
        e.directorates.set([directorates["aseo"]])
    feed = services.feed_create(by=mayor)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("protocol:feed", args=[feed.token])).status_code == 200


def test_the_cached_feed_changes_as_soon_as_an_event_changes_and_answers_304(client, mayor):
    event = EventFactory(title="Título original")
    feed = services.feed_create(by=mayor)
    url = reverse("protocol:feed", args=[feed.token])
    first = client.get(url)
    assert "Título original" in first.content.decode()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    event.title = "Título corregido"
    event.save()
    second = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert "Título corregido" in second.content.decode()
    EventFactory(title="Actividad nueva")
    assert "Actividad nueva" in client.get(url).content.decode()


@pytest.mark.parametrize("rows", [5, 50])
def test_event_list_and_detail_query_counts(client, protocol_user, precedence, django_assert_max_num_queries, rows):
    _week_events(rows)
    event = Event.objects.first()
    for i in range(rows):
        AttendeeFactory(event=event, category=precedence[1 + i % 23])
        TaskFactory(event=event, responsible=protocol_user)
    client.force_login(protocol_user)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("protocol:event-list")).status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(reverse("protocol:event-detail", args=[event.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("protocol:lobby-list")).status_code == 200


@pytest.mark.parametrize("all_day", [False, True])
@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("0001-01-01T00:00", "0001-01-01T01:00"),
        ("0001-01-01T00:00", "9999-12-31T23:59"),
        ("9999-12-31T22:00", "9999-12-31T23:59"),
        ("31-12-9999", "31-12-9999"),
        ("9999-12-31T23:59+14:00", "9999-12-31T23:59+14:00"),
    ],
)
def test_event_dates_outside_the_agenda_range_are_refused_not_a_500(client, protocol_user, start, end, all_day):
    EventFactory()  # something in the agenda, so the overlap check runs
    client.force_login(protocol_user)
    data = _post_data(start=start, end=end)
    if all_day:
        data["all_day"] = "on"
    response = client.post(reverse("protocol:event-create"), data)
    assert response.status_code == 200
    assert "La fecha debe estar entre el año 1900 y el año 2999" in response.text
    assert Event.objects.count() == 1


def test_event_service_refuses_dates_outside_the_agenda_range(protocol_user):
    from datetime import UTC, datetime

    from django.core.exceptions import ValidationError

    start = datetime(1, 1, 1, 12, tzinfo=UTC)
    with pytest.raises(ValidationError):
        services.event_create(by=protocol_user, data={"title": "x", "start": start, "end": start + timedelta(hours=1)})


@pytest.mark.date_sensitive
@pytest.mark.parametrize("name", ["protocol:mayor-day", "protocol:mayor-week", "protocol:mayor-month"])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_mayor_agenda_with_a_day_outside_the_range_shows_today(client, mayor, name, day):
    client.force_login(mayor)
    response = client.get(reverse(name), {"fecha": day})
    assert response.status_code == 200
    assert response.context["day"] == timezone.localdate()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "not-a-date"])
def test_a_weekly_pdf_asked_for_a_day_outside_the_range_is_this_week(client, mayor, day):
    client.force_login(mayor)
    response = client.post(reverse("protocol:mayor-week-pdf") + f"?fecha={day}")
    job = Job.objects.get(pk=resolve(response["Location"]).kwargs["pk"])
    assert job.params == {"week": "2026-11-16"}


@pytest.mark.parametrize("value", ["9" * 30, "-" + "9" * 30, str(2**63), "9" * 5000])
def test_directorate_id_beyond_the_integer_range_is_an_invalid_choice_not_a_500(client, protocol_user, value):
    client.force_login(protocol_user)
    response = client.post(reverse("protocol:event-create"), _post_data(directorates=[value]))
    assert response.status_code == 200
    assert response.context["form"].has_error("directorates", "invalid_choice") or response.context["form"].has_error(
        "directorates", "invalid_pk_value"
    )
    assert not Event.objects.exists()


@pytest.mark.parametrize(("typed", "stored"), [("1.843", 1843), ("$ 845.000", 845000), ("1 843 000", 1843000)])
def test_a_lobby_trip_cost_is_typed_the_chilean_way(client, protocol_user, typed, stored):
    client.force_login(protocol_user)
    data = {
        "subject": the_mayor().pk,
        "date_start": "2025-03-04",
        "date_end": "2025-03-05",
        "destination": "Santiago",
        "purpose": "Reunión SUBDERE",
        "cost": typed,
        "paid_by": "Municipalidad",
    }
    response = client.post(reverse("protocol:lobby-create", args=["viaje"]), data)
    assert response.status_code == 302
    assert LobbyTrip.objects.get().cost == stored


@pytest.mark.parametrize("typed", ["1.84", "845.000,5", "1,843.00", "abc"])
def test_a_malformed_lobby_trip_cost_is_refused_in_spanish_keeping_what_was_typed(client, protocol_user, typed):
    client.force_login(protocol_user)
    data = {
        "subject": the_mayor().pk,
        "date_start": "2025-03-04",
        "date_end": "2025-03-05",
        "destination": "Santiago",
        "purpose": "Reunión SUBDERE",
        "cost": typed,
        "paid_by": "Municipalidad",
    }
    response = client.post(reverse("protocol:lobby-create", args=["viaje"]), data)
    assert response.status_code == 200 and not LobbyTrip.objects.exists()
    assert "1.843" in response.text and f'value="{typed}"' in response.text
    assert "Reunión SUBDERE" in response.text


def test_the_lobby_trip_form_shows_the_cost_with_thousands_dots(client, protocol_user):
    client.force_login(protocol_user)
    client.post(
        reverse("protocol:lobby-create", args=["viaje"]),
        {
            "subject": the_mayor().pk,
            "date_start": "2025-03-04",
            "date_end": "2025-03-05",
            "destination": "Santiago",
            "purpose": "SUBDERE",
            "cost": "845.000",
            "paid_by": "Municipalidad",
        },
    )
    trip = LobbyTrip.objects.get()
    assert 'value="845.000"' in client.get(reverse("protocol:lobby-edit", args=["viaje", trip.pk])).text


def test_the_programme_pdf_is_kept_while_the_overlap_is_confirmed(client, protocol_user):
    import re

    data = _post_data(programme=SimpleUploadedFile("programa-aniversario.pdf", PDF_BYTES, "application/pdf"))
    start = timezone.make_aware(timezone.datetime.fromisoformat(data["start"]))
    EventFactory(title="Reunión con Delegación", start=start - timedelta(minutes=30), end=start + timedelta(minutes=30))
    client.force_login(protocol_user)
    response = client.post(reverse("protocol:event-create"), data)
    assert "se superpone" in response.text
    assert "Archivo adjunto conservado: programa-aniversario.pdf" in response.text
    token = re.search(r'name="programme_conservado" value="([^"]+)"', response.text)[1]
    data.pop("programme")
    response = client.post(
        reverse("protocol:event-create"), {**data, "confirm_overlap": "on", "programme_conservado": token}
    )
    assert response.status_code == 302
    event = Event.objects.exclude(title="Reunión con Delegación").get()
    assert event.programme.read() == PDF_BYTES


def _overlapping_events(data, count):
    start = timezone.make_aware(timezone.datetime.fromisoformat(data["start"]))
    return [
        EventFactory(title=f"Reunión {n}", start=start - timedelta(minutes=30 - n), end=start + timedelta(minutes=30))
        for n in range(count)
    ]


def test_overlap_with_four_events_is_one_warning_that_counts_them_above_the_form(client, protocol_user):
    data = _post_data()
    _overlapping_events(data, 4)
    client.force_login(protocol_user)
    page = client.post(reverse("protocol:event-create"), data).text
    assert page.count("se superpone") == 1
    assert "se superpone con 4 actividades confirmadas del Alcalde" in page and "con otra" not in page
    assert all(f"Reunión {n}" in page for n in range(4))
    # The list and its «Guardar de todos modos» come before the first field of the form.
    warning, button, first_field = (
        page.index(s) for s in ('id="overlap-warning"', 'name="confirm_overlap"', 'name="title"')
    )
    assert warning < button < first_field
    assert page.count('name="confirm_overlap"') == 1


def test_overlap_with_one_event_says_another(client, protocol_user):
    data = _post_data()
    _overlapping_events(data, 1)
    client.force_login(protocol_user)
    page = client.post(reverse("protocol:event-create"), data).text
    assert "se superpone con otra actividad confirmada del Alcalde" in page and page.count("se superpone") == 1


def test_a_form_without_overlap_shows_no_overlap_button(client, protocol_user):
    client.force_login(protocol_user)
    page = client.post(reverse("protocol:event-create"), {**_post_data(), "title": ""}).text
    assert "confirm_overlap" not in page and "todos modos" not in page


def test_gabinete_edits_and_extends_the_precedence_table_through_its_page(client, protocol_user, precedence):
    from protocol.models import PrecedenceCategory

    categories = list(PrecedenceCategory.objects.all())
    data = {
        "form-TOTAL_FORMS": str(len(categories) + 1),
        "form-INITIAL_FORMS": str(len(categories)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, category in enumerate(categories):
        data.update(
            {
                f"form-{i}-id": category.pk,
                f"form-{i}-scope": category.scope,
                f"form-{i}-order": category.order,
                f"form-{i}-name": category.name,
                f"form-{i}-note": category.note,
            }
        )
        if category.by_seniority:
            data[f"form-{i}-by_seniority"] = "on"
    data["form-0-name"] = "Delegada Presidencial Regional"
    new = len(categories)
    data.update(
        {
            f"form-{new}-scope": "regional",
            f"form-{new}-order": "99",
            f"form-{new}-name": "Cónsules honorarios",
            f"form-{new}-note": "",
        }
    )
    client.force_login(protocol_user)
    response = client.post(reverse("protocol:precedence"), data)
    assert response.status_code == 302
    assert PrecedenceCategory.objects.get(pk=categories[0].pk).name == "Delegada Presidencial Regional"
    added = PrecedenceCategory.objects.get(order=99)
    assert added.name == "Cónsules honorarios" and added.history.get().history_user == protocol_user


def test_taking_an_attendee_off_an_audience_through_the_form(client, protocol_user):
    from protocol.models import LobbyAudienceAttendee

    audience = LobbyAudienceFactory()
    rosa = LobbyAudienceAttendee.objects.create(
        audience=audience, name="Rosa Díaz", represents="Norte SpA", role="gestor"
    )
    client.force_login(protocol_user)
    response = client.post(
        reverse("protocol:lobby-edit", args=["audiencia", audience.pk]),
        {
            "subject": audience.subject_id,
            "date": audience.date.isoformat(),
            "time": "10:00",
            "place": audience.place,
            "modality": audience.modality,
            "on_behalf_of": audience.on_behalf_of,
            "matter": audience.matter,
            "version": audience.version,
            "asis-TOTAL_FORMS": "2",
            "asis-INITIAL_FORMS": "1",
            "asis-MIN_NUM_FORMS": "0",
            "asis-MAX_NUM_FORMS": "1000",
            "asis-0-id": rosa.pk,
            "asis-0-audience": audience.pk,
            "asis-0-name": rosa.name,
            "asis-0-represents": rosa.represents,
            "asis-0-role": rosa.role,
            "asis-0-DELETE": "on",
            "asis-1-name": "Pedro Soto",
            "asis-1-represents": "Inmobiliaria",
            "asis-1-role": "lobbista",
        },
    )
    assert response.status_code == 302
    assert [a.name for a in audience.attendees.all()] == ["Pedro Soto"]


def test_the_activities_list_prints_each_events_local_time_kind_status_and_directorates(
    client, protocol_user, directorates
):
    """The row's strings are computed once per page (protocol.selectors.label_events), in local time."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    start = datetime(2026, 11, 20, 9, 30, tzinfo=ZoneInfo("America/Santiago"))
    event = EventFactory(title="Visita a La Chimba", start=start, end=start + timedelta(hours=2))
    event.directorates.set([directorates["aseo"], directorates["obras-municipales"]])
    EventFactory(title="Aniversario", start=start + timedelta(days=1), all_day=True, status=EventStatus.CANCELLED)
    client.force_login(protocol_user)
    row = client.get(reverse("protocol:event-list")).text.split("Visita a La Chimba")[0].rsplit("<tr>", 1)[1]
    rest = client.get(reverse("protocol:event-list")).text.split("Visita a La Chimba")[1].split("</tr>")[0]
    assert "20-11-2026 09:30" in row
    assert str(event.get_kind_display()) in rest and str(event.get_status_display()) in rest
    assert f"{directorates['aseo'].display_name}, {directorates['obras-municipales'].display_name}" in rest
    whole_day = client.get(reverse("protocol:event-list")).text.split("Aniversario")[0].rsplit("<tr>", 1)[1]
    assert "21-11-2026</td>" in whole_day


def test_every_step_of_an_event_says_what_happens_now_and_who_acts(client, aseo_director, protocol_user, directorates):
    """Issue 21 point 3: after the proposal and each change of state the page says what happens now and
    who acts next, and the event's page shows its path."""
    client.force_login(aseo_director)
    response = client.post(
        reverse("protocol:event-propose"), _post_data(proposing_directorate=directorates["aseo"].pk), follow=True
    )
    assert "Propuesta enviada a Gabinete. Ahora Gabinete debe confirmarla o cancelarla." in response.text
    assert 'data-testid="workflow-path"' in response.text
    event = Event.objects.get()
    client.force_login(protocol_user)
    for to_status, text in [
        ("confirmada", "Actividad confirmada. Ahora protocolo la prepara"),
        ("cancelada", "Actividad cancelada. Queda cancelada; Gabinete puede volver a confirmarla."),
        ("confirmada", "Actividad confirmada."),
        ("realizada", "Actividad marcada realizada. Realizada: no requiere más pasos."),
    ]:
        event.refresh_from_db()
        response = client.post(
            reverse("protocol:event-transition", args=[event.pk]),
            {"to_status": to_status, "version": event.version},
            follow=True,
        )
        assert text in response.text, to_status
