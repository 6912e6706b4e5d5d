from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AccessRules, Column, DenialGround, Item, Publication, PublicationEvent, Section
from .services import invalidate_public_cache


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["order", "slug", "name", "content_kind", "directorate", "is_active"]
    show_change_link = True

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Item)
class ItemAdmin(SimpleHistoryAdmin):
    list_display = ["letter", "name", "directorate", "last_published_at"]
    list_select_related = ["directorate"]
    inlines = [SectionInline]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        invalidate_public_cache()


class ColumnInline(admin.TabularInline):
    model = Column
    extra = 0


@admin.register(Section)
class SectionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "content_kind", "directorate", "is_active"]
    list_filter = ["item", "content_kind", "is_active"]
    list_select_related = ["item", "directorate"]
    inlines = [ColumnInline]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        invalidate_public_cache()


class EventInline(admin.TabularInline):
    model = PublicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "by", "at", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Publication)
class PublicationAdmin(SimpleHistoryAdmin):
    """Read-only: publications change only through the workflow, and are never deleted."""

    list_display = ["__str__", "status", "directorate", "published_at"]
    list_filter = ["status", "item"]
    list_select_related = ["section__item", "directorate"]
    inlines = [EventInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD") and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessRules)
class AccessRulesAdmin(SimpleHistoryAdmin):
    """The terms of Título IV and who signs the answers, as one editable row (LEGAL.md)."""

    list_display = ["__str__", "answer_business_days", "extension_business_days", "signer_role", "terms_confirmed"]

    def has_add_permission(self, request) -> bool:
        return not AccessRules.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        # The terms moved: every open request's stored due date follows (the queues read it).
        super().save_model(request, obj, form, change)
        from .access_requests import recompute_open_due_dates

        recompute_open_due_dates()


@admin.register(DenialGround)
class DenialGroundAdmin(SimpleHistoryAdmin):
    """The grounds to deny access Asesoría Jurídica keeps (art. 21 and art. 20's opposition)."""

    list_display = ["reference", "text", "is_active", "order"]
    list_filter = ["is_active"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # answers point to them: retire one with «vigente»
