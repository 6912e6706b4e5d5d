"""Project middleware."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

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


#: What personal or restricted answers say to browsers and proxies: keep no copy anywhere.
PRIVATE_CACHE_CONTROL = "private, no-store"


class PrivateCacheMiddleware:
    """Answers that are personal or restricted are never stored by a browser, a proxy or a shared
    computer's disk: `Cache-Control: private, no-store`, once for every view.

    Private are every answer to a signed-in person (pages, PDFs, exports, downloads) and every
    answer of a view that is not public: a view that needs a login (to anonymous people, its
    redirect to the login), and a view reached without login but by a secret in its address
    (`gabinete.permissions.token_access`: the private calendar feed). Public are the views marked
    `login_not_required` only (transparency, news, their feeds): they keep the caching they set.
    A view that sets its own Cache-Control (the public pages' conditional caching, the admin's
    never_cache, the protected file downloads) keeps it. Place it near the top, so that it also
    sees the answers of the middleware below it (login redirects, CSRF refusals, lockouts).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and _is_private(request):
            response["Cache-Control"] = PRIVATE_CACHE_CONTROL
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request._gabinete_public_view = getattr(view_func, "login_required", True) is False and not getattr(
            view_func, "private_response", False
        )


def _is_private(request) -> bool:
    # No view resolved (an unknown address, a refusal before the view): nothing public to keep.
    if not getattr(request, "_gabinete_public_view", False):
        return True
    # A public view is private only for a signed-in person, who has a session cookie: without one,
    # the session is not even looked at (which would add "Vary: Cookie" to a public page).
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


class InvalidCharactersMiddleware:
    """Requests whose address (path or query string) or form data hold a NUL character are refused
    with a 400 and a Spanish page, once for every view.

    No browser sends a NUL from what a person types; a crafted one reached PostgreSQL, which
    cannot store or compare text with NUL (a 500 in any lookup by a text parameter). The address
    is checked before any view runs, form data after CSRF has read it (`process_view`); uploaded
    files' contents are the upload checks' business (gabinete.uploads), and Django's multipart
    parser already drops unprintable characters from their names. Place it after the middleware
    that add security headers to every answer (CSP, X-Frame-Options), so the 400 carries them too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET):
            return _invalid_characters(request, _("La dirección contiene caracteres no válidos."))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD", "OPTIONS") or request.content_type not in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            return None
        if _has_nul(request.POST):
            return _invalid_characters(
                request,
                _(
                    "Los datos enviados contienen caracteres no válidos. Vuelva atrás, revise el texto "
                    "(puede haberse pegado un carácter invisible) y envíelo de nuevo."
                ),
            )
        return None


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


def _invalid_characters(request, message: str):
    return render(request, "400.html", {"message": message}, status=400)
