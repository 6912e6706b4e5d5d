"""Per-app stylesheets, loaded by the base templates for every page of the app.

A page used to link its app's stylesheet by hand in `{% block extra_head %}`; a page that forgot
(the press-release list) rendered its status badges blank, silently. Now `base.html` and
`public_base.html` ask `{% app_stylesheets %}`, which links `<app>/<app>.css` whenever the page's
template lives in `templates/<app>/` and the app ships that file: no page of an app can miss it.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()


@lru_cache(maxsize=64)
def app_stylesheet_path(template_name: str) -> str | None:
    """The static path of the stylesheet of the app owning `template_name`, or None if it has none."""
    app, sep, _rest = (template_name or "").partition("/")
    if not sep or not app.isidentifier():
        return None
    path = f"{app}/{app}.css"
    return path if finders.find(path) else None


@register.simple_tag(takes_context=True)
def app_stylesheets(context) -> str:
    """`<link>` to the page's app stylesheet (the template being rendered decides the app)."""
    rendered = getattr(context, "template", None)
    path = app_stylesheet_path(getattr(rendered, "name", "") or "")
    if path is None:
        return ""
    return format_html('<link rel="stylesheet" href="{}">', static(path))
