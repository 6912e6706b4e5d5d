"""Reading what a source lists: an RSS/Atom feed (feedparser), a news sitemap (`<news:news>`) or a
plain sitemap, and a sitemap index that points to sitemaps. The XML is parsed without DTDs,
entities or network access (lxml), so a hostile file cannot reach the server's files or inflate."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from lxml import etree

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"


class FeedError(Exception):
    """The source's answer is not what its kind says, in Spanish."""


@dataclass
class Item:
    url: str
    title: str = ""
    summary: str = ""
    author: str = ""
    published_at: datetime | None = None
    image_url: str = ""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False)


def _when(text: str | None) -> datetime | None:
    text = (text or "").strip()
    if not text:
        return None
    moment = parse_datetime(text)
    if moment is None:
        day = parse_date(text[:10])
        moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC) if day else None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def parse_feed(content: bytes) -> list[Item]:
    parsed = feedparser.parse(content, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        if parsed.bozo or not parsed.get("version"):
            raise FeedError(_("La fuente no es un feed RSS o Atom válido."))
        return []
    items = []
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if not link:
            continue
        struct = entry.get("published_parsed") or entry.get("updated_parsed")
        published = datetime.fromtimestamp(calendar.timegm(struct), UTC) if struct else None
        image = ""
        for media in entry.get("media_content", []) + entry.get("media_thumbnail", []):
            image = media.get("url", "")
            if image:
                break
        items.append(
            Item(
                url=link,
                title=strip_tags(entry.get("title", ""))[:300],
                summary=" ".join(strip_tags(entry.get("summary", "")).split()),
                author=(entry.get("author") or "")[:200],
                published_at=published,
                image_url=image,
            )
        )
    return items


def _xml(content: bytes) -> etree._Element:
    try:
        return etree.fromstring(content, _parser())
    except etree.XMLSyntaxError as exc:
        raise FeedError(_("La fuente no es XML válido (%(e)s).") % {"e": str(exc)[:120]}) from exc


def parse_sitemap(content: bytes) -> tuple[list[Item], list[str]]:
    """The articles of a urlset, and the child sitemaps of a sitemap index (newest first)."""
    root = _xml(content)
    tag = etree.QName(root).localname
    if tag == "sitemapindex":
        children = []
        for node in root.iter(f"{{{SITEMAP_NS}}}sitemap"):
            loc = (node.findtext(f"{{{SITEMAP_NS}}}loc") or "").strip()
            lastmod = _when(node.findtext(f"{{{SITEMAP_NS}}}lastmod"))
            if loc:
                children.append((lastmod or datetime.min.replace(tzinfo=UTC), loc))
        return [], [loc for _when_, loc in sorted(children, reverse=True)]
    if tag != "urlset":
        raise FeedError(_("La fuente no es un sitemap (se esperaba <urlset> o <sitemapindex>)."))
    items = []
    for node in root.iter(f"{{{SITEMAP_NS}}}url"):
        loc = (node.findtext(f"{{{SITEMAP_NS}}}loc") or "").strip()
        if not loc:
            continue
        news = node.find(f"{{{NEWS_NS}}}news")
        title = published = None
        if news is not None:
            title = news.findtext(f"{{{NEWS_NS}}}title")
            published = _when(news.findtext(f"{{{NEWS_NS}}}publication_date"))
        if published is None:
            published = _when(node.findtext(f"{{{SITEMAP_NS}}}lastmod"))
        image = node.findtext(f"{{{IMAGE_NS}}}image/{{{IMAGE_NS}}}loc") or ""
        items.append(Item(url=loc, title=(title or "").strip()[:300], published_at=published, image_url=image.strip()))
    return items, []
