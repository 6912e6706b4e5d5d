"""Keeping a file the person already chose when the form comes back with an error elsewhere.

A browser cannot refill a file input, so without this a measurement posted with "1.84" and its
evidence PDF came back asking for the number *and* the file again (and people saved without the
file). When a form that combines a file with other fields fails on another field, the valid file is
kept server-side under MEDIA_ROOT/stash/ with a random token, tied to the person's session and
expiring; the form shows «Archivo adjunto conservado: nombre.pdf» and carries the token in a hidden
field, and the next post uses the kept file (its content is checked again) unless a new one is chosen.

Nothing correct depends on process memory: the file is in the shared media storage and the token in
the session, so the next post may reach another app server.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass
from pathlib import PurePath

from django import forms
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

#: How long a kept file waits for the corrected post (the session's idle time is two hours).
STASH_SECONDS = 2 * 60 * 60
STASH_DIR = "stash"
SESSION_KEY = "upload_stash"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


@dataclass(frozen=True)
class StashedUpload:
    token: str
    name: str


def _entries(session) -> dict:
    entries = session.get(SESSION_KEY) or {}
    return entries if isinstance(entries, dict) else {}


def stash(session, upload: UploadedFile) -> StashedUpload:
    """Keep `upload` for this session; returns the token the form carries."""
    purge_expired(session)
    token = secrets.token_urlsafe(24)
    expires = int(time.time() + STASH_SECONDS)
    # The expiry is in the stored name, so files of sessions that never came back are purged too.
    path = default_storage.save(f"{STASH_DIR}/{expires}-{token}", upload)
    name = PurePath(upload.name or "archivo").name[:200]
    entries = _entries(session)
    entries[token] = {"path": path, "name": name, "expires": expires}
    session[SESSION_KEY] = entries
    return StashedUpload(token, name)


def peek(session, token: str) -> StashedUpload | None:
    """The kept file behind `token` if it belongs to this session and has not expired."""
    if not token or not _TOKEN.match(token):
        return None
    entry = _entries(session).get(token)
    if not entry or entry.get("expires", 0) < time.time() or not default_storage.exists(entry["path"]):
        return None
    return StashedUpload(token, entry["name"])


def open_stashed(session, token: str) -> UploadedFile | None:
    """The kept file as an upload (with the name the person gave it), or None."""
    if peek(session, token) is None:
        return None
    entry = _entries(session)[token]
    handle = default_storage.open(entry["path"], "rb")
    return UploadedFile(file=handle, name=entry["name"], size=default_storage.size(entry["path"]))


def discard(session, token: str) -> None:
    entries = _entries(session)
    entry = entries.pop(token, None)
    if entry is not None:
        default_storage.delete(entry["path"])
        session[SESSION_KEY] = entries


def purge_expired(session=None) -> int:
    """Delete kept files past their time (this session's entries and, on disk, anybody's)."""
    now = time.time()
    removed = 0
    if session is not None:
        entries = _entries(session)
        for token in [t for t, e in entries.items() if e.get("expires", 0) < now]:
            entries.pop(token)
        session[SESSION_KEY] = entries
    try:
        _dirs, files = default_storage.listdir(STASH_DIR)
    except (FileNotFoundError, NotImplementedError):
        return removed
    for name in files:
        expires, _sep, _token = name.partition("-")
        if expires.isascii() and expires.isdigit() and int(expires) < now:
            default_storage.delete(f"{STASH_DIR}/{name}")
            removed += 1
    return removed


class UploadStashMixin:
    """For a form that combines file fields (`stash_fields`) with other fields.

    Pass the request's session as `stash_session`. If the form (or the service, through
    `add_error`) finds an error on another field, each valid file is kept and the form re-shows
    with a note and a hidden token; a later post without a new file uses the kept one. Call
    `release_stash()` after a successful save to delete the kept copies."""

    stash_fields: tuple[str, ...] = ()

    def __init__(self, *args, stash_session=None, **kwargs):
        self._stash_session = stash_session
        self._stash_used: dict[str, str] = {}
        self._stash_cleaning = False
        super().__init__(*args, **kwargs)
        for name in self.stash_fields:
            if name in self.fields:
                self.fields[self._token_name(name)] = forms.CharField(
                    widget=forms.HiddenInput, required=False, max_length=64
                )

    @staticmethod
    def _token_name(name: str) -> str:
        return f"{name}_conservado"

    def _active_stash_fields(self):
        if self._stash_session is None or not self.is_bound:
            return []
        return [n for n in self.stash_fields if n in self.fields]

    def full_clean(self):
        for name in self._active_stash_fields():
            key = self.add_prefix(name)
            token = self.data.get(self.add_prefix(self._token_name(name)), "")
            if self.files.get(key):
                continue  # a new file replaces the kept one
            upload = open_stashed(self._stash_session, token)
            if upload is not None:
                self.files = self.files.copy()
                self.files[key] = upload
                self._stash_used[name] = token
        self._stash_cleaning = True
        try:
            super().full_clean()
        finally:
            self._stash_cleaning = False
        for name in self._active_stash_fields():
            # The token is the form's own bookkeeping, not data for the service.
            getattr(self, "cleaned_data", {}).pop(self._token_name(name), None)
        if self._errors:
            self._keep_uploads()

    def add_error(self, field, error):
        super().add_error(field, error)
        if not self._stash_cleaning:
            self._keep_uploads()  # an error the service found after the form was valid

    def _keep_uploads(self) -> None:
        cleaned = getattr(self, "cleaned_data", None)
        if cleaned is None:
            return
        for name in self._active_stash_fields():
            if name in self._errors:
                self._stash_used.pop(name, None)
                continue  # the file itself is wrong: nothing to keep
            upload = cleaned.get(name)
            if not upload:
                continue
            token = self._stash_used.get(name)
            kept = peek(self._stash_session, token) if token else None
            if kept is None:
                upload.seek(0)
                kept = stash(self._stash_session, upload)
                self._stash_used[name] = kept.token
            self.data = self.data.copy()
            self.data[self.add_prefix(self._token_name(name))] = kept.token
            note = format_html(
                "<strong>{}</strong> {}",
                _("Archivo adjunto conservado: %(name)s.") % {"name": kept.name},
                _("No necesita elegirlo de nuevo; si elige otro, reemplaza a este."),
            )
            # The bound field copied the help text when cleaning created it.
            self.fields[name].help_text = self[name].help_text = note

    def release_stash(self) -> None:
        """The form's data was saved: delete the kept copies it used."""
        if self._stash_session is None:
            return
        for token in self._stash_used.values():
            discard(self._stash_session, token)
        self._stash_used.clear()
