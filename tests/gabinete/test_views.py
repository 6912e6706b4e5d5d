import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from gabinete import desk
from gabinete.models import Directorate, Membership
from tests.gabinete.job_helpers import requested_document

APP_LANDINGS = [
    "gabinete:home",
    "protocol:index",
    "communications:index",
    "archive:index",
    "indicators:index",
    "transparency:index",
]


@pytest.mark.parametrize("name", APP_LANDINGS + ["gabinete:directory", "gabinete:directory-pdf"])
def test_staff_pages_send_anonymous_users_to_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("path", ["/noticias/", "/transparencia-activa/", "/cuenta/ingresar/"])
def test_public_pages_need_no_login(client, db, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("name", APP_LANDINGS)
def test_every_app_landing_page_opens_for_staff(client, gabinete_user, name):
    client.force_login(gabinete_user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "Mi escritorio" in response.text


def test_the_layout_shows_the_users_name_and_unit(client, user_factory):
    user = user_factory("enlace", "aseo", first_name="Camila", last_name="Araya")
    client.force_login(user)
    page = client.get(reverse("gabinete:home")).text
    assert "Camila Araya" in page
    assert "Enlace · Aseo" in page
    assert "Municipalidad de Antofagasta" in page


def test_a_user_without_membership_sees_a_clear_message(client, user_factory):
    client.force_login(user_factory(None))
    response = client.get(reverse("gabinete:home"))
    assert response.status_code == 200
    assert "Su cuenta aún no tiene una dirección ni un rol asignados" in response.text


def test_unknown_url_gives_a_spanish_404_in_the_sites_layout(client, db):
    response = client.get("/no-existe/")
    assert response.status_code == 404
    assert "Página no encontrada" in response.text
    assert "Municipalidad de Antofagasta" in response.text


def test_server_error_gives_a_spanish_500_page(client, db, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Ocurrió un error en el servidor" in html


def test_login_logout_and_password_change(client, user_factory):
    from tests.gabinete.factories import PASSWORD

    user = user_factory("enlace", "aseo", username="camila")
    response = client.post(reverse("login"), {"username": "camila", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302
    assert response.url == reverse("gabinete:home")
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Otra-clave-segura-2026",
            "new_password2": "Otra-clave-segura-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Otra-clave-segura-2026")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("gabinete:home")).status_code == 302


def test_a_wrong_password_gives_a_spanish_message(client, user_factory):
    user_factory("enlace", "aseo", username="camila")
    response = client.post(reverse("login"), {"username": "camila", "password": "mala"}, REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 200
    assert "El nombre de usuario o la contraseña no son correctos" in response.text


def test_repeated_failed_logins_lock_out_with_a_spanish_message(client, user_factory, settings):
    from tests.gabinete.factories import PASSWORD

    user_factory("enlace", "aseo", username="camila")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "camila", "password": "mala"}, REMOTE_ADDR="10.0.0.3")
    response = client.post(reverse("login"), {"username": "camila", "password": PASSWORD}, REMOTE_ADDR="10.0.0.3")
    assert response.status_code == 429
    assert "Acceso bloqueado temporalmente" in response.text


def test_four_wrong_passwords_do_not_lock_the_account_and_the_fifth_does(client, user_factory):
    """The lockout threshold is 5 failures (per user and address), through the real login form."""
    from tests.gabinete.factories import PASSWORD

    def attempt(username, password):
        return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.4")

    user_factory("enlace", "aseo", username="camila")
    for _ in range(4):
        response = attempt("camila", "mala")
        assert response.status_code == 200
        assert "El nombre de usuario o la contraseña no son correctos" in response.text
    assert attempt("camila", PASSWORD).status_code == 302  # after 4 failures she still gets in
    client.logout()

    user_factory("enlace", "aseo", username="rodrigo")
    for _ in range(4):
        assert attempt("rodrigo", "mala").status_code == 200
    fifth = attempt("rodrigo", "mala")
    assert fifth.status_code == 429 and "Acceso bloqueado temporalmente" in fifth.text
    locked = attempt("rodrigo", PASSWORD)  # the right password no longer opens the account
    assert locked.status_code == 429 and "_auth_user_id" not in client.session


def test_mi_escritorio_lists_people_without_unit_for_gabinete(client, gabinete_user, user_factory):
    user_factory(None, first_name="Nueva", last_name="Funcionaria")
    client.force_login(gabinete_user)
    page = client.get(reverse("gabinete:home")).text
    assert "Personas sin dirección asignada" in page
    assert "Asignar dirección y rol a Nueva Funcionaria" in page


def test_mi_escritorio_hides_that_entry_from_directorates(client, user_factory):
    user_factory(None, first_name="Nueva", last_name="Funcionaria")
    client.force_login(user_factory("enlace", "aseo"))
    assert "Nueva Funcionaria" not in client.get(reverse("gabinete:home")).text


@pytest.mark.date_sensitive
def test_desk_sections_put_overdue_items_first(db):
    from datetime import date

    def provider(user):
        return [
            desk.DeskItem("later", "/a", date(2030, 1, 1), desk.Urgency.PENDING),
            desk.DeskItem("late", "/b", date(2020, 1, 1), desk.Urgency.OVERDUE),
        ]

    desk.register("Prueba", order=1)(provider)
    try:
        section = next(s for s in desk.sections_for(None) if s.title == "Prueba")
        assert [i.title for i in section.items] == ["late", "later"]
    finally:
        desk._providers[:] = [p for p in desk._providers if p[2] is not provider]


@pytest.mark.date_sensitive
def test_urgency_from_a_due_date():
    from datetime import date

    today = date(2026, 11, 24)
    assert desk.urgency_for(date(2026, 11, 23), today=today) == desk.Urgency.OVERDUE
    assert desk.urgency_for(date(2026, 11, 27), today=today) == desk.Urgency.DUE_SOON
    assert desk.urgency_for(date(2026, 12, 10), today=today) == desk.Urgency.PENDING


def test_directory_lists_directorates_and_members(client, user_factory, django_assert_max_num_queries):
    viewer = user_factory("director", "aseo", first_name="Rodrigo", last_name="Pizarro")
    client.force_login(viewer)
    with django_assert_max_num_queries(9):
        page = client.get(reverse("gabinete:directory")).text
    assert "Dirección de Tránsito y Transporte Público" in page
    assert "Rodrigo Pizarro" in page


def test_directory_query_count_does_not_grow_with_members(client, user_factory, django_assert_max_num_queries):
    viewer = user_factory("director", "aseo")
    for n in range(40):
        user_factory("enlace", "operaciones", username=f"op{n}")
    client.force_login(viewer)
    with django_assert_max_num_queries(9):
        client.get(reverse("gabinete:directory"))


def test_directory_pdf_reads_back_with_every_directorate(client, user_factory):
    client.force_login(user_factory("director", "aseo", first_name="Rodrigo", last_name="Pizarro"))
    response = requested_document(client, reverse("gabinete:directory-pdf"))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "Nómina de direcciones y sus integrantes" in flat
    assert "Rodrigo Pizarro" in flat
    assert "Dirección de Asesoría Jurídica" in flat
    assert f"Página 1 de {len(reader.pages)}" in flat
    assert "Municipalidad de Antofagasta" in flat


def test_a_user_without_unit_cannot_open_the_directory(client, user_factory):
    client.force_login(user_factory(None))
    assert client.get(reverse("gabinete:directory")).status_code == 403


def test_security_headers_are_sent(client, db):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_django_texts_come_out_in_spanish(client, user_factory):
    client.force_login(user_factory("enlace", "aseo"))
    response = client.post(reverse("password_change"), {})
    assert "Este campo es obligatorio." in response.text


def test_the_directory_shows_each_persons_email_and_phone_and_the_directorates_email(
    client, user_factory, django_assert_max_num_queries
):
    """Issue 21 point 6: the nómina showed no way to reach anyone."""
    viewer = user_factory("director", "aseo", first_name="Rodrigo", last_name="Pizarro", email="rpizarro@example.cl")
    Membership.objects.filter(user=viewer).update(phone="55 2 123 456")
    Directorate.objects.filter(slug="aseo").update(email="aseo@example.cl")
    user_factory("enlace", "aseo", username="sin.datos", first_name="Sin", last_name="Datos", email="")
    client.force_login(viewer)
    with django_assert_max_num_queries(9):
        page = client.get(reverse("gabinete:directory")).text
    assert 'href="mailto:rpizarro@example.cl"' in page
    assert 'href="tel:552123456">55 2 123 456</a>' in page
    assert 'href="mailto:aseo@example.cl"' in page
    assert "Sin datos de contacto" in page


def test_the_directory_pdf_shows_email_and_phone(client, user_factory):
    viewer = user_factory("director", "aseo", first_name="Rodrigo", last_name="Pizarro", email="rpizarro@example.cl")
    Membership.objects.filter(user=viewer).update(phone="55 2 123 456")
    client.force_login(viewer)
    response = requested_document(client, reverse("gabinete:directory-pdf"))
    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "rpizarro@example.cl" in flat and "55 2 123 456" in flat
