"""Demo data: 3–6 realistic indicators per directorate with last year's and this year's values in
every state of the workflow (validated, sent, returned, draft, missing, one correction)."""

from __future__ import annotations

import random
from decimal import Decimal

from django.utils import timezone

from gabinete import demo
from gabinete.models import Directorate

from .models import Indicator, IndicatorYear, Measurement, MeasurementStatus, Period, Unit
from .status import Direction

H, L, R = Direction.HIGHER, Direction.LOWER, Direction.RANGE
M, Q, S, A = "monthly", "quarterly", "half_yearly", "yearly"
P, N, D, C = Unit.PERCENT, Unit.NUMBER, Unit.DAYS, Unit.PESOS

# slug: [(name, unit, unit label, periodicity, direction, target, tolerance, typical value, ratio (num, den) or None)]
CATALOGUE: dict[str, list[tuple]] = {
    "administracion-municipal": [
        (
            "Compromisos del plan de gestión cumplidos",
            P,
            "",
            Q,
            H,
            90,
            5,
            88,
            ("Compromisos cumplidos", "Compromisos del plan"),
        ),
        (
            "Acuerdos del comité de directores con seguimiento al día",
            P,
            "",
            M,
            H,
            95,
            5,
            93,
            ("Acuerdos al día", "Acuerdos vigentes"),
        ),
        ("Tiempo medio de respuesta a oficios internos", D, "días hábiles", M, L, 5, 2, 5.5, None),
    ],
    "administracion-y-finanzas": [
        (
            "Ejecución presupuestaria de gastos",
            P,
            "",
            M,
            R,
            85,
            5,
            84,
            ("Gasto devengado acumulado", "Presupuesto vigente"),
        ),
        (
            "Pago a proveedores dentro de 30 días",
            P,
            "",
            M,
            H,
            95,
            3,
            92,
            ("Facturas pagadas en 30 días", "Facturas recibidas"),
        ),
        ("Recaudación de permisos de circulación", C, "millones de $", A, H, 9500, 300, 9600, None),
        ("Patentes comerciales morosas", N, "patentes", Q, L, 900, 100, 950, None),
    ],
    "aseo": [
        ("Toneladas de residuos domiciliarios recolectadas", N, "toneladas", M, R, 9000, 500, 9100, None),
        (
            "Reclamos de aseo resueltos en plazo",
            P,
            "",
            M,
            H,
            90,
            5,
            87,
            ("Reclamos resueltos en 5 días hábiles", "Reclamos recibidos"),
        ),
        ("Microbasurales erradicados", N, "puntos", M, H, 25, 5, 24, None),
        ("Toneladas de residuos reciclables recuperadas", N, "toneladas", M, H, 180, 20, 170, None),
    ],
    "asesoria-juridica": [
        (
            "Informes jurídicos emitidos en plazo",
            P,
            "",
            M,
            H,
            90,
            5,
            91,
            ("Informes en 10 días hábiles", "Informes solicitados"),
        ),
        (
            "Causas judiciales con resultado favorable",
            P,
            "",
            S,
            H,
            70,
            10,
            68,
            ("Causas favorables", "Causas terminadas"),
        ),
        ("Contratos revisados", N, "contratos", M, H, 60, 10, 62, None),
    ],
    "cultura-arte-y-patrimonio": [
        ("Asistentes a actividades culturales municipales", N, "personas", M, H, 12000, 1500, 11800, None),
        ("Actividades culturales en sectores periféricos", N, "actividades", M, H, 20, 4, 19, None),
        ("Satisfacción de asistentes", P, "", S, H, 85, 5, 87, ("Encuestados satisfechos", "Encuestados")),
    ],
    "desarrollo-comunitario": [
        (
            "Ayudas sociales entregadas en plazo",
            P,
            "",
            M,
            H,
            90,
            5,
            86,
            ("Ayudas en 10 días hábiles", "Ayudas aprobadas"),
        ),
        (
            "Organizaciones comunitarias con directiva vigente",
            P,
            "",
            Q,
            H,
            80,
            5,
            78,
            ("Organizaciones vigentes", "Organizaciones registradas"),
        ),
        ("Fichas del Registro Social de Hogares tramitadas", N, "fichas", M, H, 1500, 150, 1520, None),
        ("Tiempo medio de atención social", D, "días", M, L, 7, 2, 7.5, None),
    ],
    "desarrollo-del-turismo": [
        ("Visitantes atendidos en oficinas de turismo", N, "visitantes", M, H, 3500, 500, 3300, None),
        ("Ocupación hotelera promedio", P, "", M, H, 65, 5, 62, None),
        ("Eventos turísticos realizados", N, "eventos", Q, H, 8, 2, 8, None),
    ],
    "gabinete-de-alcaldia": [
        ("Comunicados de prensa publicados", N, "comunicados", M, H, 40, 8, 42, None),
        (
            "Solicitudes de apoyo de direcciones atendidas en plazo",
            P,
            "",
            M,
            H,
            90,
            5,
            89,
            ("Solicitudes atendidas en plazo", "Solicitudes recibidas"),
        ),
        (
            "Actualización mensual de transparencia activa en plazo",
            P,
            "",
            M,
            H,
            100,
            5,
            98,
            ("Ítems actualizados en plazo", "Ítems obligatorios"),
        ),
        (
            "Audiencias de lobby registradas en plazo",
            P,
            "",
            M,
            H,
            100,
            5,
            100,
            ("Audiencias registradas en plazo", "Audiencias realizadas"),
        ),
    ],
    "gestion-de-personas": [
        ("Funcionarios capacitados", P, "", Q, H, 60, 10, 55, ("Funcionarios con capacitación", "Dotación total")),
        ("Ausentismo laboral", P, "", M, L, 4, 1, 4.3, ("Días de licencia médica", "Días hábiles de la dotación")),
        (
            "Remuneraciones pagadas sin errores",
            P,
            "",
            M,
            H,
            99,
            0.5,
            99.2,
            ("Liquidaciones sin errores", "Liquidaciones emitidas"),
        ),
    ],
    "gestion-del-riesgo-de-desastres": [
        ("Simulacros de evacuación realizados", N, "simulacros", Q, H, 6, 1, 6, None),
        (
            "Planes de emergencia sectoriales actualizados",
            P,
            "",
            S,
            H,
            100,
            10,
            90,
            ("Planes actualizados", "Planes exigidos"),
        ),
        ("Tiempo de respuesta a emergencias", N, "minutos", M, L, 20, 5, 21, None),
    ],
    "inspeccion-general": [
        ("Fiscalizaciones realizadas", N, "fiscalizaciones", M, H, 800, 80, 790, None),
        (
            "Denuncias de vecinos atendidas en plazo",
            P,
            "",
            M,
            H,
            85,
            5,
            83,
            ("Denuncias atendidas en 48 horas", "Denuncias recibidas"),
        ),
        ("Partes cursados al Juzgado de Policía Local", N, "partes", M, R, 400, 50, 420, None),
    ],
    "medio-ambiente-y-ornato": [
        ("Áreas verdes mantenidas", N, "m² (miles)", M, H, 1200, 50, 1190, None),
        ("Árboles plantados", N, "árboles", Q, H, 500, 100, 480, None),
        ("Consumo de agua para riego", N, "m³ (miles)", M, L, 95, 10, 97, None),
        ("Denuncias ambientales resueltas", P, "", M, H, 80, 5, 78, ("Denuncias resueltas", "Denuncias recibidas")),
    ],
    "obras-municipales": [
        (
            "Permisos de edificación otorgados en plazo legal",
            P,
            "",
            M,
            H,
            90,
            5,
            84,
            ("Permisos resueltos en plazo", "Permisos ingresados"),
        ),
        ("Tiempo medio de tramitación de permisos", D, "días", M, L, 30, 5, 33, None),
        ("Recepciones finales otorgadas", N, "recepciones", M, H, 45, 10, 44, None),
    ],
    "operaciones": [
        ("Baches reparados", N, "baches", M, H, 600, 60, 590, None),
        (
            "Luminarias reparadas en 72 horas",
            P,
            "",
            M,
            H,
            90,
            5,
            88,
            ("Luminarias reparadas en 72 h", "Luminarias reportadas"),
        ),
        ("Disponibilidad de la flota municipal", P, "", M, H, 92, 3, 91, ("Vehículos operativos", "Flota total")),
    ],
    "secretaria-comunal-de-planificacion": [
        ("Proyectos de inversión con recomendación favorable", N, "proyectos", S, H, 12, 2, 11, None),
        ("Ejecución de la cartera de inversión", P, "", Q, H, 80, 5, 74, ("Monto ejecutado", "Monto programado")),
        (
            "Licitaciones adjudicadas en plazo",
            P,
            "",
            M,
            H,
            85,
            5,
            86,
            ("Licitaciones adjudicadas en plazo", "Licitaciones publicadas"),
        ),
    ],
    "secretaria-municipal": [
        (
            "Actas del Concejo publicadas en plazo",
            P,
            "",
            M,
            H,
            100,
            5,
            97,
            ("Actas publicadas en 10 días", "Sesiones realizadas"),
        ),
        (
            "Solicitudes de acceso a la información respondidas en plazo",
            P,
            "",
            M,
            H,
            100,
            3,
            98,
            ("Respuestas en 20 días hábiles", "Solicitudes recibidas"),
        ),
        ("Decretos alcaldicios tramitados", N, "decretos", M, H, 900, 100, 930, None),
    ],
    "seguridad-ciudadana": [
        ("Patrullajes preventivos realizados", N, "patrullajes", M, H, 1800, 200, 1750, None),
        ("Tiempo medio de llegada a procedimientos", N, "minutos", M, L, 12, 3, 12.5, None),
        ("Cámaras de televigilancia operativas", P, "", M, H, 95, 3, 93, ("Cámaras operativas", "Cámaras instaladas")),
    ],
    "seguridad-publica": [
        ("Mesas barriales de seguridad realizadas", N, "mesas", M, H, 15, 3, 14, None),
        (
            "Casos de violencia intrafamiliar derivados en 24 horas",
            P,
            "",
            M,
            H,
            95,
            5,
            94,
            ("Casos derivados en 24 h", "Casos recibidos"),
        ),
        ("Proyectos de prevención del delito ejecutados", N, "proyectos", S, H, 6, 1, 5, None),
    ],
    "salud-educacion-e-incorporados": [
        ("Asistencia escolar promedio", P, "", M, H, 90, 3, 88, ("Asistencias registradas", "Asistencias esperadas")),
        (
            "Cobertura del examen de medicina preventiva",
            P,
            "",
            Q,
            H,
            30,
            5,
            27,
            ("Exámenes realizados", "Población inscrita"),
        ),
        ("Tiempo de espera para hora médica", D, "días", M, L, 10, 3, 11, None),
        ("Matrícula en establecimientos municipales", N, "estudiantes", A, H, 32000, 1000, 31500, None),
    ],
    "tecnologia-de-informacion": [
        ("Disponibilidad de los sistemas críticos", P, "", M, H, 99.5, 0.5, 99.6, None),
        (
            "Incidencias de soporte resueltas en 48 horas",
            P,
            "",
            M,
            H,
            85,
            5,
            82,
            ("Incidencias resueltas en 48 h", "Incidencias recibidas"),
        ),
        ("Trámites municipales disponibles en línea", N, "trámites", S, H, 60, 5, 56, None),
    ],
    "transito-y-transporte-publico": [
        ("Licencias de conducir otorgadas", N, "licencias", M, H, 2200, 200, 2150, None),
        ("Tiempo medio de atención en licencias", D, "días", M, L, 15, 5, 16, None),
        ("Semáforos operativos", P, "", M, H, 98, 2, 97, ("Semáforos operativos", "Semáforos instalados")),
        ("Señales de tránsito repuestas", N, "señales", M, H, 300, 50, 310, None),
    ],
    "control": [
        (
            "Auditorías internas realizadas según plan",
            P,
            "",
            S,
            H,
            100,
            10,
            92,
            ("Auditorías realizadas", "Auditorías programadas"),
        ),
        (
            "Decretos de pago revisados en plazo",
            P,
            "",
            M,
            H,
            95,
            3,
            95,
            ("Decretos revisados en 3 días", "Decretos recibidos"),
        ),
        (
            "Observaciones de Contraloría subsanadas",
            P,
            "",
            S,
            H,
            80,
            10,
            70,
            ("Observaciones subsanadas", "Observaciones recibidas"),
        ),
    ],
}

ENLACE_BY_SLUG = {
    "aseo": "enlace.aseo",
    "transito-y-transporte-publico": "enlace.transito",
    "gestion-de-personas": "enlace.personas",
}
DIRECTOR_BY_SLUG = {
    "aseo": "director.aseo",
    "transito-y-transporte-publico": "director.transito",
    "gestion-de-personas": "director.personas",
}


def _definition(name: str, unit: str, ratio) -> tuple[str, str]:
    if ratio:
        return (f"Porcentaje que representa: {name.lower()}.", f"({ratio[0]} / {ratio[1]}) × 100")
    return (f"Cantidad registrada en el período: {name.lower()}.", "")


def _value(rng: random.Random, typical: float, tolerance: float, unit: str) -> Decimal:
    spread = max(tolerance * 1.6, abs(typical) * 0.04)
    value = max(typical + rng.uniform(-spread, spread), 0)
    if unit == Unit.PERCENT:
        value = min(value, 100)
    return Decimal(str(round(value, 1 if typical < 1000 else 0)))


@demo.register(order=60)
def seed(ctx: demo.DemoContext) -> None:
    if Indicator.objects.filter(code__startswith="IG-").exists():
        return
    today = ctx.today
    years = (today.year - 1, today.year)
    for year in years:
        Period.objects.ensure_year(year)
    periods = {(p.year, p.periodicity): [] for p in Period.objects.filter(year__in=years)}
    for p in Period.objects.filter(year__in=years).order_by("start"):
        periods[(p.year, p.periodicity)].append(p)
    admin, reviewer = ctx.users["admin"], ctx.users["jefa.gabinete"]
    now = timezone.now()
    measurements = []
    for directorate in Directorate.objects.all():
        rng = random.Random(directorate.slug)
        enlace = ctx.users.get(ENLACE_BY_SLUG.get(directorate.slug, ""), admin)
        director = ctx.users.get(DIRECTOR_BY_SLUG.get(directorate.slug, ""), admin)
        for i, (name, unit, label, periodicity, direction, target, tolerance, typical, ratio) in enumerate(
            CATALOGUE.get(directorate.slug, []), start=1
        ):
            indicator = Indicator.objects.create(directorate=directorate, code=f"IG-{i:02d}", name=name)
            definition, formula = _definition(name, unit, ratio)
            for year in years:
                # This year's target is a little more demanding: a new definition, last year's untouched.
                step = 0 if year == years[0] else (1 if direction == Direction.HIGHER else -1) * tolerance / 2
                year_target = Decimal(str(round(min(target + step, 100) if unit == Unit.PERCENT else target + step, 1)))
                iy = IndicatorYear.objects.create(
                    indicator=indicator,
                    year=year,
                    objective=f"Mejorar la gestión de la {directorate.name}.",
                    definition=definition,
                    formula=formula,
                    is_ratio=bool(ratio),
                    numerator_description=ratio[0] if ratio else "",
                    denominator_description=ratio[1] if ratio else "",
                    unit=unit,
                    unit_label=label,
                    periodicity=periodicity,
                    baseline=Decimal(str(typical)),
                    baseline_year=years[0] - 1,
                    target=year_target,
                    target_max=Decimal(str(round(target * 1.1, 1))) if direction == Direction.RANGE else None,
                    direction=direction,
                    tolerance=Decimal(str(tolerance)),
                    data_source=f"Registros internos de la {directorate.name}",
                    evidence_description="Reporte del sistema o planilla firmada por el director",
                    responsible=f"Director(a) de {directorate.display_name}",
                )
                opened = [p for p in periods[(year, periodicity)] if p.opens_on <= today]
                for k, period in enumerate(opened):
                    from_end = len(opened) - 1 - k
                    if year == today.year and from_end == 0 and rng.random() < 0.3:
                        continue  # the latest period not entered yet (late once its due date passes)
                    value = _value(rng, typical, tolerance, unit)
                    numerator = denominator = None
                    if ratio:
                        denominator = Decimal(rng.choice([40, 120, 250, 800]))
                        numerator = (value * denominator / 100).quantize(Decimal("1"))
                        value = iy.compute_value(numerator, denominator)
                    status = MeasurementStatus.VALIDATED
                    if year == today.year and from_end <= 1:
                        status = rng.choice(
                            [
                                MeasurementStatus.DRAFT,
                                MeasurementStatus.SUBMITTED,
                                MeasurementStatus.RETURNED,
                                MeasurementStatus.VALIDATED,
                            ]
                        )
                    m = Measurement(
                        indicator_year=iy,
                        period=period,
                        value=value,
                        numerator=numerator,
                        denominator=denominator,
                        judgement=iy.judge(value),
                        status=status,
                        entered_by=enlace,
                        entered_at=now,
                        comment="Dato obtenido del sistema de gestión de la dirección.",
                    )
                    if status != MeasurementStatus.DRAFT:
                        m.submitted_by, m.submitted_at = director, now
                        m.submitted_late = rng.random() < 0.1
                    if status in (MeasurementStatus.VALIDATED, MeasurementStatus.RETURNED):
                        m.reviewed_by, m.reviewed_at = reviewer, now
                    if status == MeasurementStatus.RETURNED:
                        m.observations = "El valor no coincide con el reporte adjunto; revise el denominador."
                    measurements.append(m)
    Measurement.objects.bulk_create(measurements, batch_size=2000)
    # One corrected value, for the record: a validated value replaced by a validated revision.
    first = (
        Measurement.objects.filter(
            indicator_year__indicator__directorate__slug="aseo",
            indicator_year__year=years[0],
            status=MeasurementStatus.VALIDATED,
        )
        .order_by("period__start")
        .first()
    )
    if first is not None:
        first.is_current = False
        first.save(update_fields=["is_current"])
        Measurement.objects.create(
            indicator_year=first.indicator_year,
            period=first.period,
            value=first.value + 1,
            judgement=first.indicator_year.judge(first.value + 1),
            status=MeasurementStatus.VALIDATED,
            revision=2,
            corrects=first,
            correction_reason="Se sumaron las toneladas de un camión no registrado.",
            entered_by=first.entered_by,
            submitted_by=first.submitted_by,
            submitted_at=now,
            reviewed_by=reviewer,
            reviewed_at=now,
            is_current=True,
        )
    ctx.say(f"Indicadores: {Indicator.objects.count()} indicadores, {len(measurements)} mediciones.")
