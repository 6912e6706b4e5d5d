from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def media_root_outside_static(app_configs, **kwargs):
    """Uploaded files must never be reachable as static files."""
    if str(settings.MEDIA_ROOT).startswith(str(settings.STATIC_ROOT)):
        return [Warning("MEDIA_ROOT está dentro de STATIC_ROOT.", id="gabinete.W001")]
    return []
