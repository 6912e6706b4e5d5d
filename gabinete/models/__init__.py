"""The core's models: the organisational model every app shares (`organisation`) and the Dirección de
Gabinete's own duties (`office`: matters for the Alcalde's decision, assignments, manuals, job descriptors).

The activity log (`activity`) is the core's too: every service writes to it.

Everything is re-exported here, so `from gabinete.models import Directorate` keeps working.
"""

from .activity import Activity, ActivityQuerySet, ActivityRecipient, ActivitySource  # noqa: F401
from .office import (  # noqa: F401
    AnnualReport,
    Assignment,
    AssignmentNote,
    AssignmentStatus,
    Decision,
    DispatchMeeting,
    DocumentStatus,
    JobDescriptor,
    JobDescriptorVersion,
    ManualVersion,
    Matter,
    MatterAttachment,
    MatterNote,
    MatterNoteKind,
    MatterStatus,
    ProcedureManual,
    ReportKind,
    Urgency,
)
from .organisation import (  # noqa: F401
    Directorate,
    DirectorateQuerySet,
    ExtraHoliday,
    Membership,
    MembershipQuerySet,
    Role,
    Team,
)
