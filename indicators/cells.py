"""The period cells of a directorate's indicators page, as HTML built in Python.

The page has one cell per indicator and period (hundreds): a `{% url %}`, `floatformat`, a display
call and two includes per cell through the template language were most of its time. Here the URLs
come from prefixes, the labels are translated once, and each cell is a few f-strings. The markup is
what the template printed.
"""

from __future__ import annotations

from datetime import date

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from gabinete.workflow import tone_of

from .models import MeasurementStatus
from .selectors import IndicatorRow
from .status import Judgement


def _url_parts(name: str, count: int) -> list[str]:
    """The URL of `name` cut where its `count` numeric arguments go (they are put back per cell)."""
    marks = [str(9_999_990 + n) for n in range(count)]
    url = reverse(name, args=marks)
    parts = []
    for mark in marks:
        head, url = url.split(mark, 1)
        parts.append(conditional_escape(head))
    return [*parts, conditional_escape(url)]


def judgement_html() -> dict[str, str]:
    """`indicators/_status.html` for each judgement."""
    return {
        Judgement.ON_TRACK: f'<span class="st st-on_track">{conditional_escape(_("En meta"))}</span>',
        Judgement.AT_RISK: f'<span class="st st-at_risk">{conditional_escape(_("En riesgo"))}</span>',
        Judgement.OFF_TRACK: f'<span class="st st-off_track">{conditional_escape(_("Fuera de meta"))}</span>',
    }


def attach_cell_html(rows: list[IndicatorRow], *, today: date, can_enter: bool) -> None:
    """Give every cell of `rows` its `value_html` (the "Valor" row) and `state_html` (the "Estado" row)."""
    judged = judgement_html()
    missing = f'<span class="st st-missing">{conditional_escape(_("Sin dato"))}</span>'
    badges = {
        status: (
            f'<span class="badge status-badge tone-{tone_of(status).value}" data-status="{status}">'
            f"{conditional_escape(label)}</span>"
        )
        for status, label in MeasurementStatus.choices
    }
    detail_a, detail_b = _url_parts("indicators:measurement-detail", 1)
    enter_a, enter_b, enter_c = _url_parts("indicators:measurement-enter", 2)
    opens, late, pending, enter = (
        conditional_escape(t) for t in (_("abre"), _("Atrasado"), _("pendiente"), _("Ingresar"))
    )
    for row in rows:
        iy = row.indicator_year
        name = iy.indicator.name
        for cell in row.cells:
            p, m = cell.period, cell.measurement
            if m:
                value = floatformat(m.value, "-2g") or "—"
                badge = badges.get(m.status) or badges_for(m)
                html = (
                    f'<td>\n          <a href="{detail_a}{m.pk}{detail_b}">{conditional_escape(value)}</a>\n'
                    f"            <div>{badge}</div>\n          </td>"
                )
            elif p.opens_on > today:
                css = ' class="late"' if p.due_on < today else ""
                html = (
                    f"<td{css}>\n          "
                    f'<span class="text-secondary small">{opens} {p.opens_on:%d-%m}</span>\n          </td>'
                )
            else:
                parts = []
                if p.due_on < today:
                    parts.append(f'<span class="badge badge-overdue">{late}</span>')
                if can_enter and p.closes_on >= today:
                    label = conditional_escape(_("Ingresar %(p)s de %(n)s") % {"p": p.label, "n": name})
                    parts.append(
                        f'<a class="btn btn-sm btn-outline-primary py-0 mt-1" href="{enter_a}{iy.pk}{enter_b}{p.pk}{enter_c}"'
                        f' aria-label="{label}">{enter}</a>'
                    )
                elif p.due_on >= today:
                    parts.append(f'<span class="text-secondary small">{pending}</span>')
                css = ' class="late"' if p.due_on < today else ""
                html = f"<td{css}>\n          " + "\n            ".join(parts) + "\n          </td>"
            cell.value_html = mark_safe(html)  # nosec B308 B703
            state = ""
            if m is not None and m.value is not None:
                state = judged.get(m.judgement, missing)
            cell.state_html = mark_safe(state)  # nosec B308 B703
        # The row's three table lines as one string each: looping over the cells in the template,
        # three times per indicator, cost as much as building the cells.
        row.head_html = mark_safe(  # nosec B308 B703
            "".join(f'<th scope="col">{conditional_escape(c.period.short_label)}</th>' for c in row.cells)
        )
        row.values_html = mark_safe("\n".join(c.value_html for c in row.cells))  # nosec B308 B703
        row.states_html = mark_safe("".join(f"<td>{c.state_html}</td>" for c in row.cells))  # nosec B308 B703


def badges_for(m) -> SafeString:
    return mark_safe(  # nosec B308 B703
        f'<span class="badge status-badge tone-{tone_of(m.status).value}" data-status="{conditional_escape(m.status)}">'
        f"{conditional_escape(m.get_status_display())}</span>"
    )
