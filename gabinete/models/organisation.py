"""The organisational model every app shares: the 22 municipal directorates and who works in them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gabinete import privacy


class Role(models.TextChoices):
    """What a person does in the intranet. A person may hold several roles (one Membership each)."""

    ALCALDE = "alcalde", _("Alcalde")
    GABINETE = "gabinete", _("Gabinete")
    DIRECTOR = "director", _("Director/a")
    LIAISON = "enlace", _("Enlace")
    LEGAL = "juridica", _("Asesoría Jurídica")
    ADMINISTRATOR = "administrador", _("Administrador Municipal")


class Team(models.TextChoices):
    """The areas of Gabinete's own staff (only meaningful for the role `gabinete`)."""

    NONE = "", _("—")
    #: The Jefa (or Jefe) de Gabinete: heads the office; approves what Gabinete publishes.
    HEAD = "jefatura", _("Jefatura de Gabinete")
    PROTOCOL = "protocolo", _("Protocolo")
    PRESS = "prensa", _("Prensa")
    COMMUNICATIONS = "comunicaciones", _("Comunicaciones")


class DirectorateQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Directorate(models.Model):
    """One of the 22 directorates of the Municipalidad de Antofagasta (created by a data migration).

    Names are the seed regulation's, verbatim; the slug is stable and used in URLs and imports.
    """

    personal_data = privacy.NotPersonal("name and e-mail are the directorate's institutional ones")

    GABINETE_SLUG = "gabinete-de-alcaldia"

    name = models.CharField(_("nombre"), max_length=200, unique=True)
    slug = models.SlugField(_("identificador"), max_length=80, unique=True)
    short_name = models.CharField(_("nombre corto"), max_length=80, blank=True)
    email = models.EmailField(_("correo de la dirección"), blank=True)
    is_active = models.BooleanField(_("vigente"), default=True)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    objects = DirectorateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("dirección")
        verbose_name_plural = _("direcciones")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class MembershipQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("user", "directorate")


class Membership(models.Model):
    """A person's unit and role: the base of every permission in the intranet."""

    personal_data = privacy.Processing(
        fields=("phone", "position"),
        subjects=_("Funcionarios y funcionarias de las direcciones"),
        purpose=_("La nómina interna: quién es quién y cómo ubicarlo en su trabajo"),
        legal_basis=_("Competencia legal de la municipalidad (Ley 18.695): organización interna"),
        access=_("Todo el personal con cuenta (nómina de direcciones)"),
        retention=_("Mientras la persona pertenezca a la dirección"),
    )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("persona"),
    )
    directorate = models.ForeignKey(
        Directorate,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("dirección"),
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    team = models.CharField(_("área de Gabinete"), max_length=20, choices=Team.choices, blank=True)
    position = models.CharField(_("cargo"), max_length=150, blank=True)
    #: The work phone or extension of this position (the nómina shows it; the e-mail is the account's).
    phone = models.CharField(_("teléfono o anexo"), max_length=40, blank=True)
    approves_press_releases = models.BooleanField(
        _("aprueba comunicados de prensa"),
        default=False,
        help_text=_(
            "Gabinete designa a esta persona para aprobar y publicar comunicados de prensa (además de la "
            "Jefatura de Gabinete). Nadie aprueba ni publica un texto que cambió o envió a revisión."
        ),
    )

    #: Given by the municipal directory at sign-in (a mapped group, `DirectoryGroup`): the next sign-in
    #: moves or removes it when the person's groups change. Memberships Gabinete adds by hand stay.
    from_directory = models.BooleanField(_("dada por el directorio"), default=False, editable=False)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["directorate__order", "user__last_name", "user__first_name"]
        verbose_name = _("integrante")
        verbose_name_plural = _("integrantes")
        constraints = [
            models.UniqueConstraint(fields=["user", "directorate", "role"], name="membership_unique_role_per_unit")
        ]

    def __str__(self) -> str:
        return (
            f"{self.user.get_full_name() or self.user.get_username()} — {self.get_role_display()}, {self.directorate}"
        )


class DirectoryGroup(models.Model):
    """A group of the municipal directory (LDAP / Active Directory) and the directorate and role its
    members get in the intranet. Gabinete keeps this table in the admin; at every directory sign-in a
    person's directory memberships are made to match their groups (a person in no mapped group sees
    the «sin dirección asignada» page until Gabinete assigns one by hand)."""

    personal_data = privacy.NotPersonal("a directory group's name and the unit and role it maps to")

    group = models.CharField(
        _("grupo del directorio"),
        max_length=255,
        help_text=_(
            "El DN completo del grupo (cn=enlaces-aseo,ou=grupos,dc=municipalidad,dc=cl) o solo su nombre "
            "(enlaces-aseo); también un valor del atributo LDAP_MAPPING_ATTRIBUTE. No distingue mayúsculas."
        ),
    )
    directorate = models.ForeignKey(
        Directorate,
        on_delete=models.PROTECT,
        related_name="directory_groups",
        verbose_name=_("dirección"),
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    team = models.CharField(_("área de Gabinete"), max_length=20, choices=Team.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "directorate__order"]
        verbose_name = _("grupo del directorio")
        verbose_name_plural = _("grupos del directorio")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "directorate", "role"], name="directory_group_unique_role_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.get_role_display()}, {self.directorate}"

    def save(self, *args, **kwargs):
        self.group = self.group.strip().lower()  # matched case-insensitively: kept in one case
        super().save(*args, **kwargs)


class DirectoryAccount(models.Model):
    """An account that signs in with the municipal directory: where the person is in it (their DN),
    and when a check found them disabled or removed there (then the account is deactivated and
    their open work waits on Gabinete's Mi escritorio to be given to someone else)."""

    personal_data = privacy.Processing(
        fields=("dn",),
        subjects=_("Funcionarios y funcionarias con cuenta del directorio municipal"),
        purpose=_("Ingresar con la cuenta municipal y dar de baja a quien dejó el directorio"),
        legal_basis=_("Competencia legal de la municipalidad (Ley 18.695): organización interna"),
        access=_("Superusuarios"),
        retention=_("Mientras exista la cuenta de la persona"),
    )

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="directory_account",
        verbose_name=_("persona"),
    )
    dn = models.CharField(_("DN en el directorio"), max_length=500)
    last_sign_in_at = models.DateTimeField(_("último ingreso con el directorio"), null=True, blank=True)
    left_at = models.DateTimeField(
        _("dejó el directorio el"),
        null=True,
        blank=True,
        help_text=_("La revisión periódica no la encontró, o la encontró deshabilitada, en el directorio."),
    )

    class Meta:
        verbose_name = _("cuenta del directorio")
        verbose_name_plural = _("cuentas del directorio")

    def __str__(self) -> str:
        return self.dn


class ExtraHoliday(models.Model):
    """A public holiday declared at short notice that the `holidays` package does not know yet.

    Deadlines are computed on the fly from the business-day calendar, so adding one here moves every
    open deadline at once.
    """

    date = models.DateField(_("fecha"), unique=True)
    name = models.CharField(_("motivo"), max_length=200)
    is_holiday = models.BooleanField(
        _("es feriado"),
        default=True,
        help_text=_("Desmarque para declarar hábil un día que el calendario trae como feriado."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("feriado adicional")
        verbose_name_plural = _("feriados adicionales")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.name}"
