from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Directorate, ExtraHoliday, Membership

admin.site.site_header = _("Gabinete — administración")
admin.site.site_title = _("Gabinete")
admin.site.index_title = _("Administración del sistema")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["directorate"]


@admin.register(Directorate)
class DirectorateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "short_name", "email", "is_active", "order"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug", "short_name"]
    readonly_fields = ["slug"]
    inlines = [MembershipInline]

    def has_delete_permission(self, request, obj=None):
        # The 22 directorates are referenced by every app: retire one with "vigente", never delete.
        return False


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "directorate", "role", "team", "position", "approves_press_releases"]
    list_filter = ["role", "team", "approves_press_releases", "directorate"]
    search_fields = [
        "user__username",
        "user__first_name",
        "user__last_name",
        "user__email",
        "directorate__name",
        "position",
    ]
    autocomplete_fields = ["user", "directorate"]
    list_select_related = ["user", "directorate"]


@admin.register(ExtraHoliday)
class ExtraHolidayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "name", "is_holiday"]
    search_fields = ["name"]
    date_hierarchy = "date"


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class GabineteUserAdmin(UserAdmin):
    inlines = [MembershipInline]
