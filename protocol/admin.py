from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Attendee,
    CalendarFeed,
    ChecklistTask,
    Event,
    EventStatusChange,
    LobbyAudience,
    LobbyAudienceAttendee,
    LobbyExportColumn,
    LobbyGift,
    LobbyRules,
    LobbyTrip,
    PrecedenceCategory,
)


class AttendeeInline(admin.TabularInline):
    model = Attendee
    extra = 0


class TaskInline(admin.TabularInline):
    model = ChecklistTask
    extra = 0


class StatusChangeInline(admin.TabularInline):
    model = EventStatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "by", "at", "note"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "start", "kind", "status", "is_public"]
    list_filter = ["status", "kind", "is_public"]
    search_fields = ["title", "place_name"]
    date_hierarchy = "start"
    filter_horizontal = ["directorates"]
    inlines = [AttendeeInline, TaskInline, StatusChangeInline]


@admin.register(PrecedenceCategory)
class PrecedenceCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["scope", "order", "name", "by_seniority", "placement_confirmed"]
    list_display_links = ["order"]
    list_editable = ["name", "by_seniority"]
    list_filter = ["scope", "placement_confirmed"]


@admin.register(ChecklistTask)
class ChecklistTaskAdmin(SimpleHistoryAdmin):
    list_display = ["title", "event", "responsible", "due", "done"]
    list_filter = ["done"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "revoked_at", "last_used_at"]
    readonly_fields = ["token"]


class LobbyAttendeeInline(admin.TabularInline):
    model = LobbyAudienceAttendee
    extra = 0


@admin.register(LobbyAudience)
class LobbyAudienceAdmin(SimpleHistoryAdmin):
    list_display = ["date", "subject", "place", "checked_at"]
    inlines = [LobbyAttendeeInline]


@admin.register(LobbyTrip)
class LobbyTripAdmin(SimpleHistoryAdmin):
    list_display = ["date_start", "destination", "cost", "checked_at"]


@admin.register(LobbyGift)
class LobbyGiftAdmin(SimpleHistoryAdmin):
    list_display = ["date", "description", "giver", "checked_at"]


@admin.register(LobbyExportColumn)
class LobbyExportColumnAdmin(SimpleHistoryAdmin):
    """The InfoLobby export's columns: Gabinete fixes them here when the CPLT confirms its load format."""

    list_display = ["register", "position", "header", "field"]
    list_filter = ["register"]
    list_editable = ["header", "field"]
    ordering = ["register", "position"]


@admin.register(LobbyRules)
class LobbyRulesAdmin(SimpleHistoryAdmin):
    """The lobby rules Asesoría Jurídica must still confirm (LEGAL.md), as one editable row."""

    list_display = ["__str__", "answer_business_days", "answer_days_confirmed", "closing_business_days"]

    def has_add_permission(self, request) -> bool:
        return not LobbyRules.objects.exists()
