"""Who may do what with indicators and measurements. Views and templates ask only these functions.

- Gabinete manages the catalogue and validates or returns measurements (never one it entered or sent).
- A directorate's enlace (or director) enters its own values; its director sends them to Gabinete.
- The Alcalde, Gabinete and the Administrador Municipal read every directorate; others read their own.
"""

from __future__ import annotations

from django.db.models import QuerySet

from gabinete.models import Directorate, Role
from gabinete.permissions import directorate_ids_of, is_gabinete, sees_whole_municipality
from gabinete.types import AnyUser

from .models import (
    EDITABLE,
    ChangeProposal,
    Indicator,
    IndicatorYear,
    Measurement,
    MeasurementStatus,
    ProposalStatus,
)

ENTRY_ROLES = (Role.LIAISON, Role.DIRECTOR)


def _directorate_id(obj: Directorate | Indicator | IndicatorYear | Measurement) -> int:
    if isinstance(obj, Directorate):
        return obj.pk
    if isinstance(obj, Indicator):
        return obj.directorate_id
    if isinstance(obj, IndicatorYear):
        return obj.indicator.directorate_id
    if isinstance(obj, Measurement):
        return obj.indicator_year.indicator.directorate_id
    raise TypeError(obj)


# --- reading ------------------------------------------------------------------------------------


def can_view_all_directorates(user: AnyUser) -> bool:
    """The all-directorates dashboard, the exports of it and the Informe de Gestión."""
    return sees_whole_municipality(user)


def can_view_indicators(user: AnyUser) -> bool:
    return sees_whole_municipality(user) or bool(directorate_ids_of(user))


def directorates_visible_to(user: AnyUser) -> QuerySet[Directorate]:
    if sees_whole_municipality(user):
        return Directorate.objects.all()
    return Directorate.objects.filter(pk__in=directorate_ids_of(user))


def indicators_visible_to(user: AnyUser) -> QuerySet[Indicator]:
    if sees_whole_municipality(user):
        return Indicator.objects.all()
    return Indicator.objects.filter(directorate_id__in=directorate_ids_of(user))


def indicator_years_visible_to(user: AnyUser) -> QuerySet[IndicatorYear]:
    if sees_whole_municipality(user):
        return IndicatorYear.objects.all()
    return IndicatorYear.objects.filter(indicator__directorate_id__in=directorate_ids_of(user))


def measurements_visible_to(user: AnyUser) -> QuerySet[Measurement]:
    if sees_whole_municipality(user):
        return Measurement.objects.all()
    return Measurement.objects.filter(indicator_year__indicator__directorate_id__in=directorate_ids_of(user))


def proposals_visible_to(user: AnyUser) -> QuerySet[ChangeProposal]:
    if sees_whole_municipality(user):
        return ChangeProposal.objects.all()
    return ChangeProposal.objects.filter(directorate_id__in=directorate_ids_of(user))


# --- the catalogue ------------------------------------------------------------------------------


def can_manage_catalogue(user: AnyUser) -> bool:
    return is_gabinete(user)


def can_propose_change(user: AnyUser, directorate: Directorate | None = None) -> bool:
    """Directors and enlaces propose changes to their own directorate's indicators."""
    ids = directorate_ids_of(user, ENTRY_ROLES)
    if directorate is None:
        return bool(ids)
    return _directorate_id(directorate) in ids


def can_decide_proposal(user: AnyUser, proposal: ChangeProposal) -> bool:
    return is_gabinete(user) and proposal.status == ProposalStatus.PENDING


# --- measurements -------------------------------------------------------------------------------


def can_enter_measurement(user: AnyUser, indicator_year: IndicatorYear) -> bool:
    """The directorate's enlace or director enters the values of its own indicators."""
    return _directorate_id(indicator_year) in directorate_ids_of(user, ENTRY_ROLES)


def can_edit_measurement(user: AnyUser, measurement: Measurement) -> bool:
    return measurement.status in EDITABLE and can_enter_measurement(user, measurement.indicator_year)


def can_submit_measurement(user: AnyUser, measurement: Measurement) -> bool:
    """Only the directorate's director sends a value to Gabinete."""
    return measurement.status in EDITABLE and _directorate_id(measurement) in directorate_ids_of(user, (Role.DIRECTOR,))


def is_own_measurement(user: AnyUser, measurement: Measurement) -> bool:
    return user.pk in (measurement.entered_by_id, measurement.submitted_by_id)


def can_bulk_validate(user: AnyUser) -> bool:
    """Gabinete may validate several sent values at once; each one still passes its own rule."""
    return is_gabinete(user)


def can_review_measurement(user: AnyUser, measurement: Measurement) -> bool:
    """Gabinete validates or returns a sent value, never one it entered or sent itself."""
    return (
        is_gabinete(user)
        and measurement.status == MeasurementStatus.SUBMITTED
        and not is_own_measurement(user, measurement)
    )


def can_correct_measurement(user: AnyUser, measurement: Measurement) -> bool:
    """A validated current value may be corrected by a new revision, once at a time."""
    return (
        measurement.status == MeasurementStatus.VALIDATED
        and measurement.is_current
        and can_enter_measurement(user, measurement.indicator_year)
    )
