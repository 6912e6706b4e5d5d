"""Data protection's work for the job queue: the retention job (PERIODIC_TASKS, daily at 03:30)."""

from django_tasks import task

from gabinete import activity
from gabinete.models import ActivitySource

from . import services


@task()
def apply_retention() -> int:
    """Anonymise or delete what passed its retention term today; returns how many records changed."""
    with activity.source(ActivitySource.TASK, "dataprotection.retention"):
        return services.retention_apply(by=None).total
