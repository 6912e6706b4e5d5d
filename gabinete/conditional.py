"""Conditional GET and the rendered-page cache of the public pages (news, feeds, Transparencia Activa).

One way for every public view, built on Django's own `condition` decorator and cache framework:

    @login_not_required
    @public_page(news_stamp, cache_prefix="news", max_age=60)
    def news_list(request): ...

`stamp(request, *args, **kwargs)` answers "which version of this page would be shown?" with a
`Stamp(last_modified, seed)` (or raises Http404), cheaply: one or two aggregates, no rendering. It is
asked once per request. The ETag names that version of that exact address (path and query), so:

- a matching `If-None-Match` / `If-Modified-Since` gets 304 without rendering (Django's `condition`);
- a rendered copy stored under the ETag can never be stale: any change gives a new ETag, a new key.

200 and 304 answers say `Cache-Control: public, max-age=<max_age>` (plus `must-revalidate` when
`max_age` is 0), which `gabinete.middleware.PrivateCacheMiddleware` leaves as it is; anything else
(404, 410, a redirect) gets no public caching from here.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition

#: How long a rendered public page is kept (keyed by its ETag, so never served stale).
RENDER_CACHE_SECONDS = 60 * 60
#: Headers of a rendered page that are kept with its body in the cache.
_KEPT_HEADERS = ("Content-Disposition",)
_STAMP_ATTR = "_gabinete_public_stamp"


@dataclass(frozen=True)
class Stamp:
    """The version of a public page: when what it shows last changed, and a seed that changes with it."""

    last_modified: datetime | None
    seed: str = ""


StampFunc = Callable[..., Stamp]

T = TypeVar("T")

#: How long a computed stamp is kept in the shared cache (every write that changes it forgets it).
STAMP_CACHE_SECONDS = 60


def shared_stamp(
    key: str, compute: Callable[[], tuple[T, datetime | None]], *, timeout: int = STAMP_CACHE_SECONDS
) -> T:
    """The stamp under `key` in the shared cache, computed by `compute()` when missing.

    `compute()` returns `(stamp, valid_until)`: `valid_until` is the next moment the stamp changes by
    itself with no write (a release scheduled for later), so the kept copy never outlives it. A write
    that changes what a stamp covers calls `forget_stamp(key)`. This is the one place where public
    stamps are cached: every process reads the same copy when the cache is shared (Redis).
    """
    kept = cache.get(key)
    if kept is not None:
        return kept[0]
    value, valid_until = compute()
    seconds = timeout
    if valid_until is not None:
        seconds = max(1, min(timeout, math.ceil((valid_until - timezone.now()).total_seconds())))
    cache.set(key, (value,), seconds)
    return value


def forget_stamp(key: str) -> None:
    """Drop a cached stamp now and again when the current transaction commits (a request that read the
    old data in between must not keep it)."""
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def public_page(stamp: StampFunc, *, cache_prefix: str, max_age: int = 0, cache_seconds: int = RENDER_CACHE_SECONDS):
    """Decorate a public view with conditional GET, a rendered-page cache and public Cache-Control."""

    def stamp_of(request: HttpRequest, *args, **kwargs) -> Stamp:
        found = getattr(request, _STAMP_ATTR, None)
        if found is None:
            found = stamp(request, *args, **kwargs)
            if found.last_modified is not None:
                found = Stamp(found.last_modified.replace(microsecond=0), found.seed)
            setattr(request, _STAMP_ATTR, found)
        return found

    def etag(request: HttpRequest, *args, **kwargs) -> str:
        found = stamp_of(request, *args, **kwargs)
        moment = found.last_modified.isoformat() if found.last_modified else "-"
        raw = f"{cache_prefix}|{found.seed}|{moment}|{request.get_full_path()}"
        return hashlib.sha256(raw.encode()).hexdigest()[:32]

    def last_modified(request: HttpRequest, *args, **kwargs) -> datetime | None:
        return stamp_of(request, *args, **kwargs).last_modified

    def decorator(view):
        @wraps(view)
        def cached(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            key = f"{cache_prefix}:{etag(request, *args, **kwargs)}"
            kept = cache.get(key)
            if kept is not None:
                content_type, headers, body = kept
                response = HttpResponse(body, content_type=content_type)
                for header, value in headers.items():
                    response[header] = value
                return response
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                headers = {h: response[h] for h in _KEPT_HEADERS if response.has_header(h)}
                cache.set(key, (response["Content-Type"], headers, response.content), cache_seconds)
            return response

        conditional = condition(etag_func=etag, last_modified_func=last_modified)(cached)

        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = conditional(request, *args, **kwargs)
            if response.status_code in (200, 304):
                # One pass over the header (it is parsed and rebuilt on every call).
                if max_age == 0:
                    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
                else:
                    patch_cache_control(response, public=True, max_age=max_age)
            else:
                # A 404, 410 or redirect carries no version of this page.
                for header in ("ETag", "Last-Modified"):
                    if response.has_header(header):
                        del response[header]
            return response

        return wrapper

    return decorator
