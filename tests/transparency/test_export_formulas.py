"""The public transparency CSVs (tables and the lobby register) neutralise formulas; numbers,
negative ones too, stay numbers."""

import csv
import io
from datetime import date

import pytest

from tests.hostile_cells import HOSTILE, neutralised

from .factories import published
from .test_views import last_month

HEADER = "Estamento;Apellido paterno;Apellido materno;Nombres;Grado EUS;Cargo o función;Remuneración bruta mensualizada;Fecha de inicio\n"


def _quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


@pytest.mark.date_sensitive
def test_public_table_csv_neutralises_formulas(client, catalogue, people):
    period = last_month()
    lines = [f"Profesional;{_quoted(v)};Muñoz;Pedro;8;Ingeniero;2.145.300;01-03-2015\n" for v in HOSTILE]
    published(catalogue[("d", "planta")], period, people, text=HEADER + "".join(lines))
    response = client.get(f"/transparencia-activa/d/planta/{period.year}/{period.month}.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    # The upload keeps text trimmed: "\t=1" arrived as "=1".
    assert sorted(r[1] for r in rows[1:]) == sorted(neutralised(v.strip()) for v in HOSTILE)
    assert {r[6] for r in rows[1:]} == {"2145300"}


@pytest.mark.parametrize(
    "url", ["/transparencia-activa/lobby/viajes.csv", "/transparencia-activa/lobby/viajes/infolobby.csv"]
)
def test_public_lobby_csvs_neutralise_formulas_and_keep_costs_numbers(client, db, url):
    from tests.protocol.factories import LobbyTripFactory
    from tests.transparency.test_lobby import _publish

    for v in HOSTILE:
        _publish(LobbyTripFactory(date_start=date(2026, 3, 2), destination=v, purpose=v, paid_by=v, cost=845_000))
    text = client.get(url).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0]
    destination = header.index("Destino")
    cost = header.index("Costo (CLP)" if "Costo (CLP)" in header else "Costo total")
    assert sorted(r[destination] for r in rows[1:]) == sorted(neutralised(v) for v in HOSTILE)
    assert {r[cost] for r in rows[1:]} == {"845000"}


@pytest.mark.date_sensitive
def test_public_table_csv_writes_negative_decimals_as_numbers(client, catalogue, people, user_factory):
    finance = {
        **people,
        "enlace": user_factory("enlace", "administracion-y-finanzas", username="enlace.finanzas"),
        "director": user_factory("director", "administracion-y-finanzas", username="director.finanzas"),
    }
    period = last_month()
    text = (
        "Subtítulo;Denominación;Presupuesto vigente;Devengado acumulado;Porcentaje de ejecución\n"
        "22;=Bienes y servicios;1.000.000;-35.000;-3,5\n"
    )
    published(catalogue[("k", "ejecucion")], period, finance, text=text)
    response = client.get(f"/transparencia-activa/k/ejecucion/{period.year}/{period.month}.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows[1] == ["22", "'=Bienes y servicios", "1000000", "-35000", "-3.5"]
