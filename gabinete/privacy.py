"""The inventory of processing (registro de actividades de tratamiento, Ley 21.719): one declaration
beside each model that holds personal data, and the page that lists them all.

A model declares what it holds as a class attribute (the core never imports the apps; it reads the
attribute from every installed model):

    class Journalist(models.Model):
        personal_data = privacy.Processing(
            fields=("first_name", "last_name", "email", "phone"),
            subjects=_("Periodistas de los medios locales"),
            purpose=_("Enviar comunicados e invitaciones de prensa (funciones a y c del reglamento)"),
            legal_basis=_("Competencia legal: Ley 18.695 y el reglamento de la Dirección de Gabinete"),
            access=_("Gabinete (equipo de prensa)"),
            retention=_("Mientras el periodista siga activo; por confirmar con Jurídica"),
        )

A model with a field that looks like personal data (tests/gabinete/test_privacy_inventory.py) and no
declaration fails the suite; one that holds none despite the name (a directorate's institutional
e-mail) says so with `privacy.NotPersonal("why")`. Models of other packages (the user accounts, the
login attempts) are declared here, in THIRD_PARTY. The legal bases and retention periods are the
team's reading of LEGAL.md, to be confirmed by Asesoría Jurídica; the terms will move to editable data
with the retention job (issue 20 point 5).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

from .types import StrOrPromise


@dataclass(frozen=True)
class Processing:
    """One processing activity: what personal data a model holds, whose, why, on what basis, who sees
    it and for how long."""

    fields: tuple[str, ...]
    subjects: StrOrPromise
    purpose: StrOrPromise
    legal_basis: StrOrPromise
    access: StrOrPromise
    retention: StrOrPromise
    #: Published by law (lobby attendees, staff pay): said on the page.
    published: StrOrPromise = ""
    #: For models of other packages, whose names are not in Spanish: the row's title, area and fields.
    title: StrOrPromise = ""
    area: StrOrPromise = ""
    field_labels: tuple[StrOrPromise, ...] = ()


@dataclass(frozen=True)
class NotPersonal:
    """A model whose personal-looking fields are not personal data, and why."""

    reason: str


TO_CONFIRM = _("Por confirmar con Jurídica")


def _login_log(
    title: StrOrPromise,
    *,
    subjects: StrOrPromise,
    purpose: StrOrPromise,
    retention: StrOrPromise = TO_CONFIRM,
) -> Processing:
    """django-axes' logs of sign-in attempts: the same data, basis and readers, each its own purpose."""
    return Processing(
        fields=("username", "ip_address", "user_agent"),
        subjects=subjects,
        purpose=purpose,
        legal_basis=_("Deber de adoptar medidas de seguridad (Ley 21.719)"),
        access=_("Superusuarios"),
        retention=retention,
        title=title,
        area=_("Seguridad del ingreso"),
        field_labels=(_("usuario"), _("dirección IP"), _("navegador")),
    )


#: Declarations for models this project does not define.
THIRD_PARTY: dict[str, Processing] = {
    "auth.User": Processing(
        fields=("username", "first_name", "last_name", "email", "last_login"),
        subjects=_("Funcionarios y funcionarias con cuenta en la intranet"),
        purpose=_("Identificar a quien ingresa y registrar quién hizo cada cambio"),
        legal_basis=_("Competencia legal de la municipalidad (Ley 18.695) y deber de resguardo de la información"),
        access=_("Superusuarios; el nombre y la dirección los ve todo el personal en la nómina"),
        retention=_("Mientras la persona trabaje en la municipalidad; luego se desactiva (plazo por confirmar)"),
    ),
    "axes.AccessAttempt": _login_log(
        _("Intentos de ingreso bloqueables"),
        subjects=_("Quienes intentan ingresar a la intranet"),
        purpose=_("Bloquear intentos repetidos de adivinar una clave (seguridad de la información)"),
        retention=_("Hasta que se levanta el bloqueo; por confirmar con Jurídica"),
    ),
    "axes.AccessFailureLog": _login_log(
        _("Ingresos fallidos"),
        subjects=_("Quienes fallan al ingresar a la intranet"),
        purpose=_("Investigar intentos de acceso indebido"),
    ),
    "axes.AccessLog": _login_log(
        _("Registro de ingresos"),
        subjects=_("Quienes ingresan a la intranet"),
        purpose=_("Saber desde dónde y cuándo se ingresó (seguridad de la información)"),
    ),
}


@dataclass(frozen=True)
class Entry:
    """One row of the inventory page."""

    label: str
    model: type[models.Model]
    processing: Processing

    @property
    def name(self) -> str:
        return str(self.processing.title or self.model._meta.verbose_name_plural).capitalize()

    @property
    def app_name(self) -> str:
        return str(self.processing.area or self.model._meta.app_config.verbose_name)

    @property
    def field_names(self) -> list[str]:
        if self.processing.field_labels:
            return [str(label) for label in self.processing.field_labels]
        names = []
        for name in self.processing.fields:
            try:
                names.append(str(self.model._meta.get_field(name).verbose_name))
            except Exception:  # a declared field that is not a model field: shown as written
                names.append(name)
        return names


def declaration_of(model: type[models.Model]) -> Processing | NotPersonal | None:
    own = model.__dict__.get("personal_data")
    if own is not None:
        return own
    return THIRD_PARTY.get(model._meta.label)


def inventory() -> list[Entry]:
    """Every processing activity, by app and model (history copies are not listed: they hold the same)."""
    entries = []
    for model in apps.get_models():
        declared = declaration_of(model)
        if isinstance(declared, Processing):
            entries.append(Entry(model._meta.label, model, declared))
    return sorted(entries, key=lambda e: (e.model._meta.app_config.verbose_name, e.name))
