"""The upload stash: a valid file chosen in a form that failed elsewhere is kept for the same
session, for a while, and only for it."""

from datetime import timedelta

from django.contrib.sessions.backends.db import SessionStore
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gabinete import upload_stash

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_kept_file_comes_back_with_its_name_and_content_for_its_session_only(db):
    mine, other = SessionStore(), SessionStore()
    kept = upload_stash.stash(mine, SimpleUploadedFile("acta.pdf", PDF_BYTES))
    assert kept.name == "acta.pdf"
    upload = upload_stash.open_stashed(mine, kept.token)
    assert upload.name == "acta.pdf" and upload.read() == PDF_BYTES and upload.size == len(PDF_BYTES)
    upload.close()
    assert upload_stash.open_stashed(other, kept.token) is None
    assert upload_stash.open_stashed(mine, "../../etc/passwd") is None
    upload_stash.discard(mine, kept.token)
    assert upload_stash.open_stashed(mine, kept.token) is None
    assert not _stored(kept.token)


def test_a_kept_file_expires_and_is_deleted(db, clock):
    session = SessionStore()
    kept = upload_stash.stash(session, SimpleUploadedFile("acta.pdf", PDF_BYTES))
    clock.move_to(timezone.now() + timedelta(seconds=upload_stash.STASH_SECONDS + 60))
    assert upload_stash.peek(session, kept.token) is None
    assert upload_stash.purge_expired(session) >= 1
    assert not _stored(kept.token)


def _stored(token: str) -> bool:
    return any(name.endswith(token) for name in default_storage.listdir("stash")[1])
