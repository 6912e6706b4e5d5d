"""The press archive: what the media and the residents say about the municipal administration.

A `Clipping` is one item the press team files: an article, a radio or TV segment, a post, or a
citizen report that a resident sent directly (letter, e-mail, social network, in person). Citizen
reports are the same record with `source = vecino`; the resident's contact is private to Gabinete.

Search: on PostgreSQL each clipping keeps a `search_vector` (Spanish stemming, accents removed through
the `es_unaccent` text search configuration created in migration 0001) under a GIN index, rebuilt on
every save. On SQLite, `search_text` keeps a lower-case, accent-free copy of the same text, matched
with LIKE (see selectors.clipping_search).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gabinete import privacy
from gabinete.concurrency import VersionedModel
from gabinete.models import Directorate
from gabinete.text import fold
from gabinete.uploads import AUDIO, IMAGE, PDF, VIDEO, FileKindValidator, UploadTo

#: The PostgreSQL text search configuration: Spanish stemming after `unaccent` (migration 0001).
SEARCH_CONFIG = "es_unaccent"


def normalise(text: str | None) -> str:
    """Lower case without accents, one character in for one character out ("Núñez" → "nunez").

    Keeping the length lets the SQLite fallback find a match in the normalised copy and highlight the
    same span in the original text (the shared `gabinete.text.fold`).
    """
    return fold(text)


#: The plain Spanish configuration, stemming before any accent is removed.
STEM_CONFIG = "spanish"


def search_vector_expression():
    """Headline weighs most, then summary, then the full text.

    Each text is indexed twice. `es_unaccent` removes accents before stemming, so "EDUCACION" and
    "educación" meet; but the Snowball stemmer then no longer sees the accented suffixes
    ("educación" stays "educacion", "alcaldía" becomes "alcaldi"). The plain `spanish` configuration
    stems the accented words properly ("educación", "educativo" → "educ"; "alcaldía", "Alcalde" →
    "alcald"; "pavimentación", "pavimentos" → "paviment"). The query asks both (search_query()).
    """
    vector = None
    for field, weight in (("headline", "A"), ("summary", "B"), ("body", "C")):
        text = Coalesce(field, Value(""), output_field=models.TextField())
        for config in (SEARCH_CONFIG, STEM_CONFIG):
            part = SearchVector(text, weight=weight, config=config)
            vector = part if vector is None else vector + part
    return vector


def search_query(text: str):
    """The web-search syntax ("a phrase", -word, or) read by both configurations; the rules' «NOT word»
    (archive/query.py) is PostgreSQL's «-word»."""
    text = re.sub(r"(?<!\S)NOT\s+(?=\S)", "-", text)
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch") | SearchQuery(
        text, config=STEM_CONFIG, search_type="websearch"
    )


#: The same vector in plain SQL, for the bulk UPDATE of the scale generator.
SEARCH_VECTOR_SQL = " || ".join(
    f"setweight(to_tsvector('{config}', coalesce({field}, '')), '{weight}')"
    for field, weight in (("headline", "A"), ("summary", "B"), ("body", "C"))
    for config in ("es_unaccent", "spanish")
)


class Source(models.TextChoices):
    MEDIA = "medio", _("Medio de comunicación")
    CITIZEN = "vecino", _("Vecino/a")


class Medium(models.TextChoices):
    """How the item reached the archive: the medium type of an outlet, or a resident's channel."""

    PRESS = "prensa", _("Prensa escrita")
    RADIO = "radio", _("Radio")
    TV = "tv", _("Televisión")
    DIGITAL = "digital", _("Medio digital")
    SOCIAL = "redes", _("Red social")
    LETTER = "carta", _("Carta")
    EMAIL = "correo", _("Correo electrónico")
    IN_PERSON = "presencial", _("Atención presencial")


class Tone(models.TextChoices):
    POSITIVE = "positivo", _("Positivo")
    NEUTRAL = "neutro", _("Neutro")
    NEGATIVE = "negativo", _("Negativo")


def _choice_label(choices: type[models.TextChoices], value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


#: Briefing order: the Alcalde reads the negative items first.
TONE_ORDER = [Tone.NEGATIVE, Tone.NEUTRAL, Tone.POSITIVE]


class Topic(models.Model):
    """A subject tag for clippings ("Recolección de basura", "Pavimentación", "Seguridad")."""

    name = models.CharField(_("nombre"), max_length=80, unique=True)
    slug = models.SlugField(_("identificador"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tema")
        verbose_name_plural = _("temas")

    def __str__(self) -> str:
        return self.name


class ClippingQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("outlet").prefetch_related("topics", "directorates")

    def on_day(self, day):
        return self.filter(published_on=day)

    def in_month(self, year: int, month: int):
        return self.filter(published_on__year=year, published_on__month=month)


class Clipping(VersionedModel):
    """One item of the press archive: a media publication or broadcast, or a citizen report.

    Seed functions b and d: keep the Alcalde informed of what the media and the residents say, and
    keep an up-to-date archive of the publications about the municipal administration.
    """

    personal_data = privacy.Processing(
        fields=("reporter_name", "reporter_contact"),
        subjects=_("Vecinos y vecinas que envían un reporte a Gabinete"),
        purpose=_("Informar al Alcalde de lo que dicen los vecinos y derivar su reporte para una respuesta"),
        legal_basis=_("Funciones b y d del reglamento de Gabinete"),
        access=_("Solo Gabinete (nunca en exportaciones ni en la síntesis)"),
        retention=_("Por confirmar con Jurídica (se anonimizará pasado el plazo)"),
        lookup=privacy.Lookup(name=("reporter_name",), email=("reporter_contact",)),
        expiry=privacy.Expiry(
            date_field="published_on",
            anonymise=(("reporter_name", ""), ("reporter_contact", "")),
            eligible=Q(source=Source.CITIZEN),
        ),
    )

    source = models.CharField(_("origen"), max_length=10, choices=Source.choices, default=Source.MEDIA)
    outlet = models.ForeignKey(
        "communications.Outlet",
        on_delete=models.PROTECT,
        related_name="clippings",
        verbose_name=_("medio"),
        null=True,
        blank=True,
    )
    medium = models.CharField(_("tipo de medio"), max_length=12, choices=Medium.choices)
    published_on = models.DateField(_("fecha de publicación"))
    headline = models.CharField(_("titular"), max_length=300)
    summary = models.TextField(_("resumen"), blank=True)
    body = models.TextField(_("texto completo"), blank=True)
    url = models.URLField(_("enlace"), max_length=500, blank=True)
    section = models.CharField(
        _("página, sección o programa"),
        max_length=150,
        blank=True,
        help_text=_("Ej.: «Crónica, p. 4» o «Radio Bío-Bío, Expreso Bío-Bío»."),
    )
    tone = models.CharField(_("tono"), max_length=10, choices=Tone.choices, default=Tone.NEUTRAL)
    topics = models.ManyToManyField(Topic, related_name="clippings", blank=True, verbose_name=_("temas"))
    directorates = models.ManyToManyField(
        Directorate, related_name="clippings", blank=True, verbose_name=_("direcciones involucradas")
    )
    attachment = models.FileField(
        _("recorte escaneado o archivo"),
        upload_to=UploadTo("archive/clippings"),
        validators=[FileKindValidator(PDF, IMAGE, AUDIO, VIDEO, max_mb=20)],
        blank=True,
        help_text=_("PDF, imagen, audio o video, hasta 20 MB."),
    )
    media_reference = models.CharField(
        _("referencia de audio o video"),
        max_length=300,
        blank=True,
        help_text=_("Enlace o referencia a la grabación (programa, hora, minuto)."),
    )
    # A resident's identity and contact: private to Gabinete, never exported nor in the briefing.
    reporter_name = models.CharField(_("nombre del vecino/a"), max_length=150, blank=True)
    reporter_contact = models.CharField(
        _("contacto del vecino/a"),
        max_length=200,
        blank=True,
        help_text=_("Teléfono, correo o dirección. Privado: solo lo ve Gabinete."),
    )

    search_vector = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(editable=False, blank=True, default="")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrado por")
    )
    created_at = models.DateTimeField(_("registrado el"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("actualizado el"), auto_now=True)

    objects = ClippingQuerySet.as_manager()

    # Not columns: what archive.selectors gives each clipping of a page of results (attach_labels,
    # attach_passages) for the templates to show.
    directorate_names: list[str]
    topic_names: list[str]
    passage: str
    headline_marked: str
    history = HistoricalRecords(excluded_fields=["search_vector", "search_text"])

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("recorte de prensa")
        verbose_name_plural = _("recortes de prensa")
        indexes = [
            GinIndex(fields=["search_vector"], name="clipping_search_gin"),
            # On PostgreSQL, migration 0002 adds a covering copy (INCLUDE tone, medium, source,
            # outlet) so that filtered listings are counted from the index alone.
            models.Index(fields=["-published_on", "-id"], name="clipping_date_idx"),
            models.Index(fields=["tone", "-published_on", "-id"], name="clipping_tone_date_idx"),
            models.Index(fields=["medium", "-published_on", "-id"], name="clipping_medium_date_idx"),
            models.Index(fields=["outlet", "-published_on", "-id"], name="clipping_outlet_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(source="vecino") | Q(reporter_name="", reporter_contact=""),
                name="clipping_contact_only_for_citizen_reports",
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("archive:clipping-detail", args=[self.pk])

    @property
    def is_citizen_report(self) -> bool:
        return self.source == Source.CITIZEN

    # The enum's label, not get_FOO_display(): that one hashes every (lazy) label of the choices on
    # each call, a cost that adds up on a page of twenty results or a briefing of 150.
    @property
    def medium_label(self) -> str:
        return _choice_label(Medium, self.medium)

    @property
    def tone_label(self) -> str:
        return _choice_label(Tone, self.tone)

    @property
    def origin_label(self) -> str:
        if self.is_citizen_report:
            return str(Source.CITIZEN.label)
        return self.outlet.name if self.outlet_id else str(_("Medio sin registrar"))

    def save(self, *args, **kwargs):
        # Derived search fields stay in step with the text (STYLE.md: the only logic save() keeps).
        on_postgres = connection.vendor == "postgresql"
        if not on_postgres:
            self.search_text = normalise(f"{self.headline}\n{self.summary}\n{self.body}")
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)
        if on_postgres:
            type(self)._base_manager.filter(pk=self.pk).update(search_vector=search_vector_expression())


class ForwardingStatus(models.TextChoices):
    PENDING = "pendiente", _("Pendiente")
    ANSWERED = "respondida", _("Respondida")


class ForwardingQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ForwardingStatus.PENDING)

    def for_directorates(self, ids):
        return self.filter(directorate_id__in=ids)


class Forwarding(VersionedModel):
    """A clipping sent to a directorate asking for a response or an action, with a due date.

    Seed function e (support the directorates): a complaint in the press reaches the unit that can
    act on it; its answer stays with the clipping.
    """

    clipping = models.ForeignKey(
        Clipping, on_delete=models.CASCADE, related_name="forwardings", verbose_name=_("recorte")
    )
    directorate = models.ForeignKey(
        Directorate, on_delete=models.PROTECT, related_name="clipping_forwardings", verbose_name=_("dirección")
    )
    request = models.TextField(_("qué se solicita"))
    due_on = models.DateField(_("plazo de respuesta"))
    status = models.CharField(
        _("estado"), max_length=12, choices=ForwardingStatus.choices, default=ForwardingStatus.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("derivado por")
    )
    created_at = models.DateTimeField(_("derivado el"), default=timezone.now, editable=False)
    answer = models.TextField(_("respuesta"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("respondido por"),
    )
    answered_at = models.DateTimeField(_("respondido el"), null=True, blank=True)

    objects = ForwardingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("derivación")
        verbose_name_plural = _("derivaciones")
        indexes = [models.Index(fields=["directorate", "status", "due_on"], name="forwarding_desk_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pendiente") | ~Q(answer=""),
                name="forwarding_answered_has_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clipping} → {self.directorate.display_name}"

    @property
    def is_pending(self) -> bool:
        return self.status == ForwardingStatus.PENDING

    @property
    def is_overdue(self) -> bool:
        return self.is_pending and self.due_on < timezone.localdate()


class SavedSearch(models.Model):
    """A search of the press archive (its words and filters) kept under a name.

    Its owner reopens it from «Búsquedas guardadas»; shared with a directorate, that directorate's
    people see it too and may follow it. Followers hear about new clippings that match it
    (archive.services.saved_searches_announce, a periodic job): `announced_up_to` is the highest
    clipping id already considered, so a clipping is announced once.

    `query` holds the search page's parameters exactly as its form reads them (FILTER_KEYS of
    archive.forms): reopening rebuilds the same search through the same selector.
    """

    name = models.CharField(_("nombre"), max_length=120)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches", verbose_name=_("dueño/a")
    )
    query = models.JSONField(_("búsqueda"), default=dict, blank=True)
    shared_with = models.ForeignKey(
        Directorate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="saved_searches",
        verbose_name=_("compartida con"),
    )
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="followed_searches", verbose_name=_("seguidores")
    )
    created_at = models.DateTimeField(_("creada el"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modificada el"), auto_now=True)
    #: The highest clipping id already announced to the followers (or existing when it was saved).
    announced_up_to = models.PositiveBigIntegerField(_("anunciado hasta el recorte"), default=0)
    announced_at = models.DateTimeField(_("último aviso"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("búsqueda guardada")
        verbose_name_plural = _("búsquedas guardadas")
        constraints = [
            models.UniqueConstraint(Lower("name"), "owner", name="saved_search_name_once_per_owner"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """The search page with this search's words and filters."""
        base = reverse("archive:index")
        return f"{base}?{self.querystring}" if self.query else base

    @property
    def querystring(self) -> str:
        return urlencode(sorted(self.query.items()))


# --- the archive fills itself (issue 19): sources, articles, stories, rules ------------------------


class SourceKind(models.TextChoices):
    FEED = "feed", _("Feed RSS o Atom")
    NEWS_SITEMAP = "noticias", _("Sitemap de noticias (news:news)")
    SITEMAP = "sitemap", _("Índice de sitemaps")


class FeedSourceQuerySet(models.QuerySet):
    def due(self, now=None):
        """The active sources whose next fetch time came."""
        now = now or timezone.now()
        return self.filter(is_active=True, next_fetch_at__lte=now)

    def failing_since(self, moment):
        """Active sources that have failed without a success since before `moment`."""
        return self.filter(is_active=True, failing_since__lte=moment)


class FeedSource(models.Model):
    """Where the fetcher reads an outlet's new publications: its feed or its sitemap.

    The fetcher reaches only these addresses and the article pages they list on the same site
    (archive/fetching.py): the municipality decides what it reads, never the feed.
    """

    outlet = models.ForeignKey(
        "communications.Outlet", on_delete=models.PROTECT, related_name="feed_sources", verbose_name=_("medio")
    )
    kind = models.CharField(_("tipo de fuente"), max_length=10, choices=SourceKind.choices, default=SourceKind.FEED)
    url = models.URLField(_("dirección"), max_length=500, unique=True)
    interval_minutes = models.PositiveIntegerField(
        _("leer cada (minutos)"), default=30, help_text=_("Entre 5 minutos y 24 horas (1440).")
    )
    is_active = models.BooleanField(_("activa"), default=True, help_text=_("Una fuente en pausa no se lee."))
    next_fetch_at = models.DateTimeField(_("próxima lectura"), default=timezone.now)
    last_fetched_at = models.DateTimeField(_("última lectura"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("última lectura correcta"), null=True, blank=True)
    failing_since = models.DateTimeField(_("falla desde"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("fallas seguidas"), default=0)
    last_error = models.CharField(_("último error"), max_length=500, blank=True)
    last_new_items = models.PositiveIntegerField(_("nuevas en la última lectura"), default=0)
    items_found = models.PositiveIntegerField(_("publicaciones encontradas"), default=0)
    # Conditional requests: what the server said last time (ETag / Last-Modified).
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrada por")
    )
    created_at = models.DateTimeField(_("registrada el"), default=timezone.now, editable=False)

    objects = FeedSourceQuerySet.as_manager()

    class Meta:
        ordering = ["outlet__name", "url"]
        verbose_name = _("fuente de noticias")
        verbose_name_plural = _("fuentes de noticias")
        indexes = [models.Index(fields=["is_active", "next_fetch_at"], name="feedsource_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_minutes__gte=5, interval_minutes__lte=1440), name="feedsource_interval_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outlet} · {self.url}"

    def get_absolute_url(self) -> str:
        return reverse("archive:source-detail", args=[self.pk])

    @property
    def state(self) -> str:
        if not self.is_active:
            return "pausada"
        return "fallando" if self.failing_since else "activa"

    @property
    def state_label(self) -> str:
        return {"pausada": _("En pausa"), "fallando": _("Fallando"), "activa": _("Activa")}[self.state]


class MatchRule(models.Model):
    """A rule that decides which fetched articles concern the administration, in the search's syntax
    (words, "phrases", OR, NOT or -word; accents and case ignored): what a match does is its fields."""

    name = models.CharField(_("nombre"), max_length=120, unique=True)
    query = models.CharField(
        _("búsqueda"),
        max_length=500,
        help_text=_("Como en el buscador: palabras, «frases entre comillas», OR entre alternativas, NOT o -palabra."),
    )
    to_inbox = models.BooleanField(_("llevar a la bandeja"), default=True)
    priority = models.BooleanField(_("marcar como prioritaria"), default=False)
    topics = models.ManyToManyField(Topic, blank=True, related_name="+", verbose_name=_("temas sugeridos"))
    directorates = models.ManyToManyField(
        Directorate, blank=True, related_name="+", verbose_name=_("direcciones sugeridas")
    )
    is_active = models.BooleanField(_("activa"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("creada por")
    )
    created_at = models.DateTimeField(_("creada el"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modificada el"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("regla de selección")
        verbose_name_plural = _("reglas de selección")

    def __str__(self) -> str:
        return self.name


class Story(models.Model):
    """One story as the media told it: the articles that republish it (near duplicates), and the
    municipality's press release they repeat, if any (its «repercusión en medios»)."""

    headline = models.CharField(_("titular"), max_length=300)
    press_release = models.ForeignKey(
        "communications.PressRelease",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("comunicado que repite"),
    )
    created_at = models.DateTimeField(_("detectada el"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("historia")
        verbose_name_plural = _("historias")

    def __str__(self) -> str:
        return self.headline


class ArticleState(models.TextChoices):
    UNMATCHED = "sin_regla", _("Sin regla que coincida")
    PENDING = "pendiente", _("En la bandeja")
    ACCEPTED = "aceptado", _("Aceptado")
    DISCARDED = "descartado", _("Descartado")


class ArticleQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=ArticleState.PENDING)


class Article(VersionedModel):
    """A publication the fetcher found, stored once per canonical address (tracking parameters and
    fragments removed). It waits in the inbox when a rule matched; accepted, it becomes a clipping."""

    source = models.ForeignKey(
        FeedSource, on_delete=models.SET_NULL, null=True, related_name="articles", verbose_name=_("fuente")
    )
    outlet = models.ForeignKey(
        "communications.Outlet", on_delete=models.PROTECT, related_name="+", verbose_name=_("medio")
    )
    url = models.URLField(_("enlace"), max_length=500, unique=True)
    title = models.CharField(_("titular"), max_length=300)
    author = models.CharField(_("autor/a"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("publicado el"), null=True, blank=True)
    image_url = models.URLField(_("imagen principal"), max_length=500, blank=True)
    summary = models.TextField(_("resumen"), blank=True)
    text = models.TextField(_("texto"), blank=True)
    #: True when the page could not be read and the text is the feed's summary.
    from_summary = models.BooleanField(_("solo el resumen del feed"), default=False)
    search_text = models.TextField(editable=False, blank=True, default="")
    #: The MinHash of its word shingles (archive/clusters.py), to confirm a near duplicate.
    signature = models.BinaryField(editable=False, default=b"")
    fetched_at = models.DateTimeField(_("encontrado el"), default=timezone.now, db_index=True)
    state = models.CharField(_("estado"), max_length=12, choices=ArticleState.choices, default=ArticleState.UNMATCHED)
    priority = models.BooleanField(_("prioritaria"), default=False)
    rules = models.ManyToManyField(MatchRule, blank=True, related_name="articles", verbose_name=_("reglas"))
    suggested_topics = models.ManyToManyField(Topic, blank=True, related_name="+", verbose_name=_("temas sugeridos"))
    suggested_directorates = models.ManyToManyField(
        Directorate, blank=True, related_name="+", verbose_name=_("direcciones sugeridas")
    )
    story = models.ForeignKey(Story, on_delete=models.PROTECT, related_name="articles", verbose_name=_("historia"))
    clipping = models.OneToOneField(
        Clipping, on_delete=models.SET_NULL, null=True, blank=True, related_name="article", verbose_name=_("recorte")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revisado por"),
    )
    decided_at = models.DateTimeField(_("revisado el"), null=True, blank=True)
    discard_reason = models.CharField(_("motivo del descarte"), max_length=300, blank=True)

    objects = ArticleQuerySet.as_manager()

    # Not a column: the other articles of its story, for a page (archive.selectors.story_others).
    others: list[Article]

    class Meta:
        ordering = ["-fetched_at", "-id"]
        verbose_name = _("publicación encontrada")
        verbose_name_plural = _("publicaciones encontradas")
        indexes = [models.Index(fields=["state", "-fetched_at"], name="article_inbox_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="descartado") | ~Q(discard_reason=""), name="article_discard_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("archive:article-detail", args=[self.pk])

    @property
    def status(self) -> str:
        # gabinete.bulk's stale-copy token reads `status` and `version`.
        return self.state

    @property
    def published_on(self):
        moment = self.published_at or self.fetched_at
        return timezone.localdate(moment)


class Fingerprint(models.Model):
    """The near-duplicate index: one row per LSH band of an article's (or a press release's) MinHash.

    Two texts sharing any band key are candidates (archive/clusters.py); looking a text up is one
    indexed IN query over its bands, whatever the size of the archive.
    """

    key = models.BigIntegerField()
    article = models.ForeignKey(Article, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    press_release = models.ForeignKey(
        "communications.PressRelease", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["key"], name="fingerprint_key_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=False, press_release__isnull=True)
                | Q(article__isnull=True, press_release__isnull=False),
                name="fingerprint_of_one_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}"
