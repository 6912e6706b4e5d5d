"""The core's models: the organisational model every app shares (`organisation`). The Dirección de
Gabinete's own duties (matters, assignments, manuals, job descriptors) are the `office` app's.

The activity log (`activity`) is the core's too: every service writes to it; so are the job queue's
documents (`jobs`), the outbox of e-mails (`mail`) and the distribution lists its reports go to (`lists`).

Everything is re-exported here, so `from gabinete.models import Directorate` keeps working.
"""

from .activity import Activity, ActivityQuerySet, ActivitySource  # noqa: F401
from .jobs import Job, JobQuerySet, JobState  # noqa: F401
from .lists import DistributionList, DistributionListQuerySet, ExternalRecipient, ListPurpose  # noqa: F401
from .mail import MailState, OutgoingEmail, OutgoingEmailQuerySet, PeriodicRun  # noqa: F401
from .notifications import (  # noqa: F401
    Delivery,
    DigestSchedule,
    Notification,
    NotificationPreference,
    NotificationQuerySet,
)
from .organisation import (  # noqa: F401
    Directorate,
    DirectorateQuerySet,
    DirectoryAccount,
    DirectoryGroup,
    ExtraHoliday,
    Membership,
    MembershipQuerySet,
    Role,
    Team,
)
