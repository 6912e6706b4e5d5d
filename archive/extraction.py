"""Quick entry: fill what can be guessed of a clipping from its link and the pasted text.

Nothing is fetched from the network (the intranet may have no internet, and a page could be
hostile): the outlet comes from the link's domain, the date from the link or the text, the headline
from the first line, the summary from the first paragraph, and the directorates and topics from
words in the text. The person reviews everything before saving.
"""

from __future__ import annotations

import re
from datetime import date

from django.utils import timezone

from communications.public import outlet_for_address
from gabinete.models import Directorate

from .models import Medium, Source, Tone, Topic, normalise

MONTHS = {
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
}

#: Words that point to a directorate (normalised: lower case, no accents).
DIRECTORATE_KEYWORDS = {
    "aseo": ["basura", "basural", "microbasural", "recoleccion", "residuos", "aseo", "escombros"],
    "transito-y-transporte-publico": [
        "transito",
        "semaforo",
        "taco",
        "congestion",
        "micro",
        "colectivo",
        "estacionamiento",
    ],
    "obras-municipales": ["pavimentacion", "permiso de edificacion", "obras municipales", "vereda", "bache", "socavon"],
    "medio-ambiente-y-ornato": ["areas verdes", "arbolado", "plaza", "ornato", "medio ambiente", "reciclaje"],
    "seguridad-ciudadana": ["seguridad", "delincuencia", "camaras", "patrullaje", "robos"],
    "salud-educacion-e-incorporados": ["cesfam", "consultorio", "salud", "colegio", "liceo", "educacion", "escuela"],
    "desarrollo-comunitario": ["junta de vecinos", "subsidio", "ayuda social", "adulto mayor", "dideco"],
    "cultura-arte-y-patrimonio": ["cultura", "teatro", "patrimonio", "festival", "museo"],
    "desarrollo-del-turismo": ["turismo", "turistas", "playa", "balneario"],
    "gestion-del-riesgo-de-desastres": ["aluvion", "tsunami", "sismo", "emergencia", "quebrada"],
    "inspeccion-general": ["comercio ambulante", "fiscalizacion", "inspectores", "patentes"],
}


def _date_from(url: str, text: str) -> date | None:
    today = timezone.localdate()
    candidates = []
    m = re.search(r"/(20\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|$|-)", url)
    if m:
        candidates.append((int(m.group(1)), int(m.group(2)), int(m.group(3))))
    folded = normalise(text[:2000])
    m = re.search(r"\b(\d{1,2}) de (" + "|".join(MONTHS) + r")(?: de(?:l)? (20\d\d))?", folded)
    if m:
        candidates.append((int(m.group(3) or today.year), MONTHS[m.group(2)], int(m.group(1))))
    m = re.search(r"\b(\d{1,2})[-/](\d{1,2})[-/](20\d\d)\b", folded)
    if m:
        candidates.append((int(m.group(3)), int(m.group(2)), int(m.group(1))))
    for y, mo, d in candidates:
        try:
            found = date(y, mo, d)
        except ValueError:
            continue
        if found <= today:
            return found
    return None


def guess_clipping(url: str, text: str) -> dict:
    """Initial values for the clipping form."""
    url = (url or "").strip()
    text = (text or "").replace("\r\n", "\n").strip()
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    headline = paragraphs[0][:300] if paragraphs else ""
    summary = ""
    for p in paragraphs[1:]:
        if len(p) > 40:
            summary = p if len(p) <= 400 else p[:400].rsplit(" ", 1)[0] + " …"
            break
    outlet = outlet_for_address(url) if url else None
    initial = {
        "source": Source.MEDIA,
        "url": url,
        "headline": headline,
        "summary": summary,
        "body": "\n\n".join(paragraphs[1:]) if len(paragraphs) > 1 else text,
        "published_on": _date_from(url, text) or timezone.localdate(),
        "tone": Tone.NEUTRAL,
        "medium": Medium.DIGITAL if url else Medium.PRESS,
    }
    if outlet is not None:
        initial["outlet"] = outlet.pk
        if outlet.kind in Medium.values and not url:
            initial["medium"] = outlet.kind
    folded = normalise(text)
    slugs = [slug for slug, words in DIRECTORATE_KEYWORDS.items() if any(w in folded for w in words)]
    if slugs:
        initial["directorates"] = list(Directorate.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    topics = [t.pk for t in Topic.objects.all() if normalise(t.name) in folded]
    if topics:
        initial["topics"] = topics
    return initial
