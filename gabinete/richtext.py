"""Rich text from CKEditor, sanitised on save with nh3 to a fixed allow-list.

What the public sees is only the output of `sanitize_html`: no scripts, event handlers, styles,
iframes or `javascript:` links; images only from our own media.
"""

from __future__ import annotations

import re
from html import unescape

import nh3
from django.conf import settings

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "hr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _image_filter(prefixes: tuple[str, ...]):
    def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            # Only images we host ourselves: no tracking pixels, no mixed content.
            return value if value.startswith(prefixes) and "//" not in value else None
        return value

    return _filter_attribute


def sanitize_html(html: str | None, *, image_prefixes: tuple[str, ...] = ()) -> str:
    """Clean HTML to the allow-list. Links get rel="noopener noreferrer".

    Images are kept only from MEDIA_URL or from one of `image_prefixes` (local paths an app serves
    itself, e.g. the public images of press releases).
    """
    if not html:
        return ""
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_image_filter((settings.MEDIA_URL, *image_prefixes)),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # Every image has a text alternative (WCAG 1.1.1): the one the editor gave it, or an empty one
    # that marks it decorative rather than leaving screen readers to read out its file name.
    return _IMG_TAG.sub(_with_alt, clean)


# nh3 serialises every attribute as name="value" with quotes escaped inside values.
_IMG_TAG = re.compile(r'<img((?:\s+[a-z-]+="[^"]*")*)\s*/?>')
_ATTRIBUTE_NAME = re.compile(r'\s+([a-z-]+)="[^"]*"')


def _with_alt(match: re.Match) -> str:
    attributes = match[1]
    if "alt" in _ATTRIBUTE_NAME.findall(attributes):
        return match[0]
    return f'<img alt=""{attributes}>'


#: Where a block of text ends: a line break in the plain text (else «fin.</p><p>Otro» glues «fin.Otro»).
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|div|blockquote|td|th|tr)>|<br\s*/?>", re.IGNORECASE)


def html_to_lines(html: str | None) -> str:
    """Plain text of some HTML, a paragraph per line: tags and scripts gone, entities decoded."""
    if not html:
        return ""
    text = unescape(nh3.clean(_BLOCK_END.sub("\n", html), tags=set()))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def html_to_text(html: str | None) -> str:
    """Plain text of some HTML on one line (for search, summaries and feeds)."""
    return " ".join(html_to_lines(html).split())
