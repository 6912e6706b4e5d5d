from pathlib import Path

import pytest
from django.db import IntegrityError

from gabinete import permissions
from gabinete.models import Directorate, Membership, Role

#: The seed regulation, verbatim, kept in the repository (docs/seed/).
SEED = Path(__file__).resolve().parents[2] / "docs" / "seed" / "funciones-gabinete.txt"

EXPECTED_NAMES = [
    "Administración Municipal",
    "Dirección de Administración y Finanzas",
    "Dirección de Aseo",
    "Dirección de Asesoría Jurídica",
    "Dirección de Cultura, Arte y Patrimonio",
    "Dirección de Desarrollo Comunitario",
    "Dirección de Desarrollo del Turismo",
    "Dirección de Gabinete de Alcaldía",
    "Dirección de Gestión de Personas",
    "Dirección de Gestión del Riesgo de Desastres",
    "Dirección de Inspección General",
    "Dirección de Medio Ambiente y Ornato",
    "Dirección de Obras Municipales",
    "Dirección de Operaciones",
    "Dirección de Secretaría Comunal de Planificación",
    "Dirección de Secretaría Municipal",
    "Dirección de Seguridad Ciudadana",
    "Dirección de Seguridad Pública",
    "Dirección de Servicio de Salud, Educación y demás incorporados en la Gestión Municipal",
    "Dirección de Tecnología de Información",
    "Dirección de Tránsito y Transporte Público",
    "Director (s) de Control",
]


@pytest.mark.django_db
def test_the_data_migration_creates_exactly_the_22_directorates_verbatim():
    assert list(Directorate.objects.values_list("name", flat=True)) == EXPECTED_NAMES


def test_the_directorate_names_match_the_seed_regulation():
    lines = [line[2:].strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.startswith("- ")]
    assert lines == EXPECTED_NAMES


@pytest.mark.django_db
def test_every_directorate_has_a_unique_stable_slug():
    slugs = list(Directorate.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 22
    assert Directorate.objects.get(slug="gabinete-de-alcaldia").name == "Dirección de Gabinete de Alcaldía"
    assert (
        Directorate.objects.get(slug="transito-y-transporte-publico").name
        == "Dirección de Tránsito y Transporte Público"
    )


def test_a_person_cannot_hold_the_same_role_twice_in_one_directorate(user_factory, directorates):
    user = user_factory("enlace", "aseo")
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=user, directorate=directorates["aseo"], role=Role.LIAISON)


def test_roles_are_answered_per_directorate(user_factory, directorates):
    user = user_factory("enlace", "aseo")
    assert permissions.has_role(user, Role.LIAISON)
    assert permissions.has_role(user, Role.LIAISON, directorate=directorates["aseo"])
    assert not permissions.has_role(user, Role.LIAISON, directorate=directorates["operaciones"])
    assert permissions.is_member_of(user, directorates["aseo"])
    assert not permissions.is_member_of(user, directorates["operaciones"])
    assert not permissions.sees_whole_municipality(user)


@pytest.mark.parametrize("role", ["alcalde", "gabinete", "administrador"])
def test_municipality_wide_roles_see_every_directorate(user_factory, role):
    assert permissions.sees_whole_municipality(user_factory(role, "gabinete-de-alcaldia"))


def test_a_liaison_is_not_gabinete_staff(user_factory):
    assert not permissions.is_gabinete(user_factory("enlace", "aseo"))
    assert permissions.is_gabinete(user_factory("gabinete", "gabinete-de-alcaldia"))


def test_press_team_is_told_apart_from_protocol(user_factory):
    press = user_factory("gabinete", "gabinete-de-alcaldia", team="prensa")
    protocol = user_factory("gabinete", "gabinete-de-alcaldia", team="protocolo")
    assert permissions.is_gabinete_team(press, "prensa")
    assert not permissions.is_gabinete_team(protocol, "prensa")


def test_directorates_keep_their_history(directorates):
    aseo = directorates["aseo"]
    aseo.email = "aseo@example.invalid"
    aseo.save()
    assert aseo.history.count() >= 1
    assert aseo.history.first().email == "aseo@example.invalid"
