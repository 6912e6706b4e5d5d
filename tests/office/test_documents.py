"""Procedure manuals and job descriptors: versions, approval, yearly review, report to the Administrador."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from gabinete import desk, jobs
from gabinete.models import Job, JobState, Membership
from gabinete.office import services
from gabinete.office.models import (
    AnnualReport,
    JobDescriptor,
    JobDescriptorVersion,
    ManualVersion,
    ProcedureManual,
    one_year_after,
)
from tests.gabinete.job_helpers import requested_document
from tests.office.factories import (
    DESCRIPTOR_DATA,
    exe_upload,
    make_descriptor,
    make_manual,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())


# --- manuals --------------------------------------------------------------------------------------------


@pytest.mark.date_sensitive
def test_approving_a_manual_version_puts_it_in_force_and_moves_the_review_date(people):
    manual = make_manual(people["gabinete"])
    v1 = services.manual_version_create(
        manual=manual,
        change_summary="Primera versión.",
        body="<p>Paso 1</p><script>alert(1)</script>",
        by=people["gabinete"],
    )
    assert v1.body_html == "<p>Paso 1</p>"
    services.version_approve(version=v1, by=people["gabinete"])
    v2 = services.manual_version_create(
        manual=manual, change_summary="Se agrega el paso 2.", body="<p>Paso 1</p><p>Paso 2</p>", by=people["gabinete"]
    )
    services.version_approve(version=v2, by=people["gabinete"])
    today = timezone.localdate()
    statuses = dict(ManualVersion.objects.values_list("number", "status"))
    assert statuses == {1: "reemplazada", 2: "vigente"}
    manual.refresh_from_db()
    assert manual.last_approved_on == today and manual.review_due_on == one_year_after(today)
    assert ManualVersion.objects.get(number=2).change_summary == "Se agrega el paso 2."


def test_a_manual_version_may_be_an_attached_document(people):
    manual = make_manual(people["gabinete"])
    version = services.manual_version_create(
        manual=manual, change_summary="PDF firmado.", file=pdf_upload(), by=people["gabinete"]
    )
    assert version.file.name.endswith(".pdf")


def test_a_manual_version_needs_text_or_a_document(people):
    manual = make_manual(people["gabinete"])
    with pytest.raises(ValidationError) as error:
        services.manual_version_create(manual=manual, change_summary="Vacía", body="<p> </p>", by=people["gabinete"])
    assert "escriba el texto del manual o adjunte el documento" in str(error.value)


def test_a_manual_document_of_the_wrong_kind_is_refused(people):
    manual = make_manual(people["gabinete"])
    with pytest.raises(ValidationError) as error:
        services.manual_version_create(manual=manual, change_summary="x", file=exe_upload(), by=people["gabinete"])
    assert "no corresponde a un tipo permitido" in str(error.value)
    assert not ManualVersion.objects.exists()


def test_a_second_version_in_preparation_is_refused(people):
    manual = make_manual(people["gabinete"])
    services.manual_version_create(manual=manual, change_summary="v1", body="<p>a</p>", by=people["gabinete"])
    with pytest.raises(ValidationError) as error:
        services.manual_version_create(manual=manual, change_summary="v2", body="<p>b</p>", by=people["gabinete"])
    assert "Ya hay una versión en preparación (versión 1" in str(error.value)


def test_an_approved_version_is_not_edited(people):
    manual = make_manual(people["gabinete"])
    v1 = services.manual_version_create(manual=manual, change_summary="v1", body="<p>a</p>", by=people["gabinete"])
    v1 = services.version_approve(version=v1, by=people["gabinete"])
    with pytest.raises(ValidationError) as error:
        services.manual_version_update(
            version=v1, data={"body": "<p>cambio</p>"}, expected_version=v1.version, by=people["gabinete"]
        )
    assert "cree una nueva versión" in str(error.value)
    with pytest.raises(ValidationError):
        services.version_approve(version=v1, by=people["gabinete"])


def test_only_gabinete_manages_manuals(people):
    with pytest.raises(PermissionDenied):
        make_manual(people["aseo"])


@pytest.mark.date_sensitive
def test_a_manual_not_reviewed_within_its_year_is_flagged(client, people):
    manual = make_manual(people["gabinete"], review_due_on=timezone.localdate() - timedelta(days=1))
    assert list(ProcedureManual.objects.review_overdue()) == [manual]
    client.force_login(people["gabinete"])
    page = client.get(reverse("office:manual-list")).text
    assert "Revisión anual vencida" in page
    items = {i.title: i for s in desk.sections_for(people["gabinete"]) for i in s.items}
    assert items["Revisión anual del manual «Manual de Protocolo»"].urgency == "overdue"


@pytest.mark.date_sensitive
def test_the_annual_report_to_the_administrador_is_recorded_with_date_and_sender(client, people):
    client.force_login(people["gabinete"])
    year = timezone.localdate().year
    page = client.get(reverse("office:manual-list")).text
    assert f"El informe {year} aún no se registra como enviado" in page
    response = client.post(
        reverse("office:manual-annual-report"),
        {
            "year": year,
            "sent_on": timezone.localdate().isoformat(),
            "sent_by": people["gabinete"].pk,
            "reference": "Memorándum N° 45",
        },
    )
    assert response.status_code == 302
    report = AnnualReport.objects.get()
    assert (report.kind, report.year, report.sent_by, report.recorded_by) == (
        "manuales",
        year,
        people["gabinete"],
        people["gabinete"],
    )
    page = client.get(reverse("office:manual-list")).text
    assert f"Informe {year} enviado el {timezone.localdate():%d-%m-%Y} por Carolina Rojas" in page


@pytest.mark.date_sensitive
def test_an_annual_report_sent_in_the_future_is_refused(client, people):
    client.force_login(people["gabinete"])
    response = client.post(
        reverse("office:manual-annual-report"),
        {
            "year": 2026,
            "sent_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "sent_by": people["gabinete"].pk,
        },
    )
    assert response.status_code == 200 and "no puede ser futura" in response.text
    assert not AnnualReport.objects.exists()


def test_manual_pages_permissions(client, people):
    manual = make_manual(people["gabinete"])
    url = reverse("office:manual-detail", args=[manual.pk])
    assert client.get(url).status_code == 302
    client.force_login(people["aseo"])
    assert client.get(url).status_code == 403
    client.force_login(people["admin"])
    assert client.get(url).status_code == 200
    assert client.get(reverse("office:manual-create")).status_code == 403


def test_new_manual_version_through_the_form(client, people):
    manual = make_manual(people["gabinete"])
    client.force_login(people["gabinete"])
    url = reverse("office:manual-version-create", args=[manual.pk])
    page = client.get(url).text
    assert "django_ckeditor_5/dist/bundle.js" in page
    response = client.post(url, {"change_summary": "Primera versión.", "body": "", "file": exe_upload()})
    assert response.status_code == 200 and "no corresponde a un tipo permitido" in response.text
    response = client.post(url, {"change_summary": "Primera versión.", "body": "<p>Texto del manual</p>"})
    assert response.status_code == 302
    version = manual.versions.get()
    response = client.post(reverse("office:manual-version-approve", args=[version.pk]))
    assert response.status_code == 302
    page = client.get(reverse("office:manual-detail", args=[manual.pk])).text
    assert "Texto del manual" in page and "Vigente" in page


@pytest.mark.date_sensitive
def test_manuals_report_pdf_reads_back(client, people):
    manual = make_manual(
        people["gabinete"], title="Manual de Prensa", review_due_on=timezone.localdate() - timedelta(days=3)
    )
    services.manual_version_create(manual=manual, change_summary="v1", body="<p>x</p>", by=people["gabinete"])
    client.force_login(people["admin"])
    text = _pdf_text(requested_document(client, reverse("office:manual-report-pdf")))
    assert Job.objects.get().title == f"Manuales de procedimientos: informe anual {timezone.localdate().year}"
    assert "Manuales de procedimientos: informe anual" in text
    assert "Manual de Prensa" in text and "Revisión anual vencida" in text


# --- job descriptors ------------------------------------------------------------------------------------


def test_approving_a_descriptor_without_review_is_refused_and_the_draft_is_kept(client, people):
    descriptor = make_descriptor(people["gabinete"])
    version = services.descriptor_version_create(descriptor=descriptor, data=DESCRIPTOR_DATA, by=people["gabinete"])
    with pytest.raises(ValidationError) as error:
        services.version_approve(version=version, by=people["gabinete"])
    assert "falta la revisión de la Dirección de Gestión de Personas" in str(error.value)
    version.refresh_from_db()
    assert version.status == "borrador" and version.purpose == DESCRIPTOR_DATA["purpose"]
    client.force_login(people["gabinete"])
    response = client.post(reverse("office:descriptor-version-approve", args=[version.pk]), follow=True)
    assert "falta la revisión de la Dirección de Gestión de Personas" in response.text


def test_descriptor_goes_through_the_review_of_gestion_de_personas(people, django_capture_on_commit_callbacks):
    descriptor = make_descriptor(people["gabinete"])
    version = services.descriptor_version_create(descriptor=descriptor, data=DESCRIPTOR_DATA, by=people["gabinete"])
    version = services.descriptor_version_submit(version=version, by=people["gabinete"])
    with pytest.raises(ValidationError):  # still in review
        services.version_approve(version=version, by=people["gabinete"])
    with pytest.raises(PermissionDenied):
        services.descriptor_version_review(version=version, accepted=True, by=people["gabinete"])
    with pytest.raises(ValidationError) as error:
        services.descriptor_version_review(version=version, accepted=False, observations="", by=people["personas"])
    assert "Indique las observaciones" in str(error.value)
    version = services.descriptor_version_review(
        version=version, accepted=False, observations="Falta el grado.", by=people["personas"]
    )
    assert version.status == "observada"
    version = services.descriptor_version_update(
        version=version,
        data={"education": "Título profesional, grado 8."},
        expected_version=version.version,
        by=people["gabinete"],
    )
    version = services.descriptor_version_submit(version=version, by=people["gabinete"])
    version = services.descriptor_version_review(version=version, accepted=True, by=people["personas"])
    version = services.version_approve(version=version, by=people["gabinete"])
    assert version.status == "vigente" and version.reviewed_by == people["personas"]
    statuses = [h.status for h in version.history.order_by("history_date")]
    assert statuses == ["borrador", "en_revision", "observada", "observada", "en_revision", "revisada", "vigente"]


def test_people_reviewer_sees_descriptors_and_reviews_through_the_page(client, people):
    descriptor = make_descriptor(people["gabinete"])
    version = services.descriptor_version_create(descriptor=descriptor, data=DESCRIPTOR_DATA, by=people["gabinete"])
    services.descriptor_version_submit(version=version, by=people["gabinete"])
    client.force_login(people["personas"])
    page = client.get(reverse("office:descriptor-detail", args=[descriptor.pk])).text
    assert "Registrar revisión" in page
    items = [i.title for s in desk.sections_for(people["personas"]) for i in s.items]
    assert "Revisar descriptor de cargo: Encargado/a de Protocolo (Protocolo)" in items
    response = client.post(reverse("office:descriptor-version-review", args=[version.pk]), {"accepted": "1"})
    assert response.status_code == 302
    assert JobDescriptorVersion.objects.get().status == "revisada"
    client.force_login(people["aseo"])
    assert client.get(reverse("office:descriptor-detail", args=[descriptor.pk])).status_code == 403
    assert (
        client.post(reverse("office:descriptor-version-review", args=[version.pk]), {"accepted": "1"}).status_code
        == 403
    )


def test_descriptor_pdfs_read_back_with_their_content(client, people):
    first = make_descriptor(people["gabinete"])
    v = services.descriptor_version_create(descriptor=first, data=DESCRIPTOR_DATA, by=people["gabinete"])
    v = services.descriptor_version_submit(version=v, by=people["gabinete"])
    v = services.descriptor_version_review(version=v, accepted=True, by=people["personas"])
    services.version_approve(version=v, by=people["gabinete"])
    second = make_descriptor(people["gabinete"], position="Periodista", unit="Prensa")
    services.descriptor_version_create(
        descriptor=second, data={**DESCRIPTOR_DATA, "purpose": "Informar a la comunidad."}, by=people["gabinete"]
    )
    client.force_login(people["admin"])
    text = _pdf_text(requested_document(client, reverse("office:descriptor-pdf", args=[first.pk])))
    assert Job.objects.get().title == "Descriptor de cargo: Encargado/a de Protocolo"
    assert "Descriptor de cargo: Encargado/a de Protocolo" in text
    assert "Aplicar el orden de precedencia" in text and "Jefe/a de Gabinete" in text
    assert "Andrea Soto" in text
    text = _pdf_text(requested_document(client, reverse("office:descriptor-set-pdf")))
    assert "Encargado/a de Protocolo" in text and "Periodista" in text and "Informar a la comunidad." in text
    assert "Versión no vigente: en preparación." in text


@pytest.mark.parametrize("rows", [5, 50])
def test_document_lists_query_count_does_not_grow(client, people, rows, django_assert_max_num_queries):
    for i in range(rows):
        manual = make_manual(people["gabinete"], title=f"Manual {i}")
        services.manual_version_create(manual=manual, change_summary="v1", body="<p>x</p>", by=people["gabinete"])
        descriptor = make_descriptor(people["gabinete"], position=f"Cargo {i}")
        services.descriptor_version_create(descriptor=descriptor, data=DESCRIPTOR_DATA, by=people["gabinete"])
    client.force_login(people["gabinete"])
    with django_assert_max_num_queries(10):
        assert client.get(reverse("office:manual-list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("office:descriptor-list")).status_code == 200


def test_uploaded_word_document_is_accepted_for_a_manual(people):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    manual = make_manual(people["gabinete"])
    version = services.manual_version_create(
        manual=manual,
        change_summary="Word",
        by=people["gabinete"],
        file=SimpleUploadedFile("manual.docx", buffer.getvalue()),
    )
    assert version.file.name.endswith(".docx")


def test_a_descriptor_without_versions_asks_for_no_pdf(client, people):
    descriptor = make_descriptor(people["gabinete"])
    client.force_login(people["admin"])
    response = client.post(reverse("office:descriptor-pdf", args=[descriptor.pk]), follow=True)
    assert "Este descriptor aún no tiene versiones." in response.text
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    "name", ["office:manual-report-pdf", "office:descriptor-set-pdf"], ids=["manuals", "descriptors"]
)
def test_the_reports_for_the_administrador_are_asked_for_with_a_post(client, people, name):
    client.force_login(people["admin"])
    assert client.get(reverse(name)).status_code == 405
    client.force_login(people["aseo"])
    assert client.post(reverse(name)).status_code == 403
    assert not Job.objects.exists()


def test_a_descriptor_pdf_whose_owner_lost_the_permission_fails_with_the_reason(client, people):
    descriptor = make_descriptor(people["gabinete"])
    services.descriptor_version_create(descriptor=descriptor, data=DESCRIPTOR_DATA, by=people["gabinete"])
    client.force_login(people["admin"])
    assert client.post(reverse("office:descriptor-pdf", args=[descriptor.pk])).status_code == 302
    job = Job.objects.get()
    Membership.objects.filter(user=people["admin"]).delete()
    jobs.work(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error == "Ya no tiene permiso para obtener este documento."


def test_a_descriptor_deleted_before_its_pdf_was_made_fails_in_spanish(client, people):
    descriptor = make_descriptor(people["gabinete"])
    services.descriptor_version_create(descriptor=descriptor, data=DESCRIPTOR_DATA, by=people["gabinete"])
    client.force_login(people["admin"])
    client.post(reverse("office:descriptor-pdf", args=[descriptor.pk]))
    JobDescriptorVersion.objects.filter(descriptor=descriptor).delete()
    JobDescriptor.objects.filter(pk=descriptor.pk).delete()
    job = Job.objects.get()
    jobs.work(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error == "Ese descriptor de cargo ya no existe."


def test_the_people_reviewer_may_ask_for_the_descriptors_though_not_for_the_manuals_report(client, people):
    descriptor = make_descriptor(people["gabinete"])
    services.descriptor_version_create(descriptor=descriptor, data=DESCRIPTOR_DATA, by=people["gabinete"])
    client.force_login(people["personas"])
    text = _pdf_text(requested_document(client, reverse("office:descriptor-set-pdf")))
    assert "Encargado/a de Protocolo" in text
    assert client.post(reverse("office:manual-report-pdf")).status_code == 403
