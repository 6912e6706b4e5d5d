"""Forms of the audience requests (Ley 20.730): the public form, the staff form and the two answers.

The rules live in `protocol.audience_requests`; these forms bind what was typed and explain in
Spanish what is missing, keeping everything the person wrote."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from localflavor.cl.forms import CLRutField

from gabinete.concurrency import VersionedFormMixin
from gabinete.forms import BootstrapFormMixin, DateInput, DateTimeInput
from gabinete.public_forms import HoneypotMixin

from . import permissions
from .models import AudienceRequest, LobbyModality, PassiveSubject

#: The longest text a public request may carry in its free-text fields (the model's max_length too).
MATTER_MAX = 2000
PAID_CHOICES = [
    ("si", _("Sí: recibo una remuneración por gestionar estos intereses (lobbista)")),
    ("no", _("No: gestiono intereses propios o de otros sin remuneración (gestor/a de intereses particulares)")),
]


def public_subjects():
    """The passive subjects in office today whom the public may ask for an audience."""
    return PassiveSubject.objects.filter(is_public=True).in_office_on(timezone.localdate()).order_by("office", "name")


class SubjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PassiveSubject) -> str:
        return f"{obj.name} — {obj.office_label}"


class AudienceRequestForm(BootstrapFormMixin, forms.ModelForm):
    """What a request asks (ChileAtiende's form): who asks, how to answer them, on whose behalf,
    whether paid, the matter, the proposed modality and dates."""

    subject = SubjectChoiceField(
        label=_("Autoridad con quien solicita la audiencia"), queryset=PassiveSubject.objects.none()
    )
    requester_rut = CLRutField(label=_("RUT (opcional)"), required=False, help_text=_("Por ejemplo 12.345.678-5."))
    is_paid = forms.TypedChoiceField(
        label=_("¿Recibe una remuneración por gestionar estos intereses?"),
        choices=PAID_CHOICES,
        coerce=lambda v: v == "si",
        widget=forms.RadioSelect,
        error_messages={"required": _("Indique si recibe una remuneración (lobbista) o no (gestor/a).")},
    )
    modality = forms.ChoiceField(
        label=_("Modalidad propuesta"), choices=LobbyModality.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = AudienceRequest
        fields = [
            "subject",
            "requester_name",
            "requester_rut",
            "email",
            "postal_address",
            "on_behalf_of",
            "is_paid",
            "matter",
            "modality",
            "proposed_start",
            "proposed_alternative",
            "proposed_note",
            "other_attendees",
        ]
        widgets = {
            "matter": forms.Textarea(attrs={"rows": 4, "maxlength": MATTER_MAX}),
            "other_attendees": forms.Textarea(attrs={"rows": 3, "maxlength": MATTER_MAX}),
            "proposed_start": DateTimeInput(),
            "proposed_alternative": DateTimeInput(),
        }
        help_texts = {
            "email": _("Le enviaremos el comprobante con el número de su solicitud y la respuesta."),
            "postal_address": _("Si no tiene correo electrónico: le responderemos por carta."),
            "matter": _("Qué quiere tratar en concreto (hasta 2.000 caracteres)."),
        }
        error_messages = {
            "requester_name": {"required": _("Escriba su nombre completo.")},
            "on_behalf_of": {"required": _("Indique a nombre de quién gestiona intereses (puede ser usted mismo/a).")},
            "matter": {"required": _("Describa la materia de la audiencia.")},
            "email": {"invalid": _("El correo electrónico no es válido (por ejemplo nombre@dominio.cl).")},
            "proposed_start": {
                "required": _("Proponga una fecha y hora para la audiencia."),
                "invalid": _("La fecha y hora propuesta no es válida (use dd-mm-aaaa hh:mm)."),
            },
            "proposed_alternative": {"invalid": _("La fecha y hora alternativa no es válida (use dd-mm-aaaa hh:mm).")},
        }

    def __init__(self, *args, subjects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = subjects if subjects is not None else public_subjects()
        self.fields["requester_rut"].error_messages["invalid"] = _(
            "El RUT no es válido (revise el dígito verificador)."
        )
        self.fields["requester_rut"].error_messages["checksum"] = _(
            "El RUT no es válido (revise el dígito verificador)."
        )
        for name in ("requester_name", "on_behalf_of", "postal_address", "proposed_note"):
            self.fields[name].widget.attrs.setdefault("maxlength", self.fields[name].max_length)

    def clean_requester_rut(self) -> str:
        return self.cleaned_data.get("requester_rut") or ""

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("email") or "").strip() and not (cleaned.get("postal_address") or "").strip():
            if "email" not in self.errors:
                self.add_error(
                    "email",
                    _("Indique un correo electrónico o una dirección postal para responderle."),
                )
        now = timezone.now()
        for name in ("proposed_start", "proposed_alternative"):
            value = cleaned.get(name)
            if value is not None and value < now:
                self.add_error(name, _("Esa fecha ya pasó: proponga una fecha de hoy en adelante."))
        return cleaned


class PublicAudienceRequestForm(HoneypotMixin, AudienceRequestForm):
    """The public form (no login): the same fields, and a honeypot."""


class StaffAudienceRequestForm(AudienceRequestForm):
    """A keeper registers a request received by letter or in person, for the subjects they keep. The
    answer's deadline counts from the day it was received, which may be before the day it is typed."""

    received_on = forms.DateField(
        label=_("Recibida el"),
        widget=DateInput(),
        initial=timezone.localdate,
        help_text=_("El día en que llegó la carta o se presentó la persona: el plazo de respuesta se cuenta desde él."),
        error_messages={
            "required": _("Indique el día en que se recibió la solicitud."),
            "invalid": _("La fecha no es válida (use dd-mm-aaaa)."),
        },
    )

    field_order = ["received_on"]

    def __init__(self, *args, user, **kwargs):
        subjects = permissions.passive_subjects_kept_by(user).in_office_on(timezone.localdate())
        super().__init__(*args, subjects=subjects.order_by("office", "name"), **kwargs)
        self.fields["subject"].label = _("Sujeto pasivo")
        self.fields["requester_name"].label = _("Nombre completo de quien solicita")


class GrantForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    """Grant: the date, time, place and modality of the audience."""

    granted_start = forms.DateTimeField(
        label=_("Fecha y hora de la audiencia"),
        widget=DateTimeInput(),
        error_messages={
            "required": _("Indique la fecha y hora de la audiencia."),
            "invalid": _("La fecha y hora no es válida (use dd-mm-aaaa hh:mm)."),
        },
    )
    granted_place = forms.CharField(
        label=_("Lugar (o enlace de la videoconferencia)"),
        max_length=250,
        error_messages={"required": _("Indique el lugar de la audiencia (o el enlace de la videoconferencia).")},
    )
    granted_modality = forms.ChoiceField(label=_("Modalidad"), choices=LobbyModality.choices, widget=forms.RadioSelect)

    class Meta:
        model = AudienceRequest
        fields = ["granted_start", "granted_place", "granted_modality"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="conceder", **kwargs)
        # The proposal is the usual answer: offered as it came (the instance's empty answer fields say nothing).
        if not self.initial.get("granted_start"):
            self.initial["granted_start"] = self.instance.proposed_start
        if not self.initial.get("granted_modality"):
            self.initial["granted_modality"] = self.instance.modality


class DenyForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    """Deny, with the reason (sent to the requester and kept for equal treatment)."""

    denial_reason = forms.CharField(
        label=_("Motivo del rechazo"),
        max_length=MATTER_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Se comunica a quien la solicitó y queda en el registro de solicitudes."),
    )

    class Meta:
        model = AudienceRequest
        fields = ["denial_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="denegar", **kwargs)
