"""Production start-up: collectstatic with a manifest storage succeeds. The manifest storage (as
WhiteNoise's CompressedManifestStaticFilesStorage in production) refuses CSS that names a missing
file, which would stop a deployment. Compression is left out here: it takes minutes."""

import io

from django.core.management import call_command


def test_collectstatic_works_with_a_manifest_storage(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0, stdout=io.StringIO())
    assert (tmp_path / "static" / "staticfiles.json").is_file()


def test_pdfs_find_hashed_static_files_of_production(settings, tmp_path):
    """With the manifest storage, {% static %} names `pdf.<hash>.css`, which only STATIC_ROOT holds:
    the PDF helper must still read it (else production PDFs come out without their stylesheet)."""
    from gabinete.pdf import _local_file

    settings.STATIC_ROOT = tmp_path
    (tmp_path / "gabinete" / "css").mkdir(parents=True)
    hashed = tmp_path / "gabinete" / "css" / "pdf.0123456789ab.css"
    hashed.write_text("body {}")
    assert _local_file(settings.STATIC_URL + "gabinete/css/pdf.0123456789ab.css") == hashed.resolve()
    assert _local_file(settings.STATIC_URL + "gabinete/css/pdf.css") is not None
    assert _local_file(settings.STATIC_URL + "../../etc/passwd") is None
