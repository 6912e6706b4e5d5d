"""Uploaded files on S3-compatible storage (MEDIA_STORAGE=s3): a local S3 server (moto) on a free port, a
private bucket, and the real paths through the storage API: an upload through a view, the protected
download, a PDF that embeds an uploaded image, and backup → empty bucket → restore."""

import io
import os
import socket
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from gabinete.backups import read_manifest
from gabinete.office.models import Matter
from gabinete.pdf import html_to_pdf
from tests.office.factories import PDF_BYTES, pdf_upload

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "gabinete-media"
KEYS = {"access_key": "prueba", "secret_key": "prueba-secreta"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=_free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    """An empty private bucket, and the media storage pointed at it as MEDIA_STORAGE=s3 would."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "addressing_style": "path",
                "default_acl": "private",
                "querystring_auth": False,
                "file_overwrite": False,
                **KEYS,
            },
        },
    }
    yield client
    objects = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for entry in objects:
        client.delete_object(Bucket=BUCKET, Key=entry["Key"])
    client.delete_bucket(Bucket=BUCKET)


def _bucket_content(client) -> dict[str, bytes]:
    keys = [e["Key"] for e in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    return {key: client.get_object(Bucket=BUCKET, Key=key)["Body"].read() for key in keys}


def _empty(client) -> None:
    for key in _bucket_content(client):
        client.delete_object(Bucket=BUCKET, Key=key)


@pytest.mark.django_db
def test_settings_build_a_private_s3_storage_from_the_environment(s3_endpoint):
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}},
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
    }
    env["DJANGO_SETTINGS_MODULE"] = "gabinete.settings"
    code = "from django.conf import settings; o = settings.STORAGES['default']; print(o['BACKEND'], sorted(o['OPTIONS'].items()))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("storages.backends.s3.S3Storage")
    for option in ("('bucket_name', 'gabinete-media')", "('default_acl', 'private')", "('querystring_auth', False)"):
        assert option in result.stdout
    refused = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; settings.STORAGES"],
        cwd=ROOT,
        env={**env, "MEDIA_STORAGE": "nube"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode != 0 and "MEDIA_STORAGE debe ser" in refused.stderr


@pytest.mark.django_db
def test_an_attachment_uploaded_through_the_form_lands_in_the_bucket_and_only_its_directorate_gets_it(
    client, people, directorates, bucket
):
    client.force_login(people["enlace_aseo"])
    response = client.post(
        reverse("office:matter-create"),
        {
            "directorate": directorates["aseo"].pk,
            "subject": "Horario de recolección",
            "background": "Reclamos.",
            "options": "",
            "recommendation": "",
            "urgency": 1,
            "attachments": [pdf_upload("presupuesto.pdf")],
        },
    )
    assert response.status_code == 302
    attachment = Matter.objects.get().attachments.get()
    assert _bucket_content(bucket) == {attachment.file.name: PDF_BYTES}
    url = reverse("office:matter-attachment", args=[attachment.pk])
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"
    client.force_login(people["other_enlace"])  # Tránsito's liaison
    assert client.get(url).status_code in (403, 404)


@pytest.mark.django_db
def test_a_pdf_embeds_an_image_read_from_the_bucket(bucket):
    png = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(png, "PNG")
    name = default_storage.save("comunicaciones/foto.png", ContentFile(png.getvalue()))
    assert name in _bucket_content(bucket)
    pdf = PdfReader(io.BytesIO(html_to_pdf(f'<p>Con foto</p><img src="/media/{name}">')))
    images = pdf.pages[0].images
    assert [image.image.size for image in images] == [(40, 30)]
    missing = PdfReader(io.BytesIO(html_to_pdf('<p>Sin foto</p><img src="/media/no-existe.png">')))
    assert list(missing.pages[0].images) == []


@contextmanager
def _fresh_database(tmp_path):
    """The URL of a new empty database of the suite's kind, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    params = connection.settings_dict
    name = f"{params['NAME']}_s3restore"[:63]
    conninfo = dict(host=params["HOST"] or "127.0.0.1", port=params["PORT"] or 5432, user=params["USER"])
    with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{params['USER']}@{conninfo['host']}:{conninfo['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.mark.django_db(transaction=True)
def test_backup_then_an_emptied_bucket_then_restore_gives_every_object_back(bucket, s3_endpoint, tmp_path):
    default_storage.save("transparencia/2026/acta nº 1.pdf", ContentFile(b"%PDF-1.7 " + os.urandom(3000)))
    default_storage.save("archivo/recorte.png", ContentFile(b"\x89PNG\r\n\x1a\n" + os.urandom(500)))
    default_storage.save("raiz.txt", ContentFile(b"sin carpeta"))
    before = _bucket_content(bucket)
    assert len(before) == 3

    call_command("backup", output_dir=tmp_path / "backups", stdout=io.StringIO())
    archive = next((tmp_path / "backups").glob("gabinete-*.tar.gz"))
    assert sorted(read_manifest(archive)["files"]) == sorted(before)
    _empty(bucket)
    assert _bucket_content(bucket) == {}

    with _fresh_database(tmp_path) as url:
        environment = {
            k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG"}
        }
        environment.update(
            DATABASE_URL=url,
            MEDIA_STORAGE="s3",
            AWS_STORAGE_BUCKET_NAME=BUCKET,
            AWS_S3_ENDPOINT_URL=s3_endpoint,
            AWS_S3_REGION_NAME="us-east-1",
            AWS_S3_ADDRESSING_STYLE="path",
            AWS_ACCESS_KEY_ID=KEYS["access_key"],
            AWS_SECRET_ACCESS_KEY=KEYS["secret_key"],
        )
        result = subprocess.run(
            [sys.executable, "manage.py", "restore", str(archive)],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert result.returncode == 0, result.stderr
    assert "3 archivos" in result.stdout
    assert _bucket_content(bucket) == before


@pytest.mark.django_db
def test_a_pdf_embeds_an_image_read_from_the_media_folder_and_nothing_outside_it(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    png = io.BytesIO()
    Image.new("RGB", (24, 12), "blue").save(png, "PNG")
    name = default_storage.save("archivo/foto.png", ContentFile(png.getvalue()))
    assert (tmp_path / "media" / name).is_file()
    (tmp_path / "fuera.png").write_bytes(png.getvalue())
    pdf = PdfReader(io.BytesIO(html_to_pdf(f'<img src="/media/{name}"><img src="/media/%2e%2e/fuera.png">')))
    assert [image.image.size for image in pdf.pages[0].images] == [(24, 12)]
