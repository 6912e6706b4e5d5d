"""Admin of the office's records (history shown through SimpleHistoryAdmin); imported from ready()."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AnnualReport,
    Assignment,
    DispatchMeeting,
    JobDescriptor,
    JobDescriptorVersion,
    ManualVersion,
    Matter,
    MatterAttachment,
    ProcedureManual,
)


class NoDeleteAdmin(SimpleHistoryAdmin):
    """What the Alcalde decided on and what was approved stays on record: no deleting here."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Matter)
class MatterAdmin(NoDeleteAdmin):
    list_display = ["subject", "directorate", "urgency", "status", "submitted_at", "decision", "decided_on"]
    list_filter = ["status", "urgency", "decision", "directorate"]
    search_fields = ["subject", "background"]
    list_select_related = ["directorate"]
    raw_id_fields = ["raised_by", "decided_by", "meeting"]


@admin.register(MatterAttachment)
class MatterAttachmentAdmin(NoDeleteAdmin):
    list_display = ["original_name", "matter", "uploaded_by", "uploaded_at"]
    raw_id_fields = ["matter", "uploaded_by"]


@admin.register(DispatchMeeting)
class DispatchMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["date", "notes"]


@admin.register(Assignment)
class AssignmentAdmin(NoDeleteAdmin):
    list_display = ["title", "directorate", "responsible", "due_date", "status"]
    list_filter = ["status", "directorate"]
    search_fields = ["title"]
    raw_id_fields = ["responsible", "created_by", "closed_by"]


@admin.register(ProcedureManual)
class ProcedureManualAdmin(NoDeleteAdmin):
    list_display = ["title", "owner", "review_due_on", "last_approved_on"]


@admin.register(ManualVersion)
class ManualVersionAdmin(NoDeleteAdmin):
    list_display = ["manual", "number", "status", "approved_on"]
    list_filter = ["status"]


@admin.register(JobDescriptor)
class JobDescriptorAdmin(NoDeleteAdmin):
    list_display = ["position", "unit", "owner", "review_due_on", "last_approved_on"]


@admin.register(JobDescriptorVersion)
class JobDescriptorVersionAdmin(NoDeleteAdmin):
    list_display = ["descriptor", "number", "status", "reviewed_on", "approved_on"]
    list_filter = ["status"]


@admin.register(AnnualReport)
class AnnualReportAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "year", "sent_on", "sent_by"]
