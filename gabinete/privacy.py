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
team's reading of LEGAL.md, to be confirmed by Asesoría Jurídica. The retention terms themselves are
editable data (`dataprotection.RetentionRule`, issue 20 point 5); a declaration says only how its
records are found for a data subject (`lookup`) and what may go when their term passed (`expiry`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .types import AnyUser, StrOrPromise

#: What the retention job writes in place of an erased text that may not be blank (a contact the
#: model's constraints require, a name).
ERASED = _("Dato eliminado (plazo de conservación cumplido)")
ANONYMOUS = _("Persona anonimizada")


@dataclass(frozen=True)
class Lookup:
    """The fields where one person's name, e-mail or RUT is kept, to find everything the intranet holds
    about them. A name split in two fields is written "first_name+last_name"."""

    name: tuple[str, ...] = ()
    email: tuple[str, ...] = ()
    rut: tuple[str, ...] = ()


@dataclass(frozen=True)
class Expiry:
    """How a record's retention term is counted and what goes when it passed: the date it counts from
    (`date_field`, may cross a relation: "request__due_date"), which records may expire at all
    (`eligible`: a closed request, a citizen report; the rest stay), and, when the rule says anonymise,
    the value each personal field gets (`anonymise`). The fields left out stay: what the law orders to
    publish (a lobby requester's name) is never listed here. The term and the action are editable data."""

    date_field: str
    anonymise: tuple[tuple[str, object], ...]
    eligible: Q | None = None

    def replacements(self) -> dict[str, object]:
        return {name: (str(value) if value is not None else None) for name, value in self.anonymise}


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
    #: How to find one person's records (a data subject's access or portability request, issue 20 point 6).
    lookup: Lookup | None = None
    #: What the retention job may do once a record's term (editable data: dataprotection.RetentionRule)
    #: passed (issue 20 point 5). None: the job never touches the model.
    expiry: Expiry | None = None


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
        lookup=Lookup(name=("first_name+last_name",), email=("email",)),
    ),
    # Two-step sign-in (django-otp): the key of each person's app and their recovery codes.
    "otp_totp.TOTPDevice": Processing(
        fields=("user", "name", "key", "last_used_at"),
        subjects=_("Funcionarios y funcionarias con el segundo paso activado"),
        purpose=_("Comprobar el código de la aplicación de autenticación al ingresar"),
        legal_basis=_("Deber de adoptar medidas de seguridad (Ley 21.719)"),
        access=_("Nadie la lee: la intranet solo compara códigos; un superusuario puede borrarla"),
        retention=_("Mientras la persona tenga el segundo paso; se borra al desactivarlo o restablecerlo"),
        title=_("Aplicaciones de autenticación"),
        area=_("Seguridad del ingreso"),
        field_labels=(_("persona"), _("nombre del dispositivo"), _("clave secreta"), _("último uso")),
    ),
    "otp_static.StaticDevice": Processing(
        fields=("user", "name"),
        subjects=_("Funcionarios y funcionarias con el segundo paso activado"),
        purpose=_("Ingresar con un código de recuperación si se pierde la aplicación"),
        legal_basis=_("Deber de adoptar medidas de seguridad (Ley 21.719)"),
        access=_("Nadie los lee: se muestran una sola vez a la persona"),
        retention=_("Cada código se borra al usarlo; los demás, al desactivar o restablecer el segundo paso"),
        title=_("Códigos de recuperación"),
        area=_("Seguridad del ingreso"),
        field_labels=(_("persona"), _("códigos de un solo uso")),
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
                field = self.model._meta.get_field(name)
            except Exception:  # a declared field that is not a model field: shown as written
                field = None
            names.append(str(getattr(field, "verbose_name", name)))
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


# --- who took personal data out (point 8) ----------------------------------------------------------


def record_download(
    *,
    by: AnyUser,
    what: StrOrPromise,
    target: models.Model | None = None,
    rows: int | None = None,
    app: str | None = None,
) -> None:
    """Note in the activity log that `by` took personal data out of the intranet: an export (the media
    contacts' CSV or vCard: `rows` of them), a file of a request (`target`), a data subject's ZIP.
    Ley 21.719 asks for security measures; knowing who took what, and when, is one. The entries are
    the superuser's alone to read (`gabinete:personal-data-access`); «Quién hizo qué» and the records'
    timelines leave them out (`ActivityQuerySet.changes_only`)."""
    # The activity log imports the models, which import this module.
    from . import activity
    from .models.activity import PERSONAL_DATA_PREFIX

    verb = activity.Verb(f"{PERSONAL_DATA_PREFIX}downloaded", _("Descargó datos personales"))
    with transaction.atomic():
        activity.record(
            actor=by,
            verb=verb,
            target=target,
            app=app,
            changes={"what": str(what), "rows": rows},
        )
