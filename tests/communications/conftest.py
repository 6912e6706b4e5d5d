import pytest


@pytest.fixture
def press(user_factory):
    return user_factory("gabinete", "gabinete-de-alcaldia", team="prensa", username="prensa.uno")


@pytest.fixture
def press2(user_factory):
    return user_factory("gabinete", "gabinete-de-alcaldia", team="prensa", username="prensa.dos")


@pytest.fixture
def protocol_staff(user_factory):
    return user_factory("gabinete", "gabinete-de-alcaldia", team="protocolo", username="protocolo.uno")


@pytest.fixture
def liaison(user_factory):
    return user_factory("enlace", "aseo", username="enlace.aseo")


@pytest.fixture
def other_liaison(user_factory):
    return user_factory("enlace", "transito-y-transporte-publico", username="enlace.transito")
