"""The compliance board's cells are built in Python (transparency/board.py): the same markup the
per-cell template wrote, with every state, with and without a publication."""

from datetime import date

from django.template import engines
from django.urls import reverse

from transparency import selectors
from transparency.board import board_rows
from transparency.compliance import LABELS, Cell
from transparency.models import Section

#: The template the board used before (one `{% for %}` body per cell), kept here as the reference.
OLD_ROW = (
    "{% load i18n transparency_tags %}"
    '<tr><th scope="row" class="fw-normal"><a href="{{ section_prefix }}{{ row.section.pk|stringformat:"d" }}'
    '/?anio={{ year|stringformat:"d" }}">{{ row.section }}</a></th>\n      '
    '{% for cell in row.cells %}<td class="text-center">{% if cell.publication_id %}<a href="{{ publication_prefix }}'
    '{{ cell.publication_id|stringformat:"d" }}/" class="badge state-{{ cell.state }}" title="{{ cell.label }} · '
    '{% translate "plazo" %} {{ cell.due|date:\'d-m-Y\' }}"><i class="bi {{ cell.icon }}" aria-hidden="true"></i>'
    '<span class="visually-hidden">{{ cell|update_label }}: {{ cell.label }}</span></a>{% else %}'
    '<span class="badge state-{{ cell.state }}" title="{{ cell.label }} · {% translate "plazo" %} '
    '{{ cell.due|date:\'d-m-Y\' }}"><i class="bi {{ cell.icon }}" aria-hidden="true"></i>'
    '<span class="visually-hidden">{{ cell|update_label }}: {{ cell.label }}</span></span>{% endif %}</td>'
    "{% endfor %}</tr>"
)


def test_board_cells_print_the_markup_the_template_printed_for_every_state(catalogue):
    section = Section.objects.with_related().first()
    section.name = 'Remuneraciones <b>"planta"</b> & más'
    cells = [
        Cell(period=date(2026, n, 1), due=date(2026, n, 14), state=state, publication_id=(n * 7 if n % 2 else None))
        for n, state in enumerate(LABELS, start=1)
    ]
    row = selectors.GridRow(section=section, cells=cells)
    prefixes = {
        "publication_prefix": reverse("transparency:publication-detail", args=[0])[:-2],
        "section_prefix": reverse("transparency:section-detail", args=[0])[:-2],
    }
    expected = engines["django"].from_string(OLD_ROW).render({"row": row, "year": 2026, **prefixes})
    [(directorate, [printed])] = board_rows([(section.responsible, [row])], year=2026, **prefixes)
    assert str(printed) == expected
    assert "&lt;b&gt;" in printed
