"""Support requests get files and a person of Gabinete who takes them (issue 21 point 6)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from communications import services
from communications.models import SupportAttachment, SupportRequest
from gabinete.models import Activity, Notification
from tests.communications.factories import SupportRequestFactory
from tests.office.factories import big_pdf_upload, exe_upload, pdf_upload


def _form(directorates, **extra):
    return {
        "directorate": directorates["aseo"].pk,
        "kind": "cobertura",
        "title": "Cobertura operativo",
        "needed_by": (timezone.localdate() + timedelta(days=4)).isoformat(),
        "contact_name": "Camila",
        **extra,
    }


@pytest.fixture
def support(liaison, directorates):
    return SupportRequestFactory(directorate=directorates["aseo"], requested_by=liaison, title="Cobertura feria")


# --- attachments -----------------------------------------------------------------------------------


@pytest.mark.date_sensitive
def test_a_request_is_sent_with_its_file_and_the_file_is_served_to_who_sees_it(
    client, liaison, press, user_factory, directorates
):
    client.force_login(liaison)
    response = client.post(reverse("communications:support-create"), _form(directorates, attachment=pdf_upload()))
    assert response.status_code == 302
    support = SupportRequest.objects.get()
    (attachment,) = support.attachments.all()
    assert attachment.original_name == "informe.pdf" and attachment.uploaded_by == liaison
    assert Activity.objects.filter(verb=services.SUPPORT_ATTACHED.code, object_id=str(support.pk)).exists()

    url = reverse("communications:support-attachment", args=[attachment.pk])
    assert "informe.pdf" in client.get(support.get_absolute_url()).text
    download = client.get(url)
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    client.force_login(press)
    assert client.get(url).status_code == 200
    client.force_login(user_factory("enlace", "transito-y-transporte-publico", username="otra"))
    assert client.get(url).status_code == 404


@pytest.mark.date_sensitive
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (exe_upload, "no corresponde"),
        (big_pdf_upload, "MB"),
    ],
)
def test_a_hostile_file_is_refused_in_spanish_and_the_form_keeps_what_was_typed(
    client, liaison, directorates, upload, message
):
    client.force_login(liaison)
    data = _form(directorates, attachment=upload(), description="Feria costumbrista del sábado")
    response = client.post(reverse("communications:support-create"), data)
    assert response.status_code == 200
    assert not SupportRequest.objects.exists() and not SupportAttachment.objects.exists()
    errors = " ".join(response.context["form"].errors["attachment"])
    assert message in errors
    html = response.text
    assert 'value="Cobertura operativo"' in html and "Feria costumbrista del sábado" in html
    assert 'value="Camila"' in html


@pytest.mark.date_sensitive
def test_a_valid_file_survives_an_error_elsewhere_in_the_form(client, liaison, directorates):
    client.force_login(liaison)
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    first = client.post(
        reverse("communications:support-create"), _form(directorates, needed_by=past, attachment=pdf_upload())
    )
    assert first.status_code == 200 and "needed_by" in first.context["form"].errors
    token = first.context["form"]["attachment_conservado"].value()
    assert token and "informe.pdf" in first.text
    second = client.post(reverse("communications:support-create"), _form(directorates, attachment_conservado=token))
    assert second.status_code == 302
    assert SupportRequest.objects.get().attachments.get().original_name == "informe.pdf"


def test_either_side_adds_files_on_the_request_page_and_a_bad_one_is_refused(client, liaison, press, support):
    client.force_login(liaison)
    url = reverse("communications:support-attach", args=[support.pk])
    assert client.post(url, {"file": pdf_upload("programa.pdf")}).status_code == 302
    refused = client.post(url, {"file": exe_upload("afiche.pdf")})
    assert refused.status_code == 400 and "no corresponde" in refused.text
    client.force_login(press)
    assert client.post(url, {"file": pdf_upload("borrador.pdf")}).status_code == 302
    assert sorted(support.attachments.values_list("original_name", flat=True)) == ["borrador.pdf", "programa.pdf"]


def test_the_service_checks_the_content_and_who_attaches(support, user_factory):
    with pytest.raises(ValidationError):
        services.support_attachment_add(request=support, by=support.requested_by, file=exe_upload())
    alcalde = user_factory("alcalde", "gabinete-de-alcaldia", username="alcalde.x")
    with pytest.raises(PermissionDenied):
        services.support_attachment_add(request=support, by=alcalde, file=pdf_upload())
    assert not support.attachments.exists()


# --- the assignee ----------------------------------------------------------------------------------


def test_gabinete_assigns_a_person_of_the_office_who_is_notified_and_it_is_logged(client, chief, press, support):
    client.force_login(chief)
    response = client.post(
        reverse("communications:support-assign", args=[support.pk]), {"assignee": press.pk, "version": support.version}
    )
    assert response.status_code == 302
    support.refresh_from_db()
    assert support.assignee == press
    entry = Activity.objects.get(verb=services.SUPPORT_ASSIGNED.code)
    assert entry.actor == chief and entry.changes["assignee"]["after"] == (press.get_full_name() or press.username)
    notice = Notification.objects.get(user=press)
    assert notice.kind == services.SUPPORT_ASSIGNED_KIND.code
    assert support.get_absolute_url() in notice.url
    page = client.get(support.get_absolute_url()).text
    assert 'id="support-assignee"' in page and (press.get_full_name() or press.username) in page
    listed = client.get(reverse("communications:support-list")).text
    assert "A cargo de" in listed and (press.get_full_name() or press.username) in listed


def test_only_gabinete_assigns_and_only_to_gabinete_people(client, liaison, chief, support, user_factory):
    with pytest.raises(PermissionDenied):
        services.support_request_assign(request=support, by=liaison, assignee=chief)
    with pytest.raises(ValidationError):
        services.support_request_assign(request=support, by=chief, assignee=liaison)
    client.force_login(liaison)
    assert (
        client.post(reverse("communications:support-assign", args=[support.pk]), {"assignee": chief.pk}).status_code
        == 403
    )
    support.refresh_from_db()
    assert support.assignee is None


def test_a_stale_assignment_is_refused(client, chief, press, press3, support):
    services.support_request_assign(request=support, by=chief, assignee=press)
    client.force_login(chief)
    client.post(
        reverse("communications:support-assign", args=[support.pk]), {"assignee": press3.pk, "version": support.version}
    )
    support.refresh_from_db()
    assert support.assignee == press


@pytest.mark.date_sensitive
def test_the_desk_row_says_who_has_the_request(chief, press, support):
    from communications.desk import support_requests_due

    support.needed_by = timezone.localdate() + timedelta(days=1)
    support.save()
    (row,) = support_requests_due(chief)
    assert row.detail.endswith("sin asignar")
    services.support_request_assign(request=support, by=chief, assignee=press)
    (row,) = support_requests_due(chief)
    assert row.detail.endswith(f"a cargo de {press.get_full_name() or press.username}")
