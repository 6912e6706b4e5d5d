"""The order of precedence (DS 537 de 2001, RREE, art. 75 letra B) and the ceremonial conventions.

The table is data (`PrecedenceCategory`) that Gabinete edits; `PRECEDENCE` is the seed: a national
block (national authorities keep their national place when they attend) above the regional list,
with today's names of the offices renamed since 2021. Sorting rules: the national block first, then
category order, then seniority where the category says so (earliest start in office first), then
name; a position fixed by Gabinete on the event (`manual_position`) wins.

Ceremonial conventions (LEGAL.md): the host (dueño de casa) opens with the welcome; the other
speeches go in inverse order of precedence, so the highest authority present, or the guest of
honour when there is one, speaks last; the presiding authority sits at the centre and the others
alternate right and left of it in order. Host and presiding authority are separate roles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: The values of `PrecedenceScope` (this module imports the models lazily; a test keeps them equal).
N, R = "nacional", "regional"

# (scope, order, name, note, by_seniority, placement_confirmed). The regional rows of the first seed
# live in migration 0002, the rows added after it in migration 0004 (migrations never import this).
PRECEDENCE = [
    # The national block (DS 537 art. 75 letra A / Decreto 171 de 2016): its exact order is to be
    # confirmed with Gabinete, so every row starts "ubicación por confirmar".
    (N, 1, "Presidente/a de la República", "", False, False),
    (N, 2, "Presidente/a del Senado", "", False, False),
    (N, 3, "Presidente/a de la Corte Suprema", "", False, False),
    (N, 4, "Presidente/a de la Cámara de Diputadas y Diputados", "Cámara de Diputados en el DS 537.", False, False),
    (
        N,
        5,
        "Ministros de Estado (según el orden legal de los ministerios)",
        "Si asisten dos o más, fije la posición de cada uno en la actividad según el orden legal de los ministerios.",
        False,
        False,
    ),
    (N, 6, "Subsecretarios/as", "", False, False),
    (
        N,
        7,
        "Comandantes en Jefe de las FF.AA., General Director/a de Carabineros y Director/a General de la PDI",
        "",
        False,
        False,
    ),
    (N, 8, "Senadores de otras circunscripciones", "", True, False),
    (N, 9, "Diputados de otros distritos", "", True, False),
    # The regional list (DS 537 art. 75 letra B), with today's names of the offices renamed since 2021.
    (
        R,
        1,
        "Delegado/a Presidencial Regional",
        "Antes Intendente Regional (DS 537). Al Gobernador/a Regional electo/a lo ubica Gabinete.",
        False,
        True,
    ),
    (
        R,
        2,
        "Gobernador/a Regional",
        "Cargo electo desde 2021; el DS 537 no lo ubica y no se conoce norma que lo haga: lo ubica Gabinete.",
        False,
        False,
    ),
    (R, 3, "Senadores de la circunscripción", "", True, True),
    (R, 4, "Diputados del distrito", "", True, True),
    (R, 5, "Presidente/a de la Corte de Apelaciones", "", False, True),
    (R, 6, "Contralor/a Regional", "", False, True),
    (R, 7, "Fiscal Regional del Ministerio Público", "", False, True),
    (R, 8, "Delegado/a Presidencial Provincial", "Antes Gobernador Provincial (DS 537).", False, True),
    (R, 9, "Oficiales Generales de las FF.AA. y de Orden y Seguridad y/o Comandante de Guarnición", "", True, True),
    (R, 10, "Arzobispo u Obispo diocesano y dignatarios equivalentes de otras iglesias", "", False, True),
    (R, 11, "Alcalde", "", False, True),
    (
        R,
        12,
        "Oficiales Superiores de las FF.AA. y de Orden y Seguridad Pública",
        "Figura en una de las copias publicadas del art. 75 letra B y no en la otra.",
        True,
        False,
    ),
    (R, 13, "Ministros y Fiscal de la Corte de Apelaciones", "", False, True),
    (R, 14, "Concejales y Consejeros Regionales", "", False, True),
    (R, 15, "Decano del Cuerpo Consular", "", False, True),
    (R, 16, "Rectores de universidades", "", False, True),
    (R, 17, "Tesorero/a Regional", "", False, True),
    (R, 18, "Cónsules extranjeros", "", False, True),
    (R, 19, "Secretarios Regionales Ministeriales", "", False, True),
    (R, 20, "Jefes de servicios públicos", "", False, True),
    (R, 21, "Jueces de letras", "", False, True),
    (R, 22, "Jueces de policía local", "", False, True),
    (R, 23, "Oficiales de las FF.AA. y de Orden y Seguridad", "", True, True),
]

#: Sort rank of each scope: the national block before the regional list.
SCOPE_RANK = {N: 0, R: 1}


def ensure_precedence() -> None:
    """Fill an empty table with the seed (after a test flushed it, or on a fresh database)."""
    from .models import PrecedenceCategory

    if PrecedenceCategory.objects.exists():
        return
    PrecedenceCategory.objects.bulk_create(
        [
            PrecedenceCategory(scope=scope, order=o, name=n, note=note, by_seniority=s, placement_confirmed=confirmed)
            for scope, o, n, note, s, confirmed in PRECEDENCE
        ]
    )


def _name_key(name: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))


def precedence_key(attendee) -> tuple:
    """Sort key of one attendee (its category must be loaded: select_related("category"))."""
    category = attendee.category
    if category is None:
        return (len(SCOPE_RANK), 10_000, date.max, _name_key(attendee.name))
    seniority = attendee.seniority_since if category.by_seniority and attendee.seniority_since else date.max
    return (SCOPE_RANK.get(category.scope, len(SCOPE_RANK)), category.order, seniority, _name_key(attendee.name))


def order_of_precedence(attendees) -> list:
    """Attendees from first to last in precedence; fixed positions (1-based) placed where fixed."""
    free = sorted((a for a in attendees if a.manual_position is None), key=precedence_key)
    fixed = sorted((a for a in attendees if a.manual_position is not None), key=lambda a: a.manual_position)
    result = list(free)
    for attendee in fixed:
        result.insert(min(attendee.manual_position - 1, len(result)), attendee)
    return result


class SpeechRole:
    """Why a speaker is where they are in the speaking order (the label the protocol sheet shows)."""

    WELCOME = "welcome"
    GUEST_OF_HONOUR = "guest_of_honour"
    HIGHEST = "highest"
    IN_ORDER = "in_order"


@dataclass(frozen=True)
class Speech:
    attendee: object
    role: str

    @property
    def label(self) -> str:
        from django.utils.translation import gettext

        return {
            SpeechRole.WELCOME: gettext("Abre: saludo del dueño de casa"),
            SpeechRole.GUEST_OF_HONOUR: gettext("Cierra: invitado/a de honor"),
            SpeechRole.HIGHEST: gettext("Cierra: autoridad de mayor precedencia presente"),
            SpeechRole.IN_ORDER: "",
        }[self.role]


def speaking_order(ordered: list) -> list[Speech]:
    """Who speaks, first to last: the host opens with the welcome; the others go in inverse order of
    precedence (as Gabinete left it, fixed positions included), so the highest authority present
    speaks last, unless there is a guest of honour: then the guest of honour closes."""
    host = next((a for a in ordered if a.is_host), None)
    guest = next((a for a in ordered if a.is_guest_of_honour and a is not host), None)
    middle = [a for a in reversed(ordered) if a is not host and a is not guest]
    speeches = [Speech(host, SpeechRole.WELCOME)] if host is not None else []
    if guest is not None:
        speeches += [Speech(a, SpeechRole.IN_ORDER) for a in middle]
        speeches.append(Speech(guest, SpeechRole.GUEST_OF_HONOUR))
    elif middle:
        speeches += [Speech(a, SpeechRole.IN_ORDER) for a in middle[:-1]]
        speeches.append(Speech(middle[-1], SpeechRole.HIGHEST))
    return speeches


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
    seats = [Seat("Centro", presiding)]  # the presiding authority (the first in order if none is marked)
    for i, attendee in enumerate(others):
        side = "Derecha" if i % 2 == 0 else "Izquierda"
        seats.append(Seat(f"{side} {i // 2 + 1}", attendee))
    return seats


def seating_row_from_audience(seats: list[Seat]) -> list[Seat]:
    """The same seats left to right as the public sees them (the presider's right is their left)."""
    right = [s for s in seats if s.label.startswith("Derecha")]
    left = [s for s in seats if s.label.startswith("Izquierda")]
    return list(reversed(right)) + seats[:1] + left


# --- attendees that look like an authority ----------------------------------------------------------

#: Words of an office that usually has a place in the table (compared without accents or case, as
#: whole words): an attendee with such an office and no category gets a warning on save.
AUTHORITY_WORDS = frozenset(
    """
    presidente presidenta ministro ministra subsecretario subsecretaria senador senadora diputado diputada
    gobernador gobernadora delegado delegada intendente intendenta seremi juez jueza fiscal
    contralor contralora general generala comandante almirante coronel prefecto prefecta obispo
    arzobispo consul consula rector rectora concejal concejala consejero consejera alcalde alcaldesa
    embajador embajadora tesorero tesorera
    """.split()
)


def looks_like_authority(office: str) -> bool:
    """Whether `office` names an office that usually has a category of precedence."""
    import re

    return any(word in AUTHORITY_WORDS for word in re.findall(r"\w+", _name_key(office)))
