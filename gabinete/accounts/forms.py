"""The forms of the second step."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import twostep


def _code_field(label, help_text) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-lg",
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


class VerifyForm(forms.Form):
    """The code asked after the password: the app's six digits or a recovery code."""

    code = _code_field(
        _("Código"),
        _("Los 6 dígitos que muestra su aplicación de autenticación, o uno de sus códigos de recuperación."),
    )


class EnrolForm(forms.Form):
    """The first code of the app being set up: proves it holds the secret the QR code carries."""

    code = _code_field(
        _("Código de 6 dígitos"), _("El código que muestra ahora la aplicación para «Gabinete Antofagasta».")
    )

    def __init__(self, *args, secret: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.secret = secret
        self.fields["code"].widget.attrs["inputmode"] = "numeric"

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        time_step = twostep.totp_match(self.secret, code)
        if time_step is None:
            raise forms.ValidationError(
                _(
                    "El código no es correcto. Revise que la hora del teléfono esté al día y escriba el código que se muestra ahora."
                )
            )
        self.time_step = time_step
        return code


class PeopleSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Buscar por nombre, usuario o correo"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )
