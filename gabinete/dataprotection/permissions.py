"""Who may do what with personal data under Ley 21.719, built on the roles of `gabinete.permissions`.

Gabinete (which receives the requests of the public) and Asesoría Jurídica (which answers for the law)
register and answer the data subjects' requests, download the copy of a person's data and see what the
retention job would erase. Nobody else: the copy gathers a person's data from every app.
"""

from __future__ import annotations

from django.db.models import QuerySet

from gabinete.permissions import is_gabinete, is_legal_reviewer
from gabinete.types import AnyUser

from .models import DataSubjectRequest


def can_manage_rights_requests(user: AnyUser) -> bool:
    """Gabinete and Asesoría Jurídica register, follow and answer the requests."""
    return is_gabinete(user) or is_legal_reviewer(user)


def rights_requests_visible_to(user: AnyUser) -> QuerySet[DataSubjectRequest]:
    if can_manage_rights_requests(user):
        return DataSubjectRequest.objects.all()
    return DataSubjectRequest.objects.none()


def can_answer_rights_request(user: AnyUser, request: DataSubjectRequest) -> bool:
    return can_manage_rights_requests(user) and request.is_open


def can_export_personal_data(user: AnyUser, request: DataSubjectRequest | None = None) -> bool:
    """The copy of everything about a person (the answer to access and portability)."""
    return can_manage_rights_requests(user)


def can_view_retention(user: AnyUser) -> bool:
    """The retention rules and the dry run of the job."""
    return can_manage_rights_requests(user)
