"""The one `people` fixture: the cast of a test, by the part each person plays.

`people["enlace"]` is created the first time a test names it (so a test holds exactly the people it
uses), from one table, `CAST`: key → (role, directorate slug, username), optionally followed by the
person's other fields (`{"first_name": "Carolina", "last_name": "Rojas"}`) when a test reads them. A test folder whose story
needs someone else in a part overrides `people_cast` in its conftest (transparency: its liaison and
director are Gestión de Personas', which owns the sections under test). Import both fixtures in the
conftest of a folder that uses them:

    from tests.gabinete.people import people, people_cast  # noqa: F401
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pytest

#: One part: (role, directorate slug, username) or (role, directorate slug, username, other fields).
Part = tuple[str, str, str] | tuple[str, str, str, dict[str, str]]

#: key -> part
CAST: dict[str, Part] = {
    "enlace": ("enlace", "aseo", "camila"),
    "director": ("director", "aseo", "rodrigo"),
    "other": ("enlace", "aseo", "tomas"),
    "enlace_aseo": ("enlace", "aseo", "enlace.aseo"),
    "director_aseo": ("director", "aseo", "director.aseo"),
    "other_enlace": ("enlace", "transito-y-transporte-publico", "felipe"),
    "gabinete": ("gabinete", "gabinete-de-alcaldia", "carolina"),
    "gabinete2": ("gabinete", "gabinete-de-alcaldia", "matias"),
    "alcalde": ("alcalde", "gabinete-de-alcaldia", "alcalde"),
    "administrador": ("administrador", "administracion-municipal", "hernan"),
    "juridica": ("juridica", "asesoria-juridica", "abogada"),
}


class People(Mapping):
    """The cast, each person created on first use."""

    def __init__(self, cast: Mapping[str, Part], user_factory):
        self._cast = cast
        self._make = user_factory
        self._made: dict = {}

    def __getitem__(self, key: str):
        if key not in self._made:
            role, slug, username, *more = self._cast[key]
            fields = more[0] if more else {}
            self._made[key] = self._make(role, slug, username=username, **fields)
        return self._made[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._cast)

    def __len__(self) -> int:
        return len(self._cast)


@pytest.fixture
def people_cast() -> Mapping[str, Part]:
    return CAST


@pytest.fixture
def people(user_factory, people_cast) -> People:
    return People(people_cast, user_factory)
