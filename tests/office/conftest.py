import pytest

from tests.gabinete.people import CAST, people  # noqa: F401


@pytest.fixture
def people_cast():
    """The office's cast: the Alcalde and Gabinete by name (the decision and the reports name them), the
    Aseo director who raises matters and is given tasks, Gestión de Personas' reviewer."""
    return {
        **CAST,
        "alcalde": ("alcalde", "gabinete-de-alcaldia", "alcalde", {"first_name": "Jonathan", "last_name": "Velásquez"}),
        "gabinete": ("gabinete", "gabinete-de-alcaldia", "jefa", {"first_name": "Carolina", "last_name": "Rojas"}),
        "protocolo": (
            "gabinete",
            "gabinete-de-alcaldia",
            "protocolo",
            {"first_name": "Matías", "last_name": "Fuentes"},
        ),
        "aseo": ("director", "aseo", "dir.aseo", {"first_name": "Rodrigo", "last_name": "Pizarro"}),
        "transito": ("director", "transito-y-transporte-publico", "dir.transito"),
        "admin": ("administrador", "administracion-municipal", "administrador"),
        "personas": ("director", "gestion-de-personas", "dir.personas", {"first_name": "Andrea", "last_name": "Soto"}),
        "juridica": ("juridica", "asesoria-juridica", "abogada"),
    }
