"""The largest upload the intranet allows (a 20 MB scan of a clipping) still passes the body limit."""

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from archive.models import Clipping
from tests.archive.factories import OutletFactory


def test_a_clipping_scan_of_the_largest_allowed_size_is_received_and_stored(client, gabinete_user, directorates):
    scan = b"%PDF-1.4\n" + b"0" * (settings.UPLOAD_MAX_MB * 1024 * 1024 - 9)
    client.force_login(gabinete_user)
    response = client.post(
        reverse("archive:clipping-create"),
        {
            "source": "medio",
            "outlet": OutletFactory().pk,
            "medium": "prensa",
            "published_on": timezone.localdate().isoformat(),
            "headline": "Edición completa escaneada",
            "tone": "neutro",
            "directorates": [directorates["aseo"].pk],
            "attachment": SimpleUploadedFile("edicion.pdf", scan),
        },
    )
    assert response.status_code == 302
    assert Clipping.objects.get().attachment.size == len(scan)


def test_a_30_mb_scan_is_refused_with_a_spanish_413_page(client, gabinete_user):
    client.force_login(gabinete_user)
    response = client.post(
        reverse("archive:clipping-create"),
        {
            "headline": "Demasiado grande",
            "attachment": SimpleUploadedFile("edicion.pdf", b"%PDF-1.4\n" + b"0" * (30 * 1024 * 1024)),
        },
    )
    assert response.status_code == 413
    assert "El envío es demasiado grande" in response.content.decode()
    assert not Clipping.objects.exists()
