"""Communications: media contacts (outlets and journalists), press releases and support requests."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gabinete.concurrency import VersionedModel


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
