"""Admin of the editable legal data of Ley 21.719 (retention rules, terms, privacy notices) and of the
requests (read mostly: they move through their services). History shown through SimpleHistoryAdmin."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DataSubjectRequest, PrivacyNotice, RetentionRule, RightsRules, processing_choices


class RetentionRuleForm(forms.ModelForm):
    class Meta:
        model = RetentionRule
        fields = ["processing", "months", "action", "is_active", "legal_reference", "notes", "confirmed"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["processing"].widget = forms.Select(choices=processing_choices())


@admin.register(RetentionRule)
class RetentionRuleAdmin(SimpleHistoryAdmin):
    form = RetentionRuleForm
    list_display = ["processing", "months", "action", "is_active", "confirmed"]
    list_filter = ["action", "is_active", "confirmed"]


@admin.register(RightsRules)
class RightsRulesAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "business_days", "terms_confirmed"]


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(SimpleHistoryAdmin):
    list_display = ["key", "title", "processing", "is_active", "confirmed"]
    list_filter = ["is_active", "confirmed"]


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(SimpleHistoryAdmin):
    list_display = ["number", "kind", "status", "received_at", "due_date"]
    list_filter = ["kind", "status"]
    search_fields = ["number"]
    readonly_fields = [f.name for f in DataSubjectRequest._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
