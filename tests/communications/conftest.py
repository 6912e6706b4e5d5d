import pytest

from gabinete.models import Membership


@pytest.fixture
def press(user_factory):
    """A press officer (not named to approve)."""
    return user_factory("gabinete", "gabinete-de-alcaldia", team="prensa", username="prensa.uno")


@pytest.fixture
def press2(user_factory):
    """A press officer Gabinete named to approve releases (Membership.approves_press_releases)."""
    user = user_factory("gabinete", "gabinete-de-alcaldia", team="prensa", username="prensa.dos")
    Membership.objects.filter(user=user).update(approves_press_releases=True)
    return user


@pytest.fixture
def press3(user_factory):
    """Another press officer, not named to approve."""
    return user_factory("gabinete", "gabinete-de-alcaldia", team="prensa", username="prensa.tres")


@pytest.fixture
def chief(user_factory):
    """The Jefa de Gabinete: approves by her area (Jefatura de Gabinete), no flag needed."""
    return user_factory("gabinete", "gabinete-de-alcaldia", team="jefatura", username="jefa.gabinete")


@pytest.fixture
def protocol_staff(user_factory):
    return user_factory("gabinete", "gabinete-de-alcaldia", team="protocolo", username="protocolo.uno")


@pytest.fixture
def liaison(user_factory):
    return user_factory("enlace", "aseo", username="enlace.aseo")


@pytest.fixture
def other_liaison(user_factory):
    return user_factory("enlace", "transito-y-transporte-publico", username="enlace.transito")
