"""Forms of the access requests (Ley 20.285 Título IV). The rules live in `transparency.access_requests`;
these forms bind what was typed and explain in Spanish what is missing, keeping what the person wrote."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gabinete.concurrency import VersionedFormMixin
from gabinete.forms import BootstrapFormMixin, DateInput
from gabinete.models import Directorate
from gabinete.numbers import ChileanIntegerField
from gabinete.public_forms import HoneypotMixin
from gabinete.uploads import PDF, FileKindValidator

from .models import (
    AccessAppeal,
    AccessChannel,
    AccessDelivery,
    AccessOutcome,
    AccessRequest,
    AppealDecision,
    DenialGround,
)

INFORMATION_MAX = 4000
DATE_ERRORS = {"invalid": _("La fecha no es válida (use dd-mm-aaaa).")}


def _date_field(label, *, required=True, help_text="", initial=None):
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        initial=initial,
        help_text=help_text,
        error_messages={**DATE_ERRORS, "required": _("Indique la fecha.")},
    )


class AccessRequestForm(BootstrapFormMixin, forms.ModelForm):
    """What art. 12 asks: name, where to notify, a clear description of the information, and how the
    requester prefers to receive it."""

    class Meta:
        model = AccessRequest
        fields = ["requester_name", "email", "postal_address", "information", "preferred_format", "delivery"]
        widgets = {
            "information": forms.Textarea(attrs={"rows": 5, "maxlength": INFORMATION_MAX}),
            "preferred_format": forms.RadioSelect,
            "delivery": forms.RadioSelect,
        }
        labels = {
            "requester_name": _("Nombre y apellidos (o razón social)"),
            "information": _("¿Qué información solicita?"),
        }
        help_texts = {
            "email": _(
                "Le enviaremos el comprobante, los avisos y la respuesta. Si no tiene, indique una dirección postal."
            ),
            "postal_address": _("Para notificarle por carta si no tiene correo electrónico."),
            "information": _(
                "Identifique claramente la información: qué documento o dato, de qué período, de qué unidad si lo "
                "sabe (hasta 4.000 caracteres)."
            ),
        }
        error_messages = {
            "requester_name": {"required": _("Escriba su nombre y apellidos, o la razón social.")},
            "information": {"required": _("Describa la información que solicita.")},
            "email": {"invalid": _("El correo electrónico no es válido (por ejemplo nombre@dominio.cl).")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("requester_name", "postal_address"):
            self.fields[name].widget.attrs.setdefault("maxlength", self.fields[name].max_length)
        self.fields["preferred_format"].required = True
        self.fields["delivery"].required = True

    def clean(self):
        cleaned = super().clean()
        email = (cleaned.get("email") or "").strip()
        address = (cleaned.get("postal_address") or "").strip()
        if not email and not address and "email" not in self.errors:
            self.add_error("email", _("Indique un correo electrónico o una dirección postal para notificarle."))
        delivery = cleaned.get("delivery")
        if delivery == AccessDelivery.EMAIL and not email and "email" not in self.errors and (email or address):
            self.add_error("email", _("Para recibirla por correo electrónico, indique su correo."))
        if delivery == AccessDelivery.POST and not address and (email or address):
            self.add_error("postal_address", _("Para recibirla por carta, indique su dirección postal."))
        return cleaned


class PublicAccessRequestForm(HoneypotMixin, AccessRequestForm):
    """The public form (no login): the same fields, and a honeypot."""


class StaffAccessRequestForm(AccessRequestForm):
    """Gabinete registers a request that arrived by letter or e-mail, with the day it arrived."""

    channel = forms.ChoiceField(
        label=_("Llegó por"),
        choices=[
            (AccessChannel.PAPER.value, AccessChannel.PAPER.label),
            (AccessChannel.EMAIL.value, AccessChannel.EMAIL.label),
        ],
        widget=forms.RadioSelect,
    )
    received_on = _date_field(
        _("Recibida el"),
        initial=timezone.localdate,
        help_text=_("El día en que llegó la carta o el correo: el plazo se cuenta desde él."),
    )

    field_order = ["channel", "received_on"]


class ObservationsForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    """The steps that only need a text: ask for a correction, register it, give back, return."""

    observations = forms.CharField(
        label=_("Observaciones"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reply = forms.CharField(
        label=_("Qué corrigió (respuesta a las observaciones)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = AccessRequest
        fields: list[str] = []


class AdmitForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    directorate = forms.ModelChoiceField(
        label=_("Dirección que tiene la información"),
        queryset=Directorate.objects.active(),
        required=False,
    )

    class Meta:
        model = AccessRequest
        fields: list[str] = []


class ReferForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    referred_to = forms.CharField(label=_("Organismo competente"), max_length=200, required=False)
    observations = forms.CharField(
        label=_("Motivo (se comunica al solicitante)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = AccessRequest
        fields: list[str] = []


class ExtendForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    reason = forms.CharField(
        label=_("Motivo de la prórroga (se comunica al solicitante)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = AccessRequest
        fields: list[str] = []


class ThirdPartyForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Nombre del tercero"), max_length=200)
    contact = forms.CharField(label=_("Dirección o correo donde se le notificó"), max_length=300)
    notified_on = _date_field(_("Notificado el"), initial=timezone.localdate)


class ThirdPartyAnswerForm(BootstrapFormMixin, forms.Form):
    opposed = forms.TypedChoiceField(
        label=_("Respuesta del tercero"),
        choices=[("si", _("Se opone a la entrega")), ("no", _("No se opone"))],
        coerce=lambda v: v == "si",
        widget=forms.RadioSelect,
        error_messages={"required": _("Indique si el tercero se opone o no.")},
    )
    grounds = forms.CharField(
        label=_("Fundamentos de la oposición"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    answered_on = _date_field(_("Respondió el"), initial=timezone.localdate)


class GroundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: DenialGround) -> str:
        return f"{obj.reference} — {obj.text}"


class AnswerForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    """The directorate's draft answer."""

    outcome = forms.ChoiceField(
        label=_("Respuesta"), choices=AccessOutcome.choices, widget=forms.RadioSelect, required=False
    )
    ground = GroundChoiceField(
        label=_("Causal de denegación (art. 21)"), queryset=DenialGround.objects.filter(is_active=True), required=False
    )
    public_link = forms.URLField(
        label=_("Enlace a la información publicada"),
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={
            "invalid": _("El enlace no es válido (por ejemplo https://www.municipalidadantofagasta.cl/…).")
        },
    )

    class Meta:
        model = AccessRequest
        fields = ["outcome", "answer_text", "ground", "declares_reserved", "reserved_act"]
        widgets = {"answer_text": forms.Textarea(attrs={"rows": 5})}


class DocumentForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Título del documento"), max_length=250, required=False)
    file = forms.FileField(
        label=_("Archivo PDF"),
        validators=[FileKindValidator(PDF, max_mb=10)],
        error_messages={"required": _("Elija el archivo PDF del documento.")},
    )


class AppealForm(BootstrapFormMixin, forms.ModelForm):
    filed_on = _date_field(_("Presentado el"))

    class Meta:
        model = AccessAppeal
        fields = ["filed_on", "case_number"]
        help_texts = {"case_number": _("El rol que asignó el Consejo para la Transparencia, por ejemplo C1234-26.")}


class AppealDecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decisión del Consejo"),
        choices=[c for c in AppealDecision.choices if c[0] != AppealDecision.PENDING],
    )
    decided_on = _date_field(_("Notificada el"))
    orders = forms.CharField(
        label=_("Qué ordena"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    orders_delivery = forms.BooleanField(label=_("Ordena entregar la información"), required=False)
    comply_days = ChileanIntegerField(
        label=_("Plazo para cumplir (días hábiles)"),
        required=False,
        min_value=1,
        max_value=60,
        help_text=_("El que fija la decisión; vacío: el de las reglas."),
    )
