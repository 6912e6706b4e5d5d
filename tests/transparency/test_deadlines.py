from datetime import date, datetime, time

import pytest
from django.utils import timezone

from gabinete.business_days import clear_cache
from gabinete.models import ExtraHoliday
from transparency.compliance import State, due_deadline, state_for

pytestmark = pytest.mark.django_db


@pytest.mark.date_sensitive
def test_september_deadline_is_tenth_business_day_and_explains_the_count():
    deadline = due_deadline(2026, 9)
    assert deadline.due == date(2026, 9, 14)
    assert len(deadline.counted) == 10
    assert "sábado" in deadline.explanation() and "domingo" in deadline.explanation()


@pytest.mark.date_sensitive
def test_fiestas_patrias_are_not_business_days_when_counting_due_soon():
    # 17, 18 and 19 September 2027 are holidays, then a weekend: from the 16th only the 20th and the
    # 21st count, so a deadline on the 21st is "due soon" although it is five calendar days away.
    assert (
        state_for(due=date(2027, 9, 21), today=date(2027, 9, 16), published_at=None, open_status=None) == State.DUE_SOON
    )
    deadline = due_deadline(2027, 9)
    assert deadline.due == date(2027, 9, 14)
    assert all(d.day not in (17, 18, 19) for d in deadline.counted)


@pytest.mark.date_sensitive
def test_extra_holiday_in_september_moves_the_deadline():
    ExtraHoliday.objects.create(date=date(2026, 9, 7), name="Feriado especial")
    clear_cache()
    deadline = due_deadline(2026, 9)
    assert deadline.due == date(2026, 9, 15)
    assert any(s.day == date(2026, 9, 7) and "Feriado especial" in s.reason for s in deadline.skipped)


@pytest.mark.date_sensitive
@pytest.mark.parametrize(
    ("year", "month", "due"),
    [(2026, 8, date(2026, 8, 14)), (2026, 3, date(2026, 3, 13)), (2025, 11, date(2025, 11, 14))],
)
def test_month_starting_on_a_weekend(year, month, due):
    deadline = due_deadline(year, month)
    assert date(year, month, 1).weekday() >= 5
    assert deadline.due == due
    assert deadline.skipped[0].day == date(year, month, 1)


@pytest.mark.date_sensitive
def test_labour_day_is_skipped_in_may():
    deadline = due_deadline(2026, 5)
    assert deadline.due == date(2026, 5, 15)
    assert deadline.skipped[0].day == date(2026, 5, 1) and "feriado" in deadline.skipped[0].reason


def _at(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


def test_compliance_states():
    due = date(2026, 9, 14)
    assert (
        state_for(due=due, today=date(2026, 9, 20), published_at=_at(date(2026, 9, 14)), open_status=None)
        == State.ON_TIME
    )
    assert (
        state_for(due=due, today=date(2026, 9, 20), published_at=_at(date(2026, 9, 15)), open_status=None) == State.LATE
    )
    assert state_for(due=due, today=date(2026, 9, 20), published_at=None, open_status="enviada") == State.IN_REVIEW
    assert state_for(due=due, today=date(2026, 9, 20), published_at=None, open_status="borrador") == State.OVERDUE
    assert state_for(due=due, today=date(2026, 9, 9), published_at=None, open_status=None) == State.DUE_SOON
    assert state_for(due=due, today=date(2026, 9, 2), published_at=None, open_status=None) == State.PENDING
