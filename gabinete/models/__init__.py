"""The core's models: the organisational model every app shares (`organisation`). The Dirección de
Gabinete's own duties (matters, assignments, manuals, job descriptors) are the `office` app's.

Everything is re-exported here, so `from gabinete.models import Directorate` keeps working.
"""

from .organisation import (  # noqa: F401
    Directorate,
    DirectorateQuerySet,
    ExtraHoliday,
    Membership,
    MembershipQuerySet,
    Role,
    Team,
)
