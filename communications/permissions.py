"""Who may do what in communications. Views and templates ask these functions, never roles inline."""

from __future__ import annotations

from django.db.models import QuerySet

from gabinete.models import Team
from gabinete.permissions import (
    directorate_ids_of,
    is_gabinete,
    is_gabinete_team,
    is_superuser,
    sees_whole_municipality,
)

from .models import Journalist, Outlet, PressRelease, ReleaseStatus, SupportRequest


# --- press releases ------------------------------------------------------------------------------
def can_write_releases(user) -> bool:
    """Gabinete's staff write releases (and only they get the editor and its image upload)."""
    return is_gabinete(user)


def is_press_team(user) -> bool:
    return is_gabinete_team(user, Team.PRESS)


def releases_visible_to(user) -> QuerySet[PressRelease]:
    """The intranet list of releases: Gabinete's staff see them all, nobody else sees any here."""
    if can_write_releases(user):
        return PressRelease.objects.all()
    return PressRelease.objects.none()


def can_edit_release(user, release: PressRelease) -> bool:
    """The author or the press team, while the release is a draft or was returned."""
    if not release.is_editable or not can_write_releases(user):
        return False
    return release.author_id == user.pk or is_press_team(user)


def can_submit_release(user, release: PressRelease) -> bool:
    return can_edit_release(user, release)


def may_approve_own_release(user) -> bool:
    """Four eyes: nobody approves their own release, except a superuser (system administrator)."""
    return is_superuser(user)


def can_approve_release(user, release: PressRelease) -> bool:
    if release.status != ReleaseStatus.REVIEW or not is_press_team(user):
        return False
    return release.author_id != user.pk or may_approve_own_release(user)


def can_return_release(user, release: PressRelease) -> bool:
    return release.status in (ReleaseStatus.REVIEW, ReleaseStatus.APPROVED) and is_press_team(user)


def can_publish_release(user, release: PressRelease) -> bool:
    return release.status == ReleaseStatus.APPROVED and is_press_team(user)


# --- support requests ----------------------------------------------------------------------------
def can_manage_support(user) -> bool:
    """Gabinete answers the requests: accepts, rejects, marks them done, sees the board."""
    return is_gabinete(user)


def support_requests_visible_to(user) -> QuerySet[SupportRequest]:
    """Gabinete (and whoever sees the whole municipality) sees all; a directorate only its own."""
    if can_manage_support(user) or sees_whole_municipality(user):
        return SupportRequest.objects.all()
    return SupportRequest.objects.filter(directorate_id__in=directorate_ids_of(user))


def can_request_support(user) -> bool:
    return bool(directorate_ids_of(user)) or is_superuser(user)


def can_comment_support(user, request: SupportRequest) -> bool:
    return can_manage_support(user) or request.directorate_id in directorate_ids_of(user)


# --- media contacts ------------------------------------------------------------------------------
def can_view_media_contacts(user) -> bool:
    return is_gabinete(user)


def can_edit_media_contacts(user) -> bool:
    return is_gabinete(user)


def outlets_visible_to(user) -> QuerySet[Outlet]:
    return Outlet.objects.all() if can_view_media_contacts(user) else Outlet.objects.none()


def journalists_visible_to(user) -> QuerySet[Journalist]:
    return Journalist.objects.all() if can_view_media_contacts(user) else Journalist.objects.none()
