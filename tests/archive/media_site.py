"""Two local media outlets on a real HTTP server on 127.0.0.1, written for the ingest tests.

«Diario El Faro» publishes an RSS feed (with ETag) and «Radio Costa» a news sitemap and a sitemap
index. Their pages are in Spanish and exercise what the fetcher meets in the wild: a story that the
other outlet republishes with small edits, one of the municipality's own press releases printed
almost verbatim, a link with tracking parameters, an article withdrawn (404), a page that fails
(500), one that never answers in time, a 30 MB page, a path robots.txt forbids, a link to another
site; and two broken sources: a «feed» that is not XML and a feed whose server fails.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PLAZA = (
    "El alcalde de Antofagasta inauguró este martes la remodelada plaza Sotomayor del sector centro, "
    "con nuevas áreas verdes, juegos infantiles inclusivos y luminarias de bajo consumo. La obra demandó "
    "una inversión de 480 millones de pesos y fue ejecutada por la Dirección de Obras Municipales en "
    "ocho meses de trabajo. Los vecinos de la junta vecinal Centro Histórico valoraron la recuperación "
    "del espacio público y pidieron mantener la vigilancia durante las noches. La autoridad comunal "
    "anunció que el programa de recuperación de plazas continuará el próximo año en los sectores norte "
    "y sur de la ciudad, con otras doce plazas priorizadas por los vecinos en los cabildos comunales."
)
# The same story as the other outlet tells it: a new first sentence, a word changed here and there.
PLAZA_REPUBLISHED = (
    "Con la presencia de dirigentes vecinales, el alcalde de Antofagasta inauguró este martes la remodelada "
    "plaza Sotomayor del sector centro, con nuevas áreas verdes, juegos infantiles inclusivos y luminarias de "
    "bajo consumo. La obra demandó una inversión de 480 millones de pesos y fue ejecutada por la Dirección de "
    "Obras Municipales en ocho meses de trabajo. Los vecinos de la junta vecinal Centro Histórico valoraron la "
    "recuperación del espacio público y pidieron mantener la vigilancia durante las noches. La autoridad comunal "
    "anunció que el programa de recuperación de plazas seguirá el próximo año en los sectores norte y sur de "
    "la ciudad, con otras doce plazas priorizadas por los vecinos en los cabildos comunales."
)
MICROBASURAL = (
    "Vecinos de La Chimba denunciaron un microbasural que crece desde hace tres semanas en un sitio eriazo "
    "de la avenida Circunvalación. Según los dirigentes, camiones particulares botan escombros durante la "
    "noche y el camión recolector no ha pasado por el pasaje desde hace diez días. La presidenta de la junta "
    "vecinal pidió a la Dirección de Aseo un operativo de limpieza y más fiscalización a quienes botan basura "
    "en la quebrada, porque los perros rompen las bolsas y el olor ya llega a las casas."
)
# The municipality's own press release, as communications publishes it (the tests create it there).
RELEASE_TITLE = "Municipalidad lanza operativo de vacunación antirrábica gratuita en diez sedes vecinales"
RELEASE_TEXT = (
    "La Municipalidad de Antofagasta, a través de su Dirección de Medio Ambiente y Ornato, inicia este sábado "
    "un operativo de vacunación antirrábica gratuita para perros y gatos en diez sedes vecinales de la comuna. "
    "La jornada se extenderá entre las 10:00 y las 14:00 horas y no requiere inscripción previa; basta con "
    "llevar a la mascota con correa o en su transportadora. El municipio recordó que la vacuna es obligatoria "
    "desde los dos meses de edad y que cada año se debe reforzar. Las sedes incluyen la junta vecinal "
    "Gran Vía, la población René Schneider, el sector Bonilla y el campamento Los Arenales, entre otras."
)
# The radio prints the release almost verbatim, with its own headline and a closing line.
RELEASE_REPRINT = RELEASE_TEXT + " Más información en las redes sociales del municipio."
FUTBOL = (
    "El club deportivo local venció por dos goles a uno en el partido disputado el domingo en el estadio "
    "regional, con una gran asistencia de público que llenó las tribunas. El entrenador destacó el trabajo "
    "del plantel durante la semana y adelantó que el próximo desafío será de visita en el norte del país, "
    "donde el equipo buscará mantener el invicto que arrastra desde el inicio del torneo nacional."
)


def page(title: str, text: str, *, author: str = "Redacción", day: str = "2026-11-17") -> bytes:
    paragraphs = "".join(f"<p>{sentence.strip()}.</p>" for sentence in text.split(". ") if sentence.strip())
    return (
        "<!doctype html><html lang='es'><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta name='author' content='{author}'>"
        f"<meta property='article:published_time' content='{day}T09:00:00-03:00'>"
        "<meta property='og:image' content='/img/portada.jpg'></head><body>"
        "<nav><a href='/'>Portada</a> <a href='/deportes'>Deportes</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Todos los derechos reservados.</footer></body></html>"
    ).encode()


def _rss(base: str, items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{path if path.startswith('http') else base + path}</link><description>{summary}</description>"
        "<pubDate>Tue, 17 Nov 2026 12:00:00 GMT</pubDate><author>prensa@elfaro.example</author></item>"
        for path, title, summary in items
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Diario El Faro</title>"
        f"<link>{base}/</link><description>Noticias de Antofagasta</description>{entries}</channel></rss>"
    ).encode()


def _news_sitemap(base: str, items: list[tuple[str, str]]) -> bytes:
    urls = "".join(
        f"<url><loc>{base}{path}</loc><news:news><news:publication><news:name>Radio Costa</news:name>"
        "<news:language>es</news:language></news:publication>"
        "<news:publication_date>2026-11-17T13:30:00-03:00</news:publication_date>"
        f"<news:title>{title}</news:title></news:news></url>"
        for path, title in items
    )
    return (
        "<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
        f"xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>{urls}</urlset>"
    ).encode()


class MediaSite:
    """The server: `url(path)`, `hits` per path, the User-Agents and conditional headers it saw.
    `withdrawn` paths answer 404 from the moment they are added."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.user_agents: set[str] = set()
        self.conditional: list[str] = []
        self.withdrawn: set[str] = set()
        self.feed_etag = '"faro-v1"'
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def start(self) -> MediaSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- what each address answers -----------------------------------------------------------------

    def faro_items(self) -> list[tuple[str, str, str]]:
        return [
            (
                "/faro/plaza-sotomayor?utm_source=rss&utm_medium=feed&utm_campaign=portada",
                "Alcalde inaugura la remodelada plaza Sotomayor",
                "La obra costó 480 millones de pesos.",
            ),
            ("/faro/microbasural-la-chimba", "Vecinos denuncian microbasural en La Chimba", "Piden operativo de aseo."),
            ("/faro/retirada", "Nota que el diario retiró", "Una nota que ya no existe."),
            (
                "/faro/error",
                "Municipalidad de Antofagasta anuncia ferias navideñas",
                "La Municipalidad de Antofagasta anunció las ferias navideñas en cinco sectores de la comuna.",
            ),
            ("/faro/lenta", "Alcalde visita obras del nuevo cesfam", "El alcalde recorrió las obras del cesfam norte."),
            ("/faro/enorme", "Alcalde presenta cuenta pública", "El alcalde presentó su cuenta pública anual."),
            ("/privado/alcalde-reservado", "Alcalde en nota reservada", "El alcalde en una nota que robots prohíbe."),
            ("/faro/futbol", "Club local gana el clásico", "Deportes: el club venció dos a uno."),
            (
                f"http://localhost:{self.port}/faro/externa",
                "Alcalde citado en un sitio ajeno",
                "El alcalde aparece en un sitio que el municipio no registró.",
            ),
        ]

    def radio_items(self) -> list[tuple[str, str]]:
        return [
            ("/radio/plaza", "Inauguran plaza Sotomayor con presencia del alcalde"),
            ("/radio/vacunacion", "Vacunación antirrábica gratis este sábado en sedes vecinales"),
        ]

    def answer(self, path: str, headers) -> tuple[int, dict[str, str], bytes]:
        base = self.base
        if path in self.withdrawn:
            return 404, {}, b"no existe"
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /privado/\n"
        if path == "/faro/rss.xml":
            if headers.get("If-None-Match") == self.feed_etag:
                self.conditional.append(path)
                return 304, {"ETag": self.feed_etag}, b""
            return 200, {"Content-Type": "application/rss+xml", "ETag": self.feed_etag}, _rss(base, self.faro_items())
        if path == "/radio/noticias.xml":
            return 200, {"Content-Type": "application/xml"}, _news_sitemap(base, self.radio_items())
        if path == "/radio/indice.xml":
            body = (
                "<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                f"<sitemap><loc>{base}/radio/noticias.xml</loc><lastmod>2026-11-17</lastmod></sitemap>"
                "</sitemapindex>"
            ).encode()
            return 200, {"Content-Type": "application/xml"}, body
        if path == "/roto/feed.xml":
            return 200, {"Content-Type": "application/rss+xml"}, b"<html><body>Estamos en mantenimiento</body></html>"
        if path == "/caido/feed.xml":
            return 500, {}, b"Internal Server Error"
        if path.startswith("/faro/plaza-sotomayor"):
            return 200, {}, page("Alcalde inaugura la remodelada plaza Sotomayor", PLAZA, author="Camila Rojas")
        if path == "/faro/microbasural-la-chimba":
            return 200, {}, page("Vecinos denuncian microbasural en La Chimba", MICROBASURAL, author="Pedro Soto")
        if path == "/faro/retirada":
            return 404, {}, b"no existe"
        if path == "/faro/error":
            return 500, {}, b"error"
        if path == "/faro/lenta":
            time.sleep(3)
            return 200, {}, page("Alcalde visita obras", FUTBOL)
        if path == "/faro/enorme":
            return 200, {}, b"<html><body>" + b"<p>relleno</p>" * (30 * 1024 * 1024 // 14) + b"</body></html>"
        if path == "/faro/futbol":
            return 200, {}, page("Club local gana el clásico", FUTBOL)
        if path == "/radio/plaza":
            return 200, {}, page("Inauguran plaza Sotomayor con presencia del alcalde", PLAZA_REPUBLISHED)
        if path == "/radio/vacunacion":
            return 200, {}, page("Vacunación antirrábica gratis este sábado en sedes vecinales", RELEASE_REPRINT)
        return 404, {}, b"no existe"

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the standard library's name)
                site.hits[self.path] += 1
                site.user_agents.add(self.headers.get("User-Agent", ""))
                status, headers, body = site.answer(self.path, self.headers)
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the fetcher hung up (a page over the size limit, a timeout)

            def log_message(self, *args):
                pass

        return Handler
