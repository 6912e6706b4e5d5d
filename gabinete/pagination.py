"""The one pagination parameter of the project: `?pagina=N` (the UI is Spanish, and the public news
pages have always used it). Views read it with `page_number(request)`; templates link pages with
`{% include "includes/pager.html" %}`, which keeps the other filters of the address."""

from __future__ import annotations

from django.http import HttpRequest

PAGE_PARAM = "pagina"
#: Names older addresses used for the same thing (agenda lists): still understood, never written.
OLD_PAGE_PARAMS = ("page",)


def page_number(request: HttpRequest) -> str | None:
    """The page asked for, as sent (the paginator judges it); None when the address names none."""
    value = request.GET.get(PAGE_PARAM)
    if value is None:
        for name in OLD_PAGE_PARAMS:
            value = request.GET.get(name)
            if value is not None:
                break
    return value
