"""A generated local media site for `manage.py bench_ingest`: 50 outlets' feeds and their articles,
served by a real HTTP server on 127.0.0.1 (a random free port, a ThreadingHTTPServer in a thread).

    /robots.txt                 everything allowed but /privado/
    /s<k>/feed.xml              source k's RSS 2.0 feed (most sources), or
    /s<k>/noticias.xml          source k's news sitemap (<news:news>, every fifth source)
    /s<k>/<n>                   article n of source k: a realistic page (nav, article with h1 and 6–10
                                paragraphs of Spanish, 250–500 words, aside, footer; meta author, date,
                                og:image, canonical)

Each source lists 200 items a day: on day d (`site.day`, changed by the bench between two runs) the
feed lists articles n = 200·d … 200·d + 199, the newest first, with an ETag of that day. Everything is
deterministic from the seed: the same (seed, k, n) gives the same page. The texts are sentences put
together from a large vocabulary (never a shared template, so two articles are not near duplicates
by accident), and about 10% of the items are republications: another outlet's article of the same day
with a new opening sentence, a new headline, a few words changed and sometimes its last paragraph cut.

`warm(day)` renders a day's feeds and pages ahead, so the server spends next to nothing per request
while the bench measures the fetcher (it runs in the bench's own process).
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from archive.corpus import NAMES, PLACES, ROLES, SECTORS, STREETS

SOURCES = 50
ITEMS_PER_DAY = 200
REPUBLISHED_SHARE = 0.10
#: The first day's date (day 0); day d is this plus d days.
FIRST_DAY = datetime(2026, 11, 17, 6, 0, tzinfo=UTC)

# --- vocabulary ------------------------------------------------------------------------------------

FIRST_NAMES = (
    "Camila Valentina Francisca Javiera Constanza Catalina Fernanda Daniela Carolina Paula Andrea Claudia "
    "Macarena Bárbara Natalia Alejandra Verónica Lorena Pamela Gabriela Soledad Ignacia Antonia Josefa "
    "Sebastián Matías Nicolás Felipe Diego Cristián Rodrigo Gonzalo Álvaro Ricardo Mauricio Eduardo Pablo "
    "Andrés Tomás Ignacio Joaquín Benjamín Vicente Martín Francisco Sergio Marcelo Patricio Hernán Iván"
).split()
SURNAMES = (
    "González Muñoz Rojas Díaz Pérez Soto Contreras Silva Martínez Sepúlveda Morales Rodríguez López Fuentes "
    "Hernández Torres Araya Flores Espinoza Valenzuela Castillo Tapia Reyes Gutiérrez Castro Pizarro Álvarez "
    "Vásquez Sánchez Fernández Ramírez Carrasco Gómez Cortés Herrera Núñez Jara Vergara Rivera Figueroa Riquelme "
    "García Miranda Bravo Vera Molina Vega Campos Sandoval Orellana Zúñiga Olivares Alarcón Gallardo Ortiz "
    "Garrido Salazar Guzmán Henríquez Saavedra Navarro Aguilera Parra Romero Aravena Vidal Moreno Cáceres "
    "Yáñez Ruiz Mardones Ahumada Cifuentes Aguirre Leiva Carvajal Maldonado Ossandón Barraza Cisternas Varas"
).split()
INSTITUTIONS = [
    "el alcalde",
    "la alcaldesa subrogante",
    "la Municipalidad de Antofagasta",
    "el concejo municipal",
    "la Dirección de Obras Municipales",
    "la Dirección de Aseo",
    "la Dirección de Tránsito",
    "la Dirección de Desarrollo Comunitario",
    "la Secretaría Comunal de Planificación",
    "la Dirección de Seguridad Ciudadana",
    "la Dirección de Medio Ambiente y Ornato",
    "la Corporación Municipal de Desarrollo Social",
    "el Gobierno Regional",
    "la Delegación Presidencial",
    "la seremi de Salud",
    "la seremi de Vivienda",
    "el Serviu",
    "Carabineros",
    "la Policía de Investigaciones",
    "el Cuerpo de Bomberos",
    "la empresa sanitaria",
    "la Cámara Chilena de la Construcción",
    "la Universidad de Antofagasta",
    "la Universidad Católica del Norte",
    "el Hospital Regional",
    "la Capitanía de Puerto",
    "la Asociación de Industriales",
    "la Cámara de Comercio",
    "el Consejo Regional",
]
GROUPS = [
    "los vecinos de {sector}",
    "la junta de vecinos de {sector}",
    "los dirigentes sociales de {sector}",
    "los comerciantes del centro",
    "un grupo de apoderados",
    "los conductores de colectivos",
    "los feriantes de {sector}",
    "los pescadores artesanales",
    "los estudiantes del liceo",
    "las organizaciones ambientalistas",
    "los adultos mayores del sector",
    "los trabajadores portuarios",
    "los concejales de oposición",
    "los gremios del transporte",
    "las familias del campamento",
    "los deportistas aficionados",
]
VERBS = (
    "anunció informó pidió criticó valoró denunció propuso inauguró licitó fiscalizó aprobó rechazó evaluó "
    "presentó postergó comprometió financió reforzó instaló reparó entregó suspendió revisó coordinó solicitó "
    "destacó cuestionó exigió lamentó confirmó descartó adjudicó retomó amplió habilitó cerró recuperó "
    "priorizó planteó defendió detalló estudia analiza prepara impulsa respalda reclama gestiona supervisa "
    "ejecuta diseña modifica proyecta celebra prorrogó reactivó"
).split()
SAY = "dijo afirmó explicó sostuvo aseguró comentó advirtió recordó relató señaló precisó indicó".split()
#: (singular noun, gender): m or f.
NOUNS = [
    (word[:-2], word[-1])
    for word in (
        "proyecto:m plan:m programa:m contrato:m convenio:m presupuesto:m subsidio:m aporte:m fondo:m "
        "sumario:m informe:m catastro:m diagnóstico:m estudio:m reglamento:m decreto:m sistema:m servicio:m "
        "operativo:m recorrido:m paradero:m semáforo:m cruce:m pasaje:m sendero:m mirador:m paseo:m muelle:m "
        "terminal:m estacionamiento:m estadio:m gimnasio:m consultorio:m cesfam:m jardín:m liceo:m colegio:m "
        "mercado:m cementerio:m vertedero:m relleno:m basural:m microbasural:m contenedor:m camión:m "
        "alumbrado:m colector:m alcantarillado:m socavón:m pavimento:m bache:m lomo:m bandejón:m "
        "arriendo:m permiso:m reclamo:m sumario:m proceso:m concurso:m taller:m festival:m carnaval:m "
        "torneo:m campeonato:m encuentro:m cabildo:m diálogo:m acuerdo:m conflicto:m paro:m corte:m "
        "incendio:m derrumbe:m aluvión:m simulacro:m protocolo:m control:m patrullaje:m robo:m asalto:m "
        "comercio:m ambulante:m kiosco:m emprendimiento:m turismo:m crucero:m puerto:m borde:m humedal:m "
        "parque:m árbol:m riego:m huerto:m reciclaje:m residuo:m escombro:m perro:m gato:m chip:m "
        "ciclista:m peatón:m conductor:m colectivo:m bus:m tren:m tranvía:m teleférico:m puente:m túnel:m "
        "obra:f licitación:f inversión:f medida:f iniciativa:f propuesta:f mesa:f reunión:f jornada:f "
        "campaña:f feria:f plaza:f cancha:f multicancha:f sede:f calle:f avenida:f vereda:f ciclovía:f "
        "costanera:f luminaria:f cámara:f alarma:f patrulla:f comisaría:f caleta:f playa:f piscina:f "
        "biblioteca:f escuela:f sala:f posta:f farmacia:f vacuna:f atención:f hora:f fila:f espera:f "
        "ordenanza:f patente:f multa:f fiscalización:f denuncia:f querella:f auditoría:f contraloría:f "
        "cuenta:f rendición:f deuda:f beca:f ayuda:f canasta:f entrega:f postulación:f vivienda:f "
        "toma:f erradicación:f urbanización:f pavimentación:f repavimentación:f reparación:f mantención:f "
        "limpieza:f poda:f extracción:f recolección:f basura:f planta:f bomba:f matriz:f filtración:f "
        "emergencia:f evacuación:f alerta:f marejada:f lluvia:f temporada:f actividad:f muestra:f "
        "exposición:f obra:f orquesta:f banda:f fiesta:f celebración:f competencia:f maratón:f corrida:f "
        "señalética:f demarcación:f pista:f congestión:f restricción:f tarifa:f licencia:f "
        "modernización:f plataforma:f página:f aplicación:f encuesta:f consulta:f votación:f sesión:f"
    ).split()
]
#: What any article says, whatever its subject.
GENERIC_NOUNS = [
    (word[:-2], word[-1])
    for word in (
        "proyecto:m plan:m trabajo:m anuncio:m proceso:m acuerdo:m problema:m compromiso:m plazo:m costo:m "
        "resultado:m avance:m llamado:m balance:m medida:f iniciativa:f propuesta:f situación:f solución:f "
        "etapa:f gestión:f respuesta:f cifra:f decisión:f idea:f"
    ).split()
]
ADJECTIVES = (
    "nuevo:nueva municipal:municipal comunal:comunal regional:regional provisorio:provisoria "
    "definitivo:definitiva urgente:urgente anunciado:anunciada esperado:esperada postergado:postergada "
    "costero:costera sanitario:sanitaria vecinal:vecinal público:pública privado:privada "
    "deportivo:deportiva cultural:cultural ambiental:ambiental histórico:histórica moderno:moderna "
    "antiguo:antigua segundo:segunda primer:primera último:última polémico:polémica ambicioso:ambiciosa "
    "millonario:millonaria gratuito:gratuita masivo:masiva inclusivo:inclusiva accesible:accesible "
    "nocturno:nocturna preventivo:preventiva integral:integral participativo:participativa "
    "extraordinario:extraordinaria anual:anual mensual:mensual semanal:semanal tecnificado:tecnificada "
    "solar:solar eléctrico:eléctrica subterráneo:subterránea peatonal:peatonal escolar:escolar"
).split()
ADJ = [tuple(pair.split(":")) for pair in ADJECTIVES]
COMPLEMENTS = [
    "de {sector}",
    "en {street}",
    "del sector {sector}",
    "para {group}",
    "junto a {place}",
    "de la comuna",
    "del borde costero",
    "de la zona norte",
    "de la zona sur",
    "del centro de la ciudad",
    "de {street}",
    "frente a {place}",
    "en el sector alto",
    "de los campamentos",
]
TIMES = [
    "durante la mañana de este lunes",
    "esta semana",
    "el próximo mes",
    "a partir del lunes",
    "tras la reunión con los dirigentes",
    "por segunda vez en el año",
    "antes del invierno",
    "durante el verano",
    "en las próximas semanas",
    "desde hace tres meses",
    "el fin de semana",
    "en horario punta",
    "durante la noche",
    "hasta fin de año",
    "en marzo",
    "en la última sesión del concejo",
    "luego de meses de espera",
    "pese a las críticas",
]
CONNECTORS = [
    "Además,",
    "Por otra parte,",
    "Sin embargo,",
    "En paralelo,",
    "Asimismo,",
    "De acuerdo con lo informado,",
    "En tanto,",
    "Por su parte,",
    "Con todo,",
    "En ese contexto,",
    "A juicio de los dirigentes,",
    "Según se informó,",
]
QUANTITIES = [
    "{n} millones de pesos",
    "{n} cuadras",
    "{n} familias",
    "{n} luminarias",
    "{n} metros de ciclovía",
    "{n} puntos limpios",
    "{n} cámaras de televigilancia",
    "{n} funcionarios",
    "{n} toneladas de residuos",
    "{n} vecinos",
    "{n} denuncias",
    "{n} días",
]
SECTIONS = ["Ciudad", "Crónica", "Regional", "Economía", "Policial", "Deportes", "Cultura", "Opinión", "Sociedad"]
OUTLET_HEADS = ["Diario", "Radio", "Portal", "La Voz", "El Observador", "Crónica", "Noticias", "Canal"]
OUTLET_TAILS = [
    "del Norte",
    "de Antofagasta",
    "Costero",
    "Minero",
    "del Pacífico",
    "Regional",
    "Austral",
    "del Desierto",
]

# --- texts -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    """One article as an outlet publishes it."""

    title: str
    paragraphs: tuple[str, ...]
    author: str
    section: str
    published_at: datetime
    original: tuple[int, int] | None = None  # (k, n) of the article it republishes

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def summary(self) -> str:
        first = self.paragraphs[0]
        end = first.find(". ")
        return first if end < 0 else first[: end + 1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class Writer:
    """Spanish press text put together from the vocabulary, with a random.Random of its own.

    An article has a cast of its own, drawn first: a dozen subject nouns, three institutions, two
    groups, two sectors and streets, three people quoted. Most of its sentences use them (as an article
    keeps to its subject), the rest the generic words; so a rule's rare word turns up in a few
    articles, not in every one."""

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.nouns = rnd.sample(NOUNS, 12)
        self.institutions = rnd.sample(INSTITUTIONS, 3)
        self.groups = [rnd.choice(GROUPS).replace("{sector}", rnd.choice(SECTORS)) for _ in range(2)]
        self.sectors = rnd.sample(SECTORS, 2)
        self.streets = rnd.sample(STREETS, 2)
        self.places = rnd.sample(PLACES, 2)
        self.people = [(self._new_person(), rnd.choice(ROLES)) for _ in range(3)]

    def _pick(self, own: list, every: list, share: float = 0.85):
        return self.rnd.choice(own if self.rnd.random() < share else every)

    def fill(self, template: str) -> str:
        r = self.rnd
        return template.format(
            sector=self._pick(self.sectors, SECTORS),
            street=self._pick(self.streets, STREETS),
            place=self._pick(self.places, PLACES),
            group=self.group(),
            n=r.choice([r.randint(2, 99), r.randint(100, 999), r.randint(2, 30)]),
        )

    def _new_person(self) -> str:
        r = self.rnd
        if r.random() < 0.25:
            return r.choice(NAMES)
        return f"{r.choice(FIRST_NAMES)} {r.choice(SURNAMES)}"

    def quoted(self) -> str:
        """A person and their role, «Rosa Cortés, vecina del sector»."""
        if self.rnd.random() < 0.8:
            name, role = self.rnd.choice(self.people)
        else:
            name, role = self._new_person(), self.rnd.choice(ROLES)
        return f"{name}, {role}"

    def group(self) -> str:
        return self._pick(self.groups, GROUPS).replace("{sector}", self.rnd.choice(self.sectors))

    def institution(self) -> str:
        return self._pick(self.institutions, INSTITUTIONS, 0.9)

    def subject(self) -> str:
        r = self.rnd.random()
        if r < 0.45:
            return self.institution()
        if r < 0.75:
            return self.group()
        return f"{self.quoted()},"

    def noun_phrase(self) -> str:
        r = self.rnd
        noun, gender = self._pick(self.nouns, GENERIC_NOUNS, 0.7)
        article = {"m": ["el", "un", "el", "este"], "f": ["la", "una", "la", "esta"]}[gender]
        words = [r.choice(article), noun]
        if r.random() < 0.6:
            male, female = r.choice(ADJ)
            words.append(male if gender == "m" else female)
        if r.random() < 0.55:
            words.append(self.fill(r.choice(COMPLEMENTS)))
        return " ".join(words)

    def clause(self) -> str:
        r = self.rnd
        parts = [self.subject(), r.choice(VERBS), self.noun_phrase()]
        if r.random() < 0.5:
            parts.append(r.choice(TIMES))
        return " ".join(parts)

    def sentence(self) -> str:
        r = self.rnd
        kind = r.random()
        if kind < 0.35:
            text = self.clause()
        elif kind < 0.5:
            text = f"{r.choice(CONNECTORS)} {self.clause()}"
        elif kind < 0.62:
            text = f"Según {self.institution()}, {self.clause().rstrip(',')}"
        elif kind < 0.75:
            text = f"«{_capital(self.clause().rstrip(','))}», {r.choice(SAY)} {self.quoted()}"
        elif kind < 0.87:
            text = (
                f"{_capital(self.noun_phrase())} contempla {self.fill(r.choice(QUANTITIES))} y "
                f"{self.noun_phrase()}, con una inversión de {self.fill('{n} millones de pesos')}"
            )
        else:
            text = f"{self.clause()}, mientras {self.clause().rstrip(',')}"
        return _capital(text.replace(",,", ",")) + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rnd.randint(2, 4)))

    def headline(self) -> str:
        r = self.rnd
        words = f"{self.subject().rstrip(',')} {r.choice(VERBS)} {self.noun_phrase()}".split()
        return _capital(" ".join(words[:14]))

    def body(self) -> tuple[str, ...]:
        """6–10 paragraphs, 250–500 words."""
        while True:
            paragraphs = tuple(self.paragraph() for _ in range(self.rnd.randint(6, 10)))
            words = sum(len(p.split()) for p in paragraphs)
            if 250 <= words <= 500:
                return paragraphs
            if words > 500:
                trimmed = list(paragraphs)
                while len(trimmed) > 6 and sum(len(p.split()) for p in trimmed) > 500:
                    trimmed.pop()
                if 250 <= sum(len(p.split()) for p in trimmed) <= 500:
                    return tuple(trimmed)

    def republish(self, paragraphs: tuple[str, ...], *, changes: int | None = None) -> tuple[str, ...]:
        """The same story in another outlet: a new opening sentence, a few words swapped, sometimes
        the last paragraph cut."""
        r = self.rnd
        words = [p.split(" ") for p in paragraphs]
        for _ in range(changes if changes is not None else r.randint(3, 8)):
            p = r.randrange(len(words))
            i = r.randrange(len(words[p]))
            words[p][i] = r.choice(NOUNS)[0] if r.random() < 0.5 else r.choice(ADJ)[0]
        edited = [" ".join(w) for w in words]
        edited[0] = f"{self.sentence()} {edited[0]}"
        if len(edited) > 6 and r.random() < 0.5:
            edited.pop()
        return tuple(edited)


# --- the site --------------------------------------------------------------------------------------


class MediaSite:
    """The server: `start()`, `stop()`, `base`, `source_url(k)`, `story(k, n)`, `day`, `hits`."""

    def __init__(self, *, seed: int = 19, sources: int = SOURCES, items_per_day: int = ITEMS_PER_DAY) -> None:
        self.seed = seed
        self.sources = sources
        self.items_per_day = items_per_day
        self.day = 0
        self.hits: Counter[str] = Counter()
        self.server_seconds = 0.0
        self._cache: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True, name="media-site")

    def start(self) -> MediaSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> MediaSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- what it publishes -------------------------------------------------------------------------

    @staticmethod
    def is_sitemap(k: int) -> bool:
        return k % 5 == 0

    def source_url(self, k: int) -> str:
        return f"{self.base}/s{k}/{'noticias.xml' if self.is_sitemap(k) else 'feed.xml'}"

    def outlet_name(self, k: int) -> str:
        head = OUTLET_HEADS[(k - 1) % len(OUTLET_HEADS)]
        tail = OUTLET_TAILS[((k - 1) // len(OUTLET_HEADS)) % len(OUTLET_TAILS)]
        return f"{head} {tail}" + (f" {k}" if k > len(OUTLET_HEADS) * len(OUTLET_TAILS) else "")

    def article_url(self, k: int, n: int) -> str:
        return f"{self.base}/s{k}/{n}"

    def day_items(self, day: int) -> range:
        return range(day * self.items_per_day, (day + 1) * self.items_per_day)

    def _rnd(self, *parts: object) -> random.Random:
        return random.Random(":".join(str(p) for p in (self.seed, *parts)))  # noqa: S311 - test data

    def _original_of(self, k: int, n: int) -> tuple[int, int] | None:
        """The article (k', n') of the same day that (k, n) republishes, if it is a republication."""
        rnd = self._rnd("rep", k, n)
        if self.sources < 2 or rnd.random() >= REPUBLISHED_SHARE:
            return None
        other = rnd.choice([s for s in range(1, self.sources + 1) if s != k])
        day = n // self.items_per_day
        return other, rnd.choice(self.day_items(day))

    def _root(self, k: int, n: int) -> tuple[int, int] | None:
        """What (k, n) republishes, followed to an article that is not a republication itself."""
        found, seen = None, {(k, n)}
        current = self._original_of(k, n)
        while current is not None and current not in seen and len(seen) < 10:
            found = current
            seen.add(current)
            current = self._original_of(*current)
        return found if current is None else None

    def _published(self, k: int, n: int) -> datetime:
        day, slot = divmod(n, self.items_per_day)
        minutes = (slot * 17 * 60 * 60 // self.items_per_day + k * 37) // 60
        return FIRST_DAY + timedelta(days=day, minutes=minutes)

    def _own(self, k: int, n: int) -> tuple[str, tuple[str, ...]]:
        writer = Writer(self._rnd("text", k, n))
        return writer.headline(), writer.body()

    def title(self, k: int, n: int) -> str:
        """The headline alone (what story(k, n).title is, for less work: the writer draws it first)."""
        root = self._root(k, n)
        return Writer(self._rnd("text", k, n) if root is None else self._rnd("republish", k, n)).headline()

    def story(self, k: int, n: int) -> Story:
        rnd = self._rnd("meta", k, n)
        root = self._root(k, n)
        if root is None:
            title, paragraphs = self._own(k, n)
        else:
            _title, original = self._own(*root)
            writer = Writer(self._rnd("republish", k, n))
            title, paragraphs = writer.headline(), writer.republish(original)
        author = f"{rnd.choice(FIRST_NAMES)} {rnd.choice(SURNAMES)}" if rnd.random() < 0.8 else "Redacción"
        return Story(title, paragraphs, author, rnd.choice(SECTIONS), self._published(k, n), root)

    # --- what each address answers -----------------------------------------------------------------

    def page(self, k: int, n: int) -> bytes:
        story = self.story(k, n)
        outlet = escape(self.outlet_name(k))
        url = self.article_url(k, n)
        when = story.published_at.isoformat()
        nav = "".join(f"<li><a href='/s{k}/seccion/{s.lower()}'>{s}</a></li>" for s in SECTIONS)
        related = "".join(
            f"<li><a href='/s{k}/{m}'>{escape(self.title(k, m))}</a></li>" for m in (n - 1, n - 2, n - 3) if m >= 0
        )
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
        html = (
            "<!doctype html><html lang='es'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{escape(story.title)} | {outlet}</title>"
            f"<link rel='canonical' href='{url}'>"
            f"<meta name='description' content='{escape(story.summary)}'>"
            f"<meta name='author' content='{escape(story.author)}'>"
            f"<meta property='og:title' content='{escape(story.title)}'>"
            f"<meta property='og:type' content='article'><meta property='og:url' content='{url}'>"
            f"<meta property='og:image' content='{self.base}/s{k}/img/{n}.jpg'>"
            f"<meta property='article:published_time' content='{when}'>"
            f"<meta property='article:section' content='{story.section}'>"
            "<link rel='stylesheet' href='/static/sitio.css'><script src='/static/sitio.js' defer></script>"
            "</head><body>"
            f"<header><a class='logo' href='/s{k}/'>{outlet}</a>"
            f"<nav><ul><li><a href='/s{k}/'>Portada</a></li>{nav}</ul></nav>"
            "<form action='/buscar'><input name='q' placeholder='Buscar'></form></header>"
            "<main><article>"
            f"<p class='volanta'>{story.section}</p><h1>{escape(story.title)}</h1>"
            f"<p class='bajada'>{escape(story.summary)}</p>"
            f"<div class='firma'>Por <span class='autor'>{escape(story.author)}</span> · "
            f"<time datetime='{when}'>{story.published_at:%d-%m-%Y %H:%M}</time></div>"
            f"<figure><img src='/s{k}/img/{n}.jpg' alt='{escape(story.title)}'><figcaption>Foto: {outlet}"
            f"</figcaption></figure>{paragraphs}</article>"
            f"<aside><h2>Más noticias</h2><ul>{related}</ul>"
            "<div class='publicidad'>Publicidad</div></aside></main>"
            f"<footer><p>© {story.published_at.year} {outlet}. Todos los derechos reservados.</p>"
            "<p><a href='/contacto'>Contacto</a> · <a href='/privacidad'>Privacidad</a></p></footer>"
            "</body></html>"
        )
        return html.encode()

    def etag(self, k: int, day: int) -> str:
        return f'"s{k}-d{day}"'

    def _rss(self, k: int, day: int) -> bytes:
        outlet = escape(self.outlet_name(k))
        entries = []
        for n in reversed(self.day_items(day)):
            story = self.story(k, n)
            url = self.article_url(k, n)
            entries.append(
                f"<item><title>{escape(story.title)}</title><link>{url}</link>"
                f"<guid isPermaLink='true'>{url}</guid><description>{escape(story.summary)}</description>"
                f"<pubDate>{format_datetime(story.published_at, usegmt=True)}</pubDate>"
                f"<dc:creator>{escape(story.author)}</dc:creator><category>{story.section}</category>"
                f"<media:content url='{self.base}/s{k}/img/{n}.jpg' medium='image'/></item>"
            )
        return (
            "<?xml version='1.0' encoding='utf-8'?><rss version='2.0' "
            "xmlns:dc='http://purl.org/dc/elements/1.1/' xmlns:media='http://search.yahoo.com/mrss/'>"
            f"<channel><title>{outlet}</title><link>{self.base}/s{k}/</link>"
            f"<description>Noticias de Antofagasta y la región</description><language>es-cl</language>"
            f"{''.join(entries)}</channel></rss>"
        ).encode()

    def _news_sitemap(self, k: int, day: int) -> bytes:
        outlet = escape(self.outlet_name(k))
        urls = []
        for n in reversed(self.day_items(day)):
            story = self.story(k, n)
            urls.append(
                f"<url><loc>{self.article_url(k, n)}</loc><news:news><news:publication>"
                f"<news:name>{outlet}</news:name><news:language>es</news:language></news:publication>"
                f"<news:publication_date>{story.published_at.isoformat()}</news:publication_date>"
                f"<news:title>{escape(story.title)}</news:title></news:news>"
                f"<image:image><image:loc>{self.base}/s{k}/img/{n}.jpg</image:loc></image:image></url>"
            )
        return (
            "<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
            "xmlns:news='http://www.google.com/schemas/sitemap-news/0.9' "
            f"xmlns:image='http://www.google.com/schemas/sitemap-image/1.1'>{''.join(urls)}</urlset>"
        ).encode()

    def _listing(self, k: int, headers) -> tuple[int, dict[str, str], bytes]:
        day = self.day
        tag = self.etag(k, day)
        modified = format_datetime(FIRST_DAY + timedelta(days=day, hours=18), usegmt=True)
        answer = {"ETag": tag, "Last-Modified": modified}
        if headers is not None and headers.get("If-None-Match") == tag:
            return 304, answer, b""
        key = f"listing:{k}:{day}"
        cached = self._cache.get(key)
        if cached is None:
            if self.is_sitemap(k):
                cached = (200, {"Content-Type": "application/xml"}, self._news_sitemap(k, day))
            else:
                cached = (200, {"Content-Type": "application/rss+xml; charset=utf-8"}, self._rss(k, day))
            self._cache[key] = cached
        return cached[0], {**cached[1], **answer}, cached[2]

    def answer(self, path: str, headers=None) -> tuple[int, dict[str, str], bytes]:
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /privado/\nDisallow: /buscar\n"
        parts = path.split("?", 1)[0].strip("/").split("/")
        if len(parts) != 2 or not parts[0].startswith("s") or not parts[0][1:].isdigit():
            return 404, {"Content-Type": "text/plain"}, b"no existe"
        k = int(parts[0][1:])
        if not 1 <= k <= self.sources:
            return 404, {"Content-Type": "text/plain"}, b"no existe"
        if parts[1] == ("noticias.xml" if self.is_sitemap(k) else "feed.xml"):
            return self._listing(k, headers)
        if not parts[1].isdigit():
            return 404, {"Content-Type": "text/plain"}, b"no existe"
        cached = self._cache.get(path)
        if cached is not None:
            return cached
        return 200, {"Content-Type": "text/html; charset=utf-8"}, self.page(k, int(parts[1]))

    def warm(self, day: int) -> None:
        """Render day `day`'s listings and pages ahead (and forget other days' pages)."""
        cache: dict[str, tuple[int, dict[str, str], bytes]] = {}
        for k in range(1, self.sources + 1):
            for n in self.day_items(day):
                cache[f"/s{k}/{n}"] = (200, {"Content-Type": "text/html; charset=utf-8"}, self.page(k, n))
        with self._lock:
            self._cache = cache
            saved, self.day = self.day, day
            for k in range(1, self.sources + 1):
                self._listing(k, None)
            self.day = saved

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the media's servers
            # Headers and body leave in one write, without Nagle's wait: otherwise every keep-alive
            # answer waits for the client's delayed ACK (~40 ms), a cost no real web server has.
            disable_nagle_algorithm = True
            wbufsize = -1

            def do_GET(self):  # noqa: N802 (the standard library's name)
                started = time.perf_counter()
                path = self.path
                site.hits["robots" if path == "/robots.txt" else "listing" if path.endswith(".xml") else "page"] += 1
                status, headers, body = site.answer(self.path, self.headers)
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass
                site.server_seconds += time.perf_counter() - started

            def log_message(self, *args):
                pass

        return Handler
