"""Who may do what in the press archive.

- Alcalde, Gabinete and the Administrador Municipal read the whole archive, the briefing and the report.
- Gabinete staff file, edit, import and forward clippings, and e-mail the briefing and the monthly
  report to their distribution lists.
- Directors and liaisons read the clippings about their directorate (or forwarded to it) and answer
  the forwardings addressed to it.
- A resident's name and contact in a citizen report: only Gabinete.
- A saved search is its owner's; shared with a directorate, that directorate's people see and may
  follow it, and so do those who read the whole archive (they see every clipping it can find anyway).
  A search not shared is nobody else's, not even Gabinete's. Only the owner renames, shares or deletes
  it. Whoever sees a search reads its results as they read the archive: each their own clippings.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet

from gabinete.models import Directorate, Role
from gabinete.permissions import (
    MUNICIPALITY_WIDE_ROLES,
    directorate_ids_of,
    has_any_membership,
    is_gabinete,
    is_member_of,
    sees_whole_municipality,
)
from gabinete.types import AnyUser, User

from .models import Clipping, Forwarding, SavedSearch

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


# --- saved searches -------------------------------------------------------------------------------


def saved_searches_visible_to(user: AnyUser) -> QuerySet[SavedSearch]:
    """The user's own searches and those shared with their directorates (every shared one for whoever
    reads the whole archive)."""
    qs = SavedSearch.objects.select_related("owner", "shared_with")
    if not can_use_archive(user):
        return qs.none()
    shared = (
        Q(shared_with__isnull=False) if sees_whole_municipality(user) else Q(shared_with__in=directorate_ids_of(user))
    )
    return qs.filter(Q(owner_id=user.pk) | shared)


def can_see_saved_search(user: AnyUser, search: SavedSearch) -> bool:
    if not can_use_archive(user):
        return False
    if search.owner_id == user.pk:
        return True
    if search.shared_with_id is None:
        return False
    return sees_whole_municipality(user) or search.shared_with_id in directorate_ids_of(user)


def can_manage_saved_search(user: AnyUser, search: SavedSearch) -> bool:
    """Rename, share and delete: the owner only."""
    return can_use_archive(user) and search.owner_id == user.pk


def can_follow_saved_search(user: AnyUser, search: SavedSearch) -> bool:
    return can_see_saved_search(user, search)


def sharing_directorates_for(user: AnyUser) -> QuerySet[Directorate]:
    """Where a user may share a search: their own directorates (any, for whoever reads the whole archive)."""
    qs = Directorate.objects.active()
    return qs if sees_whole_municipality(user) else qs.filter(pk__in=directorate_ids_of(user))


def followers_who_may_see(search: SavedSearch) -> QuerySet[User]:
    """The active followers who may still see the search, in one query (`can_see_saved_search` for a
    whole audience: someone who left the directorate it is shared with is not among them)."""
    members = Q(memberships__isnull=False)
    if search.shared_with_id is None:
        allowed = Q(pk=search.owner_id) & (members | Q(is_superuser=True))
    else:
        allowed = (
            (Q(pk=search.owner_id) & members)
            | Q(is_superuser=True)
            | Q(memberships__directorate_id=search.shared_with_id)
            | Q(memberships__role__in=MUNICIPALITY_WIDE_ROLES)
        )
    candidates = search.followers.filter(is_active=True).filter(allowed).values("pk")
    return get_user_model().objects.filter(pk__in=candidates).order_by("pk")


def can_send_reports(user: AnyUser) -> bool:
    """E-mail the monthly media report to its distribution list: Gabinete, as for the briefing."""
    return is_gabinete(user)
