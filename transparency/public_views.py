"""Transparencia Activa — the public pages (no login): items in legal order, each item's content and
history by month, open-format downloads, search.

Pages are cacheable: a single "stamp" (the last change to what the public sees) gives Last-Modified
and the ETag; conditional requests get 304, and rendered pages are kept in the cache under the stamp,
which publication drops (services.invalidate_public_cache).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.db.models import Max
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from gabinete import exports
from gabinete.conditional import Stamp, public_page, shared_stamp

from . import selectors
from .models import Document, Item, Publication, Section, Status
from .services import PUBLIC_STAMP_KEY
from .tables import format_cell
from .views import month_name

PAGE_TTL = 60 * 60


def _compute_stamp() -> tuple[float, None]:
    values = [
        Item.objects.aggregate(a=Max("updated_at"), b=Max("last_published_at")),
        Section.objects.aggregate(a=Max("updated_at"), b=Max("last_published_at")),
    ]
    moments = [v for agg in values for v in agg.values() if v is not None]
    return (max(moments).timestamp() if moments else 0.0), None


def public_stamp() -> float:
    """The last change to what the public sees, kept in the shared cache (`gabinete.conditional.shared_stamp`):
    every write that changes it forgets it (`services.invalidate_public_cache`), so a hit asks no query."""
    return shared_stamp(PUBLIC_STAMP_KEY, _compute_stamp)


def lobby_stamp() -> float:
    """The lobby register changes in the protocol app, which keeps its stamp in the shared cache too."""
    from protocol.public import lobby_last_modified

    moment = lobby_last_modified()
    return moment.timestamp() if moment else 0.0


def _stamp(moment: float) -> Stamp:
    return Stamp(datetime.fromtimestamp(moment, tz=UTC) if moment else None, repr(moment))


def _public_stamp(request, *args, **kwargs) -> Stamp:
    return _stamp(public_stamp())


def _lobby_stamp(request, *args, **kwargs) -> Stamp:
    return _stamp(lobby_stamp())


def public_cached(view, stamp_func=_public_stamp):
    """A public page: conditional GET and the rendered-page cache keyed by the stamp (`gabinete.conditional`).
    Browsers keep it but ask again every time (max-age 0), which a 304 answers cheaply."""
    return login_not_required(public_page(stamp_func, cache_prefix="transparency:page", cache_seconds=PAGE_TTL)(view))


def _item_or_404(letter: str) -> Item:
    return get_object_or_404(Item.objects.select_related("directorate"), letter=letter)


def _past_period_or_404(year: int, month: int) -> date:
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    period = date(year, month, 1)
    if period > timezone.localdate().replace(day=1):
        raise Http404
    return period


def _search_text(raw: str) -> str:
    """The search box's text without invisible control characters pasted with it (so the words
    still match), at most 100 characters. A NUL never gets here: the middleware refuses it."""
    return "".join(ch for ch in raw if unicodedata.category(ch) != "Cc").strip()[:100]


@public_cached
def public_index(request):
    """Transparencia Activa — Municipalidad de Antofagasta."""
    query = _search_text(request.GET.get("q", ""))
    context = {"items": selectors.public_items(), "query": query}
    if query:
        context["found_items"], context["found_publications"] = selectors.public_search(query)
    last = max((i.last_published_at for i in context["items"] if i.last_published_at), default=None)
    context["last_update"] = last
    return render(request, "transparency/public/index.html", context)


@public_cached
def item_detail(request, letter: str):
    item = _item_or_404(letter)
    return render(
        request,
        "transparency/public/item.html",
        {
            "item": item,
            "sections": selectors.item_current_sections(item),
            "link_sections": item.sections.filter(is_active=True).exclude(link_url="").order_by("order"),
            "history": selectors.item_history(item),
            "corrections": selectors.item_corrections(item),
            "month_name": month_name,
        },
    )


@public_cached
def item_month(request, letter: str, year: int, month: int):
    item = _item_or_404(letter)
    period = _past_period_or_404(year, month)
    sections = selectors.item_month_sections(item, period)
    has_publications = any(s.publications for s in sections)
    context = {
        "item": item,
        "period": period,
        "period_name": month_name(period),
        "sections": sections,
        "has_publications": has_publications,
    }
    if not has_publications:
        return render(request, "transparency/public/item_month.html", context, status=404)
    return render(request, "transparency/public/item_month.html", context)


def _table_publication(letter: str, section_slug: str, year: int, month: int, version: str | None) -> Publication:
    period = _past_period_or_404(year, month)
    found = (
        Publication.objects.published()
        .filter(item__letter=letter, section__slug=section_slug, period=period, kind="tabla")
        .select_related("section", "item")
    )
    if version:
        try:
            found = found.filter(number=int(version))
        except ValueError:
            raise Http404 from None
    publication = found.order_by("-number").first()
    if publication is None:
        raise Http404
    return publication


def _filename(publication: Publication, ext: str) -> str:
    return f"transparencia-{publication.item.letter}-{publication.section.slug}-{publication.period:%Y-%m}-v{publication.number}.{ext}"


@public_cached
def table_csv(request, letter: str, section: str, year: int, month: int):
    publication = _table_publication(letter, section, year, month, request.GET.get("version"))
    columns = publication.table_columns
    # Decimals are stored as text ("-12.5"): they go out as numbers, not as text to neutralise.
    decimal = [c["kind"] == "decimal" for c in columns]
    rows = (
        [Decimal(v) if is_decimal and v not in (None, "") else v for v, is_decimal in zip(row, decimal, strict=False)]
        for row in publication.table_rows
    )
    return exports.csv_response(
        _filename(publication, "csv"), [c["label"] for c in columns], rows, fmt=exports.OPEN_DATA
    )


@public_cached
def table_json(request, letter: str, section: str, year: int, month: int):
    publication = _table_publication(letter, section, year, month, request.GET.get("version"))
    data = {
        "organismo": "Municipalidad de Antofagasta",
        "item": publication.item.letter,
        "item_nombre": publication.item.name,
        "seccion": publication.section.name,
        # «periodo» (the update month) stays for existing readers; the two dates are named too.
        "periodo": f"{publication.period:%Y-%m}",
        "mes_actualizacion": f"{publication.period:%Y-%m}",
        "informacion_al": publication.reported_through.isoformat(),
        "periodo_descripcion": publication.period_label,
        "version": publication.number,
        "corrige_version": publication.corrects.number if publication.corrects_id else None,
        "motivo_correccion": publication.correction_reason or None,
        "publicado": timezone.localtime(publication.published_at).isoformat() if publication.published_at else None,
        "columnas": publication.table_columns,
        "filas": publication.table_records,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'inline; filename="{_filename(publication, "json")}"'
    return response


@login_not_required
def document(request, pk: int):
    """A published PDF (public); documents of versions not yet published are not served here."""
    found = get_object_or_404(Document.objects.filter(publication__status=Status.PUBLISHED), pk=pk)
    from gabinete.uploads import protected_file_response

    response = protected_file_response(found.file, f"{found.title[:80]}.pdf", inline=True)
    response["Cache-Control"] = "public, max-age=86400"
    return response


def formatted_rows(publication: Publication, limit: int | None = None) -> list[list[str]]:
    columns = publication.table_columns
    rows = publication.table_rows if limit is None else publication.table_rows[:limit]
    return [[format_cell(v, c["kind"]) for v, c in zip(row, columns, strict=False)] for row in rows]


# --- Ley 20.730 lobby register (from the protocol app) ------------------------------------------


def _lobby_period(request) -> tuple[int | None, int | None, str]:
    """?mes=AAAA-MM (a month) or ?anio=AAAA (a year); a future or malformed period is a 404."""
    raw = request.GET.get("mes", "").strip()
    year_raw = request.GET.get("anio", "").strip()
    today = timezone.localdate()
    try:
        if raw:
            year, month = (int(x) for x in raw.split("-"))
            _past_period_or_404(year, month)
            return year, month, raw
        if year_raw:
            year = int(year_raw)
            if not 2015 <= year <= today.year:
                raise Http404
            return year, None, ""
    except ValueError:
        raise Http404 from None
    return None, None, ""


def _lobby_months() -> list[date]:
    today = timezone.localdate().replace(day=1)
    months, p = [], today
    for _i in range(24):
        months.append(p)
        p = (p - timedelta(days=1)).replace(day=1)
    return months


#: (URL part of a register) → (key in `protocol.public.lobby_register`, register code, open-data columns).
LOBBY_PARTS = {
    "audiencias": (
        "audiences",
        "audiencia",
        [
            ("passive_subject", "Sujeto pasivo"),
            ("passive_subject_office", "Cargo"),
            ("date", "Fecha"),
            ("time", "Hora"),
            ("place", "Lugar"),
            ("modality", "Modalidad"),
            ("on_behalf_of", "A nombre de quién se gestionan intereses"),
            ("subject", "Materia"),
            ("attendees", "Asistentes (calidad; representa)"),
            ("corrected_on", "Corregido el"),
            ("reason", "Motivo de la corrección"),
        ],
    ),
    "viajes": (
        "trips",
        "viaje",
        [
            ("passive_subject", "Sujeto pasivo"),
            ("passive_subject_office", "Cargo"),
            ("date_start", "Fecha de inicio"),
            ("date_end", "Fecha de término"),
            ("destination", "Destino"),
            ("purpose", "Objeto"),
            ("cost", "Costo (CLP)"),
            ("paid_by", "Financiado por"),
            ("corrected_on", "Corregido el"),
            ("reason", "Motivo de la corrección"),
        ],
    ),
    "donativos": (
        "gifts",
        "donativo",
        [
            ("passive_subject", "Sujeto pasivo"),
            ("passive_subject_office", "Cargo"),
            ("date", "Fecha"),
            ("kind", "Tipo"),
            ("description", "Donativo"),
            ("giver", "Donante"),
            ("occasion", "Ocasión"),
            ("corrected_on", "Corregido el"),
            ("reason", "Motivo de la corrección"),
        ],
    ),
}


@dataclass(frozen=True)
class LobbyFilter:
    """What the public asked of the lobby register: a period, a passive subject, one register."""

    year: int | None
    month: int | None
    selected_month: str
    subject: dict | None
    part: str  # "" = the three registers

    def query(self, *, without: str = "") -> str:
        """The filter as a query string (for downloads and the links that change one part of it)."""
        params = {
            "mes": self.selected_month if without != "mes" else "",
            "anio": str(self.year) if self.year and not self.month and without != "mes" else "",
            "sujeto": str(self.subject["id"]) if self.subject and without != "sujeto" else "",
            "registro": self.part if without != "registro" else "",
        }
        kept = urlencode({k: v for k, v in params.items() if v})
        return f"?{kept}" if kept else ""

    @property
    def suffix(self) -> str:
        period = self.selected_month or (str(self.year) if self.year else "")
        parts = [str(self.subject["id"]) if self.subject else "", period]
        return "".join(f"-{p}" for p in parts if p)


def _lobby_filter(request, subjects: list[dict]) -> LobbyFilter:
    """?mes=AAAA-MM or ?anio=AAAA, ?sujeto=<n.°>, ?registro=audiencias|viajes|donativos; anything else a 404."""
    year, month, selected = _lobby_period(request)
    raw_subject = request.GET.get("sujeto", "").strip()
    subject = None
    if raw_subject:
        subject = next((s for s in subjects if str(s["id"]) == raw_subject), None)
        if subject is None:
            raise Http404
    part = request.GET.get("registro", "").strip()
    if part and part not in LOBBY_PARTS:
        raise Http404
    return LobbyFilter(year=year, month=month, selected_month=selected, subject=subject, part=part)


def _lobby_page(request):
    from protocol.public import infolobby_layout, lobby_closings, lobby_register, passive_subjects

    subjects = passive_subjects()
    chosen = _lobby_filter(request, subjects)
    subject_id = chosen.subject["id"] if chosen.subject else None
    register = lobby_register(year=chosen.year, month=chosen.month, subject_id=subject_id)
    names = {s["id"]: s for s in subjects}
    sections = [
        {
            "part": part,
            "key": key,
            "register": code,
            "rows": register[key],
            "empty_months": [],
        }
        for part, (key, code, _columns) in LOBBY_PARTS.items()
        if not chosen.part or chosen.part == part
    ]
    closings = lobby_closings(year=chosen.year, month=chosen.month, subject_id=subject_id) if chosen.month else []
    for section in sections:
        section["closings"] = [
            {**c, "subject": names.get(c["subject_id"])}
            for c in closings
            if c["register"] == section["register"] and c["subject_id"] in names
        ]
    return render(
        request,
        "transparency/public/lobby.html",
        {
            "subjects": subjects,
            "chosen": chosen,
            "sections": sections,
            "show_subject_column": chosen.subject is None,
            "months": _lobby_months(),
            "period_name": month_name(date(chosen.year, chosen.month, 1))
            if chosen.month
            else (str(chosen.year) if chosen.year else ""),
            "query": chosen.query(),
            "infolobby_layout": infolobby_layout(),
        },
    )


lobby = public_cached(_lobby_page, stamp_func=_lobby_stamp)


def _lobby_rows(request, part: str) -> tuple[LobbyFilter, list[dict]]:
    from protocol.public import lobby_register, passive_subjects

    if part not in LOBBY_PARTS:
        raise Http404
    chosen = _lobby_filter(request, passive_subjects())
    key = LOBBY_PARTS[part][0]
    subject_id = chosen.subject["id"] if chosen.subject else None
    return chosen, lobby_register(year=chosen.year, month=chosen.month, subject_id=subject_id)[key]


def _lobby_csv(request, part: str):
    from protocol.public import value_of

    chosen, rows = _lobby_rows(request, part)
    columns = LOBBY_PARTS[part][2]
    lines = [[value_of(row, field) for field, _label in columns] for row in rows]
    return exports.csv_response(
        f"lobby-{part}{chosen.suffix}.csv", [label for _k, label in columns], lines, fmt=exports.OPEN_DATA
    )


lobby_csv = public_cached(_lobby_csv, stamp_func=_lobby_stamp)


def _lobby_infolobby(request, part: str):
    """The register in the column layout of the CPLT's InfoLobby platform (editable data in protocol)."""
    from protocol.public import infolobby_columns, value_of

    chosen, rows = _lobby_rows(request, part)
    columns = infolobby_columns(LOBBY_PARTS[part][1])
    lines = [[value_of(row, field) for _header, field in columns] for row in rows]
    return exports.csv_response(
        f"infolobby-{part}{chosen.suffix}.csv", [header for header, _f in columns], lines, fmt=exports.OPEN_DATA
    )


lobby_infolobby = public_cached(_lobby_infolobby, stamp_func=_lobby_stamp)


def _lobby_json(request, part: str):
    """The same register as the CSV, in JSON (each row with its version, correction date and reason)."""
    from protocol.public import json_value

    chosen, rows = _lobby_rows(request, part)
    data = {
        "organismo": "Municipalidad de Antofagasta",
        "registro": part,
        "periodo": chosen.selected_month or (str(chosen.year) if chosen.year else None),
        "sujeto_pasivo": chosen.subject["name"] if chosen.subject else None,
        "filas": [{k: json_value(v) for k, v in row.items()} for row in rows],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'inline; filename="lobby-{part}{chosen.suffix}.json"'
    return response


lobby_json = public_cached(_lobby_json, stamp_func=_lobby_stamp)

#: The public history page of one record, by register (the URL part of protocol's registers).
LOBBY_HISTORY_TITLES = {"audiencia": "audiences", "viaje": "trips", "donativo": "gifts"}


def _lobby_history(request, register: str, pk: int):
    """Every published version of one lobby record: the one shown now, and those it corrected."""
    from protocol.public import lobby_record_history

    if register not in LOBBY_HISTORY_TITLES:
        raise Http404
    versions = lobby_record_history(register=register, record_id=pk)
    if not versions:
        raise Http404
    return render(
        request,
        "transparency/public/lobby_history.html",
        {"versions": versions, "register": register, "key": LOBBY_HISTORY_TITLES[register]},
    )


lobby_history = public_cached(_lobby_history, stamp_func=_lobby_stamp)
