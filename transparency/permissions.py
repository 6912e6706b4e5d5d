"""Who may do what in Transparencia Activa.

The responsible directorate's liaison prepares a month's content, its director sends it, Asesoría
Jurídica approves or returns it (never their own upload), Gabinete publishes it and assigns which
directorate answers for each item. Directorates see their own sub-sections; Gabinete, the Alcalde, the
Administrador Municipal and Asesoría Jurídica see all.
"""

from __future__ import annotations

from django.db.models import QuerySet

from gabinete.models import Role
from gabinete.permissions import (
    directorate_ids_of,
    has_any_membership,
    has_role,
    is_gabinete,
    is_legal_reviewer,
    is_superuser,
    sees_whole_municipality,
)
from gabinete.types import AnyUser

from .models import AccessRequest, AccessRules, AccessStatus, Publication, Section, SectionQuerySet, Status


def sees_all(user: AnyUser) -> bool:
    return sees_whole_municipality(user) or is_legal_reviewer(user)


def sections_visible_to(user: AnyUser) -> SectionQuerySet:
    sections = Section.objects.with_related()
    if sees_all(user):
        return sections
    return sections.responsible(directorate_ids_of(user))


def publications_visible_to(user: AnyUser) -> QuerySet[Publication]:
    publications = Publication.objects.select_related("section", "item", "directorate", "prepared_by")
    if sees_all(user):
        return publications
    ids = directorate_ids_of(user)
    return publications.filter(section__in=Section.objects.responsible(ids))


def can_view_review_queues(user: AnyUser) -> bool:
    """The queues of uploads waiting for Asesoría Jurídica and for Gabinete: whoever sees every directorate."""
    return sees_all(user)


def can_bulk_approve(user: AnyUser) -> bool:
    """Asesoría Jurídica may approve several uploads at once; each still passes its own rule."""
    return is_legal_reviewer(user)


def can_bulk_publish(user: AnyUser) -> bool:
    """Gabinete may publish several approved uploads at once; each still passes its own rule."""
    return is_gabinete(user)


def can_view_transparency(user: AnyUser) -> bool:
    return has_any_membership(user)


def can_view_board(user: AnyUser) -> bool:
    return has_any_membership(user)


def can_prepare(user: AnyUser, section: Section) -> bool:
    """The liaison (enlace) of the directorate responsible for the sub-section."""
    return section.is_active and section.responsible_id in directorate_ids_of(user, [Role.LIAISON])


def can_edit_content(user: AnyUser, publication: Publication) -> bool:
    return publication.status in (Status.DRAFT, Status.RETURNED) and can_prepare(user, publication.section)


def can_send(user: AnyUser, publication: Publication) -> bool:
    return publication.status in (Status.DRAFT, Status.RETURNED) and (
        publication.section.responsible_id in directorate_ids_of(user, [Role.DIRECTOR])
    )


def is_own_upload(user: AnyUser, publication: Publication) -> bool:
    return publication.prepared_by_id == user.pk


def can_review(user: AnyUser, publication: Publication) -> bool:
    """Asesoría Jurídica reviews what was sent, except what the reviewer uploaded themself."""
    return publication.status == Status.SENT and is_legal_reviewer(user) and not is_own_upload(user, publication)


def can_publish(user: AnyUser, publication: Publication) -> bool:
    return publication.status == Status.APPROVED and is_gabinete(user)


def can_correct(user: AnyUser, publication: Publication) -> bool:
    """A correction starts from the version now shown to the public."""
    return (
        publication.status == Status.PUBLISHED
        and not publication.corrections.exists()
        and can_prepare(user, publication.section)
    )


def can_assign_responsible(user: AnyUser) -> bool:
    return is_gabinete(user)


def can_view_compliance_report(user: AnyUser) -> bool:
    return is_superuser(user) or sees_all(user)


def can_send_compliance_report(user: AnyUser) -> bool:
    """E-mail the month's compliance report to its distribution list (the Administrador Municipal's):
    Gabinete, who runs Transparencia Activa and sees every section."""
    return is_gabinete(user)


# --- access requests (Ley 20.285 Título IV) ---------------------------------------------------------
# Gabinete runs the desk: it registers, checks admissibility, assigns, refers, extends and notifies third
# parties; the directorate that holds the information prepares the answer; Asesoría Jurídica reviews it;
# whoever `AccessRules.signer_role` names signs it. The Alcalde and the Administrador read every request.

PREPARERS = (Role.DIRECTOR, Role.LIAISON)


def handles_access_requests(user: AnyUser) -> bool:
    return is_gabinete(user)


def access_requests_visible_to(user: AnyUser) -> QuerySet[AccessRequest]:
    requests = AccessRequest.objects.select_related("directorate")
    if sees_whole_municipality(user) or is_legal_reviewer(user) or signs_access_answers(user):
        return requests
    return requests.filter(directorate_id__in=directorate_ids_of(user, PREPARERS))


def can_view_access_requests(user: AnyUser) -> bool:
    return has_any_membership(user)


def can_register_access_request(user: AnyUser) -> bool:
    return handles_access_requests(user)


def can_handle_access_request(user: AnyUser, request: AccessRequest) -> bool:
    """Admissibility, assignment, referral, extension, third parties: Gabinete's desk. A system step
    (the periodic job that declares an uncorrected request withdrawn) acts as nobody."""
    return user is None or handles_access_requests(user)


def can_prepare_answer(user: AnyUser, request: AccessRequest) -> bool:
    return request.directorate_id is not None and request.directorate_id in directorate_ids_of(user, PREPARERS)


def can_extend(user: AnyUser, request: AccessRequest) -> bool:
    return handles_access_requests(user) or can_prepare_answer(user, request)


def can_review_answer(user: AnyUser, request: AccessRequest) -> bool:
    return is_legal_reviewer(user)


def signs_access_answers(user: AnyUser, rules: AccessRules | None = None) -> bool:
    rules = rules or AccessRules.current()
    return is_superuser(user) or has_role(user, rules.signer_role)


def can_sign_answer(user: AnyUser, request: AccessRequest) -> bool:
    return request.status == AccessStatus.SIGN_OFF and signs_access_answers(user)


def can_record_appeal(user: AnyUser, request: AccessRequest) -> bool:
    return handles_access_requests(user) or is_legal_reviewer(user)
