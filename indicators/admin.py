from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gabinete.numbers import ADMIN_FORMFIELD_OVERRIDES

from .models import ChangeProposal, Indicator, IndicatorYear, Measurement, Period


class IndicatorYearInline(admin.StackedInline):
    model = IndicatorYear
    extra = 0
    formfield_overrides = ADMIN_FORMFIELD_OVERRIDES


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "directorate", "is_active"]
    list_filter = ["directorate", "is_active"]
    search_fields = ["code", "name"]
    inlines = [IndicatorYearInline]


@admin.register(IndicatorYear)
class IndicatorYearAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "unit", "periodicity", "target", "direction", "tolerance"]
    list_filter = ["year", "periodicity", "unit", "indicator__directorate"]
    list_select_related = ["indicator"]
    formfield_overrides = ADMIN_FORMFIELD_OVERRIDES


@admin.register(Period)
class PeriodAdmin(SimpleHistoryAdmin):
    """Gabinete reopens a period by moving its closing date."""

    list_display = ["__str__", "year", "periodicity", "opens_on", "due_on", "closes_on"]
    list_filter = ["year", "periodicity"]
    readonly_fields = ["year", "periodicity", "number", "start", "end"]


@admin.register(Measurement)
class MeasurementAdmin(SimpleHistoryAdmin):
    """Read-only here: values change only through the workflow (services)."""

    list_display = ["indicator_year", "period", "value", "status", "judgement", "revision", "is_current"]
    list_filter = ["status", "judgement", "is_current", "period__year"]
    list_select_related = ["indicator_year__indicator", "period"]
    raw_id_fields = ["indicator_year", "corrects"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChangeProposal)
class ChangeProposalAdmin(SimpleHistoryAdmin):
    list_display = ["directorate", "indicator", "year", "status", "proposed_at"]
    formfield_overrides = ADMIN_FORMFIELD_OVERRIDES
    list_filter = ["status", "year"]
