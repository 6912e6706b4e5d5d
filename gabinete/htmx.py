"""The one way a view answers htmx: the same URL gives the whole page, or only the part that changed.

Every page works without JavaScript (plain forms and links, full page loads). When htmx sends the
request (django-htmx's middleware sets `request.htmx`), the view answers with the template partial
that the full page includes (`templates/<app>/_<part>.html`), so the browser swaps that part in
place: ticking a checklist task, adding an attendee, filtering the archive and the review queues.

- `render_page(request, page, part, context)`: a GET (a filter, a page of results). htmx asks for
  the part; a history restore (back/forward with nothing in htmx's history cache) asks for the page.
- `after_post(request, part, context, redirect_to, notice)`: the answer to a POST. Without htmx,
  the message goes to the messages framework and the browser is sent back to the page (POST,
  redirect, GET); with htmx, the part is rendered with the notice in it, and `app.js` reads the
  notice aloud through the page's live region.

Errors an htmx request cannot swap (403, 404, 409, 500, no connection) are shown by `app.js` in the
page's alert region (`#htmx-alert` in base.html); the page is left as it was, nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers


def wants_part(request: HttpRequest) -> bool:
    """Whether to answer with the part only: an htmx request that is not restoring a whole page."""
    details = getattr(request, "htmx", None)
    return bool(details) and not details.history_restore_request and not details.boosted


def render_page(request: HttpRequest, page: str, part: str, context: dict, *, status: int = 200) -> HttpResponse:
    """The full `page` normally, only its `part` for htmx; caches keep the two apart (Vary).

    The part sees `htmx_part` true: it may then carry out-of-band pieces for what changed outside
    it (`hx-swap-oob`, e.g. the year in the page's heading)."""
    if wants_part(request):
        response = render(request, part, {**context, "htmx_part": True}, status=status)
    else:
        response = render(request, page, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def after_post(
    request: HttpRequest,
    part: str,
    context: Callable[[], dict],
    *,
    redirect_to: str,
    notice: str,
    level: int = messages.SUCCESS,
) -> HttpResponse:
    """Answer a POST: the `part` with `notice` for htmx, else the message and a redirect.

    `context` is called only when the part is rendered (a redirect needs no queries)."""
    if wants_part(request):
        response = render(
            request,
            part,
            {
                **context(),
                "notice": notice,
                "notice_is_error": level >= messages.ERROR,
                "notice_is_warning": messages.WARNING <= level < messages.ERROR,
            },
        )
        patch_vary_headers(response, ["HX-Request"])
        return response
    messages.add_message(request, level, notice)
    return redirect(redirect_to)
