from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Journalist, Outlet, PressRelease, ReleaseStep, SupportComment, SupportRequest


@admin.register(Outlet)
class OutletAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "city", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "city", "email"]


@admin.register(Journalist)
class JournalistAdmin(SimpleHistoryAdmin):
    list_display = ["first_name", "last_name", "outlet", "email", "phone", "beat", "is_active"]
    list_filter = ["outlet__kind", "is_active"]
    search_fields = ["first_name", "last_name", "email", "outlet__name", "beat"]
    list_select_related = ["outlet"]


class ReleaseStepInline(admin.TabularInline):
    model = ReleaseStep
    extra = 0
    readonly_fields = ["from_status", "to_status", "by", "at", "comment"]
    can_delete = False


@admin.register(PressRelease)
class PressReleaseAdmin(SimpleHistoryAdmin):
    list_display = ["title", "status", "published_at", "author", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "slug", "lead"]
    readonly_fields = ["status", "published_at", "body_html"]
    list_select_related = ["author"]
    raw_id_fields = ["event", "author"]
    inlines = [ReleaseStepInline]


class SupportCommentInline(admin.TabularInline):
    model = SupportComment
    extra = 0
    readonly_fields = ["author", "text", "from_status", "to_status", "created_at"]
    can_delete = False


@admin.register(SupportRequest)
class SupportRequestAdmin(SimpleHistoryAdmin):
    list_display = ["title", "directorate", "kind", "needed_by", "status"]
    list_filter = ["status", "kind", "directorate"]
    search_fields = ["title", "description"]
    list_select_related = ["directorate"]
    inlines = [SupportCommentInline]
