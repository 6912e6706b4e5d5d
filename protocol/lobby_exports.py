"""The lobby register's rows for the downloads: open CSV/JSON columns and the InfoLobby layout.

`INFOLOBBY_SEED` is the column list the municipality starts with (a copy lives in the migration that
seeds `LobbyExportColumn`; migrations never import this module). Gabinete edits the list in the
admin when the Consejo para la Transparencia's load format is confirmed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .models import LobbyExportColumn, LobbyRegister

INSTITUTION = "Municipalidad de Antofagasta"

# (register, [(header, field)]) — the fields of art. 8 in the order InfoLobby's forms ask for them.
INFOLOBBY_SEED: dict[str, list[tuple[str, str]]] = {
    LobbyRegister.AUDIENCE: [
        ("Institución", "institution"),
        ("Identificador", "id"),
        ("Sujeto pasivo", "passive_subject"),
        ("Cargo", "passive_subject_office"),
        ("Fecha", "date"),
        ("Hora", "time"),
        ("Lugar", "place"),
        ("Forma", "modality"),
        ("Materia", "subject"),
        ("Asistentes", "attendee_names"),
        ("Calidad", "attendee_roles"),
        ("Representados", "on_behalf_of"),
        ("Corregido el", "corrected_on"),
        ("Motivo de la corrección", "reason"),
    ],
    LobbyRegister.TRIP: [
        ("Institución", "institution"),
        ("Identificador", "id"),
        ("Sujeto pasivo", "passive_subject"),
        ("Cargo", "passive_subject_office"),
        ("Fecha inicio", "date_start"),
        ("Fecha término", "date_end"),
        ("Destino", "destination"),
        ("Objeto", "purpose"),
        ("Costo total", "cost"),
        ("Financiado por", "paid_by"),
        ("Corregido el", "corrected_on"),
        ("Motivo de la corrección", "reason"),
    ],
    LobbyRegister.GIFT: [
        ("Institución", "institution"),
        ("Identificador", "id"),
        ("Sujeto pasivo", "passive_subject"),
        ("Cargo", "passive_subject_office"),
        ("Fecha", "date"),
        ("Tipo", "kind"),
        ("Donativo", "description"),
        ("Donante", "giver"),
        ("Ocasión", "occasion"),
        ("Corregido el", "corrected_on"),
        ("Motivo de la corrección", "reason"),
    ],
}


def ensure_export_columns() -> None:
    """Fill an empty column list with the seed (a fresh database, or after a test flushed it)."""
    if LobbyExportColumn.objects.exists():
        return
    LobbyExportColumn.objects.bulk_create(
        [
            LobbyExportColumn(register=register, position=i, header=header, field=field)
            for register, columns in INFOLOBBY_SEED.items()
            for i, (header, field) in enumerate(columns, start=1)
        ]
    )


def value_of(row: dict, field: str) -> Any:
    """One cell of an export: a published row's value, or one derived from it."""
    if field == "institution":
        return INSTITUTION
    attendees = row.get("attendees") or []
    if field == "attendees":
        return "; ".join(_attendee(a) for a in attendees)
    if field == "attendee_names":
        return "; ".join(a.get("name", "") for a in attendees)
    if field == "attendee_roles":
        return "; ".join(a.get("role", "") for a in attendees)
    value = row.get(field)
    return "" if value is None else value


def _attendee(attendee: dict) -> str:
    details = [d for d in (attendee.get("role"), attendee.get("represents")) if d]
    return f"{attendee.get('name', '')} ({'; '.join(details)})" if details else attendee.get("name", "")


def json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
