import pytest
from django.core.cache import cache

from tests.gabinete.people import people, people_cast  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The Informe de Gestión is cached by its data's fingerprint; a rolled-back test database can give
    the next test the same ids and counts, so no test may see another's cached document."""
    cache.clear()
    yield
    cache.clear()
