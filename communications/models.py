"""Communications: media contacts (outlets and journalists), press releases and support requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.fields import CKEditor5Field
from simple_history.models import HistoricalRecords

from gabinete import privacy
from gabinete.concurrency import VersionedModel
from gabinete.models import Directorate
from gabinete.richtext import html_to_text, sanitize_html
from gabinete.text import fold
from gabinete.uploads import IMAGE, PDF, SPREADSHEET, WORD, FileKindValidator, UploadTo

#: Largest main photo or body image accepted, in megabytes.
PHOTO_MAX_MB = 5
#: Images of releases are public once the release is: they are served from this URL prefix
#: (see public_views.image), never from MEDIA_URL, which serves nothing.
PUBLIC_IMAGE_URL = "/noticias/imagenes/"
PUBLIC_IMAGE_PREFIXES = (PUBLIC_IMAGE_URL,)
#: Files a support request may carry (the activity's programme, a draft piece, photos): 10 MB each.
SUPPORT_ATTACHMENT_KINDS = (PDF, WORD, SPREADSHEET, IMAGE)
SUPPORT_ATTACHMENT_MAX_MB = 10


class OutletKind(models.TextChoices):
    PRESS = "prensa", _("Prensa escrita")
    RADIO = "radio", _("Radio")
    TV = "tv", _("Televisión")
    DIGITAL = "digital", _("Medio digital")
    AGENCY = "agencia", _("Agencia de noticias")


class OutletQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(city__icontains=text) | Q(email__icontains=text))


class Outlet(VersionedModel):
    """A media outlet (diario, radio, canal, medio digital, agencia) that receives Gabinete's releases.

    Other apps point at it (press clippings in `archive`), so its primary key and name are stable.
    """

    personal_data = privacy.NotPersonal("an outlet's e-mail and phone are its newsroom's")

    name = models.CharField(_("nombre"), max_length=200, unique=True)
    kind = models.CharField(_("tipo de medio"), max_length=20, choices=OutletKind.choices)
    city = models.CharField(_("ciudad"), max_length=100, blank=True, default="Antofagasta")
    website = models.URLField(_("sitio web"), blank=True)
    email = models.EmailField(_("correo de prensa"), blank=True)
    phone = models.CharField(_("teléfono"), max_length=40, blank=True)
    notes = models.TextField(_("notas"), blank=True)
    is_active = models.BooleanField(_("vigente"), default=True)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    objects = OutletQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("medio de comunicación")
        verbose_name_plural = _("medios de comunicación")

    def __str__(self) -> str:
        return self.name


class JournalistQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_outlet(self):
        return self.select_related("outlet")

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        query = Q()
        for word in text.split():
            query &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(beat__icontains=word)
                | Q(outlet__name__icontains=word)
            )
        return self.filter(query)


class Journalist(VersionedModel):
    """A journalist or press contact at an outlet, for mailings and coordination."""

    personal_data = privacy.Processing(
        fields=("first_name", "last_name", "email", "phone", "position", "notes"),
        subjects=_("Periodistas de los medios locales y regionales"),
        purpose=_("Enviar comunicados, convocatorias y coordinar coberturas"),
        legal_basis=_("Funciones a y c del reglamento de Gabinete; datos entregados por el periodista o su medio"),
        access=_("Gabinete (equipo de prensa)"),
        retention=_("Mientras esté vigente; un contacto sin uso se revisa cada año (por confirmar)"),
        lookup=privacy.Lookup(name=("first_name+last_name",), email=("email",)),
        # A contact no longer used: marked not current, and not edited since.
        expiry=privacy.Expiry(
            date_field="updated_at",
            anonymise=(
                ("first_name", privacy.ANONYMOUS),
                ("last_name", ""),
                ("email", ""),
                ("phone", ""),
                ("position", ""),
                ("notes", ""),
            ),
            eligible=Q(is_active=False),
        ),
    )

    first_name = models.CharField(_("nombre"), max_length=100)
    last_name = models.CharField(_("apellidos"), max_length=150, blank=True)
    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        related_name="journalists",
        verbose_name=_("medio"),
    )
    position = models.CharField(_("cargo"), max_length=120, blank=True)
    email = models.EmailField(_("correo"), blank=True)
    phone = models.CharField(_("teléfono"), max_length=40, blank=True)
    beat = models.CharField(_("área que cubre"), max_length=150, blank=True)
    notes = models.TextField(_("notas"), blank=True)
    is_active = models.BooleanField(_("vigente"), default=True)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    objects = JournalistQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("periodista")
        verbose_name_plural = _("periodistas")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


# --- Press releases ------------------------------------------------------------------------------


class ReleaseStatus(models.TextChoices):
    DRAFT = "borrador", _("Borrador")
    REVIEW = "revision", _("En revisión")
    APPROVED = "aprobado", _("Aprobado")
    PUBLISHED = "publicado", _("Publicado")
    RETURNED = "devuelto", _("Devuelto")
    #: A published version replaced by a published correction (kept: the history stays).
    SUPERSEDED = "reemplazado", _("Reemplazado por una corrección")
    #: Taken down after publication, with a reason; its public address answers 410 with a notice.
    WITHDRAWN = "retirado", _("Retirado")


#: A correction still on its way to publication (only one per published release at a time).
OPEN_RELEASE_STATUSES = (ReleaseStatus.DRAFT, ReleaseStatus.REVIEW, ReleaseStatus.APPROVED, ReleaseStatus.RETURNED)


class PressReleaseQuerySet(models.QuerySet):
    def public(self, now=None):
        """What the public may read: published, and only once the publication time has come.

        A release scheduled for later stays invisible until then with no job to run: this filter is
        the only gate, and every public page and feed goes through it.
        """
        return self.filter(status=ReleaseStatus.PUBLISHED, published_at__lte=now or timezone.now())

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def with_related(self):
        return self.select_related("author", "event").prefetch_related("directorates")


class PressRelease(VersionedModel):
    """A press release (comunicado de prensa) written by Gabinete for the municipal news page.

    It goes borrador → en revisión → aprobado → publicado, or back to the author as devuelto with a
    comment; each step is kept in `ReleaseStep`. Four eyes: whoever last changed the text or sent it
    to review never approves or publishes it (communications.permissions).

    A published release is never edited in place. A correction is a new release that `corrects` the
    published one and shares its address (slug): it goes through review again, and only when it is
    published does it replace the old version (then «reemplazado», kept). A withdrawn release
    («retirado») keeps its address, which answers 410 with the reason.
    The body is edited in CKEditor 5 and what is shown is only its sanitised copy (`body_html`).
    """

    title = models.CharField(_("título"), max_length=200)
    slug = models.SlugField(
        _("identificador en la dirección web"),
        max_length=120,
        allow_unicode=False,
        help_text=_("Se genera a partir del título si se deja en blanco. No cambia una vez publicado."),
    )
    lead = models.TextField(_("bajada"), max_length=600, help_text=_("Resumen de una o dos oraciones."))
    body = CKEditor5Field(_("cuerpo"), blank=True, config_name="release")
    body_html = models.TextField(_("cuerpo depurado"), blank=True, editable=False)
    photo = models.FileField(
        _("foto principal"),
        upload_to=UploadTo("communications/public/photos"),
        validators=[FileKindValidator(IMAGE, max_mb=PHOTO_MAX_MB)],
        blank=True,
    )
    photo_caption = models.CharField(_("pie de foto"), max_length=250, blank=True)
    photo_alt = models.CharField(
        _("texto alternativo de la foto"),
        max_length=250,
        blank=True,
        help_text=_("Describe la foto para personas que usan lector de pantalla."),
    )
    directorates = models.ManyToManyField(
        Directorate, blank=True, related_name="press_releases", verbose_name=_("direcciones involucradas")
    )
    tags = models.CharField(_("etiquetas"), max_length=300, blank=True, help_text=_("Separadas por comas."))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="press_releases", verbose_name=_("autor/a")
    )
    event = models.ForeignKey(
        "protocol.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="press_releases",
        verbose_name=_("actividad de la agenda"),
        help_text=_("La actividad del Alcalde sobre la que informa el comunicado, si la hay."),
    )
    status = models.CharField(_("estado"), max_length=20, choices=ReleaseStatus.choices, default=ReleaseStatus.DRAFT)
    scheduled_at = models.DateTimeField(
        _("publicación programada"),
        null=True,
        blank=True,
        help_text=_("Si se indica, el comunicado aparece solo desde esa fecha y hora."),
    )
    published_at = models.DateTimeField(_("publicado el"), null=True, blank=True, editable=False)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("último cambio del texto por"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("enviado a revisión por"),
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="corrections",
        verbose_name=_("corrige a"),
    )
    correction_note = models.CharField(
        _("qué se corrige"),
        max_length=300,
        blank=True,
        help_text=_("Se muestra en la noticia junto a la fecha de la corrección."),
    )
    corrected_at = models.DateTimeField(_("corregido el"), null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(_("retirado el"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("motivo del retiro"), blank=True, editable=False)
    created_at = models.DateTimeField(_("creado"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)
    #: Title, lead and the text of the body folded (lower case, no accents) for the public news
    #: search, the same on PostgreSQL and SQLite (selectors.public_release_search).
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = PressReleaseQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "body_html", "search_text"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("comunicado de prensa")
        verbose_name_plural = _("comunicados de prensa")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="comm_release_public"),
            models.Index(fields=["-updated_at"], name="comm_release_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="publicado") | Q(published_at__isnull=False),
                name="comm_release_published_has_date",
            ),
            # A correction shares the address of the release it corrects; originals are unique.
            models.UniqueConstraint(
                fields=["slug"], condition=Q(corrects__isnull=True), name="comm_release_slug_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Keep the derived copy in step: only sanitised HTML is ever shown.
        self.body_html = sanitize_html(self.body, image_prefixes=PUBLIC_IMAGE_PREFIXES)
        self.search_text = self.search_copy(self.title, self.lead, self.body_html)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"body", "title", "lead"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "body_html", "search_text"}
        super().save(*args, **kwargs)

    @staticmethod
    def search_copy(title: str, lead: str, body_html: str) -> str:
        """What the public news search reads (also written by bulk loaders that skip save())."""
        return fold(f"{title}\n{lead}\n{html_to_text(body_html)}")

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]

    @property
    def is_public(self) -> bool:
        return (
            self.status == ReleaseStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_editable(self) -> bool:
        return self.status in (ReleaseStatus.DRAFT, ReleaseStatus.RETURNED)

    @property
    def is_published(self) -> bool:
        """Published, now or scheduled for later."""
        return self.status == ReleaseStatus.PUBLISHED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == ReleaseStatus.WITHDRAWN

    @property
    def is_superseded(self) -> bool:
        return self.status == ReleaseStatus.SUPERSEDED

    @property
    def is_scheduled(self) -> bool:
        """Published for a moment that has not come yet: invisible to the public until then."""
        return self.status == ReleaseStatus.PUBLISHED and not self.is_public

    @property
    def is_correction(self) -> bool:
        return self.corrects_id is not None

    @property
    def last_text_change_by_id(self) -> int | None:
        """Who last changed the text (the author until someone else edits it)."""
        return self.edited_by_id or self.author_id

    def get_absolute_url(self) -> str:
        return reverse("communications:release-detail", args=[self.pk])

    def get_public_url(self) -> str:
        day = timezone.localtime(self.published_at).date()
        return reverse(
            "news:detail",
            kwargs={"year": day.year, "month": f"{day.month:02d}", "day": f"{day.day:02d}", "slug": self.slug},
        )

    @property
    def text(self) -> str:
        return html_to_text(self.body_html)

    @property
    def photo_url(self) -> str:
        if not self.photo:
            return ""
        return PUBLIC_IMAGE_URL + self.photo.name.removeprefix("communications/public/")


class ReleaseStep(models.Model):
    """One step of a release's workflow: who moved it from which state to which, when, and why."""

    release = models.ForeignKey(PressRelease, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("desde"), max_length=20, choices=ReleaseStatus.choices, blank=True)
    to_status = models.CharField(_("hacia"), max_length=20, choices=ReleaseStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("por"))
    at = models.DateTimeField(_("fecha"), default=timezone.now)
    comment = models.TextField(_("comentario"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("paso del comunicado")
        verbose_name_plural = _("pasos del comunicado")

    def __str__(self) -> str:
        return f"{self.release_id}: {self.from_status} → {self.to_status}"


# --- Support requests ----------------------------------------------------------------------------


class SupportKind(models.TextChoices):
    COVERAGE = "cobertura", _("Cobertura de actividad")
    GRAPHIC = "pieza_grafica", _("Pieza gráfica")
    SOCIAL = "redes", _("Publicación en redes")
    RELEASE = "comunicado", _("Comunicado")
    OTHER = "otra", _("Otra")


class SupportStatus(models.TextChoices):
    REQUESTED = "solicitada", _("Solicitada")
    ACCEPTED = "aceptada", _("Aceptada")
    DONE = "realizada", _("Realizada")
    REJECTED = "rechazada", _("Rechazada")


OPEN_SUPPORT_STATUSES = (SupportStatus.REQUESTED, SupportStatus.ACCEPTED)


class SupportRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_SUPPORT_STATUSES)

    def with_related(self):
        return self.select_related("directorate", "requested_by", "assignee")


class SupportRequest(VersionedModel):
    """A directorate asks Gabinete for communications support (coverage, a graphic piece, a post…).

    Gabinete accepts it, then marks it done, or rejects it with a comment; the directorate follows
    the state of its own requests. Every change and comment is kept in `SupportComment`.
    """

    personal_data = privacy.Processing(
        fields=("contact_name", "contact_phone", "contact_email"),
        subjects=_("Funcionarios de contacto de las direcciones que piden apoyo comunicacional"),
        purpose=_("Coordinar el apoyo pedido"),
        legal_basis=_("Función e del reglamento de Gabinete"),
        access=_("Gabinete y la dirección que lo pidió"),
        retention=_("Con la solicitud; por confirmar con Jurídica"),
        lookup=privacy.Lookup(name=("contact_name",), email=("contact_email",)),
    )

    directorate = models.ForeignKey(
        Directorate, on_delete=models.PROTECT, related_name="support_requests", verbose_name=_("dirección")
    )
    kind = models.CharField(_("tipo de apoyo"), max_length=20, choices=SupportKind.choices)
    title = models.CharField(_("qué se necesita"), max_length=200)
    description = models.TextField(_("detalle"), blank=True)
    needed_by = models.DateField(_("fecha en que se necesita"))
    contact_name = models.CharField(_("persona de contacto"), max_length=150)
    contact_phone = models.CharField(_("teléfono de contacto"), max_length=40, blank=True)
    contact_email = models.EmailField(_("correo de contacto"), blank=True)
    status = models.CharField(
        _("estado"), max_length=20, choices=SupportStatus.choices, default=SupportStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("solicitada por")
    )
    #: The person of Gabinete who takes the request (services.support_request_assign).
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="assigned_support_requests",
        verbose_name=_("a cargo de"),
    )
    created_at = models.DateTimeField(_("creada"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    objects = SupportRequestQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["needed_by", "pk"]
        verbose_name = _("solicitud de apoyo")
        verbose_name_plural = _("solicitudes de apoyo")
        indexes = [models.Index(fields=["status", "needed_by"], name="comm_support_status_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_SUPPORT_STATUSES

    def get_absolute_url(self) -> str:
        return reverse("communications:support-detail", args=[self.pk])


class SupportAttachment(models.Model):
    """A file that goes with a support request (the activity's programme, a draft, photos), added by
    the directorate or by Gabinete. Checked by content and size, served only to who sees the request."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("archivo"),
        upload_to=UploadTo("communications/solicitudes"),
        validators=[FileKindValidator(*SUPPORT_ATTACHMENT_KINDS, max_mb=SUPPORT_ATTACHMENT_MAX_MB)],
    )
    original_name = models.CharField(_("nombre original"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("subido por")
    )
    uploaded_at = models.DateTimeField(_("subido el"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("adjunto de solicitud")
        verbose_name_plural = _("adjuntos de solicitud")

    def __str__(self) -> str:
        return self.original_name


class SupportComment(models.Model):
    """A comment on a support request, or a change of its state (then from/to are filled)."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("autor/a")
    )
    text = models.TextField(_("comentario"), blank=True)
    from_status = models.CharField(_("desde"), max_length=20, choices=SupportStatus.choices, blank=True)
    to_status = models.CharField(_("hacia"), max_length=20, choices=SupportStatus.choices, blank=True)
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comentario de solicitud")
        verbose_name_plural = _("comentarios de solicitud")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.text[:40]}"
