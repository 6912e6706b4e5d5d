"""Who may do what in communications. Views and templates ask these functions, never roles inline."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gabinete.models import Role, Team
from gabinete.permissions import (
    directorate_ids_of,
    is_gabinete,
    is_gabinete_head,
    is_gabinete_team,
    is_superuser,
    memberships_of,
    sees_whole_municipality,
)
from gabinete.types import AnyUser, User

from .models import (
    Journalist,
    JournalistQuerySet,
    Outlet,
    OutletQuerySet,
    PressRelease,
    ReleaseStatus,
    SupportRequest,
    SupportRequestQuerySet,
)


# --- press releases ------------------------------------------------------------------------------
def can_write_releases(user: AnyUser) -> bool:
    """Gabinete's staff write releases (and only they get the editor and its image upload)."""
    return is_gabinete(user)


def can_upload_release_images(user: AnyUser) -> bool:
    """The editor's image upload: whoever may write releases (no `is_staff` needed)."""
    return can_write_releases(user)


def is_press_team(user: AnyUser) -> bool:
    return is_gabinete_team(user, Team.PRESS)


def releases_visible_to(user: AnyUser) -> QuerySet[PressRelease]:
    """The intranet list of releases: Gabinete's staff see them all, nobody else sees any here."""
    if can_write_releases(user):
        return PressRelease.objects.all()
    return PressRelease.objects.none()


def can_edit_release(user: AnyUser, release: PressRelease) -> bool:
    """The author, the press team or an approver, while the release is a draft or was returned
    (editing makes them its last editor: they may then no longer approve it)."""
    if not release.is_editable or not can_write_releases(user):
        return False
    return release.author_id == user.pk or is_press_team(user) or is_release_approver(user)


def can_submit_release(user: AnyUser, release: PressRelease) -> bool:
    return can_edit_release(user, release)


def is_release_approver(user: AnyUser) -> bool:
    """Who approves press releases: the Jefatura de Gabinete and whoever Gabinete names for it
    (`Membership.approves_press_releases`, set in the admin). A superuser administers the system
    and counts as one; the four-eyes rule below binds every approver alike."""
    if is_superuser(user) or is_gabinete_head(user):
        return True
    return any(m.role == Role.GABINETE and m.approves_press_releases for m in memberships_of(user))


def release_approvers() -> list:
    """The people `is_release_approver` says yes to (superusers aside: they administer, they are not
    told): the Jefatura de Gabinete and the Gabinete members named to approve."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    approves = Q(memberships__team=Team.HEAD) | Q(memberships__approves_press_releases=True)
    return list(get_user_model().objects.filter(approves, is_active=True, memberships__role=Role.GABINETE).distinct())


def four_eyes_refusal(user: AnyUser, release: PressRelease) -> str | None:
    """Why `user` may not approve or publish `release` under the four-eyes rule, or None.

    Whoever last changed the text, or sent it to review, never approves or publishes it: a second
    person must read what is going out. (Rewriting someone else's release makes it yours.)
    """
    if user.pk == release.last_text_change_by_id:
        return _("Usted hizo el último cambio del texto de este comunicado: debe aprobarlo y publicarlo otra persona.")
    if user.pk == release.submitted_by_id:
        return _("Usted envió este comunicado a revisión: debe aprobarlo y publicarlo otra persona.")
    return None


def can_approve_release(user: AnyUser, release: PressRelease) -> bool:
    return (
        release.status == ReleaseStatus.REVIEW
        and is_release_approver(user)
        and four_eyes_refusal(user, release) is None
    )


def can_return_release(user: AnyUser, release: PressRelease) -> bool:
    return release.status in (ReleaseStatus.REVIEW, ReleaseStatus.APPROVED) and (
        is_press_team(user) or is_release_approver(user)
    )


def can_publish_release(user: AnyUser, release: PressRelease) -> bool:
    """The press team or an approver publishes an approved release, never its last editor or sender."""
    return (
        release.status == ReleaseStatus.APPROVED
        and (is_press_team(user) or is_release_approver(user))
        and four_eyes_refusal(user, release) is None
    )


def can_unschedule_release(user: AnyUser, release: PressRelease) -> bool:
    """A release scheduled for later goes back to «aprobado» (not published) before its time comes."""
    return release.is_scheduled and (is_press_team(user) or is_release_approver(user))


def can_correct_release(user: AnyUser, release: PressRelease) -> bool:
    """The press team (or an approver) writes a correction of a release the public is reading."""
    return release.is_public and (is_press_team(user) or is_release_approver(user))


def can_withdraw_release(user: AnyUser, release: PressRelease) -> bool:
    """Taking a public release down is the approvers' decision (the Jefatura and those named)."""
    return release.is_public and is_release_approver(user)


# --- support requests ----------------------------------------------------------------------------
def can_manage_support(user: AnyUser) -> bool:
    """Gabinete answers the requests: accepts, rejects, marks them done, sees the board."""
    return is_gabinete(user)


def support_requests_visible_to(user: AnyUser) -> SupportRequestQuerySet:
    """Gabinete (and whoever sees the whole municipality) sees all; a directorate only its own."""
    if can_manage_support(user) or sees_whole_municipality(user):
        return SupportRequest.objects.all()
    return SupportRequest.objects.filter(directorate_id__in=directorate_ids_of(user))


def can_request_support(user: AnyUser) -> bool:
    return bool(directorate_ids_of(user)) or is_superuser(user)


def can_comment_support(user: AnyUser, request: SupportRequest) -> bool:
    return can_manage_support(user) or request.directorate_id in directorate_ids_of(user)


def can_attach_support(user: AnyUser, request: SupportRequest) -> bool:
    """Files go both ways: the directorate sends its programme, Gabinete its draft piece."""
    return can_comment_support(user, request)


def can_assign_support(user: AnyUser) -> bool:
    """Gabinete decides who of the office takes a request."""
    return can_manage_support(user)


def support_assignees() -> QuerySet[User]:
    """Who may take a support request: the active people of Gabinete."""
    return (
        User.objects.filter(is_active=True, memberships__role=Role.GABINETE)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


# --- media contacts ------------------------------------------------------------------------------
def can_view_media_contacts(user: AnyUser) -> bool:
    return is_gabinete(user)


def can_edit_media_contacts(user: AnyUser) -> bool:
    return is_gabinete(user)


def outlets_visible_to(user: AnyUser) -> OutletQuerySet:
    return Outlet.objects.all() if can_view_media_contacts(user) else Outlet.objects.none()


def journalists_visible_to(user: AnyUser) -> JournalistQuerySet:
    return Journalist.objects.all() if can_view_media_contacts(user) else Journalist.objects.none()


def can_use_communications(user: AnyUser) -> bool:
    """The app in the navigation: writing releases (Gabinete) or asking for support (directorates)."""
    return can_write_releases(user) or can_request_support(user)
