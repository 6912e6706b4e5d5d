"""Project middleware."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

#: A session's idle clock is pushed forward at most once per this many seconds.
SESSION_REFRESH_SECONDS = 60
_SEEN_KEY = "_gabinete_seen"


class IdleSessionMiddleware:
    """Sessions expire after SESSION_COOKIE_AGE seconds without activity.

    `SESSION_SAVE_EVERY_REQUEST` would do that with a database write (and a new cookie) on every
    request; this writes once a minute at most: a page opened after the refresh interval marks the
    session modified, so SessionMiddleware saves it with a new expiry (database row and cookie). The
    session therefore lasts between the idle time minus a minute and the idle time after the last
    request. Place it right after SessionMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or getattr(settings, "SESSION_SAVE_EVERY_REQUEST", False):
            return response
        now = int(timezone.now().timestamp())
        seen = session.get(_SEEN_KEY)
        if not isinstance(seen, int) or now - seen >= SESSION_REFRESH_SECONDS or seen > now:
            session[_SEEN_KEY] = now
        return response
