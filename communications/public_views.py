"""The public news (no login): list, release page, RSS 2.0 and Atom feeds, release images.

Every query goes through `PressRelease.objects.public()`, so drafts and releases scheduled for later
are never shown, whatever URL is guessed. Pages send Last-Modified and ETag and answer conditional
requests with 304 Not Modified.
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gabinete.conditional import Stamp, public_page
from gabinete.pagination import page_number

from . import selectors
from .models import PressRelease, ReleaseStatus

PAGE_SIZE = 12
#: Pages beyond this do not exist (a million releases); larger numbers overflow the SQL OFFSET.
MAX_PAGE = 100_000
FEED_SIZE = 20
#: Browsers and proxies may reuse a public page this long before asking again (then 304 is cheap).
MAX_AGE_SECONDS = 60
#: How long a rendered public page is kept (keyed by its ETag, so never served stale).
RENDER_CACHE_SECONDS = 600


def _list_stamp(request, **kwargs) -> Stamp:
    last, seed = selectors.public_news_stamp()
    return Stamp(last, "list:" + seed)


def _detail_stamp(request, **kwargs) -> Stamp:
    """The news stamp (cached, shared): any change to a once-public release changes it, so a release's
    page, its corrections and its withdrawal are covered without a query per request."""
    last, seed = selectors.public_news_stamp()
    return Stamp(last, "detail:" + seed)


def _public(stamp):
    return public_page(
        stamp, cache_prefix="communications:public", max_age=MAX_AGE_SECONDS, cache_seconds=RENDER_CACHE_SECONDS
    )


@login_not_required
@_public(_list_stamp)
def news_list(request):
    """The public news page (no login): newest first, paginated by "newer / older" links.

    No COUNT over the whole archive: one extra row tells whether an older page exists. With `?q=`
    it searches titles and texts (the page's ETag and rendered copy are per address, query
    included, so a result is never served for another search).
    """
    text = " ".join((request.GET.get("q") or "").split())[: selectors.NEWS_QUERY_MAX_LENGTH]
    if text:
        return _news_search(request, text)
    try:
        number = max(1, int(page_number(request) or 1))
    except ValueError:
        number = 1
    if number > MAX_PAGE:
        # An absurd page number would overflow the database's OFFSET (a 500): there is no such page.
        raise Http404
    offset = (number - 1) * PAGE_SIZE
    rows = list(selectors.public_release_page_qs()[offset : offset + PAGE_SIZE + 1])
    if number > 1 and not rows:
        raise Http404
    page = {
        "object_list": rows[:PAGE_SIZE],
        "number": number,
        "has_previous": number > 1,
        "previous_page_number": number - 1,
        "has_next": len(rows) > PAGE_SIZE,
        "next_page_number": number + 1,
    }
    return render(request, "communications/public/news_list.html", {"page": page})


def _news_search(request, text: str):
    """One page of a news search: counted (a search finds few), linked with the shared pager,
    which keeps `q` in the page links."""
    paginator = Paginator(selectors.public_release_search(text), PAGE_SIZE)
    try:
        page = paginator.page(page_number(request) or 1)
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage as exc:
        raise Http404 from exc
    return render(
        request,
        "communications/public/news_list.html",
        {"page": page, "search_text": text, "searching": True},
    )


@login_not_required
@_public(_detail_stamp)
def news_detail(request, year, month, day, slug):
    release = selectors.public_release(slug=slug) or selectors.withdrawn_release(slug=slug)
    if release is None:
        raise Http404
    canonical = release.get_public_url()
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    if release.status == ReleaseStatus.WITHDRAWN:
        # Gone, not lost: the address keeps answering, with the reason, and leaves lists and feeds.
        return render(request, "communications/public/news_withdrawn.html", {"release": release}, status=410)
    return render(
        request,
        "communications/public/news_detail.html",
        {
            "release": release,
            "corrections": selectors.release_corrections_shown(release=release),
            "absolute_url": settings.SITE_URL.rstrip("/") + canonical,
            "photo_absolute_url": settings.SITE_URL.rstrip("/") + release.photo_url if release.photo else "",
        },
    )


@login_not_required
def image(request, name):
    """Images of releases (main photos and images in the body). Stored under generated names that
    cannot be guessed; only the `communications/public/` folder is reachable here."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise Http404
    stored = f"communications/public/{path}"
    try:
        handle = default_storage.open(stored, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(str(path))[0] or "application/octet-stream"
    if not content_type.startswith("image/"):
        handle.close()
        raise Http404
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, max_age=86400)
    return response


class LatestReleasesFeed(Feed):
    """RSS 2.0 feed of the latest published releases."""

    feed_type = Rss201rev2Feed
    title = gettext_lazy("Noticias · Municipalidad de Antofagasta")
    description = gettext_lazy("Comunicados de prensa de la Municipalidad de Antofagasta.")
    language = "es-cl"

    def link(self):
        return "/noticias/"

    def items(self):
        return list(
            PressRelease.objects.public()
            .newest_first()
            .select_related("author")
            .only(
                "pk",
                "title",
                "slug",
                "lead",
                "published_at",
                "updated_at",
                "author__first_name",
                "author__last_name",
                "author__username",
                "tags",
            )[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Readers render the description as HTML: send the lead (plain text) escaped.
        return escape(item.lead)

    def item_link(self, item):
        return item.get_public_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        return _("Prensa Municipalidad de Antofagasta")

    def item_categories(self, item):
        return item.tag_list


class LatestReleasesAtomFeed(LatestReleasesFeed):
    """The same feed in Atom 1.0."""

    feed_type = Atom1Feed
    subtitle = LatestReleasesFeed.description


def _feed_stamp(request, **kwargs) -> Stamp:
    last, seed = selectors.public_news_stamp()
    return Stamp(last, "feed:" + seed)


rss_feed = login_not_required(_public(_feed_stamp)(LatestReleasesFeed()))
atom_feed = login_not_required(_public(_feed_stamp)(LatestReleasesAtomFeed()))
