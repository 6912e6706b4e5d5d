"""`{% activity_timeline obj %}`: a record's timeline from the activity log, on its own page."""

from django import template

from gabinete.activity import APP_NAMES, activity_for

register = template.Library()


@register.inclusion_tag("includes/activity_timeline.html")
def activity_timeline(obj):
    return {"entries": activity_for(obj) if obj is not None and obj.pk else []}


@register.filter
def app_name(code: str) -> str:
    """The name people know an app by (`{{ entry.app|app_name }}`)."""
    return str(APP_NAMES.get(code, code))
