"""Demo data: a year of Transparencia Activa (planta, contracts, transfers, audits, purchase links);
some months late, one corrected, this month's planta in legal review."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from gabinete import demo
from gabinete.business_days import add_business_days

from .catalogue import ensure_catalogue
from .compliance import due_date
from .models import Action, Item, Publication, PublicationEvent, Section, Status
from .services import invalidate_public_cache
from .tables import normalise

STAFF = [
    ("Directivo", "Rojas", "Araya", "María José", 4, "Directora de Gestión de Personas", 3_412_560),
    ("Profesional", "González", "Muñoz", "Pedro Antonio", 8, "Ingeniero comercial", 2_145_300),
    ("Profesional", "Castro", "Vega", "Daniela", 9, "Abogada", 1_987_400),
    ("Técnico", "Pérez", "Soto", "Luis Alberto", 13, "Técnico en contabilidad", 1_204_850),
    ("Administrativo", "Fernández", "Rivera", "Claudia Andrea", 15, "Secretaria", 985_420),
    ("Administrativo", "Vargas", "Lagos", "Jorge", 16, "Oficial de partes", 921_300),
    ("Auxiliar", "Díaz", "Cortés", "Manuel", 18, "Chofer", 812_640),
    ("Auxiliar", "Reyes", "Pino", "Rosa Elena", 19, "Auxiliar de servicios", 768_900),
]
SUPPLIERS = [
    ("Comercial Norte Grande SpA", "76.123.456-0", "Suministro de artículos de oficina"),
    ("Constructora Caliche Ltda.", "77.654.321-7", "Reparación de veredas sector centro"),
    ("Servicios Informáticos Atacama SpA", "76.987.654-K", "Soporte de red municipal"),
    ("Transportes La Portada S.A.", "96.555.444-0", "Arriendo de buses para actividades comunitarias"),
]
RECEIVERS = [
    ("65.012.345-6", "Junta de Vecinos N° 12 Gran Vía", "Mejoramiento de sede social"),
    ("65.098.765-K", "Club Deportivo Unión Bellavista", "Implementación deportiva"),
    ("65.111.222-3", "Agrupación Cultural Changos del Norte", "Festival de música andina"),
    ("70.015.730-K", "Cuerpo de Bomberos de Antofagasta", "Subvención anual de operación"),
]


def _at(day: date, hour: int = 11) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 15)))


def _make(
    section,
    period,
    *,
    kind,
    columns=None,
    rows=None,
    links=None,
    summary="",
    by,
    legal,
    publisher,
    published_on=None,
    late_reason="",
    status=Status.PUBLISHED,
    corrects=None,
    reason="",
) -> Publication:
    prepared = published_on - timedelta(days=3) if published_on else timezone.localdate()
    number = 1 if corrects is None else corrects.number + 1
    text = normalise(
        " ".join(
            [
                section.item.name,
                section.name,
                summary,
                *(str(v) for r in rows or [] for v in r),
                *(link["title"] for link in links or []),
            ]
        )
    )
    publication = Publication.objects.create(
        section=section,
        item=section.item,
        period=period,
        number=number,
        corrects=corrects,
        correction_reason=reason,
        directorate_id=section.responsible_id,
        status=status,
        kind=kind,
        summary=summary,
        table_columns=columns or [],
        table_rows=rows or [],
        links=links or [],
        search_text=text,
        late_reason=late_reason,
        prepared_by=by,
        prepared_at=_at(prepared, 9),
        sent_at=_at(prepared, 16) if status != Status.DRAFT else None,
        approved_by=legal if status in (Status.APPROVED, Status.PUBLISHED) else None,
        approved_at=_at(published_on, 10) if published_on else None,
        published_by=publisher if status == Status.PUBLISHED else None,
        published_at=_at(published_on) if status == Status.PUBLISHED else None,
    )
    steps = [
        (Action.PREPARE if corrects is None else Action.CORRECT, by, prepared, 9, reason),
        (Action.SEND, by, prepared, 16, ""),
    ]
    if status == Status.PUBLISHED:
        steps += [(Action.APPROVE, legal, published_on, 10, ""), (Action.PUBLISH, publisher, published_on, 11, "")]
    PublicationEvent.objects.bulk_create(
        [PublicationEvent(publication=publication, action=a, by=u, at=_at(d, h), comment=c) for a, u, d, h, c in steps]
    )
    return publication


def _staff_row(columns: list[dict], staff: tuple, pay: int) -> list:
    """One person of the planta, in the section's column order (the columns are catalogue data)."""
    estamento, paterno, materno, nombres, grado, cargo, _base = staff
    values = {
        "estamento": estamento,
        "apellido_paterno": paterno,
        "apellido_materno": materno,
        "nombres": nombres,
        "grado": grado,
        "cargo": cargo,
        "region": "Región de Antofagasta",
        "unidad_monetaria": "Pesos",
        "remuneracion_bruta": pay,
        "remuneracion_liquida": round(pay * 0.8),
        "fecha_inicio": "2015-03-01",
    }
    return [values.get(c["key"], "") for c in columns]


def _columns(section):
    return [{"key": c.key, "label": c.label, "kind": c.kind} for c in section.columns.all()]


@demo.register(order=70)
def seed(ctx: demo.DemoContext) -> None:
    if Publication.objects.exists():
        return
    rng = random.Random(7)
    # Only Gestión de Personas has a demo liaison (gabinete.demo.DEMO_USERS); the other directorates'
    # history is loaded by the system administrator, as a migration of past publications would be.
    loader = ctx.users["admin"]
    users = {"enlace.finanzas": loader, "enlace.dideco": loader, "enlace.control": loader}
    legal, publisher = ctx.users["juridica"], ctx.users["jefa.gabinete"]
    ensure_catalogue()
    sections = {(s.item.letter, s.slug): s for s in Section.objects.select_related("item")}
    this_month = ctx.today.replace(day=1)
    periods = []
    p = this_month
    for _i in range(12):
        p = (p - timedelta(days=1)).replace(day=1)
        periods.append(p)
    periods.reverse()
    late_months = {periods[2], periods[6], periods[9]}

    def published_on(period):
        due = due_date(period.year, period.month)
        if period in late_months:
            return add_business_days(due, 3), "Licencia médica del enlace y falta de reemplazo designado."
        return add_business_days(due, -rng.randint(1, 5)), ""

    planta = sections[("d", "planta")]
    for n, period in enumerate(periods):
        day, late = published_on(period)
        rows = [_staff_row(_columns(planta), person, round(person[-1] * (1 + 0.004 * n))) for person in STAFF]
        _make(
            planta,
            period,
            kind="tabla",
            columns=_columns(planta),
            rows=rows,
            by=ctx.users["enlace.personas"],
            legal=legal,
            publisher=publisher,
            published_on=day,
            late_reason=late,
        )
    compras = sections[("e", "otras-compras")]
    for period in periods:
        day, late = published_on(period)
        chosen = rng.sample(SUPPLIERS, k=rng.randint(2, 4))
        rows = [
            [
                (period + timedelta(days=rng.randint(0, 25))).isoformat(),
                name,
                rut,
                "",
                what,
                rng.randint(8, 400) * 50_000,
                "",
            ]
            for name, rut, what in chosen
        ]
        _make(
            compras,
            period,
            kind="tabla",
            columns=_columns(compras),
            rows=rows,
            by=users["enlace.finanzas"],
            legal=legal,
            publisher=publisher,
            published_on=day,
            late_reason=late,
        )
    mercado = sections[("e", "mercado-publico")]
    for period in periods:
        day, late = published_on(period)
        _make(
            mercado,
            period,
            kind="enlaces",
            links=[
                {
                    "title": f"Órdenes de compra de {period:%m-%Y} en Mercado Público",
                    "url": "https://www.mercadopublico.cl/Home/BusquedaComprador",
                }
            ],
            by=users["enlace.finanzas"],
            legal=legal,
            publisher=publisher,
            published_on=day,
            late_reason=late,
        )
    transfers = sections[("f", "ley-19862")]
    corrected_period = periods[-4]
    for period in periods:
        day, late = published_on(period)
        chosen = rng.sample(RECEIVERS, k=rng.randint(1, 3))
        rows = [
            [(period + timedelta(days=rng.randint(0, 25))).isoformat(), rut, name, why, rng.randint(4, 60) * 100_000]
            for rut, name, why in chosen
        ]
        first = _make(
            transfers,
            period,
            kind="tabla",
            columns=_columns(transfers),
            rows=rows,
            by=users["enlace.dideco"],
            legal=legal,
            publisher=publisher,
            published_on=day,
            late_reason=late,
        )
        if period == corrected_period:
            fixed = [list(r) for r in rows]
            fixed[0][4] = fixed[0][4] + 1_000_000
            _make(
                transfers,
                period,
                kind="tabla",
                columns=_columns(transfers),
                rows=fixed,
                by=users["enlace.dideco"],
                legal=legal,
                publisher=publisher,
                published_on=add_business_days(day, 6),
                corrects=first,
                reason="Se corrigió el monto de la primera transferencia: el decreto de pago indica $ 1.000.000 más.",
            )
    audits = sections[("l", "auditorias")]
    for period in periods:
        day, late = published_on(period)
        _make(
            audits,
            period,
            kind=Publication.NO_MOVEMENT,
            summary="",
            by=users["enlace.control"],
            legal=legal,
            publisher=publisher,
            published_on=day,
            late_reason=late,
        )
    beneficiaries = sections[("i", "beneficiarios")]
    for period in periods[-3:]:
        day, late = published_on(period)
        rows = [
            [
                "Beca municipal de educación superior",
                name,
                "**.***." + str(rng.randint(100, 999)) + "-" + str(rng.randint(0, 9)),
                (period + timedelta(days=5)).isoformat(),
                "$ 350.000 anuales",
            ]
            for name in ("Camila Rojas T.", "Benjamín Soto A.", "Antonia Pérez M.")
        ]
        cols = [c for c in _columns(beneficiaries) if c["key"] != "domicilio"]
        _make(
            beneficiaries,
            period,
            kind="tabla",
            columns=cols,
            rows=rows,
            by=users["enlace.dideco"],
            legal=legal,
            publisher=publisher,
            published_on=day,
            late_reason=late,
        )
    # This month: planta sent to legal review (in review).
    rows = [_staff_row(_columns(planta), person, round(person[-1] * 1.05)) for person in STAFF]
    _make(
        planta,
        this_month,
        kind="tabla",
        columns=_columns(planta),
        rows=rows,
        by=ctx.users["enlace.personas"],
        legal=legal,
        publisher=publisher,
        status=Status.SENT,
    )
    for section in sections.values():
        current = section.publications.published().order_by("-period", "-number").first()
        if current:
            Section.objects.filter(pk=section.pk).update(
                current_publication=current, last_published_at=current.published_at
            )
    for item in Item.objects.all():
        last = item.publications.published().order_by("-published_at").values_list("published_at", flat=True).first()
        if last:
            Item.objects.filter(pk=item.pk).update(last_published_at=last)
    invalidate_public_cache()
    ctx.say("Transparencia Activa: un año de publicaciones de demostración.")


from . import access_demo  # noqa: E402, F401  (registers the access requests' demo, after the catalogue)
