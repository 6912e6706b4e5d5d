"""The desk row's small print: « · » only between two parts, never first (issue 21 point 6: rows
without a due date started «· Aseo»)."""

from __future__ import annotations

import re
from datetime import date

from django.template.loader import render_to_string

from gabinete.desk import DeskItem, Urgency


def _small_print(item: DeskItem) -> str:
    html = render_to_string("gabinete/_desk_item.html", {"item": item})
    small = html.split('class="small text-secondary">', 1)[1].split("</div>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", "", small).split())


def test_a_row_without_a_due_date_starts_with_its_detail():
    assert _small_print(DeskItem(title="T", url="/x/", detail="Aseo")) == "Aseo"
    text = _small_print(DeskItem(title="T", url="/x/", detail="Aseo", links=(("Ver informe", "/i/"),)))
    assert text == "Aseo · Ver informe"


def test_the_parts_are_joined_by_one_separator_each():
    item = DeskItem(title="T", url="/x/", due=date(2026, 11, 20), detail="Aseo", links=(("Ver", "/v/"),))
    assert _small_print(item) == "Plazo: 20-11-2026 · Aseo · Ver"
    overdue = DeskItem(title="T", url="/x/", due=date(2026, 11, 1), urgency=Urgency.OVERDUE)
    assert _small_print(overdue) == "Vencido Plazo: 01-11-2026"
    only_links = DeskItem(title="T", url="/x/", links=(("Uno", "/1/"), ("Dos", "/2/")))
    assert _small_print(only_links) == "Uno · Dos"


def test_a_row_led_by_its_time_shows_no_deadline_and_no_leading_separator():
    item = DeskItem(title="T", url="/x/", due=date(2026, 11, 20), lead="10:30", detail="Aseo")
    assert _small_print(item) == "Aseo"
