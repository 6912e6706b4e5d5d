"""``{% load workflow %}``: ``status_tone`` for the one status badge (``includes/status_badge.html``), and
on each record's page its path (``{% workflow_path obj %}``) and its last return with the reply
(``{% return_exchange obj %}``, ``{% return_exchange_of obj as exchange %}`` for the send form)."""

from typing import Any

from django import template

from gabinete.workflow import ReturnExchange, tone_of, workflow_for

register = template.Library()


@register.filter
def status_tone(status: object) -> str:
    """The tone (neutral, warning, info, success, danger) declared for a stored state value."""
    return tone_of(status).value


@register.inclusion_tag("includes/workflow_path.html")
def workflow_path(obj: Any) -> dict[str, Any]:
    """A record's path: the steps done, where it is now and the next step with who takes it."""
    workflow = workflow_for(obj) if obj is not None and getattr(obj, "pk", None) else None
    return {"path": workflow.path(obj) if workflow else None}


@register.simple_tag
def return_exchange_of(obj: Any) -> ReturnExchange | None:
    """`{% return_exchange_of obj as exchange %}`: the record's last return with its reply, or None."""
    workflow = workflow_for(obj) if obj is not None and getattr(obj, "pk", None) else None
    return workflow.return_exchange(obj) if workflow else None


@register.inclusion_tag("includes/return_exchange.html")
def return_exchange(obj: Any) -> dict[str, Any]:
    """The observation of the last return, the reply and what changed, side by side (stacked on phones)."""
    return {"exchange": return_exchange_of(obj)}
