from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import mail
from .models import (
    Directorate,
    DirectoryAccount,
    DirectoryGroup,
    ExtraHoliday,
    MailState,
    Membership,
    OutgoingEmail,
    PeriodicRun,
)

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
    list_display = [
        "user",
        "directorate",
        "role",
        "team",
        "position",
        "phone",
        "approves_press_releases",
        "from_directory",
    ]
    list_filter = ["role", "team", "approves_press_releases", "from_directory", "directorate"]
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


@admin.register(DirectoryGroup)
class DirectoryGroupAdmin(SimpleHistoryAdmin):
    """The mapping of the municipal directory's groups to directorate and role (applied at sign-in)."""

    list_display = ["group", "directorate", "role", "team"]
    list_filter = ["role", "team", "directorate"]
    search_fields = ["group", "directorate__name"]
    autocomplete_fields = ["directorate"]
    list_select_related = ["directorate"]


@admin.register(DirectoryAccount)
class DirectoryAccountAdmin(admin.ModelAdmin):
    """Who signs in with the directory, and who left it (filled by sign-in and the periodic check)."""

    list_display = ["user", "dn", "last_sign_in_at", "left_at"]
    list_filter = [("left_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "user__first_name", "user__last_name", "dn"]
    readonly_fields = ["user", "dn", "last_sign_in_at", "left_at"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False


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


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The outbox, for the superuser: what was sent, what waits, and what failed and why."""

    # Few columns, so the state and the error stay in sight on a laptop (the rest is on each row's page).
    list_display = ["created_at", "subject", "state", "attempts", "error_display"]
    list_filter = ["state", "kind"]
    search_fields = ["subject", "to", "last_error"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]
    list_select_related = ["created_by"]

    @admin.display(description=_("último error"))
    def error_display(self, obj):
        return Truncator(obj.last_error).chars(90)

    @admin.action(description=_("Reintentar el envío de los correos seleccionados"))
    def retry(self, request, queryset):
        count = mail.retry(emails=queryset.exclude(state=MailState.SENT), by=request.user)
        self.message_user(request, _("%(n)s correos vuelven a la cola.") % {"n": count}, messages.SUCCESS)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(PeriodicRun)
class PeriodicRunAdmin(admin.ModelAdmin):
    """When each periodic job (PERIODIC_TASKS) was last handed to the queue."""

    list_display = ["name", "slot", "enqueued_at"]
    list_filter = ["name"]
    readonly_fields = ["name", "slot", "enqueued_at"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
