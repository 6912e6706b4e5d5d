from django.conf import settings
from django.utils.functional import cached_property

from .permissions import can_view_activity_log, primary_membership


def organisation(request):
    user = getattr(request, "user", None)
    return {
        "municipality_name": settings.MUNICIPALITY_NAME,
        "office_name": settings.OFFICE_NAME,
        "current_membership": primary_membership(user) if user is not None else None,
        "can_view_activity_log": user is not None and can_view_activity_log(user),
        # app.js stops a form whose files together pass this, before the browser sends them.
        "upload_max_mb": settings.UPLOAD_MAX_MB,
        "upload_max_bytes": str(settings.UPLOAD_MAX_MB * 1024 * 1024),  # a string: never "20.971.520"
    }


def notifications(request):
    """The bell: its unread count is one indexed query, made only on a page that shows the bell."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"bell": _Bell(user)}


class _Bell:
    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self) -> int:
        from .notifications import unread_count

        return unread_count(self.user)


def navigation(request):
    """The header's apps and the current app's sections for this person (gabinete.navigation)."""
    from .navigation import Navigation

    return {"navigation": Navigation(request)}
