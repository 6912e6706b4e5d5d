"""The compliance board's cells as HTML, built once per state and month instead of once per cell.

The board has one cell per sub-section and month (thousands at scale): rendering each through the
template language (a `date` filter, lazy translations, a `{% translate %}`) was most of the page's
time. Here every string that repeats is computed and escaped once, and each cell is one f-string.
The markup is the same the template used to write.
"""

from __future__ import annotations

from datetime import date

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from gabinete.models import Directorate

from .compliance import ICONS, LABELS
from .selectors import GridRow


def board_rows(
    groups: list[tuple[Directorate | None, list[GridRow]]], *, year: int, publication_prefix: str, section_prefix: str
) -> list[tuple[Directorate | None, list[SafeString]]]:
    """Per directorate, the `<tr>` of each of its sub-sections, ready to print."""
    from .templatetags.transparency_tags import update_label  # it imports the views, which import this

    plazo = conditional_escape(_("plazo"))
    publications = conditional_escape(publication_prefix)
    labels = {state: conditional_escape(str(label)) for state, label in LABELS.items()}
    names: dict[tuple[date, date | None], str] = {}
    dues: dict[date, str] = {}
    out = []
    for directorate, rows in groups:
        printed = []
        for row in rows:
            parts = [
                format_html(
                    '<tr><th scope="row" class="fw-normal"><a href="{}{}/?anio={}">{}</a></th>\n      ',
                    section_prefix,
                    row.section.pk,
                    year,
                    row.section,
                )
            ]
            for cell in row.cells:
                key = (cell.period, cell.reported_through)
                name = names.get(key)
                if name is None:
                    name = names[key] = conditional_escape(update_label(cell))
                due = dues.get(cell.due)
                if due is None:
                    due = dues[cell.due] = f"{cell.due:%d-%m-%Y}"
                label = labels[cell.state]
                inner = (
                    f'class="badge state-{cell.state}" title="{label} · {plazo} {due}">'
                    f'<i class="bi {ICONS[cell.state]}" aria-hidden="true"></i>'
                    f'<span class="visually-hidden">{name}: {label}</span>'
                )
                if cell.publication_id:
                    parts.append(
                        f'<td class="text-center"><a href="{publications}{cell.publication_id}/" {inner}</a></td>'
                    )
                else:
                    parts.append(f'<td class="text-center"><span {inner}</span></td>')
            parts.append("</tr>")
            printed.append(mark_safe("".join(parts)))  # nosec B308 B703
        out.append((directorate, printed))
    return out
