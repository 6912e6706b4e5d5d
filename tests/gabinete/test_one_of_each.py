"""One of each shared helper (issue 14 point 7): the navigation registry, conditional GET, the
form-error mapping, desk registration and the pagination parameter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from gabinete import navigation

ROOT = Path(__file__).resolve().parents[2]
APPS = ("protocol", "communications", "archive", "indicators", "transparency")
ALL_LABELS = [
    "Mi escritorio",
    "Despacho",
    "Agenda y protocolo",
    "Comunicaciones",
    "Archivo de prensa",
    "Indicadores",
    "Transparencia",
]


def _header_labels(client) -> list[str]:
    html = client.get(reverse("gabinete:home")).content.decode()
    header = html[html.index('id="nav-principal"') : html.index("user-menu")]
    return [
        re.sub(r"\s+", " ", label).strip() for label in re.findall(r'class="nav-link[^"]*"[^>]*>([^<]+)</a>', header)
    ]


# --- navigation ----------------------------------------------------------------------------------


def test_anonymous_people_see_no_navigation(db):
    assert navigation.entries_for(AnonymousUser()) == []
    assert navigation.links_for(AnonymousUser(), "protocol") == []


def test_gabinete_sees_every_app_in_the_header(client, user_factory):
    client.force_login(user_factory("gabinete", "gabinete-de-alcaldia"))
    assert _header_labels(client) == ALL_LABELS


def test_a_person_without_a_unit_sees_only_their_desk(client, user_factory):
    client.force_login(user_factory(None))
    assert _header_labels(client) == ["Mi escritorio"]


def test_a_liaison_sees_the_apps_they_may_use_and_not_the_agendas_restricted_sections(client, user_factory):
    liaison = user_factory("enlace", "aseo")
    client.force_login(liaison)
    assert _header_labels(client) == ALL_LABELS
    sections = {link.key for link in navigation.links_for(liaison, "protocol")}
    assert "lobby" not in sections and "events" not in sections and "feed" in sections
    assert {link.key for link in navigation.links_for(liaison, "indicators")} == {"catalogue", "proposals"}


@pytest.mark.parametrize(
    ("role", "slug"),
    [
        (None, "aseo"),
        ("enlace", "aseo"),
        ("director", "aseo"),
        ("gabinete", "gabinete-de-alcaldia"),
        ("juridica", "asesoria-juridica"),
    ],
)
def test_every_link_a_person_is_shown_opens_for_them(client, user_factory, role, slug):
    user = user_factory(role, slug)
    client.force_login(user)
    for entry in navigation.entries_for(user):
        assert client.get(reverse(entry.url_name), follow=True).status_code == 200, entry.key
        for link in navigation.links_for(user, entry.key):
            assert client.get(reverse(link.url_name), follow=True).status_code == 200, link.url_name


def test_no_view_module_keeps_its_own_render_or_error_mapping_helper():
    offenders = []
    for path in ROOT.glob("**/views.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(".venv"):
            continue
        text = path.read_text()
        if re.search(r"^def (_render|_apply_errors|apply_errors)\(", text, re.M):
            offenders.append(relative)
    assert offenders == []


# --- form errors ---------------------------------------------------------------------------------


def test_service_errors_go_to_their_field_when_the_form_has_it_else_on_top():
    from django import forms
    from django.core.exceptions import ValidationError

    from gabinete.concurrency import STALE_MESSAGE, StaleObjectError
    from gabinete.forms import add_service_errors

    class F(forms.Form):
        title = forms.CharField()

    form = F({"title": "x"})
    assert form.is_valid()
    add_service_errors(form, ValidationError({"title": "Muy corto.", "other": "Otro problema."}))
    add_service_errors(form, ValidationError("General."))
    add_service_errors(form, StaleObjectError())
    assert form.errors["title"] == ["Muy corto."]
    assert form.non_field_errors() == ["Otro problema.", "General.", str(STALE_MESSAGE)]


# --- conditional GET -----------------------------------------------------------------------------


def test_no_app_answers_conditional_requests_by_hand():
    for app in APPS:
        for path in (ROOT / app).glob("*.py"):
            text = path.read_text()
            assert "get_conditional_response" not in text, path
            assert '.get("If-None-Match"' not in text and "HTTP_IF_NONE_MATCH" not in text, path


@pytest.mark.parametrize(
    "url",
    ["/noticias/", "/noticias/rss/", "/transparencia-activa/", "/transparencia-activa/lobby/"],
)
def test_every_public_page_answers_a_matching_etag_with_304_and_stays_public(client, db, url):
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert "public" in again["Cache-Control"] and "no-store" not in again["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH='"otra-version"').status_code == 200


# --- desk registration ---------------------------------------------------------------------------


def test_every_app_registers_its_desk_sections_in_its_desk_module_only():
    for app in APPS:
        assert "desk.register" not in (ROOT / app / "apps.py").read_text(), app
        assert "@desk.register(" in (ROOT / app / "desk.py").read_text(), app


# --- pagination ----------------------------------------------------------------------------------


def test_lists_page_with_pagina_and_still_understand_the_old_page_parameter(rf):
    from gabinete.pagination import page_number

    assert page_number(rf.get("/", {"pagina": "3"})) == "3"
    assert page_number(rf.get("/", {"page": "2"})) == "2"
    assert page_number(rf.get("/", {"pagina": "3", "page": "2"})) == "3"
    assert page_number(rf.get("/")) is None


def test_no_view_reads_another_pagination_parameter():
    for path in ROOT.glob("*/*views.py"):
        if path.parts[-2] in (".venv",):
            continue
        assert 'GET.get("page")' not in path.read_text(), path
