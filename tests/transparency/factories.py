"""Helpers to build publications through the real services."""

from datetime import date

from transparency import services
from transparency.models import Action
from transparency.services import Content
from transparency.tables import parse_table

PLANTA_CSV = (
    "Estamento;Apellido paterno;Apellido materno;Nombres;Grado EUS;Cargo o función;Remuneración bruta mensualizada;Fecha de inicio\n"
    "Profesional;González;Muñoz;Pedro;8;Ingeniero;2.145.300;01-03-2015\n"
    "Técnico;Pérez;Soto;Luis;13;Técnico;1.204.850;15-06-2019\n"
)


def planta_content(text: str = PLANTA_CSV, section=None) -> Content:
    table = parse_table(text.encode("utf-8"), "planta.csv", list(section.columns.all()))
    return Content(kind="tabla", table=table, source_name="planta.csv")


def published(section, period: date, people, text: str = PLANTA_CSV):
    """A publication taken through the whole workflow by the people fixture."""
    pub = services.publication_prepare(
        section=section, period=period, content=planta_content(text, section), by=people["enlace"]
    )
    services.publication_transition(
        action=Action.SEND, publication=pub, by=people["director"], late_reason="Atraso de prueba"
    )
    services.publication_transition(action=Action.APPROVE, publication=pub, by=people["juridica"])
    return services.publication_transition(action=Action.PUBLISH, publication=pub, by=people["gabinete"])
