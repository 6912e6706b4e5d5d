"""Deadlines and compliance: each month's content is due by the 10th business day of that month
(CPLT general instruction; weekends, Chilean public holidays and ExtraHoliday rows are skipped)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gabinete.business_days import Deadline, business_days_between, nth_business_day_of_month

DUE_BUSINESS_DAY = 10
DUE_SOON_BUSINESS_DAYS = 3


def due_deadline(year: int, month: int) -> Deadline:
    """The deadline of a month's update, with how it was counted."""
    return nth_business_day_of_month(year, month, DUE_BUSINESS_DAY)


def due_date(year: int, month: int) -> date:
    return due_deadline(year, month).due


class State:
    ON_TIME = "a_tiempo"
    LATE = "atrasada"
    IN_REVIEW = "en_revision"
    DUE_SOON = "por_vencer"
    OVERDUE = "vencida"
    PENDING = "pendiente"


LABELS = {
    State.ON_TIME: _("Publicada a tiempo"),
    State.LATE: _("Publicada con atraso"),
    State.IN_REVIEW: _("En revisión"),
    State.DUE_SOON: _("Por vencer"),
    State.OVERDUE: _("Vencida"),
    State.PENDING: _("Pendiente"),
}
CSS = {
    State.ON_TIME: "success",
    State.LATE: "warning",
    State.IN_REVIEW: "info",
    State.DUE_SOON: "primary",
    State.OVERDUE: "danger",
    State.PENDING: "secondary",
}
ICONS = {
    State.ON_TIME: "bi-check-circle-fill",
    State.LATE: "bi-clock-history",
    State.IN_REVIEW: "bi-hourglass-split",
    State.DUE_SOON: "bi-alarm",
    State.OVERDUE: "bi-exclamation-octagon-fill",
    State.PENDING: "bi-circle",
}


def state_for(
    *, due: date, today: date, published_at: datetime | None, open_status: str | None, tz: tzinfo | None = None
) -> str:
    """The compliance state of one sub-section and month.

    `published_at`: when its first version was published (None if never); `open_status`: the status of
    a version in preparation or review, if any. `tz`: the local time zone, when the caller asks for
    thousands of cells (looking it up per cell was a fifth of the board's time).
    """
    if published_at is not None:
        return State.ON_TIME if timezone.localdate(published_at, tz) <= due else State.LATE
    if open_status in ("enviada", "aprobada"):
        return State.IN_REVIEW
    if today > due:
        return State.OVERDUE
    if business_days_between(today, due) <= DUE_SOON_BUSINESS_DAYS:
        return State.DUE_SOON
    return State.PENDING


@dataclass
class Cell:
    period: date
    due: date
    state: str
    publication_id: int | None = None
    published_at: datetime | None = None
    reason: str = ""
    reported_through: date | None = None  # the publication's «información al», if there is one

    @property
    def label(self):
        return LABELS[self.state]

    @property
    def css(self) -> str:
        return CSS[self.state]

    @property
    def icon(self) -> str:
        return ICONS[self.state]

    @property
    def awaits_content(self) -> bool:
        """Nothing published nor in review yet: its content is still to be prepared."""
        return self.state not in (State.ON_TIME, State.LATE, State.IN_REVIEW)
