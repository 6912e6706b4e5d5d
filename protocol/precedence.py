"""The order of precedence (DS 537 de 2001, RREE, art. 75 letra B) and the ceremonial conventions.

The table is data (`PrecedenceCategory`) that Gabinete edits; `PRECEDENCE` is the seed, with today's
names of the offices renamed since 2021. Sorting rules: category order, then seniority where the
category says so (earliest start in office first), then name; a position fixed by Gabinete on the
event (`manual_position`) wins. Speeches go in inverse order (the presiding authority speaks last);
the presiding authority sits at the centre and the others alternate right and left in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# (order, name, note, by_seniority). A copy lives in migration 0002 (migrations never import this).
PRECEDENCE = [
    (
        1,
        "Delegado/a Presidencial Regional",
        "Antes Intendente Regional (DS 537). Al Gobernador/a Regional electo/a lo ubica Gabinete.",
        False,
    ),
    (2, "Senadores de la circunscripción", "", True),
    (3, "Diputados del distrito", "", True),
    (4, "Presidente/a de la Corte de Apelaciones", "", False),
    (5, "Contralor/a Regional", "", False),
    (6, "Fiscal Regional del Ministerio Público", "", False),
    (7, "Delegado/a Presidencial Provincial", "Antes Gobernador Provincial (DS 537).", False),
    (8, "Oficiales Generales de las FF.AA. y de Orden y Seguridad y/o Comandante de Guarnición", "", True),
    (9, "Arzobispo u Obispo diocesano y dignatarios equivalentes de otras iglesias", "", False),
    (10, "Alcalde", "", False),
    (11, "Ministros y Fiscal de la Corte de Apelaciones", "", False),
    (12, "Concejales y Consejeros Regionales", "", False),
    (13, "Decano del Cuerpo Consular", "", False),
    (14, "Rectores de universidades", "", False),
    (15, "Tesorero/a Regional", "", False),
    (16, "Cónsules extranjeros", "", False),
    (17, "Secretarios Regionales Ministeriales", "", False),
    (18, "Jefes de servicios públicos", "", False),
    (19, "Jueces de letras", "", False),
    (20, "Jueces de policía local", "", False),
    (21, "Oficiales de las FF.AA. y de Orden y Seguridad", "", True),
]


def ensure_precedence() -> None:
    """Fill an empty table with the seed (after a test flushed it, or on a fresh database)."""
    from .models import PrecedenceCategory

    if PrecedenceCategory.objects.exists():
        return
    PrecedenceCategory.objects.bulk_create(
        [PrecedenceCategory(order=o, name=n, note=note, by_seniority=s) for o, n, note, s in PRECEDENCE]
    )


def _name_key(name: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))


def precedence_key(attendee) -> tuple:
    """Sort key of one attendee (its category must be loaded: select_related("category"))."""
    category = attendee.category
    if category is None:
        return (10_000, date.max, _name_key(attendee.name))
    seniority = attendee.seniority_since if category.by_seniority and attendee.seniority_since else date.max
    return (category.order, seniority, _name_key(attendee.name))


def order_of_precedence(attendees) -> list:
    """Attendees from first to last in precedence; fixed positions (1-based) placed where fixed."""
    free = sorted((a for a in attendees if a.manual_position is None), key=precedence_key)
    fixed = sorted((a for a in attendees if a.manual_position is not None), key=lambda a: a.manual_position)
    result = list(free)
    for attendee in fixed:
        result.insert(min(attendee.manual_position - 1, len(result)), attendee)
    return result


def speaking_order(ordered: list) -> list:
    """Inverse order of precedence; the presiding authority (or host) speaks last."""
    presiding = [a for a in ordered if a.is_presiding]
    others = [a for a in ordered if not a.is_presiding]
    return list(reversed(others)) + presiding[:1]


@dataclass(frozen=True)
class Seat:
    label: str
    attendee: object


def seating(ordered: list) -> list[Seat]:
    """Seats from the presiding authority outwards: centre, then right 1, left 1, right 2, left 2…"""
    if not ordered:
        return []
    presiding = next((a for a in ordered if a.is_presiding), ordered[0])
    others = [a for a in ordered if a is not presiding]
    seats = [Seat("Centro", presiding)]
    for i, attendee in enumerate(others):
        side = "Derecha" if i % 2 == 0 else "Izquierda"
        seats.append(Seat(f"{side} {i // 2 + 1}", attendee))
    return seats


def seating_row_from_audience(seats: list[Seat]) -> list[Seat]:
    """The same seats left to right as the public sees them (the presider's right is their left)."""
    right = [s for s in seats if s.label.startswith("Derecha")]
    left = [s for s in seats if s.label.startswith("Izquierda")]
    return list(reversed(right)) + seats[:1] + left
