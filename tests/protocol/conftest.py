import pytest

from protocol.precedence import ensure_precedence


@pytest.fixture
def precedence(db):
    """The regional list (DS 537 art. 75 letra B, as seeded) by its place: precedence[11] is the Alcalde."""
    ensure_precedence()
    from protocol.models import PrecedenceCategory, PrecedenceScope

    return {c.order: c for c in PrecedenceCategory.objects.filter(scope=PrecedenceScope.REGIONAL)}


@pytest.fixture
def precedence_by_name(db):
    """The whole seeded table, national block included, by category name."""
    ensure_precedence()
    from protocol.models import PrecedenceCategory

    return {c.name: c for c in PrecedenceCategory.objects.all()}


@pytest.fixture
def protocol_user(user_factory):
    return user_factory("gabinete", "gabinete-de-alcaldia", team="protocolo", username="protocolo.t")


@pytest.fixture
def mayor(user_factory):
    return user_factory("alcalde", "gabinete-de-alcaldia", username="alcalde.t")


@pytest.fixture
def aseo_director(user_factory):
    return user_factory("director", "aseo", username="director.aseo.t")


@pytest.fixture
def transito_liaison(user_factory):
    return user_factory("enlace", "transito-y-transporte-publico", username="enlace.transito.t")
