"""Forms of the data subjects' requests (Ley 21.719). The rules live in `services`; these forms bind
what was typed and explain in Spanish what is missing or malformed, keeping what the person wrote."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from localflavor.cl.forms import CLRutField

from gabinete.concurrency import VersionedFormMixin
from gabinete.forms import BootstrapFormMixin, DateInput
from gabinete.public_forms import HoneypotMixin

from .models import DataSubjectRequest, RightKind, RightsChannel, RightsOutcome

DESCRIPTION_MAX = 4000
ANSWER_MAX = 8000
#: A tag or a script: the fields take plain text only (what is shown is escaped anyway).
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]|javascript:", re.IGNORECASE)
NO_MARKUP = _("Escriba solo texto: no incluya etiquetas HTML ni código (como <script>).")
RUT_INVALID = _("El RUT no es válido: revise el número y el dígito verificador (por ejemplo 12.345.678-5).")


def _no_markup(value: str) -> str:
    if value and MARKUP.search(value):
        raise forms.ValidationError(NO_MARKUP, code="markup")
    return value


class RightsRequestForm(BootstrapFormMixin, forms.ModelForm):
    """What a data subject says: which right, who they are (name, and RUT if they have one, to find
    their data), where to answer them, and what they ask for."""

    requester_rut = CLRutField(
        label=_("RUT (opcional)"),
        required=False,
        help_text=_("Por ejemplo 12.345.678-5. Nos ayuda a encontrar sus datos."),
        error_messages={"invalid": RUT_INVALID, "checksum": RUT_INVALID},
    )

    class Meta:
        model = DataSubjectRequest
        fields = ["kind", "requester_name", "requester_rut", "email", "postal_address", "description"]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5, "maxlength": DESCRIPTION_MAX}),
        }
        labels = {
            "kind": _("¿Qué derecho quiere ejercer?"),
            "requester_name": _("Nombre y apellidos"),
            "description": _("¿Qué solicita?"),
        }
        help_texts = {
            "email": _("Le enviaremos el comprobante y la respuesta. Si no tiene, indique una dirección postal."),
            "postal_address": _("Para responderle por carta si no tiene correo electrónico."),
            "description": _(
                "Qué datos, de qué trámite si lo sabe (una solicitud de audiencia, de información…), y qué "
                "quiere que se haga con ellos (hasta 4.000 caracteres)."
            ),
        }
        error_messages = {
            "kind": {
                "required": _("Elija el derecho que quiere ejercer."),
                "invalid_choice": _("Elija uno de los derechos de la lista."),
            },
            "requester_name": {"required": _("Escriba su nombre y apellidos.")},
            "description": {"required": _("Describa lo que solicita.")},
            "email": {"invalid": _("El correo electrónico no es válido (por ejemplo nombre@dominio.cl).")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(RightKind.choices)
        for name in ("requester_name", "postal_address"):
            self.fields[name].widget.attrs.setdefault("maxlength", self.fields[name].max_length)

    def clean_requester_rut(self) -> str:
        return self.cleaned_data.get("requester_rut") or ""

    def clean_requester_name(self) -> str:
        return _no_markup(self.cleaned_data.get("requester_name", ""))

    def clean_postal_address(self) -> str:
        return _no_markup(self.cleaned_data.get("postal_address", ""))

    def clean_description(self) -> str:
        return _no_markup(self.cleaned_data.get("description", ""))

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("email") or "").strip() and not (cleaned.get("postal_address") or "").strip():
            if "email" not in self.errors and "postal_address" not in self.errors:
                self.add_error("email", _("Indique un correo electrónico o una dirección postal para responderle."))
        return cleaned

    def _post_clean(self):
        # The service validates the model (number and due date are its own): the form only binds.
        pass


class PublicRightsRequestForm(HoneypotMixin, RightsRequestForm):
    """The public form (no login): the same fields, and a honeypot."""


class StaffRightsRequestForm(RightsRequestForm):
    """Gabinete or Jurídica register a request that arrived by letter or e-mail, with the day it arrived."""

    channel = forms.ChoiceField(
        label=_("Llegó por"),
        choices=[
            (RightsChannel.PAPER.value, RightsChannel.PAPER.label),
            (RightsChannel.EMAIL.value, RightsChannel.EMAIL.label),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Indique cómo llegó la solicitud."),
            "invalid_choice": _("Elija carta o correo."),
        },
    )
    received_on = forms.DateField(
        label=_("Recibida el"),
        widget=DateInput(),
        initial=timezone.localdate,
        help_text=_("El día en que llegó la carta o el correo: el plazo se cuenta desde él."),
        error_messages={"invalid": _("La fecha no es válida (use dd-mm-aaaa)."), "required": _("Indique la fecha.")},
    )

    field_order = ["channel", "received_on"]


class ExtendForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    extension_reason = forms.CharField(
        label=_("Motivo de la prórroga (se comunica al titular)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = DataSubjectRequest
        fields: list[str] = []

    def clean_extension_reason(self) -> str:
        return _no_markup(self.cleaned_data.get("extension_reason", ""))


class AnswerForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    outcome = forms.ChoiceField(
        label=_("Resultado"),
        choices=RightsOutcome.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    answer = forms.CharField(
        label=_("Respuesta al titular"),
        max_length=ANSWER_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Se envía tal cual al titular. Si se acoge una rectificación o supresión, hágala antes en el registro."
        ),
    )

    class Meta:
        model = DataSubjectRequest
        fields: list[str] = []

    def clean_answer(self) -> str:
        return _no_markup(self.cleaned_data.get("answer", ""))
