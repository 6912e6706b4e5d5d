"""The activity log: one entry per change, in the change's transaction, with where it came from;
«Quién hizo qué» and each record's timeline (issue 14 point 6)."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from archive import services as archive_services
from gabinete import activity
from gabinete.models import Activity, ActivitySource, Directorate
from tests.archive.factories import ClippingFactory, OutletFactory
from tests.gabinete.factories import on_list

SOMETHING = activity.Verb("test.changed", "Cambió algo")


@pytest.fixture
def press(user_factory):
    return user_factory("gabinete", "gabinete-de-alcaldia", team="prensa", username="prensa.activity")


def _clipping_create(by, headline="Nuevo plan de reciclaje"):
    return archive_services.clipping_create(
        by=by,
        source="medio",
        outlet=OutletFactory(),
        medium="prensa",
        published_on=timezone.localdate(),
        headline=headline,
        tone="neutro",
    )


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- recording ---------------------------------------------------------------------------------------


def test_a_service_that_fails_after_recording_leaves_no_entry(press):
    @activity.service
    def failing(*, by):
        activity.record(actor=by, verb=SOMETHING, target=None)
        raise OSError("the disk is full")

    with pytest.raises(OSError):
        failing(by=press)
    assert not Activity.objects.filter(verb=SOMETHING.code).exists()


def test_a_service_that_succeeds_keeps_its_entry_even_with_the_mail_server_down(press, settings, mailoutbox):
    on_list("briefing", "alcalde@example.invalid")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _closed_port(), 2
    archive_services.briefing_send(day=timezone.localdate(), by=press)  # the e-mail goes through the queue
    assert Activity.objects.get(verb="briefing.sent").changes["recipients"] == 1


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError):
        activity.record(actor=None, verb=SOMETHING, target=None)
    assert not Activity.objects.exists()


def test_a_request_records_its_entries_as_coming_from_the_web(client, user_factory):
    liaison = user_factory("enlace", "aseo")
    client.force_login(liaison)
    response = client.post(reverse("protocol:feed-settings"), {"action": "create"})
    assert response.status_code == 302
    entry = Activity.objects.get(verb="calendar_feed.created")
    assert (entry.actor, entry.source, entry.source_detail) == (liaison, ActivitySource.WEB, "POST /agenda/calendario/")


class EditClippingCommand(BaseCommand):
    """What a cron job or an import command does: a service call with no request around it."""

    def add_arguments(self, parser):
        parser.add_argument("--pk", type=int)
        parser.add_argument("--by", type=int)

    def handle(self, *args, **options):
        from django.contrib.auth import get_user_model

        from archive.models import Clipping

        clipping = Clipping.objects.get(pk=options["pk"])
        by = get_user_model().objects.get(pk=options["by"])
        archive_services.clipping_update(clipping=clipping, by=by, expected_version=clipping.version, headline="Otro")


def test_a_command_records_its_entries_as_command_with_its_name(press):
    clipping = ClippingFactory()
    call_command(EditClippingCommand(), pk=clipping.pk, by=press.pk)
    entry = Activity.objects.get(verb="clipping.updated")
    assert (entry.source, entry.source_detail) == (ActivitySource.COMMAND, "test_activity")


def test_simple_history_records_the_acting_user_outside_a_request(press):
    clipping = ClippingFactory()
    call_command(EditClippingCommand(), pk=clipping.pk, by=press.pk)
    assert clipping.history.latest("history_date").history_user == press


def test_a_job_records_its_entries_as_task(press):
    with activity.source(ActivitySource.TASK, "fetch_media"):
        _clipping_create(press)
    entry = Activity.objects.get(verb="clipping.created")
    assert (entry.source, entry.source_detail) == (ActivitySource.TASK, "fetch_media")


def test_the_actor_never_hears_about_their_own_change(press, user_factory):
    other = user_factory("enlace", "aseo")
    with transaction.atomic():
        entry = activity.record(actor=press, verb=SOMETHING, target=None, recipients=[press, other, other, None])
    assert list(entry.recipients.all()) == [other]


# --- «Quién hizo qué» --------------------------------------------------------------------------------


def _entry(actor, *, app="archive", slug=None, when=None, label="Registro"):
    with transaction.atomic():
        entry = activity.record(
            actor=actor,
            verb=SOMETHING,
            target=None,
            app=app,
            directorate=Directorate.objects.get(slug=slug) if slug else None,
        )
    Activity.objects.filter(pk=entry.pk).update(target_label=label, created_at=when or timezone.now())
    return entry


@pytest.fixture
def log(press, user_factory):
    """Four entries: by two people, in two directorates, two apps, on two days."""
    liaison = user_factory("enlace", "aseo", username="enlace.activity", first_name="Elena", last_name="Rojas")
    now = timezone.now()
    return {
        "press_archive": _entry(press, label="Recorte uno"),
        "press_protocol_old": _entry(press, app="protocol", when=now - timedelta(days=10), label="Actividad vieja"),
        "liaison_aseo": _entry(liaison, app="indicators", slug="aseo", label="Medición de aseo"),
        "liaison_old": _entry(liaison, app="indicators", slug="aseo", when=now - timedelta(days=10), label="Antigua"),
        "liaison": liaison,
    }


def _labels(response) -> list[str]:
    return [entry.target_label for entry in response.context["page"]]


def test_who_did_what_lists_every_entry_newest_first(client, press, log):
    client.force_login(press)
    response = client.get(reverse("gabinete:activity"))
    assert response.status_code == 200
    assert _labels(response)[:2] in (["Medición de aseo", "Recorte uno"], ["Recorte uno", "Medición de aseo"])
    assert len(_labels(response)) == 4


def test_who_did_what_filters_by_person_directorate_app_and_dates(client, press, log):
    client.force_login(press)
    url = reverse("gabinete:activity")
    today = timezone.localdate()
    assert sorted(_labels(client.get(url, {"persona": log["liaison"].pk}))) == ["Antigua", "Medición de aseo"]
    aseo = Directorate.objects.get(slug="aseo").pk
    assert sorted(_labels(client.get(url, {"direccion": aseo}))) == ["Antigua", "Medición de aseo"]
    assert _labels(client.get(url, {"modulo": "protocol"})) == ["Actividad vieja"]
    recent = client.get(url, {"desde": today.isoformat(), "hasta": today.isoformat()})
    assert sorted(_labels(recent)) == ["Medición de aseo", "Recorte uno"]
    old = client.get(url, {"hasta": (today - timedelta(days=5)).isoformat()})
    assert sorted(_labels(old)) == ["Actividad vieja", "Antigua"]
    both = client.get(url, {"persona": press.pk, "modulo": "archive", "desde": today.isoformat()})
    assert _labels(both) == ["Recorte uno"]


def test_who_did_what_refuses_a_reversed_date_range(client, press, log):
    client.force_login(press)
    today = timezone.localdate()
    response = client.get(
        reverse("gabinete:activity"), {"desde": today.isoformat(), "hasta": (today - timedelta(days=1)).isoformat()}
    )
    assert _labels(response) == []
    assert "debe ser igual o posterior" in response.content.decode()


def test_who_did_what_exports_the_filtered_entries_as_csv(client, press, log):
    client.force_login(press)
    response = client.get(reverse("gabinete:activity-export"), {"persona": log["liaison"].pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].split(";")[:3] == ["Fecha y hora", "Persona", "Acción"]
    assert len(lines) == 3
    first = lines[1].split(";")
    assert first[1] == "Elena Rojas" and first[2] == "Cambió algo" and first[4] == "Medición de aseo"
    assert first[6] == "Indicadores" and first[7] == "Comando"
    assert first[5] == Directorate.objects.get(slug="aseo").name


@pytest.mark.parametrize("name", ["gabinete:activity", "gabinete:activity-export"])
def test_a_directorate_user_may_not_see_who_did_what(client, user_factory, name):
    client.force_login(user_factory("director", "aseo"))
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize(
    "role, slug", [("alcalde", "gabinete-de-alcaldia"), ("administrador", "administracion-municipal")]
)
def test_the_alcalde_and_the_administrador_see_who_did_what(client, user_factory, role, slug):
    client.force_login(user_factory(role, slug))
    assert client.get(reverse("gabinete:activity")).status_code == 200


def test_who_did_what_is_in_the_menu_only_for_those_who_may_see_it(client, press, user_factory):
    url = reverse("gabinete:activity")
    client.force_login(press)
    assert f'href="{url}"' in client.get(reverse("gabinete:home")).content.decode()
    client.force_login(user_factory("enlace", "aseo"))
    assert f'href="{url}"' not in client.get(reverse("gabinete:home")).content.decode()


def _queries(client, url, params=None) -> int:
    client.get(url, params or {})  # warm up: the session and ContentType caches are filled once
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def test_who_did_what_runs_the_same_queries_for_few_and_many_entries(client, press, user_factory):
    client.force_login(press)
    url = reverse("gabinete:activity")
    slugs = list(Directorate.objects.values_list("slug", flat=True)[:12])
    _entry(user_factory("enlace", slugs[0]), slug=slugs[0])
    few = _queries(client, url)
    for slug in slugs[1:]:
        _entry(user_factory("enlace", slug), slug=slug)
    assert _queries(client, url) == few


# --- a record's timeline -----------------------------------------------------------------------------


def test_a_clipping_shows_its_timeline_on_its_page(client, press):
    clipping = _clipping_create(press, headline="Plan de reciclaje")
    archive_services.clipping_update(
        clipping=clipping, by=press, expected_version=clipping.version, headline="Plan de aseo"
    )
    client.force_login(press)
    page = client.get(reverse("archive:clipping-detail", args=[clipping.pk])).content.decode()
    assert "Registró el recorte" in page and "Editó el recorte" in page
    assert "Plan de reciclaje → Plan de aseo" in page


def test_the_timeline_runs_the_same_queries_for_few_and_many_entries(client, press, user_factory):
    clipping = _clipping_create(press)
    client.force_login(press)
    url = reverse("archive:clipping-detail", args=[clipping.pk])
    few = _queries(client, url)
    for slug in Directorate.objects.values_list("slug", flat=True)[:8]:
        with transaction.atomic():
            activity.record(actor=user_factory("enlace", slug), verb=SOMETHING, target=clipping)
    assert _queries(client, url) == few


def test_activity_for_reads_only_the_records_own_entries(press):
    first, second = _clipping_create(press, "Uno"), _clipping_create(press, "Dos")
    assert [e.target for e in activity.activity_for(first)] == [first]
    assert [e.target_label for e in activity.activity_for(second)] == ["Dos"]


def test_entries_keep_the_records_name_after_it_is_deleted(press):
    clipping = _clipping_create(press, "Se borra")
    pk = clipping.pk
    clipping.delete()
    entry = Activity.objects.get(object_id=str(pk))
    assert entry.target_label == "Se borra"
