"""Scale data for `make bench` (issue 9): 22 directorates × 25 indicators × 120 monthly values at
scale 1, and the pages whose speed the indicators issue names."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from gabinete.devtools import bench
from gabinete.models import Directorate
from indicators.models import (
    Indicator,
    IndicatorYear,
    Measurement,
    MeasurementStatus,
    Period,
    Periodicity,
    Unit,
)
from indicators.status import Direction

BATCH = 5000


@bench.generator(order=60)
def generate(ctx: bench.ScaleContext) -> None:
    if Indicator.objects.filter(code="B-01").exists():
        ctx.say("Indicadores: datos de escala ya generados.")
        return
    per_directorate, months = ctx.n(25), ctx.n(120)
    today = ctx.today
    # The last `months` months whose reporting period has opened (i.e. ended before today).
    last = date(today.year, today.month, 1)
    month_list = []
    y, m = last.year, last.month
    for _i in range(months):
        m -= 1
        if m == 0:
            y, m = y - 1, 12
        month_list.append((y, m))
    month_list.reverse()
    years = sorted({y for y, _m in month_list})
    for year in years:
        Period.objects.ensure_year(year)
    periods = {(p.year, p.number): p for p in Period.objects.filter(year__in=years, periodicity=Periodicity.MONTHLY)}
    rng = random.Random(20261124)
    directorates = list(Directorate.objects.all())
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(directorate=d, code=f"B-{i:02d}", name=f"Indicador de escala {i} de {d.display_name}")
            for d in directorates
            for i in range(1, per_directorate + 1)
        ],
        batch_size=BATCH,
    )
    indicator_years = IndicatorYear.objects.bulk_create(
        [
            IndicatorYear(
                indicator=ind,
                year=year,
                definition=f"Definición de escala de {ind.name}.",
                unit=Unit.PERCENT if ind.pk % 2 else Unit.NUMBER,
                periodicity=Periodicity.MONTHLY,
                target=Decimal(80),
                direction=Direction.HIGHER if ind.pk % 3 else Direction.LOWER,
                tolerance=Decimal(5),
                data_source="Escala",
                responsible="Escala",
            )
            for ind in indicators
            for year in years
        ],
        batch_size=BATCH,
    )
    by_key = {(iy.indicator_id, iy.year): iy for iy in indicator_years}
    enlace = {d.pk: ctx.user("enlace", d.slug) for d in directorates}
    director = {d.pk: ctx.user("director", d.slug) for d in directorates}
    reviewer = ctx.user("gabinete")
    now = timezone.now()
    batch: list[Measurement] = []
    total = 0
    for ind in indicators:
        for k, (year, month) in enumerate(month_list):
            iy = by_key[(ind.pk, year)]
            value = Decimal(str(round(rng.uniform(60, 100), 1)))
            recent = len(month_list) - k <= 2
            status = rng.choice(list(MeasurementStatus.values)) if recent else MeasurementStatus.VALIDATED
            batch.append(
                Measurement(
                    indicator_year=iy,
                    period=periods[(year, month)],
                    value=value,
                    judgement=iy.judge(value),
                    status=status,
                    entered_by=enlace[ind.directorate_id],
                    entered_at=now,
                    submitted_by=director[ind.directorate_id] if status != MeasurementStatus.DRAFT else None,
                    submitted_at=now if status != MeasurementStatus.DRAFT else None,
                    reviewed_by=reviewer if status in ("validated", "returned") else None,
                    reviewed_at=now if status in ("validated", "returned") else None,
                )
            )
            if len(batch) >= BATCH:
                Measurement.objects.bulk_create(batch)
                total += len(batch)
                batch = []
    Measurement.objects.bulk_create(batch)
    total += len(batch)
    if connection.vendor == "postgresql":
        # Fresh planner statistics after a bulk load, as a production database would have them.
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE indicators_indicator, indicators_indicatoryear, indicators_period, indicators_measurement"
            )
    ctx.say(
        f"Indicadores: {len(indicators)} indicadores, {len(indicator_years)} definiciones anuales, {total} mediciones."
    )


@bench.pages
def pages(ctx: bench.ScaleContext) -> list[bench.BenchPage]:
    year = ctx.today.year
    return [
        bench.BenchPage(
            "Indicadores: todas las direcciones", f"/indicadores/tablero/?anio={year}", "bench.gabinete", target_ms=100
        ),
        bench.BenchPage(
            "Indicadores: una dirección", f"/indicadores/direccion/aseo/?anio={year}", "bench.administrador"
        ),
        bench.BenchPage(
            "Informe de Gestión (PDF, año completo)",
            f"/indicadores/informe.pdf?anio={year - 1}&hasta=12",
            "bench.administrador",
            target_ms=20000,
            kind="pdf",
        ),
    ]
