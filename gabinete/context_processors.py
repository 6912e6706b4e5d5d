from django.conf import settings

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
    """The bell's unread count: one indexed count, only on a page that shows the bell (lazy)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from functools import cache

    from .notifications import unread_count

    # A callable, which the template calls when it first needs the number (and gets a real int: a
    # SimpleLazyObject broke `blocktranslate count`, whose plural rule computes `n % 10`).
    @cache
    def count() -> int:
        return unread_count(user)

    return {"unread_notifications": count}


def navigation(request):
    """The header's apps and the current app's sections for this person (gabinete.navigation)."""
    from .navigation import Navigation

    return {"navigation": Navigation(request)}
