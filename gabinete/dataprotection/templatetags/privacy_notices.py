"""`{% privacy_notice "solicitud-acceso" %}`: the privacy notice of a public form (editable data), with
links to the inventory of processing and to the rights form. Nothing is shown when the notice is
missing or switched off in the admin."""

from django import template

from ..models import PrivacyNotice

register = template.Library()


@register.inclusion_tag("dataprotection/_privacy_notice.html")
def privacy_notice(key: str) -> dict:
    return {"notice": PrivacyNotice.objects.filter(key=key, is_active=True).first()}
