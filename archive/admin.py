from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Clipping, Forwarding, SavedSearch, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ForwardingInline(admin.TabularInline):
    model = Forwarding
    extra = 0
    fields = ["directorate", "due_on", "status", "request", "answer"]
    readonly_fields = ["status"]


@admin.register(Clipping)
class ClippingAdmin(SimpleHistoryAdmin):
    list_display = ["published_on", "headline", "outlet", "medium", "tone", "source"]
    list_filter = ["tone", "medium", "source"]
    search_fields = ["headline"]
    date_hierarchy = "published_on"
    raw_id_fields = ["created_by"]
    autocomplete_fields = ["topics"]
    filter_horizontal = ["directorates"]
    list_select_related = ["outlet"]
    inlines = [ForwardingInline]


@admin.register(Forwarding)
class ForwardingAdmin(SimpleHistoryAdmin):
    list_display = ["clipping", "directorate", "due_on", "status"]
    list_filter = ["status", "directorate"]
    raw_id_fields = ["clipping", "created_by", "answered_by"]
    list_select_related = ["clipping", "directorate"]


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "shared_with", "announced_up_to", "announced_at"]
    list_select_related = ["owner", "shared_with"]
    search_fields = ["name", "owner__username"]
    raw_id_fields = ["owner", "followers"]
