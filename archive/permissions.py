"""Who may do what in the press archive.

- Alcalde, Gabinete and the Administrador Municipal read the whole archive, the briefing and the report.
- Gabinete staff file, edit, import and forward clippings, and e-mail the briefing and the monthly
  report to their distribution lists.
- Directors and liaisons read the clippings about their directorate (or forwarded to it) and answer
  the forwardings addressed to it.
- A resident's name and contact in a citizen report: only Gabinete.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from gabinete.models import Role
from gabinete.permissions import (
    directorate_ids_of,
    has_any_membership,
    is_gabinete,
    is_member_of,
    sees_whole_municipality,
)
from gabinete.types import AnyUser

from .models import Clipping, Forwarding

ANSWERING_ROLES = (Role.DIRECTOR, Role.LIAISON)


def can_use_archive(user: AnyUser) -> bool:
    return has_any_membership(user)


def clippings_visible_to(user: AnyUser) -> QuerySet[Clipping]:
    """The whole archive for municipality-wide roles; otherwise the clippings about, or forwarded
    to, the user's directorates."""
    qs = Clipping.objects.all()
    if sees_whole_municipality(user):
        return qs
    ids = directorate_ids_of(user)
    if not ids:
        return qs.none()
    concerned = Clipping.directorates.through.objects.filter(clipping_id=OuterRef("pk"), directorate_id__in=ids)
    forwarded = Forwarding.objects.filter(clipping_id=OuterRef("pk"), directorate_id__in=ids)
    return qs.filter(Q(Exists(concerned)) | Q(Exists(forwarded)))


def can_manage_clippings(user: AnyUser) -> bool:
    """File, edit and import clippings (the press team and the rest of Gabinete)."""
    return is_gabinete(user)


def can_edit_clipping(user: AnyUser, clipping: Clipping) -> bool:
    return is_gabinete(user)


def can_see_reporter_contact(user: AnyUser, clipping: Clipping | None = None) -> bool:
    return is_gabinete(user)


def can_forward_clipping(user: AnyUser, clipping: Clipping) -> bool:
    return is_gabinete(user)


def forwardings_visible_to(user: AnyUser) -> QuerySet[Forwarding]:
    qs = Forwarding.objects.select_related("clipping", "directorate")
    if sees_whole_municipality(user):
        return qs
    return qs.filter(directorate_id__in=directorate_ids_of(user))


def can_answer_forwarding(user: AnyUser, forwarding: Forwarding) -> bool:
    """The addressed directorate's director or liaisons answer while it is pending."""
    return forwarding.is_pending and is_member_of(user, forwarding.directorate_id, ANSWERING_ROLES)


def can_read_briefing(user: AnyUser) -> bool:
    """The daily briefing and the monthly media report: the Alcalde, Gabinete, the Administrador."""
    return sees_whole_municipality(user)


def can_send_briefing(user: AnyUser) -> bool:
    return is_gabinete(user)


def can_send_reports(user: AnyUser) -> bool:
    """E-mail the monthly media report to its distribution list: Gabinete, as for the briefing."""
    return is_gabinete(user)
