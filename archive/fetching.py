"""Polite, bounded HTTP for the archive's sources (httpx).

- Only the addresses the municipality registered: the source's own site and its outlet's website
  (and their subdomains), redirects included. A feed that links elsewhere is not followed there.
- A named User-Agent (`ARCHIVE_FETCH_USER_AGENT`), and `robots.txt` respected (read with the
  standard library's parser, kept for an hour per site in the cache; a robots.txt that answers 5xx
  or not at all forbids the site until it answers, as RFC 9309 says).
- Conditional requests (ETag / If-Modified-Since): an unchanged feed answers 304 and costs nothing.
- Timeouts, a size limit read while downloading (a 30 MB page is cut off, never held whole), at most
  one request per `ARCHIVE_FETCH_HOST_DELAY` seconds to the same site, and retries with back-off for
  what may pass (timeouts, refused connections, 5xx, 429).
"""

from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

ROBOTS_CACHE_SECONDS = 3600
#: A robots.txt that failed is asked again after this long.
ROBOTS_RETRY_SECONDS = 600
MAX_REDIRECTS = 5
RETRY_STATUSES = {429, 500, 502, 503, 504}


class FetchError(Exception):
    """Why an address could not be read, in Spanish; `gone` for a page that no longer exists."""

    def __init__(self, message: str, *, gone: bool = False, transient: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.gone = gone
        self.transient = transient


@dataclass
class Response:
    url: str
    status: int
    content: bytes = b""
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def _setting(name: str, default):
    return getattr(settings, name, default)


class Fetcher:
    """One source's fetching session: its allowed sites, one HTTP client, the politeness rules."""

    def __init__(self, allowed: Iterable[str]) -> None:
        self.allowed = {host_of(url) for url in allowed if host_of(url)}
        self.user_agent = _setting("ARCHIVE_FETCH_USER_AGENT", "GabineteAntofagasta/1.0")
        self.max_bytes = int(float(_setting("ARCHIVE_FETCH_MAX_MB", 5)) * 1024 * 1024)
        self.retries = int(_setting("ARCHIVE_FETCH_RETRIES", 2))
        self.backoff = float(_setting("ARCHIVE_FETCH_BACKOFF", 1.0))
        self.host_delay = float(_setting("ARCHIVE_FETCH_HOST_DELAY", 1.0))
        timeout = float(_setting("ARCHIVE_FETCH_TIMEOUT", 10))
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            headers={"User-Agent": self.user_agent, "Accept-Language": "es-CL,es;q=0.9"},
            trust_env=False,
        )
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the rules ---------------------------------------------------------------------------------

    def is_allowed_site(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return False
        host = host_of(url)
        return any(host == site or host.endswith("." + site) for site in self.allowed)

    def _check_site(self, url: str) -> None:
        if not self.is_allowed_site(url):
            raise FetchError(_("%(url)s no es del sitio de la fuente ni del medio: no se lee.") % {"url": url[:200]})

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin in self._robots:
            return self._robots[origin]
        key = f"archive:robots:{origin}"
        text = cache.get(key)
        if text is None:
            text = self._read_robots(origin)
            cache.set(key, text, ROBOTS_RETRY_SECONDS if text is False else ROBOTS_CACHE_SECONDS)
        parser: urllib.robotparser.RobotFileParser | None
        if text is False:
            parser = None  # unreachable: the whole site is off limits for now
        else:
            parser = urllib.robotparser.RobotFileParser()
            parser.parse(str(text).splitlines())
        self._robots[origin] = parser
        return parser

    def _read_robots(self, origin: str) -> str | bool:
        """robots.txt's text; "" (everything allowed) when it does not exist; False when it fails."""
        try:
            response = self._request(f"{origin}/robots.txt", max_bytes=512 * 1024, retries=0)
        except FetchError:
            return False
        if 400 <= response.status < 500:
            return ""
        return response.content.decode("utf-8", "replace")

    def _check_robots(self, url: str) -> None:
        parser = self._robots_for(url)
        if parser is None:
            raise FetchError(_("El sitio no deja leer su robots.txt: se reintentará más tarde."), transient=True)
        if not parser.can_fetch(self.user_agent, url):
            raise FetchError(_("El robots.txt del sitio no permite leer %(url)s.") % {"url": url[:200]})

    def _wait_turn(self, url: str) -> None:
        """At most one request per host_delay seconds to a site, across the workers (the cache)."""
        if self.host_delay <= 0:
            return
        key = f"archive:fetch-turn:{host_of(url)}"
        last = cache.get(key)
        now = time.time()
        if last is not None and now - last < self.host_delay:
            time.sleep(self.host_delay - (now - last))
        cache.set(key, time.time(), int(self.host_delay) + 60)

    # --- the request -------------------------------------------------------------------------------

    def get(self, url: str, *, etag: str = "", last_modified: str = "") -> Response:
        """GET an allowed address, after robots.txt; follows redirects within the allowed sites."""
        for _hop in range(MAX_REDIRECTS + 1):
            self._check_site(url)
            self._check_robots(url)
            response = self._request(url, etag=etag, last_modified=last_modified)
            if response.status in (301, 302, 303, 307, 308):
                url = urljoin(url, response.content.decode("latin-1"))
                continue
            if response.status == 304:
                return response
            if response.status in (404, 410):
                raise FetchError(_("La página ya no existe (%(s)s).") % {"s": response.status}, gone=True)
            if response.status >= 400:
                raise FetchError(
                    _("El servidor respondió %(s)s.") % {"s": response.status}, transient=response.status >= 500
                )
            return response
        raise FetchError(_("Demasiadas redirecciones."))

    def _request(
        self,
        url: str,
        *,
        etag: str = "",
        last_modified: str = "",
        max_bytes: int | None = None,
        retries: int | None = None,
    ) -> Response:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempts = (self.retries if retries is None else retries) + 1
        limit = max_bytes or self.max_bytes
        for attempt in range(attempts):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            self._wait_turn(url)
            try:
                response = self._download(url, headers, limit)
            except FetchError as exc:
                if exc.transient and attempt + 1 < attempts:
                    continue
                raise
            if response.status in RETRY_STATUSES and attempt + 1 < attempts:
                continue
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def _download(self, url: str, headers: dict[str, str], limit: int) -> Response:
        try:
            with self.client.stream("GET", url, headers=headers) as http:
                if http.status_code in (301, 302, 303, 307, 308):
                    return Response(url, http.status_code, http.headers.get("location", "").encode("latin-1"))
                declared = http.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise self._too_large(limit)
                chunks, size = [], 0
                for chunk in http.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise self._too_large(limit)
                    chunks.append(chunk)
                return Response(
                    str(http.url),
                    http.status_code,
                    b"".join(chunks),
                    etag=http.headers.get("etag", "")[:300],
                    last_modified=http.headers.get("last-modified", "")[:100],
                    content_type=http.headers.get("content-type", ""),
                )
        except httpx.TimeoutException as exc:
            raise FetchError(_("El sitio no respondió a tiempo."), transient=True) from exc
        except httpx.TransportError as exc:
            raise FetchError(_("No se pudo conectar con el sitio."), transient=True) from exc

    @staticmethod
    def _too_large(limit: int) -> FetchError:
        return FetchError(_("La página supera el tamaño máximo de %(mb)s MB: no se descargó.") % {"mb": limit // 2**20})
