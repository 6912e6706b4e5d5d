"""Generated press text about Antofagasta's municipal services (demo data and the scale generator).

The stories read like Chilean local press: sectors, streets, neighbourhood leaders, the municipal
directorates and the usual subjects (garbage collection, paving, traffic, green areas, safety).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

#: (name, kind, website) of local outlets.
OUTLETS = [
    ("El Mercurio de Antofagasta", "prensa", "https://www.mercurioantofagasta.cl"),
    ("La Estrella de Antofagasta", "prensa", "https://www.estrellaantofagasta.cl"),
    ("Soy Antofagasta", "digital", "https://www.soychile.cl"),
    ("Radio Bío-Bío Antofagasta", "radio", "https://www.biobiochile.cl"),
    ("Radio Canal 95", "radio", "https://www.canal95.cl"),
    ("Radio Sol", "radio", "https://www.radiosol.cl"),
    ("Antofagasta TV", "tv", "https://www.antofagasta.tv"),
    ("Canal Regional ATV", "tv", "https://www.atv.cl"),
    ("Timeline Antofagasta", "digital", "https://www.timeline.cl"),
    ("El Diario de Antofagasta", "digital", "https://www.diarioantofagasta.cl"),
]

SECTORS = [
    "La Chimba",
    "Coviefi",
    "Corvallis",
    "Bonilla",
    "La Portada",
    "Juan López",
    "Playa Blanca",
    "Gran Vía",
    "el sector centro",
    "Miramar",
    "Villa Esmeralda",
    "Los Arenales",
    "Caleta Coloso",
    "Jardines del Sur",
    "la población O'Higgins",
    "Villa Las Condes",
    "el cerro La Cruz",
    "Parque Inglés",
]
STREETS = [
    "avenida Grecia",
    "avenida Argentina",
    "avenida Angamos",
    "la Costanera",
    "avenida Pedro Aguirre Cerda",
    "calle Matta",
    "calle Prat",
    "avenida Brasil",
    "avenida Huamachuco",
    "calle Sucre",
    "avenida Bonilla",
    "avenida Edmundo Pérez Zujovic",
    "calle Latorre",
    "avenida Salvador Allende",
]
PLACES = [
    "el Balneario Municipal",
    "la playa Trocadero",
    "el Parque Brasil",
    "la plaza Colón",
    "el Paseo del Mar",
    "la Ruinas de Huanchaca",
    "el Mercado Central",
    "la plaza Sotomayor",
    "el Parque Croata",
]
NAMES = [
    "María Elena Rojas",
    "Juan Carlos Tapia",
    "Rosa Cortés",
    "Luis Araya",
    "Patricia Olivares",
    "Héctor Vega",
    "Ximena Castillo",
    "Jorge Ramírez",
    "Carmen Gloria Pizarro",
    "Raúl Contreras",
    "Marcela Ahumada",
]
ROLES = [
    "presidenta de la junta de vecinos",
    "dirigente vecinal",
    "presidente de la junta de vecinos",
    "vecina del sector",
    "comerciante del lugar",
    "presidenta del club de adulto mayor",
    "vecino del sector",
]


@dataclass(frozen=True)
class Story:
    directorates: tuple[str, ...]
    topic: str
    tone: str
    headline: str
    summary: str
    body: tuple[str, ...]


STORIES = [
    Story(
        ("aseo",),
        "Recolección de basura",
        "negativo",
        "Vecinos de {sector} reclaman por microbasurales y retraso en el retiro de basura",
        "Dirigentes aseguran que el camión recolector no pasa hace {n} días y denuncian focos de insalubridad en {street}.",
        (
            "«Llevamos {n} días esperando el camión y los perros rompen las bolsas», dijo {name}, {role}.",
            "La Dirección de Aseo de la Municipalidad de Antofagasta explicó que la empresa contratista tuvo fallas mecánicas en dos camiones y que el servicio se normalizará durante la semana.",
            "Los vecinos pidieron además más fiscalización a quienes botan escombros en los sitios eriazos del sector.",
        ),
    ),
    Story(
        ("aseo", "medio-ambiente-y-ornato"),
        "Reciclaje",
        "positivo",
        "Municipio instala {n} nuevos puntos limpios en {sector}",
        "La iniciativa permitirá reciclar vidrio, cartón y plásticos cerca de los hogares.",
        (
            "El Alcalde destacó que los puntos limpios forman parte del plan comunal de reciclaje y que se sumarán nuevos contenedores durante el año.",
            "{name}, {role}, valoró la medida: «Es algo que pedíamos hace tiempo».",
            "La Dirección de Medio Ambiente y Ornato realizará talleres de educación ambiental en escuelas del sector.",
        ),
    ),
    Story(
        ("obras-municipales", "secretaria-comunal-de-planificacion"),
        "Pavimentación",
        "positivo",
        "Comienzan obras de pavimentación en {street} en el sector {sector}",
        "El proyecto contempla la repavimentación de {n} cuadras y la construcción de veredas accesibles.",
        (
            "Las obras de pavimentación tienen un plazo de ejecución de {m} meses y una inversión cercana a los ${money} millones.",
            "Desde la Secretaría Comunal de Planificación indicaron que el proyecto fue postulado al Gobierno Regional.",
            "{name}, {role}, dijo que los pavimentos estaban en muy mal estado: «Con la lluvia quedaba todo en barro».",
        ),
    ),
    Story(
        ("obras-municipales",),
        "Pavimentación",
        "negativo",
        "Socavón en {street} mantiene molestos a conductores y vecinos",
        "Denuncian que el hoyo lleva semanas sin reparación y ya ha provocado daños a vehículos.",
        (
            "«Es un peligro, en la noche no se ve y ya van varios autos con las llantas reventadas», relató {name}, {role}.",
            "La Dirección de Obras Municipales informó que la reparación depende de la empresa sanitaria, responsable de la matriz que originó el socavón.",
            "Los vecinos de {sector} anunciaron que presentarán una carta al Concejo Municipal.",
        ),
    ),
    Story(
        ("transito-y-transporte-publico",),
        "Tránsito",
        "negativo",
        "Congestión en {street} por cierre de pistas genera largos tacos",
        "Conductores reportan demoras de hasta {n} minutos en horario punta.",
        (
            "La Dirección de Tránsito y Transporte Público explicó que el desvío es necesario por los trabajos en la zona y que se reforzará la señalización.",
            "{name}, {role}, pidió que se instalen semáforos provisorios y presencia de inspectores.",
            "Se recomienda a los automovilistas usar vías alternativas como {street2}.",
        ),
    ),
    Story(
        ("transito-y-transporte-publico",),
        "Tránsito",
        "positivo",
        "Nuevo semáforo en {street} mejora la seguridad de peatones en {sector}",
        "La instalación respondió a una solicitud de la comunidad escolar del sector.",
        (
            "Apoderados celebraron la medida, ya que cientos de estudiantes cruzan diariamente la vía.",
            "El municipio anunció que durante el año se instalarán otros {n} cruces semaforizados en la comuna.",
        ),
    ),
    Story(
        ("salud-educacion-e-incorporados",),
        "Educación",
        "positivo",
        "Liceo municipal de {sector} estrena laboratorio de ciencias",
        "La nueva sala beneficiará a más de {n}0 estudiantes de enseñanza media.",
        (
            "La inversión en educación pública es una prioridad, señaló el Alcalde durante la inauguración.",
            "Profesores destacaron que el equipamiento permitirá un aprendizaje más práctico y educativo.",
            "{name}, {role}, agradeció el trabajo de la comunidad escolar.",
        ),
    ),
    Story(
        ("salud-educacion-e-incorporados",),
        "Salud",
        "negativo",
        "Usuarios del Cesfam de {sector} denuncian largas filas para obtener hora",
        "Pacientes llegan de madrugada para conseguir atención y acusan falta de médicos.",
        (
            "«Uno llega a las cinco de la mañana y a veces igual no alcanza número», contó {name}, {role}.",
            "Desde el área de salud municipal señalaron que se implementará un sistema de agendamiento telefónico y que se contratarán dos profesionales más.",
        ),
    ),
    Story(
        ("seguridad-ciudadana", "seguridad-publica"),
        "Seguridad",
        "neutro",
        "Municipio y Carabineros coordinan patrullajes preventivos en {sector}",
        "La medida incluye {n} nuevas cámaras de televigilancia y rondas nocturnas.",
        (
            "La Dirección de Seguridad Ciudadana informó que las cámaras estarán conectadas a la central de monitoreo municipal.",
            "Vecinos valoraron el anuncio, aunque pidieron mejorar la iluminación de plazas y pasajes.",
        ),
    ),
    Story(
        ("seguridad-ciudadana",),
        "Seguridad",
        "negativo",
        "Vecinos de {sector} acusan aumento de robos y piden más seguridad",
        "Juntas de vecinos reclaman por la falta de luminarias y patrullajes.",
        (
            "«Ya no se puede salir de noche», afirmó {name}, {role}, quien relató que en su pasaje hubo {n} robos el último mes.",
            "La municipalidad comprometió una mesa de trabajo con la comunidad y recambio de luminarias LED.",
        ),
    ),
    Story(
        ("medio-ambiente-y-ornato",),
        "Áreas verdes",
        "negativo",
        "Plaza de {sector} luce abandonada: juegos rotos y pasto seco",
        "Apoderados denuncian que los niños no pueden usar los juegos infantiles.",
        (
            "{name}, {role}, mostró los juegos dañados y acusó que la mantención no se realiza hace meses.",
            "La Dirección de Medio Ambiente y Ornato anunció una intervención con reposición de juegos y riego tecnificado.",
        ),
    ),
    Story(
        ("medio-ambiente-y-ornato", "desarrollo-del-turismo"),
        "Playas",
        "positivo",
        "Balneario Municipal recibe a miles de visitantes durante el fin de semana",
        "Salvavidas y personal de aseo reforzaron su presencia en {place}.",
        (
            "La temporada de verano ha sido exitosa, afirmaron desde la Dirección de Desarrollo del Turismo.",
            "El municipio recordó a los bañistas respetar las banderas y botar la basura en los contenedores.",
        ),
    ),
    Story(
        ("desarrollo-comunitario",),
        "Participación ciudadana",
        "positivo",
        "Dideco entrega beneficios a {n}0 familias de {sector}",
        "Los aportes forman parte del programa de apoyo a familias vulnerables.",
        (
            "La Dirección de Desarrollo Comunitario explicó que la postulación se realizó a través de las juntas de vecinos.",
            "{name}, {role}, agradeció la ayuda: «Llega en un momento muy necesario».",
        ),
    ),
    Story(
        ("desarrollo-comunitario", "gabinete-de-alcaldia"),
        "Participación ciudadana",
        "neutro",
        "Alcalde se reúne con juntas de vecinos de {sector}",
        "En el encuentro se abordaron temas de seguridad, aseo y pavimentación.",
        (
            "Durante el diálogo ciudadano, dirigentes plantearon la necesidad de más áreas verdes y mejor recolección de basura.",
            "El jefe comunal comprometió visitas en terreno de los equipos municipales durante las próximas semanas.",
        ),
    ),
    Story(
        ("cultura-arte-y-patrimonio",),
        "Cultura",
        "positivo",
        "Festival de teatro callejero llena {place}",
        "Más de {n} mil personas asistieron a las funciones gratuitas organizadas por el municipio.",
        (
            "La Dirección de Cultura, Arte y Patrimonio destacó la participación de compañías locales y nacionales.",
            "Familias de distintos sectores de la comuna disfrutaron de las presentaciones.",
        ),
    ),
    Story(
        ("gestion-del-riesgo-de-desastres",),
        "Emergencias",
        "neutro",
        "Municipio realiza simulacro de tsunami en el borde costero",
        "Más de {n} mil personas evacuaron hacia las zonas seguras en {sector} y el centro.",
        (
            "La Dirección de Gestión del Riesgo de Desastres evaluó positivamente los tiempos de evacuación.",
            "Se detectaron problemas de señalética en {street}, que serán corregidos.",
        ),
    ),
    Story(
        ("inspeccion-general",),
        "Comercio ambulante",
        "negativo",
        "Comerciantes establecidos reclaman por comercio ambulante en {street}",
        "Acusan competencia desleal y falta de fiscalización municipal.",
        (
            "«Nosotros pagamos patente y arriendo», reclamó {name}, {role}.",
            "La Dirección de Inspección General anunció operativos de fiscalización junto a Carabineros.",
        ),
    ),
    Story(
        ("administracion-y-finanzas", "gabinete-de-alcaldia"),
        "Gestión municipal",
        "neutro",
        "Concejo Municipal aprueba modificación presupuestaria por ${money} millones",
        "Los recursos se destinarán a mantención de áreas verdes y al programa de pavimentos participativos.",
        (
            "El Alcalde explicó que la modificación permite adelantar obras comprometidas con los vecinos.",
            "Algunos concejales pidieron más detalles sobre los contratos de mantención.",
        ),
    ),
    Story(
        ("gabinete-de-alcaldia",),
        "Gestión municipal",
        "positivo",
        "Alcaldía presenta cuenta pública con foco en seguridad y aseo",
        "El jefe comunal destacó avances en recolección de residuos, luminarias y pavimentación.",
        (
            "Ante el Concejo Municipal y dirigentes sociales, el Alcalde repasó los principales proyectos del año.",
            "También anunció un plan de recuperación de espacios públicos en {sector} y {sector2}.",
        ),
    ),
    Story(
        ("tecnologia-de-informacion",),
        "Trámites en línea",
        "negativo",
        "Caída del sitio web municipal impide pagar permisos de circulación",
        "Contribuyentes reportaron errores durante {n} horas en el último día de plazo.",
        (
            "La municipalidad informó que el problema se debió a la alta demanda y que se habilitaron cajas adicionales.",
            "{name}, {role}, criticó la falta de información oportuna.",
        ),
    ),
]


def _fill(template: str, rnd: random.Random, slots: dict) -> str:
    return template.format(**slots)


def make_story(rnd: random.Random) -> dict:
    """A generated clipping text: headline, summary, body, tone, topic and directorate slugs."""
    story = rnd.choice(STORIES)
    sector, sector2 = rnd.sample(SECTORS, 2)
    street, street2 = rnd.sample(STREETS, 2)
    slots = {
        "sector": sector,
        "sector2": sector2,
        "street": street,
        "street2": street2,
        "place": rnd.choice(PLACES),
        "name": rnd.choice(NAMES),
        "role": rnd.choice(ROLES),
        "n": rnd.randint(2, 9),
        "m": rnd.randint(3, 14),
        "money": rnd.choice(["120", "250", "380", "540", "900", "1.200"]),
    }
    tone = story.tone
    # The same subject is not always told in the same tone.
    if rnd.random() < 0.15:
        tone = "neutro"
    return {
        "headline": _fill(story.headline, rnd, slots),
        "summary": _fill(story.summary, rnd, slots),
        "body": "\n\n".join(_fill(p, rnd, slots) for p in story.body),
        "tone": tone,
        "topic": story.topic,
        "directorates": story.directorates,
    }


CITIZEN_REPORTS = [
    ("Vecina pide retiro de escombros en pasaje de {sector}", "aseo", "Recolección de basura"),
    ("Reclamo por luminaria apagada en {street}", "seguridad-ciudadana", "Seguridad"),
    ("Solicitan poda de árboles en plaza de {sector}", "medio-ambiente-y-ornato", "Áreas verdes"),
    ("Vecino denuncia perros vagos en {sector}", "medio-ambiente-y-ornato", "Tenencia responsable"),
    ("Reclamo por bache frente a colegio en {street}", "obras-municipales", "Pavimentación"),
    ("Piden lomo de toro en {street}, sector {sector}", "transito-y-transporte-publico", "Tránsito"),
]


def make_citizen_report(rnd: random.Random) -> dict:
    headline, slug, topic = rnd.choice(CITIZEN_REPORTS)
    slots = {"sector": rnd.choice(SECTORS), "street": rnd.choice(STREETS)}
    name = rnd.choice(NAMES)
    return {
        "headline": headline.format(**slots),
        "summary": "Reporte recibido directamente de un vecino/a.",
        "body": f"{name} escribe para pedir una solución: «{headline.format(**slots)}». "
        "Indica que ya hizo el reclamo antes y que no ha recibido respuesta.",
        "tone": "negativo",
        "topic": topic,
        "directorates": (slug,),
        "reporter_name": name,
        "reporter_contact": f"+56 9 {rnd.randint(5000, 9999)} {rnd.randint(1000, 9999)}",
    }
