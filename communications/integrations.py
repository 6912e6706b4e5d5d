"""What communications contributes to other pages: the releases listed on a protocol event's page
(through gabinete.related, without importing protocol). Its Mi escritorio entries are in `desk.py`."""

from __future__ import annotations

from django.utils import timezone

from gabinete.related import RelatedLink

from . import permissions as perms
from .models import PressRelease


def releases_for_event(event, user) -> list[RelatedLink]:
    """The releases that report on an agenda event: Gabinete sees all of them (with their state)
    and links to the intranet page; others see only the published ones, linked to the public page."""
    if perms.can_write_releases(user):
        rows = PressRelease.objects.filter(event=event).order_by("-created_at")
        return [RelatedLink(r.title, r.get_absolute_url(), r.get_status_display()) for r in rows]
    rows = PressRelease.objects.public().filter(event=event).newest_first()
    return [
        RelatedLink(r.title, r.get_public_url(), timezone.localtime(r.published_at).strftime("%d-%m-%Y")) for r in rows
    ]
