import pytest
from django.core.cache import cache

from gabinete.business_days import clear_cache
from gabinete.models import Directorate
from transparency.catalogue import seed_catalogue
from transparency.models import Column, Item, Section


@pytest.fixture(autouse=True)
def _clean_caches():
    cache.clear()
    clear_cache()
    yield
    cache.clear()
    clear_cache()


@pytest.fixture
def catalogue(directorates):
    """The shipped catalogue (re-created after a transactional test flushed it)."""
    seed_catalogue(Item, Section, Column, Directorate)
    return {(s.item.letter, s.slug): s for s in Section.objects.select_related("item", "item__directorate")}


@pytest.fixture
def people(user_factory):
    return {
        "enlace": user_factory("enlace", "gestion-de-personas", username="enlace.personas"),
        "director": user_factory("director", "gestion-de-personas", username="director.personas"),
        "enlace_aseo": user_factory("enlace", "aseo", username="enlace.aseo"),
        "director_aseo": user_factory("director", "aseo", username="director.aseo"),
        "juridica": user_factory("juridica", "asesoria-juridica", username="juridica"),
        "gabinete": user_factory("gabinete", "gabinete-de-alcaldia", username="jefa.gabinete"),
        "administrador": user_factory("administrador", "administracion-municipal", username="administrador"),
    }
