"""Who may do what in the Alcalde's agenda and the lobby register (the only place that decides).

- Gabinete staff (and superusers) run the agenda: create, edit, confirm, cancel, attendees, checklist,
  and keep the lobby register.
- The Alcalde, the Administrador Municipal and Gabinete read the Alcalde's whole agenda.
- Directors and liaisons propose activities for their directorate and follow their proposals; they
  may edit a proposal only while it is still a proposal.
- Private notes for the Alcalde are read by Gabinete, the Alcalde and whoever proposed the activity.
- Whoever is responsible for a checklist task sees that event (not its private notes) and marks the
  task done.
- Ley 20.730: each passive subject's registers are kept by one unit (`PassiveSubject.keeper`): Gabinete
  keeps the Alcalde's, the Secretaría Municipal the concejales', the Dirección de Obras its director's…
  Gabinete staff, and the directors and liaisons of the keeping unit, record, check and close them.
  Gabinete keeps the list of passive subjects itself.
"""

from __future__ import annotations

from django.db.models import Q

from gabinete.models import Role
from gabinete.permissions import (
    directorate_ids_of,
    has_any_membership,
    is_alcalde,
    is_gabinete,
    is_superuser,
    sees_whole_municipality,
)
from gabinete.types import AnyUser

from .models import (
    AudienceRequest,
    AudienceRequestQuerySet,
    ChecklistTask,
    Event,
    EventQuerySet,
    EventStatus,
    PassiveSubject,
    PassiveSubjectQuerySet,
)

# Plain strings: a set of TextChoices members does not match the stored strings by hash.
PROPOSER_ROLES = (Role.DIRECTOR.value, Role.LIAISON.value)


def can_manage_agenda(user: AnyUser) -> bool:
    """Create, edit, confirm and cancel any event; attendees and checklist."""
    return is_gabinete(user)


def can_view_mayor_agenda(user: AnyUser) -> bool:
    return sees_whole_municipality(user)


def proposing_directorate_ids(user: AnyUser) -> set[int]:
    return directorate_ids_of(user, PROPOSER_ROLES)


def can_propose_event(user: AnyUser) -> bool:
    return bool(proposing_directorate_ids(user)) or is_gabinete(user)


def events_visible_to(user: AnyUser) -> EventQuerySet:
    """Everything for those who see the whole municipality; for a directorate, its proposals and
    the events it organises; for anyone, the events where they are responsible for a checklist task
    (the task on their Mi escritorio links to the event)."""
    if sees_whole_municipality(user):
        return Event.objects.all()
    ids = directorate_ids_of(user)
    if not ids:
        return Event.objects.none()
    return Event.objects.filter(
        Q(proposing_directorate_id__in=ids) | Q(directorates__in=ids) | Q(proposed_by=user) | Q(tasks__responsible=user)
    ).distinct()


def can_edit_event(user: AnyUser, event: Event) -> bool:
    if can_manage_agenda(user):
        return True
    return event.status == EventStatus.PROPOSED and event.proposing_directorate_id in proposing_directorate_ids(user)


def is_proposer_of(user: AnyUser, event: Event) -> bool:
    return event.proposing_directorate_id is not None and (
        event.proposing_directorate_id in proposing_directorate_ids(user)
    )


def can_change_status(user: AnyUser, event: Event) -> bool:
    return can_manage_agenda(user)


def can_see_private_notes(user: AnyUser, event: Event | None = None) -> bool:
    if is_gabinete(user) or is_alcalde(user):
        return True
    return event is not None and is_proposer_of(user, event)


def can_complete_task(user: AnyUser, task: ChecklistTask) -> bool:
    return can_manage_agenda(user) or (task.responsible_id is not None and task.responsible_id == user.pk)


def can_have_feed(user: AnyUser) -> bool:
    """Anyone with a unit may subscribe; the feed shows what they may see."""
    return has_any_membership(user)


def lobby_keeper_directorate_ids(user: AnyUser) -> set[int]:
    """The units whose passive subjects' registers this person keeps."""
    ids = directorate_ids_of(user, roles=PROPOSER_ROLES)
    if is_gabinete(user):
        ids |= directorate_ids_of(user)
    return ids


def passive_subjects_kept_by(user: AnyUser) -> PassiveSubjectQuerySet:
    if is_superuser(user):
        return PassiveSubject.objects.all()
    return PassiveSubject.objects.kept_by(lobby_keeper_directorate_ids(user))


def can_keep_lobby(user: AnyUser, subject: PassiveSubject) -> bool:
    """Record, correct, check and close this passive subject's three registers."""
    return is_superuser(user) or subject.keeper_id in lobby_keeper_directorate_ids(user)


_KEEPS_SOME_SUBJECT = "_protocol_keeps_some_passive_subject"


def keeps_some_passive_subject(user: AnyUser) -> bool:
    """Whether this person keeps any passive subject's registers; asked once per request (the
    navigation asks on every page), so the answer is cached on the user object."""
    if is_superuser(user):
        return True
    cached: bool | None = getattr(user, _KEEPS_SOME_SUBJECT, None)
    if cached is None:
        ids = lobby_keeper_directorate_ids(user)
        cached = bool(ids) and PassiveSubject.objects.kept_by(ids).exists()
        if getattr(user, "is_authenticated", False):
            setattr(user, _KEEPS_SOME_SUBJECT, cached)
    return cached


def can_manage_lobby(user: AnyUser) -> bool:
    """The lobby pages at all: Gabinete, or whoever keeps some passive subject's registers."""
    return is_gabinete(user) or keeps_some_passive_subject(user)


def can_manage_passive_subjects(user: AnyUser) -> bool:
    """Add a passive subject (a new concejal, an evaluation committee, a designation) or end a period."""
    return is_gabinete(user)


def can_use_agenda(user: AnyUser) -> bool:
    """The app in the navigation: the Alcalde's agenda, or at least a calendar subscription."""
    return can_view_mayor_agenda(user) or can_have_feed(user)


def can_propose_for_a_directorate(user: AnyUser) -> bool:
    return bool(proposing_directorate_ids(user))


# --- audience requests (Ley 20.730) ---------------------------------------------------------------


def audience_requests_visible_to(user: AnyUser) -> AudienceRequestQuerySet:
    """The requests addressed to the passive subjects whose registers this person keeps."""
    if is_superuser(user):
        return AudienceRequest.objects.all()
    return AudienceRequest.objects.filter(subject__keeper_id__in=lobby_keeper_directorate_ids(user))


def can_answer_audience_request(user: AnyUser, request: AudienceRequest) -> bool:
    """Grant or deny a request, and record its audience: whoever keeps the subject's registers."""
    return can_keep_lobby(user, request.subject)


def can_register_audience_request(user: AnyUser) -> bool:
    """Register a request received by letter or in person: whoever may use the lobby pages."""
    return can_manage_lobby(user)
