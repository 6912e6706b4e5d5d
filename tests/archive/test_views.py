"""The archive's pages: who may open them, what they show, and their query counts."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from django.utils import timezone
from pypdf import PdfReader

from archive.models import Clipping, Forwarding
from gabinete import desk, jobs
from gabinete.models import Job, JobState, Membership
from tests.archive.factories import ClippingFactory, ForwardingFactory, OutletFactory, TopicFactory
from tests.gabinete.factories import on_list
from tests.gabinete.job_helpers import requested_document
from tests.gabinete.mail_helpers import deliver_outbox, run_queued_tasks

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def clipping(directorates):
    return ClippingFactory(headline="Microbasurales en La Chimba", tone="negativo", directorates=["aseo"])


def _today() -> str:
    return timezone.localdate().isoformat()


STAFF_URLS = [
    ("archive:index", {}),
    ("archive:clipping-create", {}),
    ("archive:quick-entry", {}),
    ("archive:import", {}),
    ("archive:import-template", {}),
    ("archive:briefing", {}),
    ("archive:report", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), STAFF_URLS)
def test_pages_send_anonymous_users_to_login(client, db, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "kwargs"), STAFF_URLS)
def test_gabinete_opens_every_page(client, gabinete_user, name, kwargs):
    client.force_login(gabinete_user)
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


@pytest.mark.parametrize(
    "name", ["archive:clipping-create", "archive:quick-entry", "archive:import", "archive:briefing", "archive:report"]
)
def test_a_liaison_cannot_open_gabinetes_pages(client, user_factory, name):
    client.force_login(user_factory("enlace", "aseo"))
    assert client.get(reverse(name)).status_code == 403


def test_a_user_without_unit_cannot_search(client, user_factory):
    client.force_login(user_factory(None))
    assert client.get(reverse("archive:index")).status_code == 403


def test_directorates_see_only_their_clippings(client, user_factory, clipping):
    other = ClippingFactory(headline="Tránsito colapsado", directorates=["transito-y-transporte-publico"])
    client.force_login(user_factory("enlace", "aseo"))
    page = client.get(reverse("archive:index")).text
    assert "Microbasurales en La Chimba" in page and "Tránsito colapsado" not in page
    assert client.get(reverse("archive:clipping-detail", args=[clipping.pk])).status_code == 200
    assert client.get(reverse("archive:clipping-detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("archive:clipping-update", args=[clipping.pk])).status_code == 403


def test_the_alcalde_reads_the_whole_archive(client, user_factory, clipping):
    client.force_login(user_factory("alcalde", "gabinete-de-alcaldia"))
    assert client.get(reverse("archive:clipping-detail", args=[clipping.pk])).status_code == 200
    assert client.get(reverse("archive:briefing")).status_code == 200


def test_search_page_shows_highlighted_results_and_paginates(client, gabinete_user):
    for n in range(25):
        ClippingFactory(headline=f"Recolección de basura {n}", body="Los vecinos reclaman por la basura acumulada.")
    client.force_login(gabinete_user)
    response = client.get(reverse("archive:index"), {"q": "basura"})
    assert "25 recortes" in response.text
    assert "<mark>" in response.text
    assert "Página 1 de 2" in response.text
    assert "pagina=2" in response.text
    assert "q=basura" in response.text
    second = client.get(reverse("archive:index"), {"q": "basura", "pagina": 2})
    assert "Página 2 de 2" in second.text


def test_bad_filter_values_are_ignored_not_errors(client, gabinete_user, clipping):
    client.force_login(gabinete_user)
    response = client.get(reverse("archive:index"), {"desde": "ayer", "medio": "abc", "tono": "furioso", "pagina": "x"})
    assert response.status_code == 200
    assert "Microbasurales en La Chimba" in response.text


@pytest.mark.parametrize("rows", [5, 50])
def test_search_page_query_count_does_not_grow_with_rows(client, gabinete_user, django_assert_max_num_queries, rows):
    topic = TopicFactory(name="Basura")
    for n in range(rows):
        ClippingFactory(headline=f"Basura {n}", topics=[topic], directorates=["aseo", "obras-municipales"])
    client.force_login(gabinete_user)
    client.get(reverse("archive:index"))  # the first page after login writes the session's idle clock
    # session, user, memberships, three filter lists, the search window (or the count), the page,
    # its directorates, its topics, the marked passages; and the bell's unread count.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("archive:index"), {"q": "basura"})
    assert response.status_code == 200 and "Aseo" in response.text and "# Basura" in response.text
    with django_assert_max_num_queries(12):
        assert client.get(reverse("archive:index"), {"tono": "neutro"}).status_code == 200


def test_export_has_the_results_but_never_a_residents_contact(client, gabinete_user):
    ClippingFactory(
        source="vecino",
        outlet=None,
        medium="correo",
        headline="Luminaria apagada",
        reporter_name="Rosa Cortés",
        reporter_contact="+56 9 5555 1234",
    )
    client.force_login(gabinete_user)
    body = requested_document(client, reverse("archive:export-csv"), data={"q": "luminaria"}).content.decode()
    assert "Luminaria apagada" in body and "Vecino/a" in body
    assert "Rosa Cortés" not in body and "5555" not in body


def test_create_a_clipping_with_a_scan(client, gabinete_user, directorates):
    outlet = OutletFactory(name="La Estrella de Antofagasta")
    client.force_login(gabinete_user)
    response = client.post(
        reverse("archive:clipping-create"),
        {
            "source": "medio",
            "outlet": outlet.pk,
            "medium": "prensa",
            "published_on": _today(),
            "headline": "Vecinos piden semáforo",
            "tone": "negativo",
            "directorates": [directorates["aseo"].pk],
            "attachment": SimpleUploadedFile("scan.png", PNG),
        },
    )
    clipping = Clipping.objects.get()
    assert response.status_code == 302
    assert clipping.attachment.name.startswith("archive/clippings/")
    download = client.get(reverse("archive:clipping-attachment", args=[clipping.pk]))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"


def test_an_attachment_is_checked_by_content_and_size(client, gabinete_user, settings):
    outlet = OutletFactory()
    client.force_login(gabinete_user)
    data = {
        "source": "medio",
        "outlet": outlet.pk,
        "medium": "prensa",
        "published_on": _today(),
        "headline": "Con adjunto falso",
        "tone": "neutro",
    }
    response = client.post(
        reverse("archive:clipping-create"),
        {**data, "attachment": SimpleUploadedFile("nota.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert "El contenido del archivo no corresponde a un tipo permitido" in response.text
    # Just past the field's 20 MB (a larger body is refused unread with 413: test_largest_upload.py).
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (20 * 1024 * 1024 + 1024))
    response = client.post(reverse("archive:clipping-create"), {**data, "attachment": big})
    assert "el máximo permitido es 20 MB" in response.text
    assert Clipping.objects.count() == 0


@pytest.mark.parametrize("field", ["directorates", "topics"])
def test_a_huge_id_in_a_multiple_choice_is_an_error_not_a_500(client, gabinete_user, directorates, field):
    """Found by the form fuzzer: SQLite raised OverflowError on `pk__in=[2**64]`."""
    outlet = OutletFactory()
    client.force_login(gabinete_user)
    response = client.post(
        reverse("archive:clipping-create"),
        {
            "source": "medio",
            "outlet": outlet.pk,
            "medium": "prensa",
            "published_on": _today(),
            "headline": "Identificador enorme",
            "tone": "neutro",
            field: [str(2**64), "-" + str(2**70)],
        },
    )
    assert response.status_code == 200
    assert "no es una de las opciones disponibles" in response.text
    assert Clipping.objects.count() == 0


@pytest.mark.date_sensitive
def test_a_media_clipping_needs_an_outlet_and_a_future_date_is_refused(client, gabinete_user):
    client.force_login(gabinete_user)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("archive:clipping-create"),
        {"source": "medio", "medium": "prensa", "published_on": tomorrow, "headline": "X", "tone": "neutro"},
    )
    assert "Indique el medio que publicó" in response.text
    assert "no puede estar en el futuro" in response.text


def test_a_citizen_report_keeps_the_residents_contact_private(client, gabinete_user, user_factory):
    client.force_login(gabinete_user)
    client.post(
        reverse("archive:clipping-create"),
        {
            "source": "vecino",
            "medium": "correo",
            "published_on": _today(),
            "headline": "Perros vagos en Bonilla",
            "tone": "negativo",
            "reporter_name": "Héctor Vega",
            "reporter_contact": "hvega@example.invalid",
            "directorates": [user_factory("enlace", "medio-ambiente-y-ornato").memberships.get().directorate_id],
        },
    )
    clipping = Clipping.objects.get()
    assert clipping.is_citizen_report and clipping.outlet is None
    assert "hvega@example.invalid" in client.get(reverse("archive:clipping-detail", args=[clipping.pk])).text
    client.force_login(user_factory("director", "medio-ambiente-y-ornato", username="director.ornato"))
    page = client.get(reverse("archive:clipping-detail", args=[clipping.pk])).text
    assert "Perros vagos en Bonilla" in page
    assert "hvega@example.invalid" not in page and "Héctor Vega" not in page


def test_a_media_clipping_drops_any_residents_contact(client, gabinete_user):
    outlet = OutletFactory()
    client.force_login(gabinete_user)
    client.post(
        reverse("archive:clipping-create"),
        {
            "source": "medio",
            "outlet": outlet.pk,
            "medium": "prensa",
            "published_on": _today(),
            "headline": "Nota",
            "tone": "neutro",
            "reporter_name": "No debe quedar",
            "reporter_contact": "x@example.invalid",
        },
    )
    assert Clipping.objects.get().reporter_contact == ""


def test_a_stale_edit_is_refused(client, gabinete_user, clipping):
    client.force_login(gabinete_user)
    data = {
        "source": "medio",
        "outlet": clipping.outlet_id,
        "medium": "prensa",
        "published_on": _today(),
        "headline": "Mi versión",
        "tone": "negativo",
        "version": clipping.version,
    }
    clipping.headline = "Otra persona guardó antes"
    clipping.save()
    response = client.post(reverse("archive:clipping-update", args=[clipping.pk]), data)
    assert "Otra persona modificó este registro" in response.text
    clipping.refresh_from_db()
    assert clipping.headline == "Otra persona guardó antes"
    data["version"] = clipping.version
    assert client.post(reverse("archive:clipping-update", args=[clipping.pk]), data).status_code == 302
    clipping.refresh_from_db()
    assert clipping.headline == "Mi versión"
    assert clipping.history.count() == 3


def test_quick_entry_fills_the_form_from_link_and_text(client, gabinete_user, directorates):
    OutletFactory(name="Soy Antofagasta", website="https://www.soychile.cl", kind="digital")
    TopicFactory(name="Pavimentación")
    client.force_login(gabinete_user)
    text = (
        "Comienzan obras de pavimentación en avenida Grecia\n\n"
        "El proyecto contempla la repavimentación de seis cuadras y veredas nuevas en el sector La Chimba.\n"
        "Vecinos reclamaban por los baches."
    )
    response = client.post(
        reverse("archive:quick-entry"),
        {"url": "https://www.soychile.cl/antofagasta/2026/03/14/nota.html", "text": text},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["headline"] == "Comienzan obras de pavimentación en avenida Grecia"
    assert form.initial["summary"].startswith("El proyecto contempla")
    assert str(form.initial["published_on"]) == "2026-03-14"
    assert form.initial["outlet"] == response.context["form"].fields["outlet"].queryset.get(name="Soy Antofagasta").pk
    assert directorates["obras-municipales"].pk in form.initial["directorates"]
    assert form.initial["topics"]
    assert Clipping.objects.count() == 0  # nothing saved until the person reviews it


def test_quick_entry_refuses_an_empty_text(client, gabinete_user):
    client.force_login(gabinete_user)
    response = client.post(reverse("archive:quick-entry"), {"url": "no es url", "text": ""})
    assert "Este campo es obligatorio" in response.text
    assert "Introduzca una URL válida" in response.text


# --- forwarding ---------------------------------------------------------------------------------


@pytest.mark.date_sensitive
def test_forward_answer_and_keep_the_answer_with_the_clipping(
    client, gabinete_user, user_factory, clipping, directorates
):
    client.force_login(gabinete_user)
    due = (timezone.localdate() + timedelta(days=4)).isoformat()
    response = client.post(
        reverse("archive:clipping-forward", args=[clipping.pk]),
        {"directorate": directorates["transito-y-transporte-publico"].pk, "request": "Informar medidas", "due_on": due},
    )
    assert response.status_code == 302
    forwarding = Forwarding.objects.get()
    assert directorates["transito-y-transporte-publico"] in clipping.directorates.all()

    director = user_factory("director", "transito-y-transporte-publico", username="dir.transito")
    sections = desk.sections_for(director)
    items = [i for s in sections for i in s.items]
    assert any(
        i.title == "Microbasurales en La Chimba" and i.url.endswith(f"/derivaciones/{forwarding.pk}/") for i in items
    )

    client.force_login(director)
    assert client.get(reverse("archive:clipping-detail", args=[clipping.pk])).status_code == 200
    response = client.post(
        reverse("archive:forwarding-detail", args=[forwarding.pk]),
        {"answer": "Se instalará un semáforo provisorio.", "version": forwarding.version},
    )
    assert response.status_code == 302
    forwarding.refresh_from_db()
    assert forwarding.status == "respondida" and forwarding.answered_by == director
    assert not [i for s in desk.sections_for(director) for i in s.items if "derivaciones" in i.url]
    client.force_login(gabinete_user)
    assert (
        "Se instalará un semáforo provisorio."
        in client.get(reverse("archive:clipping-detail", args=[clipping.pk])).text
    )


@pytest.mark.date_sensitive
def test_forwarding_refuses_a_past_due_date(client, gabinete_user, clipping, directorates):
    client.force_login(gabinete_user)
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        reverse("archive:clipping-forward", args=[clipping.pk]),
        {"directorate": directorates["aseo"].pk, "request": "x", "due_on": past},
    )
    assert response.status_code == 400
    assert "El plazo no puede ser una fecha pasada" in response.text
    assert Forwarding.objects.count() == 0


def test_other_directorates_cannot_see_or_answer_a_forwarding(client, user_factory, directorates):
    forwarding = ForwardingFactory(directorate=directorates["aseo"])
    client.force_login(user_factory("enlace", "gestion-de-personas"))
    assert client.get(reverse("archive:forwarding-detail", args=[forwarding.pk])).status_code == 404
    assert client.post(reverse("archive:forwarding-detail", args=[forwarding.pk]), {"answer": "x"}).status_code == 404
    client.force_login(user_factory("alcalde", "gabinete-de-alcaldia"))
    assert client.post(reverse("archive:forwarding-detail", args=[forwarding.pk]), {"answer": "x"}).status_code == 403


def test_an_answer_from_a_stale_page_is_refused_and_not_shown_as_recorded(client, user_factory, directorates):
    """Found by the form fuzzer: the refused answer reached the page as if recorded, with no author (500)."""
    forwarding = ForwardingFactory(directorate=directorates["aseo"])
    client.force_login(user_factory("enlace", "aseo"))
    for data in (
        {"answer": "Respuesta sin versión"},
        {"answer": "Respuesta sin versión", "version": forwarding.version + 7},
    ):
        response = client.post(reverse("archive:forwarding-detail", args=[forwarding.pk]), data)
        assert response.status_code == 200
        assert "Respuesta sin versión" in response.text  # kept in the form, to copy it
        assert "<dt>Respuesta</dt>" not in response.text
    forwarding.refresh_from_db()
    assert forwarding.is_pending and forwarding.answer == "" and forwarding.answered_by is None


@pytest.mark.date_sensitive
def test_a_liaison_cannot_forward(client, user_factory, clipping, directorates):
    client.force_login(user_factory("enlace", "aseo"))
    response = client.post(
        reverse("archive:clipping-forward", args=[clipping.pk]),
        {"directorate": directorates["aseo"].pk, "request": "x", "due_on": _today()},
    )
    assert response.status_code == 403


def test_an_empty_answer_is_refused(client, user_factory, directorates):
    forwarding = ForwardingFactory(directorate=directorates["aseo"])
    client.force_login(user_factory("director", "aseo"))
    response = client.post(reverse("archive:forwarding-detail", args=[forwarding.pk]), {"answer": "  ", "version": 1})
    assert "Escriba la respuesta" in response.text or "Este campo es obligatorio" in response.text
    forwarding.refresh_from_db()
    assert forwarding.is_pending


@pytest.mark.date_sensitive
def test_gabinete_sees_overdue_forwardings_on_the_desk(gabinete_user, directorates):
    forwarding = ForwardingFactory(directorate=directorates["aseo"])
    Forwarding.objects.filter(pk=forwarding.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    items = [i for s in desk.sections_for(gabinete_user) for i in s.items]
    assert any(i.urgency == "overdue" and i.url.endswith(f"/derivaciones/{forwarding.pk}/") for i in items)


@pytest.mark.parametrize("rows", [5, 50])
def test_desk_provider_queries_stay_bounded(user_factory, directorates, django_assert_max_num_queries, rows):
    director = user_factory("director", "aseo")
    for _n in range(rows):
        ForwardingFactory(directorate=directorates["aseo"])
    from archive.desk import forwardings_to_answer

    with django_assert_max_num_queries(2):
        assert len(forwardings_to_answer(director)) == min(rows, 30)


# --- briefing and report ------------------------------------------------------------------------


def _briefing_day_clippings(directorates):
    ClippingFactory(headline="Vecinos reclaman por basura en Coviefi", tone="negativo", directorates=["aseo"])
    ClippingFactory(
        headline="Nuevo semáforo en avenida Argentina", tone="positivo", directorates=["transito-y-transporte-publico"]
    )
    ClippingFactory(headline="Concejo aprueba presupuesto", tone="neutro")
    ClippingFactory(headline="Noticia de ayer", tone="negativo", published_on=timezone.localdate() - timedelta(days=1))


def test_briefing_puts_negative_first_grouped_by_directorate(client, gabinete_user, directorates):
    _briefing_day_clippings(directorates)
    client.force_login(gabinete_user)
    page = client.get(reverse("archive:briefing")).text
    neg, neu, pos = (page.index(h) for h in ("Vecinos reclaman por basura", "Concejo aprueba", "Nuevo semáforo"))
    assert neg < neu < pos
    assert "Noticia de ayer" not in page
    assert "Dirección de Aseo" in page and "Sin dirección asignada" in page


def test_briefing_pdf_reads_back_with_the_days_headlines(client, gabinete_user, directorates):
    _briefing_day_clippings(directorates)
    client.force_login(gabinete_user)
    response = requested_document(client, reverse("archive:briefing-pdf", args=[_today()]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for headline in (
        "Vecinos reclaman por basura en Coviefi",
        "Nuevo semáforo en avenida Argentina",
        "Concejo aprueba presupuesto",
    ):
        assert headline in text
    assert text.index("Vecinos reclaman") < text.index("Concejo aprueba") < text.index("Nuevo semáforo")
    assert "Noticia de ayer" not in text


def test_briefing_email_sends_the_pdf_to_the_configured_list(
    client, gabinete_user, directorates, settings, django_capture_on_commit_callbacks
):
    on_list("briefing", "alcalde@example.invalid", "jefa.gabinete@example.invalid")
    _briefing_day_clippings(directorates)
    client.force_login(gabinete_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("archive:briefing-send", args=[_today()]), follow=True)
    assert "La síntesis se está enviando por correo a 2 destinatarios" in response.text
    assert mail.outbox == [], "the PDF is made and sent by the queue, not by the request"
    # What the worker does (tests/gabinete/test_mail_worker.py runs a real one against an SMTP server).
    assert run_queued_tasks("archive.tasks.send_briefing") == 1
    deliver_outbox()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alcalde@example.invalid", "jefa.gabinete@example.invalid"]
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and name.endswith(".pdf")
    assert "Vecinos reclaman por basura" in PdfReader(io.BytesIO(content)).pages[0].extract_text() + "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(content)).pages
    )


def test_briefing_email_without_recipients_explains_and_sends_nothing(client, gabinete_user, settings):
    client.force_login(gabinete_user)
    response = client.post(reverse("archive:briefing-send", args=[_today()]), follow=True)
    assert "La lista «Síntesis de prensa» no tiene destinatarios: no se envió nada." in response.text
    assert mail.outbox == []


def test_only_gabinete_emails_the_briefing(client, user_factory, settings):
    on_list("briefing", "a@example.invalid")
    client.force_login(user_factory("alcalde", "gabinete-de-alcaldia"))
    assert client.post(reverse("archive:briefing-send", args=[_today()])).status_code == 403


def test_briefing_with_a_bad_date_is_404(client, gabinete_user):
    client.force_login(gabinete_user)
    assert client.get("/archivo/sintesis/2026-02-31/").status_code == 404
    assert client.get("/archivo/sintesis/?fecha=xx").status_code == 404


def test_briefing_of_the_first_day_of_the_calendar_is_404_not_a_500(client, gabinete_user):
    """Found probing the matrix's briefing URLs: 0001-01-01 has no previous day (ValueError)."""
    client.force_login(gabinete_user)
    assert client.get("/archivo/sintesis/0001-01-01/").status_code == 404
    assert client.get("/archivo/sintesis/?fecha=0001-01-01").status_code == 404
    assert client.post("/archivo/sintesis/0001-01-01/pdf/").status_code == 404
    assert client.get("/archivo/sintesis/2000-01-01/").status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_briefing_and_report_query_counts(client, gabinete_user, django_assert_max_num_queries, rows):
    topic = TopicFactory(name="Aseo")
    for n in range(rows):
        ClippingFactory(
            headline=f"N {n}",
            tone=["negativo", "neutro", "positivo"][n % 3],
            topics=[topic],
            directorates=["aseo"] if n % 2 else ["obras-municipales", "aseo"],
        )
    client.force_login(gabinete_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("archive:briefing")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("archive:report")).status_code == 200


@pytest.mark.date_sensitive
def test_monthly_report_page_and_pdf_show_charts_and_counts(client, gabinete_user, directorates):
    today = timezone.localdate()
    radio = OutletFactory(name="Radio Bío-Bío Antofagasta", kind="radio")
    ClippingFactory(tone="negativo", outlet=radio, directorates=["aseo"])
    ClippingFactory(tone="positivo", outlet=radio, directorates=["aseo"])
    ClippingFactory(tone="neutro", source="vecino", outlet=None, medium="correo", directorates=["operaciones"])
    client.force_login(gabinete_user)
    response = client.get(reverse("archive:report-month", args=[today.year, today.month]))
    report = response.context["report"]
    assert report.totals.total == 3 and report.citizen_reports == 1
    assert [(r.label, r.total) for r in report.by_directorate][0] == ("Aseo", 2)
    assert ("Radio Bío-Bío Antofagasta", 2) in [(r.label, r.total) for r in report.by_outlet]
    assert response.text.count("<svg") == 4
    pdf = requested_document(client, reverse("archive:report-pdf", args=[today.year, today.month]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Informe mensual de prensa" in text and "Radio Bío-Bío Antofagasta" in text


PDF_ADDRESSES = [("archive:briefing-pdf", ["2026-11-18"]), ("archive:report-pdf", [2026, 11])]


@pytest.mark.parametrize(("name", "args"), PDF_ADDRESSES)
def test_the_briefing_and_report_pdfs_are_asked_for_with_a_post_not_opened_with_a_get(
    client, gabinete_user, name, args
):
    client.force_login(gabinete_user)
    assert client.get(reverse(name, args=args)).status_code == 405
    page = client.get(
        reverse("archive:briefing-day" if name == "archive:briefing-pdf" else "archive:report-month", args=args)
    )
    assert f'<form method="post" action="{reverse(name, args=args)}"' in page.text


@pytest.mark.parametrize(
    ("name", "args", "title", "filename"),
    [
        ("archive:briefing-pdf", ["2026-11-18"], "Síntesis de prensa del 18-11-2026", "sintesis-prensa-2026-11-18.pdf"),
        (
            "archive:report-pdf",
            [2026, 11],
            "Informe mensual de prensa: noviembre de 2026",
            "informe-prensa-2026-11.pdf",
        ),
    ],
)
def test_asking_for_a_press_pdf_names_the_job_and_its_file(client, gabinete_user, name, args, title, filename):
    client.force_login(gabinete_user)
    pk = resolve(client.post(reverse(name, args=args))["Location"]).kwargs["pk"]
    jobs.work(pk)
    job = Job.objects.get(pk=pk)
    assert (job.title, job.state, job.filename) == (title, JobState.DONE, filename)


@pytest.mark.parametrize(("name", "args"), PDF_ADDRESSES)
def test_a_directorate_cannot_ask_for_the_press_pdfs(client, user_factory, name, args):
    client.force_login(user_factory("director", "aseo"))
    assert client.post(reverse(name, args=args)).status_code == 403
    assert not Job.objects.exists()


@pytest.mark.parametrize(("name", "args"), PDF_ADDRESSES)
def test_a_press_pdf_whose_owner_lost_the_permission_fails_with_the_reason(client, gabinete_user, name, args):
    client.force_login(gabinete_user)
    pk = resolve(client.post(reverse(name, args=args))["Location"]).kwargs["pk"]
    Membership.objects.filter(user=gabinete_user).delete()  # left the Gabinete
    jobs.work(pk)
    job = Job.objects.get(pk=pk)
    assert job.state == JobState.FAILED and not job.file
    assert job.error == "Ya no tiene permiso para obtener este documento."


def test_report_month_out_of_range_is_404(client, gabinete_user):
    client.force_login(gabinete_user)
    assert client.get("/archivo/informe/2026/13/").status_code == 404
    assert client.get("/archivo/informe/?mes=abc").status_code == 404


def test_the_chosen_scan_is_kept_when_the_outlet_is_missing(client, gabinete_user, directorates):
    import re

    outlet = OutletFactory(name="La Estrella de Antofagasta")
    client.force_login(gabinete_user)
    data = {
        "source": "medio",
        "medium": "prensa",
        "published_on": _today(),
        "headline": "Vecinos piden semáforo",
        "tone": "negativo",
    }
    response = client.post(
        reverse("archive:clipping-create"), {**data, "attachment": SimpleUploadedFile("scan.png", PNG)}
    )
    assert "Indique el medio" in response.text
    assert "Archivo adjunto conservado: scan.png" in response.text
    token = re.search(r'name="attachment_conservado" value="([^"]+)"', response.text)[1]
    response = client.post(
        reverse("archive:clipping-create"), {**data, "outlet": outlet.pk, "attachment_conservado": token}
    )
    assert response.status_code == 302
    assert Clipping.objects.get().attachment.read() == PNG


def test_a_repeat_of_the_monthly_report_is_not_counted_again(client, gabinete_user, django_assert_num_queries):
    """The twelve-month chart aggregates a year of clippings: with unchanged data a repeat comes from
    the shared cache (only the session, the user and the memberships are read, and for Gabinete the
    distribution list beside the send button: its name, and its addresses in one query; and the bell's
    unread count in the header)."""
    ClippingFactory(tone="negativo", directorates=["aseo"])
    client.force_login(gabinete_user)
    assert client.get(reverse("archive:report")).status_code == 200
    with django_assert_num_queries(6):
        assert client.get(reverse("archive:report")).status_code == 200


def test_a_clipping_saved_after_the_report_was_counted_shows_at_the_next_request(client, gabinete_user, directorates):
    today = timezone.localdate()
    clipping = ClippingFactory(tone="negativo", directorates=["aseo"])
    client.force_login(gabinete_user)
    url = reverse("archive:report-month", args=[today.year, today.month])
    assert client.get(url).context["report"].totals.total == 1
    ClippingFactory(tone="positivo")
    assert client.get(url).context["report"].totals.positive == 1
    clipping.directorates.add(directorates["operaciones"])
    labels = [r.label for r in client.get(url).context["report"].by_directorate]
    assert "Operaciones" in " ".join(labels), labels
    clipping.delete()
    assert client.get(url).context["report"].totals.negative == 0
