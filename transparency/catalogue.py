"""The Transparencia Activa catalogue as shipped (docs/legal.md): the art. 7 items a)–m) with their
legal text, the acts published in the Diario Oficial (art. 6), the CPLT municipal sub-sections, their
columns and a default responsible directorate. Seeded by a data migration; Gabinete edits it later.

Columns: (key, label, kind, required, personal_data).
"""

from __future__ import annotations

T, INT, D, M, F, R, U = "texto", "entero", "decimal", "monto", "fecha", "rut", "url"
PUB, MASK, REFUSE = "publicar", "enmascarar", "rechazar"

# Letter d: the CPLT's monthly templates per kind of contract (instruction art. 17). "Unidad monetaria"
# and "Remuneración bruta mensualizada" are seen on government sites; the rest is from memory (LEGAL.md)
# and optional until Jurídica aligns them with the Portal's current templates.
_PAY = [
    ("unidad_monetaria", "Unidad monetaria", T, False, PUB),
    ("remuneracion_bruta", "Remuneración bruta mensualizada", M, True, PUB),
    ("remuneracion_liquida", "Remuneración líquida mensualizada", M, False, PUB),
    ("asignaciones_especiales", "Asignaciones especiales", T, False, PUB),
    ("horas_extra_diurnas", "Horas extraordinarias diurnas", M, False, PUB),
    ("horas_extra_nocturnas", "Horas extraordinarias nocturnas", M, False, PUB),
    ("horas_extra_festivas", "Horas extraordinarias festivas", M, False, PUB),
]
_STAFF = [
    ("estamento", "Estamento", T, True, PUB),
    ("apellido_paterno", "Apellido paterno", T, True, PUB),
    ("apellido_materno", "Apellido materno", T, False, PUB),
    ("nombres", "Nombres", T, True, PUB),
    ("grado", "Grado EUS", INT, False, PUB),
    ("calificacion", "Calificación profesional o formación", T, False, PUB),
    ("cargo", "Cargo o función", T, True, PUB),
    ("region", "Región", T, False, PUB),
    *_PAY,
    ("fecha_inicio", "Fecha de inicio", F, True, PUB),
    ("fecha_termino", "Fecha de término", F, False, PUB),
    ("observaciones", "Observaciones", T, False, PUB),
    ("viaticos", "Viáticos", M, False, PUB),
]
_FEES = [
    ("apellido_paterno", "Apellido paterno", T, True, PUB),
    ("apellido_materno", "Apellido materno", T, False, PUB),
    ("nombres", "Nombres", T, True, PUB),
    ("calificacion", "Calificación profesional o formación", T, False, PUB),
    ("funcion", "Descripción de la función", T, True, PUB),
    ("region", "Región", T, False, PUB),
    ("unidad_monetaria", "Unidad monetaria", T, False, PUB),
    ("honorario_bruto", "Honorario total bruto", M, True, PUB),
    ("valor_hora", "Valor hora o monto", M, False, PUB),
    ("pago_mensual", "Pago mensual", M, False, PUB),
    ("fecha_inicio", "Fecha de inicio", F, True, PUB),
    ("fecha_termino", "Fecha de término", F, False, PUB),
    ("observaciones", "Observaciones", T, False, PUB),
    ("viaticos", "Viáticos", M, False, PUB),
]

LETTER_I_SENSITIVE_DATA = (
    "No se incluirán en estos antecedentes los datos sensibles, esto es, los datos personales que se refieren "
    "a las características físicas o morales de las personas o a hechos o circunstancias de su vida privada o "
    "intimidad, tales como los hábitos personales, el origen racial, las ideologías y opiniones políticas, las "
    "creencias o convicciones religiosas, los estados de salud físicos o psíquicos y la vida sexual."
)

#: Labels shipped before (migration 0004 renames them only where Gabinete had not changed them).
RENAMED_LABELS = {"Remuneración bruta mensual": "Remuneración bruta mensualizada"}

# (letter, order, name, legal_text, legal_reference, directorate slug, [sections])
# section: (slug, name, content kind, [columns]) and optionally {Section field: value}
# (sort_column, month_column, empty_month_notice, link_url).
ITEMS = [
    (
        "diario-oficial",
        0,
        "Actos publicados en el Diario Oficial",
        "Los actos y documentos del organismo que hayan sido objeto de publicación en el Diario Oficial.",
        "Ley N° 20.285, art. 6",
        "secretaria-municipal",
        [
            (
                "actos-diario-oficial",
                "Actos publicados en el Diario Oficial",
                "tabla",
                [
                    ("mes_anio", "Mes y año de publicación", T, True, PUB),
                    ("tipo_norma", "Tipo de norma", T, True, PUB),
                    ("denominacion", "Nombre", T, True, PUB),
                    ("numero", "Número", T, True, PUB),
                    ("fecha_publicacion", "Fecha de publicación", F, True, PUB),
                    ("enlace", "Enlace al texto íntegro", U, True, PUB),
                    ("modificacion", "Nota de modificación o derogación", T, False, PUB),
                    ("enlace_modificacion", "Enlace a la modificación o derogación", U, False, PUB),
                ],
                {"sort_column": "fecha_publicacion"},
            )
        ],
    ),
    (
        "a",
        1,
        "Estructura orgánica",
        "Su estructura orgánica.",
        "Ley N° 20.285, art. 7 letra a)",
        "administracion-municipal",
        [("organigrama", "Organigrama", "documentos", [])],
    ),
    (
        "b",
        2,
        "Facultades, funciones y atribuciones",
        "Las facultades, funciones y atribuciones de cada una de sus unidades u órganos internos.",
        "Ley N° 20.285, art. 7 letra b)",
        "administracion-municipal",
        [
            (
                "facultades",
                "Facultades, funciones y atribuciones de las unidades",
                "tabla",
                [
                    ("unidad", "Unidad", T, True, PUB),
                    ("funciones", "Facultades, funciones y atribuciones", T, True, PUB),
                    ("fuente_legal", "Fuente legal", T, False, PUB),
                ],
            )
        ],
    ),
    (
        "c",
        3,
        "Marco normativo",
        "El marco normativo que les sea aplicable.",
        "Ley N° 20.285, art. 7 letra c)",
        "asesoria-juridica",
        [
            (
                "marco-normativo",
                "Marco normativo aplicable",
                "tabla",
                [
                    ("tipo", "Tipo de norma", T, True, PUB),
                    ("numero", "Número", T, True, PUB),
                    ("denominacion", "Denominación", T, True, PUB),
                    ("fecha_publicacion", "Fecha de publicación", F, True, PUB),
                    ("enlace", "Enlace", U, False, PUB),
                ],
            ),
            ("potestades", "Potestades, competencias y responsabilidades", "documentos", []),
        ],
    ),
    (
        "d",
        4,
        "Personal y remuneraciones",
        "La planta del personal y el personal a contrata y a honorarios, con las correspondientes remuneraciones.",
        "Ley N° 20.285, art. 7 letra d)",
        "gestion-de-personas",
        [
            (
                "escala",
                "Escala de remuneraciones",
                "tabla",
                [
                    ("estamento", "Estamento", T, True, PUB),
                    ("grado", "Grado EUS", INT, True, PUB),
                    ("remuneracion_bruta", "Remuneración bruta mensual", M, True, PUB),
                ],
            ),
            ("planta", "Personal de planta", "tabla", _STAFF),
            ("contrata", "Personal a contrata", "tabla", _STAFF),
            ("codigo-del-trabajo", "Personal sujeto al Código del Trabajo", "tabla", _STAFF),
            ("honorarios", "Personal a honorarios", "tabla", _FEES),
        ],
    ),
    (
        "e",
        5,
        "Compras y contrataciones",
        "Las contrataciones para el suministro de bienes muebles, para la prestación de servicios, para la "
        "ejecución de acciones de apoyo y para la ejecución de obras, y las contrataciones de estudios, "
        "asesorías y consultorías relacionadas con proyectos de inversión, con indicación de los "
        "contratistas e identificación de los socios y accionistas principales de las sociedades o empresas "
        "prestadoras, en su caso.",
        "Ley N° 20.285, art. 7 letra e)",
        "administracion-y-finanzas",
        [
            ("mercado-publico", "Compras en el Sistema de Compras Públicas (Mercado Público)", "enlaces", []),
            (
                "otras-compras",
                "Otras compras y contrataciones",
                "tabla",
                [
                    ("fecha", "Fecha del acto", F, True, PUB),
                    ("proveedor", "Razón social del proveedor", T, True, PUB),
                    ("rut_proveedor", "RUT del proveedor", R, True, PUB),
                    ("socios", "Socios y accionistas principales", T, False, PUB),
                    ("objeto", "Objeto de la contratación", T, True, PUB),
                    ("monto", "Monto total", M, True, PUB),
                    ("enlace", "Enlace al acto", U, False, PUB),
                ],
            ),
            (
                "inmuebles",
                "Contratos de arriendo de inmuebles",
                "tabla",
                [
                    ("direccion", "Dirección del inmueble", T, True, PUB),
                    ("arrendador", "Arrendador", T, True, PUB),
                    ("monto_mensual", "Monto mensual", M, True, PUB),
                    ("fecha_inicio", "Fecha de inicio", F, True, PUB),
                ],
            ),
        ],
    ),
    (
        "f",
        6,
        "Transferencias de fondos públicos",
        "Las transferencias de fondos públicos que efectúen, incluyendo todo aporte económico entregado a "
        "personas jurídicas o naturales, directamente o mediante procedimientos concursales, sin que éstas o "
        "aquéllas realicen una contraprestación recíproca en bienes o servicios.",
        "Ley N° 20.285, art. 7 letra f)",
        "desarrollo-comunitario",
        [
            (
                "ley-19862",
                "Transferencias a personas jurídicas (Ley N° 19.862)",
                "tabla",
                [
                    ("fecha", "Fecha de la transferencia", F, True, PUB),
                    ("rut_receptor", "RUT del receptor", R, True, PUB),
                    ("receptor", "Persona jurídica receptora", T, True, PUB),
                    ("finalidad", "Finalidad", T, True, PUB),
                    ("monto", "Monto", M, True, PUB),
                ],
            ),
            (
                "otras-transferencias",
                "Otras transferencias",
                "tabla",
                [
                    ("fecha", "Fecha de la transferencia", F, True, PUB),
                    ("receptor", "Receptor", T, True, PUB),
                    ("finalidad", "Finalidad", T, True, PUB),
                    ("monto", "Monto", M, True, PUB),
                ],
            ),
        ],
    ),
    (
        "g",
        7,
        "Actos y resoluciones con efectos sobre terceros",
        "Los actos y resoluciones que tengan efectos sobre terceros.",
        "Ley N° 20.285, art. 7 letra g)",
        "secretaria-municipal",
        [
            (
                "actos-terceros",
                "Actos y resoluciones con efectos sobre terceros",
                "tabla",
                [
                    ("tipo", "Tipo de acto", T, True, PUB),
                    ("numero", "Número", T, True, PUB),
                    ("fecha", "Fecha", F, True, PUB),
                    ("denominacion", "Denominación", T, True, PUB),
                    ("enlace", "Enlace", U, False, PUB),
                ],
            )
        ],
    ),
    (
        "h",
        8,
        "Trámites y requisitos",
        "Los trámites y requisitos que debe cumplir el interesado para tener acceso a los servicios que preste "
        "el respectivo órgano.",
        "Ley N° 20.285, art. 7 letra h)",
        "administracion-municipal",
        [
            (
                "tramites",
                "Trámites y requisitos",
                "tabla",
                [
                    ("servicio", "Servicio o trámite", T, True, PUB),
                    ("requisitos", "Requisitos y antecedentes", T, True, PUB),
                    ("valor", "Valor", M, False, PUB),
                    ("en_linea", "Trámite en línea", U, False, PUB),
                ],
            )
        ],
    ),
    (
        "i",
        9,
        "Subsidios y beneficios",
        "El diseño, montos asignados y criterio de acceso a los programas de subsidios y otros beneficios que "
        "entregue el respectivo órgano, además de las nóminas de beneficiarios de los programas sociales en "
        "ejecución.\n\n" + LETTER_I_SENSITIVE_DATA,
        "Ley N° 20.285, art. 7 letra i)",
        "desarrollo-comunitario",
        [
            (
                "programas",
                "Programas de subsidios y beneficios",
                "tabla",
                [
                    ("programa", "Programa", T, True, PUB),
                    ("unidad", "Unidad responsable", T, True, PUB),
                    ("requisitos", "Requisitos y criterios de acceso", T, True, PUB),
                    ("monto_global", "Monto global asignado", M, True, PUB),
                ],
            ),
            (
                "beneficiarios",
                "Nóminas de beneficiarios",
                "tabla",
                [
                    ("programa", "Programa", T, True, PUB),
                    ("beneficiario", "Nombre del beneficiario", T, True, PUB),
                    ("rut", "RUT", R, False, MASK),
                    ("domicilio", "Domicilio", T, False, REFUSE),
                    ("fecha", "Fecha de otorgamiento", F, True, PUB),
                    ("beneficio", "Beneficio", T, True, PUB),
                ],
            ),
        ],
    ),
    (
        "j",
        10,
        "Participación ciudadana",
        "Los mecanismos de participación ciudadana, en su caso.",
        "Ley N° 20.285, art. 7 letra j)",
        "desarrollo-comunitario",
        [
            (
                "mecanismos",
                "Mecanismos de participación ciudadana",
                "tabla",
                [
                    ("mecanismo", "Mecanismo", T, True, PUB),
                    ("descripcion", "Descripción", T, True, PUB),
                    ("requisitos", "Requisitos para participar", T, False, PUB),
                    ("enlace", "Enlace", U, False, PUB),
                ],
            )
        ],
    ),
    (
        "k",
        11,
        "Presupuesto y su ejecución",
        "La información sobre el presupuesto asignado, así como los informes sobre su ejecución, en los "
        "términos previstos en la respectiva Ley de Presupuestos de cada año.",
        "Ley N° 20.285, art. 7 letra k)",
        "administracion-y-finanzas",
        [
            ("presupuesto", "Presupuesto asignado", "documentos", []),
            (
                "ejecucion",
                "Ejecución presupuestaria",
                "tabla",
                [
                    ("subtitulo", "Subtítulo", T, True, PUB),
                    ("denominacion", "Denominación", T, True, PUB),
                    ("presupuesto_vigente", "Presupuesto vigente", M, True, PUB),
                    ("devengado", "Devengado acumulado", M, True, PUB),
                    ("porcentaje", "Porcentaje de ejecución", D, False, PUB),
                ],
            ),
        ],
    ),
    (
        "l",
        12,
        "Auditorías",
        "Los resultados de las auditorías al ejercicio presupuestario del respectivo órgano y, en su caso, las "
        "aclaraciones que procedan.",
        "Ley N° 20.285, art. 7 letra l)",
        "control",
        [("auditorias", "Resultados de auditorías al ejercicio presupuestario", "documentos", [])],
    ),
    (
        "m",
        13,
        "Participación en otras entidades",
        "Todas las entidades en que tengan participación, representación e intervención, cualquiera sea su "
        "naturaleza y el fundamento normativo que la justifica.",
        "Ley N° 20.285, art. 7 letra m)",
        "asesoria-juridica",
        [
            (
                "entidades",
                "Entidades en que se participa",
                "tabla",
                [
                    ("entidad", "Entidad", T, True, PUB),
                    ("vinculo", "Tipo de vínculo", T, True, PUB),
                    ("fundamento", "Fundamento normativo", T, True, PUB),
                    ("fecha_inicio", "Fecha de inicio", F, False, PUB),
                    ("enlace", "Enlace", U, False, PUB),
                ],
            )
        ],
    ),
    (
        "avisaje",
        14,
        "Avisaje y publicidad",
        "Los gastos en avisaje y publicidad del organismo: una planilla anual, con un aviso expreso en los meses "
        "sin avisaje ni publicidad.",
        "Instrucción General sobre Avisaje y Publicidad (CPLT)",
        "gabinete-de-alcaldia",
        [
            (
                "avisaje-publicidad",
                "Avisaje y publicidad del año",
                "tabla",
                [
                    ("fecha", "Fecha de la contratación", F, True, PUB),
                    ("tipo_medio", "Tipo de medio", T, True, PUB),
                    ("medio", "Nombre del medio o proveedor", T, True, PUB),
                    ("rut_proveedor", "RUT del proveedor", R, False, PUB),
                    ("objeto", "Objeto del avisaje o publicidad", T, True, PUB),
                    ("monto", "Monto total", M, True, PUB),
                    ("enlace", "Enlace al acto o contrato", U, False, PUB),
                ],
                {
                    "sort_column": "fecha",
                    "month_column": "fecha",
                    "empty_month_notice": "Sin avisaje ni publicidad en {mes}.",
                },
            )
        ],
    ),
    (
        # Not "lobby": /transparencia-activa/lobby/ is the register itself.
        "registro-lobby",
        15,
        "Registro de lobby",
        "Los registros de audiencias, viajes y donativos de los sujetos pasivos.",
        "Ley N° 20.730, art. 9",
        "gabinete-de-alcaldia",
        [
            (
                "registro",
                "Registro de audiencias, viajes y donativos (Ley del Lobby)",
                "enlaces",
                [],
                {"link_url": "/transparencia-activa/lobby/"},
            )
        ],
    ),
    (
        "costos-reproduccion",
        16,
        "Costos de reproducción",
        "Los costos directos de reproducción de la información que se entrega a quien la solicita.",
        "Ley N° 20.285, art. 18",
        "secretaria-municipal",
        [
            (
                "costos",
                "Costos directos de reproducción",
                "tabla",
                [
                    ("soporte", "Soporte o formato", T, True, PUB),
                    ("valor", "Valor unitario", M, True, PUB),
                    ("acto", "Acto que fija el costo", T, False, PUB),
                    ("enlace", "Enlace al acto", U, False, PUB),
                ],
            )
        ],
    ),
    (
        "indice-reservados",
        17,
        "Índice de actos y documentos calificados como secretos o reservados",
        "Los actos y documentos que hayan sido calificados como secretos o reservados.",
        "Ley N° 20.285, art. 23",
        "asesoria-juridica",
        [
            (
                "indice-reservados",
                "Índice de actos y documentos secretos o reservados",
                "enlaces",
                [],
                {"link_url": "/transparencia-activa/actos-reservados/"},
            )
        ],
    ),
    (
        "probidad",
        18,
        "Declaraciones de intereses y patrimonio",
        "Las declaraciones de intereses y patrimonio del alcalde, los concejales y los directivos.",
        "Ley N° 20.880",
        "secretaria-municipal",
        [
            (
                "declaraciones",
                "Declaraciones de intereses y patrimonio (InfoProbidad)",
                "enlaces",
                [],
                {"link_url": "https://www.infoprobidad.cl"},
            )
        ],
    ),
]


def _sections(sections):
    """(slug, name, kind, columns, extra fields) of each shipped sub-section."""
    for slug, name, kind, columns, *extra in sections:
        yield slug, name, kind, columns, (extra[0] if extra else {})


def _fields_of(model, values: dict) -> dict:
    """Only the fields the model has: migration 0002 runs this with the models as they were then."""
    names = {f.name for f in model._meta.get_fields()}
    return {k: v for k, v in values.items() if k in names}


def seed_catalogue(Item, Section, Column, Directorate) -> None:
    """Create the shipped catalogue (models passed in, so the data migration can use historical ones).
    Existing rows are left as Gabinete edited them."""
    directorates = {d.slug: d for d in Directorate.objects.all()}
    for letter, order, name, legal_text, reference, slug, sections in ITEMS:
        item, _created = Item.objects.get_or_create(
            letter=letter,
            defaults={
                "order": order,
                "name": name,
                "legal_text": legal_text,
                "legal_reference": reference,
                "directorate": directorates.get(slug),
            },
        )
        for s_order, (s_slug, s_name, kind, columns, extra) in enumerate(_sections(sections), start=1):
            section, created = Section.objects.get_or_create(
                item=item,
                slug=s_slug,
                defaults={"name": s_name, "content_kind": kind, "order": s_order, **_fields_of(Section, extra)},
            )
            if created:
                Column.objects.bulk_create(
                    [
                        Column(section=section, order=n, key=k, label=label, kind=kind_, required=req, personal_data=pd)
                        for n, (k, label, kind_, req, pd) in enumerate(columns, start=1)
                    ]
                )


def sync_catalogue(Item, Section, Column, Directorate) -> None:
    """Bring a catalogue seeded before into the shipped shape without losing anything (migration 0004).

    New items and sub-sections are created; a sub-section gains the columns it lacks, its columns take
    the shipped order (those Gabinete added go after), a shipped label is renamed only where Gabinete
    had kept it, the table settings are filled where blank, a documents sub-section without columns
    that ships as a table becomes one, and letter i gains its second paragraph. Nothing is deleted:
    each publication keeps the columns it was published with."""
    seed_catalogue(Item, Section, Column, Directorate)
    for letter, _order, _name, _text, _reference, _slug, sections in ITEMS:
        item = Item.objects.get(letter=letter)
        if letter == "i" and LETTER_I_SENSITIVE_DATA not in item.legal_text:
            item.legal_text = item.legal_text.rstrip() + "\n\n" + LETTER_I_SENSITIVE_DATA
            item.save(update_fields=["legal_text"])
        for s_slug, _s_name, kind, columns, extra in _sections(sections):
            section = Section.objects.get(item=item, slug=s_slug)
            existing = {c.key: c for c in Column.objects.filter(section=section)}
            changed = [f for f, v in extra.items() if not getattr(section, f)]
            for field_name in changed:
                setattr(section, field_name, extra[field_name])
            if kind == "tabla" and section.content_kind == "documentos" and not existing:
                section.content_kind = kind
                changed.append("content_kind")
            if changed:
                section.save(update_fields=changed)
            for n, (key, label, kind_, required, personal) in enumerate(columns, start=1):
                column = existing.pop(key, None)
                if column is None:
                    Column.objects.create(
                        section=section,
                        order=n,
                        key=key,
                        label=label,
                        kind=kind_,
                        required=required,
                        personal_data=personal,
                    )
                    continue
                if RENAMED_LABELS.get(column.label) == label:
                    column.label = label
                column.order = n
                column.save(update_fields=["label", "order"])
            for n, column in enumerate(sorted(existing.values(), key=lambda c: c.order), start=len(columns) + 1):
                column.order = n
                column.save(update_fields=["order"])


def ensure_catalogue() -> None:
    """The shipped catalogue with the current models (demo data and tests that flushed the database)."""
    from gabinete.models import Directorate

    from .models import Column, Item, Section

    seed_catalogue(Item, Section, Column, Directorate)
