"""vCard 3.0 (RFC 2426) export of press contacts, for mail and phone address books."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Journalist


def _escape(value: str) -> str:
    return (
        str(value or "")
        .replace("\\", "\\\\")
        .replace("\n", "\\n")
        .replace("\r", "")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (RFC 2426 §2.6)."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def journalist_vcard(j: Journalist) -> str:
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{_escape(j.last_name)};{_escape(j.first_name)};;;",
        f"FN:{_escape(j.full_name)}",
        f"ORG:{_escape(j.outlet.name)}",
    ]
    if j.position:
        lines.append(f"TITLE:{_escape(j.position)}")
    if j.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{_escape(j.email)}")
    if j.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{_escape(j.phone)}")
    if j.beat:
        lines.append(f"NOTE:{_escape('Área: ' + j.beat)}")
    lines.append(f"CATEGORIES:{_escape(j.outlet.get_kind_display())}")
    lines.append("END:VCARD")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def journalists_vcard(rows: Iterable[Journalist]) -> str:
    return "".join(journalist_vcard(j) for j in rows)
