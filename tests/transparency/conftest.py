import pytest
from django.core.cache import cache

from gabinete.business_days import clear_cache
from gabinete.models import Directorate
from tests.gabinete.people import CAST, people  # noqa: F401
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
def grounds(db):
    """The shipped denial grounds by code (re-created after a transactional test flushed them)."""
    from transparency.grounds import ensure_grounds
    from transparency.models import DenialGround

    ensure_grounds()
    return {g.code: g for g in DenialGround.objects.all()}


@pytest.fixture
def people_cast():
    """Transparency's liaison and director are Gestión de Personas': it owns the sections under test."""
    return {
        **CAST,
        "enlace": ("enlace", "gestion-de-personas", "enlace.personas"),
        "director": ("director", "gestion-de-personas", "director.personas"),
        "gabinete": ("gabinete", "gabinete-de-alcaldia", "jefa.gabinete"),
        "administrador": ("administrador", "administracion-municipal", "administrador"),
        "juridica": ("juridica", "asesoria-juridica", "juridica"),
    }
