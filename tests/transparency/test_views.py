from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.gabinete.mail_helpers import deliver_outbox
from transparency.models import Action, Publication, Status, TableState

from .factories import PLANTA_CSV, published
from .table_jobs import upload_table


def last_month():
    return (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)


def prepare_url(section, period):
    return reverse("transparency:publication-prepare", args=[section.pk, period.year, period.month])


@pytest.mark.parametrize("name", ["transparency:board", "transparency:catalogue"])
def test_anonymous_is_sent_to_login(client, name, catalogue):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/cuenta/ingresar/" in response["Location"]


def test_section_of_another_directorate_is_404(client, catalogue, people):
    client.force_login(people["enlace_aseo"])
    section = catalogue[("d", "planta")]
    assert client.get(reverse("transparency:section-detail", args=[section.pk])).status_code == 404
    client.force_login(people["enlace"])
    assert client.get(reverse("transparency:section-detail", args=[section.pk])).status_code == 200


@pytest.mark.date_sensitive
def test_publication_of_another_directorate_is_404(client, catalogue, people):
    pub = published(catalogue[("d", "planta")], last_month(), people)
    client.force_login(people["director_aseo"])
    assert client.get(reverse("transparency:publication-detail", args=[pub.pk])).status_code == 404
    client.force_login(people["administrador"])
    assert client.get(reverse("transparency:publication-detail", args=[pub.pk])).status_code == 200


@pytest.mark.date_sensitive
def test_enlace_uploads_csv_and_sees_the_html_table(client, catalogue, people):
    client.force_login(people["enlace"])
    section = catalogue[("d", "planta")]
    upload = SimpleUploadedFile("planta.csv", PLANTA_CSV.encode("utf-8"), content_type="text/csv")
    response = upload_table(client, prepare_url(section, last_month()), upload, follow=True)
    assert response.status_code == 200
    assert "$ 2.145.300" in response.content.decode()
    assert Publication.objects.get().status == Status.DRAFT


@pytest.mark.date_sensitive
def test_preparing_a_published_month_again_says_it_is_published_and_saves_nothing(client, catalogue, people):
    section = catalogue[("d", "planta")]
    first = published(section, last_month(), people)
    client.force_login(people["enlace"])
    upload = SimpleUploadedFile(
        "planta.csv", PLANTA_CSV.replace("2.145.300", "9.999.999").encode(), content_type="text/csv"
    )
    response = client.post(prepare_url(section, last_month()), {"mode": "contenido", "table_file": upload})
    assert response.status_code == 200
    assert "Este mes ya está publicado: para cambiarlo, ingrese una corrección." in response.content.decode()
    assert list(Publication.objects.values_list("pk", flat=True)) == [first.pk]


@pytest.mark.date_sensitive
def test_bad_csv_shows_errors_per_row_and_column_and_saves_nothing(client, catalogue, people):
    client.force_login(people["enlace"])
    section = catalogue[("d", "planta")]
    text = PLANTA_CSV + "Auxiliar;Díaz;Cortés;Manuel;18;Chofer;812,640.50;01-01-2020\n"
    upload = SimpleUploadedFile("planta.csv", text.encode(), content_type="text/csv")
    response = upload_table(client, prepare_url(section, last_month()), upload, follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert "no se aplicó" in body and "no es un número válido" in body and "Remuneración bruta mensualizada" in body
    assert Publication.objects.get().table_rows == []


@pytest.mark.date_sensitive
def test_replacing_with_a_file_that_is_not_a_table_keeps_the_saved_draft(client, catalogue, people):
    client.force_login(people["enlace"])
    section = catalogue[("d", "planta")]
    good = SimpleUploadedFile("planta.csv", PLANTA_CSV.encode(), content_type="text/csv")
    upload_table(client, prepare_url(section, last_month()), good)
    bad = SimpleUploadedFile("planta.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, content_type="text/csv")
    response = client.post(prepare_url(section, last_month()), {"mode": "contenido", "table_file": bad})
    assert "La tabla tiene errores y no se guardó nada" in response.content.decode()
    assert len(Publication.objects.get().table_rows) == 2


@pytest.mark.date_sensitive
def test_replacing_with_a_table_with_errors_shows_them_and_the_draft_cannot_be_sent(client, catalogue, people):
    client.force_login(people["enlace"])
    section = catalogue[("d", "planta")]
    good = SimpleUploadedFile("planta.csv", PLANTA_CSV.encode(), content_type="text/csv")
    upload_table(client, prepare_url(section, last_month()), good)
    bad = SimpleUploadedFile("planta.csv", b"a;b\n1;2\n", content_type="text/csv")
    body = upload_table(client, prepare_url(section, last_month()), bad, follow=True).content.decode()
    assert "Columna no esperada «a»" in body and "Falta la columna obligatoria «Estamento»" in body
    pub = Publication.objects.get()
    assert pub.table_state == TableState.ERRORS and pub.table_rows == []
    client.force_login(people["director"])
    page = client.get(reverse("transparency:publication-detail", args=[pub.pk])).content.decode()
    assert "Enviar a revisión jurídica" not in page
    response = client.post(
        reverse("transparency:publication-step", args=[pub.pk, "enviar"]), {"late_reason": "x"}, follow=True
    )
    assert "La tabla tiene errores: corríjala y vuelva a subirla antes de enviarla a revisión." in (
        response.content.decode()
    )
    assert Publication.objects.get().status == Status.DRAFT


@pytest.mark.date_sensitive
def test_no_movement_statement(client, catalogue, people):
    client.force_login(people["enlace"])
    section = catalogue[("d", "planta")]
    client.post(prepare_url(section, last_month()), {"mode": "sin_movimiento"})
    assert Publication.objects.get().kind == Publication.NO_MOVEMENT


@pytest.mark.date_sensitive
def test_enlace_of_other_directorate_gets_403_with_message(client, catalogue, people):
    client.force_login(people["enlace_aseo"])
    client.force_login(people["enlace_aseo"])
    section = catalogue[("d", "planta")]
    # Gabinete sees every section, so the refusal is a 403 with a message rather than a 404.
    client.force_login(people["gabinete"])
    response = client.get(prepare_url(section, last_month()))
    assert response.status_code == 403
    assert "Solo el enlace de la dirección responsable" in response.content.decode()


@pytest.mark.date_sensitive
def test_reviewer_sees_no_approve_button_on_own_upload_and_post_is_refused(client, catalogue, people, user_factory):
    both = user_factory("enlace", "gestion-de-personas", username="doble")
    user_factory("juridica", "asesoria-juridica", username="doble")
    from transparency import services

    from .factories import planta_content

    section = catalogue[("d", "planta")]
    pub = services.publication_prepare(
        section=section, period=last_month(), content=planta_content(section=section), by=both
    )
    services.publication_transition(action=Action.SEND, publication=pub, by=people["director"], late_reason="x")
    client.force_login(both)
    page = client.get(reverse("transparency:publication-detail", args=[pub.pk])).content.decode()
    assert "Usted cargó este contenido" in page and ">Aprobar<" not in page
    response = client.post(reverse("transparency:publication-step", args=[pub.pk, "aprobar"]))
    assert response.status_code == 403
    pub.refresh_from_db()
    assert pub.status == Status.SENT


@pytest.mark.date_sensitive
def test_workflow_through_views(client, catalogue, people):
    section = catalogue[("d", "planta")]
    client.force_login(people["enlace"])
    upload_table(client, prepare_url(section, last_month()), SimpleUploadedFile("p.csv", PLANTA_CSV.encode()))
    pub = Publication.objects.get()
    step = lambda action: reverse("transparency:publication-step", args=[pub.pk, action])  # noqa: E731
    client.force_login(people["director"])
    client.post(step("enviar"), {"late_reason": "Licencia"})
    client.force_login(people["juridica"])
    client.post(step("devolver"), {"comment": ""})
    pub.refresh_from_db()
    assert pub.status == Status.SENT  # observations are required to return
    client.post(step("aprobar"))
    client.force_login(people["gabinete"])
    client.post(step("publicar"))
    pub.refresh_from_db()
    assert pub.status == Status.PUBLISHED


def test_gabinete_changes_the_responsible_directorate(client, catalogue, people, directorates):
    item = catalogue[("d", "planta")].item
    client.force_login(people["enlace"])
    assert client.post(reverse("transparency:item-assign", args=[item.pk]), {}).status_code == 403
    client.force_login(people["gabinete"])
    client.post(
        reverse("transparency:item-assign", args=[item.pk]),
        {f"i{item.pk}-directorate": directorates["aseo"].pk, f"i{item.pk}-version": item.version},
    )
    item.refresh_from_db()
    assert item.directorate.slug == "aseo"


@pytest.mark.parametrize("count", [5, 50])
def test_board_query_count_does_not_grow(client, catalogue, people, count, django_assert_max_num_queries):
    from transparency.models import Section

    item = catalogue[("d", "planta")].item
    Section.objects.bulk_create([Section(item=item, slug=f"extra-{n}", name=f"Extra {n}") for n in range(count)])
    client.force_login(people["gabinete"])
    # 12, 2 for the distribution list beside «Enviar a la lista» (its name; its addresses), 1 for the bell.
    with django_assert_max_num_queries(15):
        assert client.get(reverse("transparency:board")).status_code == 200


def test_directorate_sees_only_its_own_board(client, catalogue, people):
    client.force_login(people["enlace"])
    body = client.get(reverse("transparency:board")).content.decode()
    assert "Personal de planta" in body and "Organigrama" not in body
    assert 'id="board-summary-table"' not in body
    client.force_login(people["administrador"])
    owner = catalogue[("a", "organigrama")].responsible
    body = client.get(reverse("transparency:board"), {"direccion": owner.slug}).content.decode()
    assert "Organigrama" in body


def test_gabinete_sees_a_summary_per_directorate_first_and_one_directorates_grid_at_a_time(client, catalogue, people):
    """Every directorate's grid at once was 3,400 cells and 1 MB of HTML: the board opens on the
    year's counts per directorate, each linking to its own grid."""
    client.force_login(people["gabinete"])
    body = client.get(reverse("transparency:board")).content.decode()
    assert 'id="board-summary-table"' in body
    assert "Organigrama" not in body and "Personal de planta" not in body
    personas = catalogue[("d", "planta")].responsible
    assert f"direccion={personas.slug}" in body and personas.name in body
    detail = client.get(reverse("transparency:board"), {"direccion": personas.slug}).content.decode()
    assert "Personal de planta" in detail and 'id="board-summary-table"' not in detail


def test_the_boards_summary_counts_a_publication_at_the_next_request(client, catalogue, people):
    """The summary is kept in the shared cache under the data's fingerprint: a publication reaches it
    at once."""
    client.force_login(people["gabinete"])
    personas = catalogue[("d", "planta")].responsible

    def row():
        summary = client.get(reverse("transparency:board")).context["summary"]
        return next(s for s in summary if s["directorate"] == personas)

    before = row()
    published(catalogue[("d", "planta")], last_month(), people)
    after = row()
    assert after["on_time"] + after["late"] == before["on_time"] + before["late"] + 1


@pytest.mark.date_sensitive
def test_compliance_pdf_reads_back(client, catalogue, people):
    import io

    from pypdf import PdfReader

    from tests.gabinete.job_helpers import requested_document

    published(catalogue[("d", "planta")], last_month(), people)
    client.force_login(people["enlace"])
    period = last_month()
    url = reverse("transparency:report-pdf", args=[period.year, period.month])
    assert client.post(url).status_code == 403
    client.force_login(people["administrador"])
    response = requested_document(client, url)
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Informe de cumplimiento" in text and "Gestión de Personas" in text
    assert "Publicada con atraso" in text and "Atraso de prueba" in text
    assert "Resumen del año" in text
    assert "Vencida" in text


@pytest.mark.date_sensitive
def test_desk_shows_overdue_items_for_the_responsible_people(client, catalogue, people):
    from gabinete import desk

    sections = desk.sections_for(people["enlace"])
    titles = [i.title for s in sections for i in s.items]
    assert any("Personal de planta" in t for t in titles)
    assert not any("Organigrama" in t for t in titles)


def test_reminder_command_emails_the_directorates(catalogue, people, mailoutbox):
    from django.core.management import call_command

    people["enlace"].email = "enlace@example.invalid"
    people["enlace"].save()
    call_command("send_transparency_reminders")
    assert mailoutbox == [], "the command puts the reminders in the outbox; the queue sends them"
    deliver_outbox()
    assert any("enlace@example.invalid" in m.to for m in mailoutbox)
    message = next(m for m in mailoutbox if "enlace@example.invalid" in m.to)
    assert "Personal de planta" in message.body and "VENCIDO" in message.body


def test_reminders_are_not_sent_on_a_holiday(catalogue, people):
    from datetime import date

    from transparency import reminders

    people["enlace"].email = "enlace@example.invalid"
    people["enlace"].save()
    assert reminders.reminders_for(date(2026, 11, 18)), "a business day with overdue items has reminders"
    assert reminders.reminders_for(date(2026, 12, 8)) == []  # Inmaculada Concepción


@pytest.mark.date_sensitive
def test_links_and_pdf_documents_are_prepared_through_the_form(client, catalogue, people, user_factory):
    enlace = user_factory("enlace", "administracion-y-finanzas", username="enlace.finanzas")
    client.force_login(enlace)
    section = catalogue[("e", "mercado-publico")]
    response = client.post(
        prepare_url(section, last_month()), {"mode": "contenido", "links": "Órdenes de compra | notaurl"}
    )
    assert "no es un enlace válido" in response.content.decode()
    client.post(
        prepare_url(section, last_month()),
        {"mode": "contenido", "links": "Órdenes de compra | https://www.mercadopublico.cl/"},
    )
    assert Publication.objects.get(section=section).links[0]["title"] == "Órdenes de compra"
    section = catalogue[("k", "presupuesto")]
    fake = SimpleUploadedFile("p.pdf", b"MZ not a pdf at all" * 10, content_type="application/pdf")
    response = client.post(
        prepare_url(section, last_month()),
        {"mode": "contenido", "document_title": "Presupuesto", "document_file": fake},
    )
    assert "no corresponde a un tipo permitido" in response.content.decode()
    pdf = SimpleUploadedFile(
        "p.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", content_type="application/pdf"
    )
    client.post(
        prepare_url(section, last_month()),
        {"mode": "contenido", "document_title": "Presupuesto 2026", "document_file": pdf},
    )
    document = Publication.objects.get(section=section).documents.get()
    assert client.get(reverse("transparency:document", args=[document.pk])).status_code == 200
    # Not published yet: not served publicly.
    client.logout()
    assert client.get(reverse("transparency_public:document", args=[document.pk])).status_code == 404


@pytest.mark.date_sensitive
def test_admin_lists_publications_read_only(client, catalogue, people, superuser):
    published(catalogue[("d", "planta")], last_month(), people)
    client.force_login(superuser)
    assert client.get("/admin/transparency/publication/").status_code == 200
    pub = Publication.objects.get()
    assert client.get(f"/admin/transparency/publication/{pub.pk}/change/").status_code == 200
    assert client.get(f"/admin/transparency/publication/{pub.pk}/delete/").status_code == 403


@pytest.mark.date_sensitive
@pytest.mark.parametrize(
    "query",
    [
        {"anio": "0"},
        {"anio": "-5"},
        {"anio": "10000"},
        {"anio": "99999999999999999999"},
        {"anio": "1999"},
        {"anio": "dos mil"},
        {"direccion": "<script>"},
        {"anio": "0", "direccion": "no-existe"},
    ],
)
def test_board_ignores_hostile_filters_with_a_message(client, catalogue, people, query):
    """Regression: ?anio=0 made months_until build date(0, 1, 1) → ValueError → 500."""
    client.force_login(people["administrador"])
    for name, args in (("transparency:board", []), ("transparency:section-detail", [catalogue[("d", "planta")].pk])):
        response = client.get(reverse(name, args=args), query)
        assert response.status_code == 200, (name, query)
        body = response.content.decode()
        assert f'value="{timezone.localdate().year}" selected' in body
        assert "no es válido" in body or "no existe" in body or "anio" not in query


@pytest.mark.parametrize("query", [{"anio": "2024\x00"}, {"direccion": "aseo\x00"}])
def test_board_refuses_a_nul_in_its_filters(client, catalogue, people, query):
    client.force_login(people["administrador"])
    for name, args in (("transparency:board", []), ("transparency:section-detail", [catalogue[("d", "planta")].pk])):
        assert client.get(reverse(name, args=args), query).status_code == 400, (name, query)
