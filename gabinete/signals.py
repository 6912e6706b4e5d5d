from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import business_days
from .models import ExtraHoliday


@receiver([post_save, post_delete], sender=ExtraHoliday)
def extra_holidays_changed(**kwargs) -> None:
    # Deadlines are computed from the calendar on demand; a new calendar version (shared by every app
    # server through the cache) recomputes them all at the next request.
    business_days.clear_cache()
    # The due dates apps store for their queues follow once the change is committed.
    transaction.on_commit(lambda: business_days.calendar_changed.send(sender=ExtraHoliday))
