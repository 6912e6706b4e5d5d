"""The one status badge: ``{% load workflow %}`` gives ``status_tone`` for ``includes/status_badge.html``."""

from django import template

from gabinete.workflow import tone_of

register = template.Library()


@register.filter
def status_tone(status: object) -> str:
    """The tone (neutral, warning, info, success, danger) declared for a stored state value."""
    return tone_of(status).value
