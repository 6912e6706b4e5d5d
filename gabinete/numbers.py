"""Numbers as people in Chile write them: "1.843" is one thousand eight hundred and forty-three,
"1.843,5" has a decimal comma, "1 843" groups with a space. Every numeric input of the project goes
through `parse_chilean_number` (forms through `ChileanDecimalField` / `ChileanIntegerField`, uploaded
tables through the same function), so a figure means the same on every screen.

The separators come from Django's es-CL localisation (`gabinete/formats/es_CL`): the thousands
separator (".") may only stand between groups of exactly three digits, so "1.84" is refused rather
than guessed, and "1,843.5" (the English way) is refused rather than read as 1,843.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.db import models
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

#: Longer text is not a number anybody types; refusing it early bounds the work.
MAX_LENGTH = 40

#: Spaces people (and spreadsheets) put between groups of thousands: plain, non-breaking, narrow
#: non-breaking and thin.
_GROUP_SPACES = " \u00a0\u202f\u2009"
#: The minus signs a keyboard or a word processor produces.
_MINUS = "-\u2212"

HOW_TO_WRITE = _("Escriba el número como 1.843 o 1.843,5 (punto para los miles, coma para los decimales).")


class ChileanNumberError(ValidationError):
    """A value that is not a number written the Chilean way; the message says how to write it."""


def _separators() -> tuple[str, str]:
    lang = settings.LANGUAGE_CODE
    return get_format("DECIMAL_SEPARATOR", lang=lang), get_format("THOUSAND_SEPARATOR", lang=lang)


def _number_pattern(decimal: str, thousand: str) -> re.Pattern:
    # ASCII digits only ([0-9], not \d, which also matches Arabic-Indic or full-width digits).
    d, t = re.escape(decimal), re.escape(thousand)
    return re.compile(
        rf"^(?P<int>[0-9]+|[0-9]{{1,3}}(?:{t}[0-9]{{3}})+|[0-9]{{1,3}}(?: [0-9]{{3}})+)(?:{d}(?P<frac>[0-9]+))?$"
    )


def _refuse(raw: str, message=None) -> ChileanNumberError:
    shown = (
        raw
        if len(raw) <= MAX_LENGTH and raw.isprintable()
        else raw[:MAX_LENGTH].encode("unicode_escape").decode("ascii")
    )
    return ChileanNumberError(
        _("«%(value)s» no es un número válido. %(how)s"),
        code="invalid",
        params={"value": shown, "how": message or HOW_TO_WRITE},
    )


def parse_chilean_number(
    raw,
    *,
    currency: bool = False,
    max_digits: int | None = None,
    decimal_places: int | None = None,
) -> Decimal:
    """The Decimal a person meant by `raw`, or ChileanNumberError (a ValidationError) in Spanish.

    Accepts "1843", "1.843", "1.843,5", "1843,5", "1 843" (any space between thousands), a minus
    sign and, with `currency`, a leading "$". Numbers already typed by a spreadsheet (int, Decimal,
    float) are taken as they are. `max_digits` / `decimal_places` are the storing field's limits.
    """
    if isinstance(raw, bool):
        raise _refuse(str(raw))
    if isinstance(raw, int | Decimal | float):
        number = Decimal(str(raw))
        if not number.is_finite():
            raise _refuse(str(raw))
        _check_size(number, str(raw), max_digits, decimal_places)
        return number
    text = str(raw)
    if len(text) > MAX_LENGTH * 2:
        raise _refuse(text, _("El número es demasiado largo."))
    text = text.strip(_GROUP_SPACES + "\t\r\n")
    if not text or len(text) > MAX_LENGTH:
        raise _refuse(text)
    negative = False
    if text[0] in _MINUS:
        negative, text = True, text[1:].lstrip(_GROUP_SPACES)
    if currency and text.startswith("$"):
        text = text[1:].lstrip(_GROUP_SPACES)
        if not negative and text and text[0] in _MINUS:
            negative, text = True, text[1:].lstrip(_GROUP_SPACES)
    for space in _GROUP_SPACES:
        text = text.replace(space, " ")
    decimal, thousand = _separators()
    match = _number_pattern(decimal, thousand).match(text)
    if match is None:
        if re.fullmatch(rf"[0-9]+{re.escape(thousand)}[0-9]+", text):
            # "1.84" or "0.5": a decimal point the English way, or thousands with a digit missing.
            raise _refuse(
                str(raw).strip(),
                _("El punto separa los miles (1.843) y la coma, los decimales: si es un decimal, escríbalo %(comma)s.")
                % {"comma": text.replace(thousand, decimal)},
            )
        raise _refuse(str(raw).strip())
    digits = match["int"].replace(thousand, "").replace(" ", "")
    frac = match["frac"]
    try:
        number = Decimal(f"{'-' if negative else ''}{digits}{'.' + frac if frac else ''}")
    except InvalidOperation:  # pragma: no cover — the pattern only lets digits through
        raise _refuse(str(raw).strip()) from None
    _check_size(number, str(raw).strip(), max_digits, decimal_places)
    return number


def _check_size(number: Decimal, raw: str, max_digits: int | None, decimal_places: int | None) -> None:
    _sign, digits, exponent = number.normalize().as_tuple()
    places = max(-exponent, 0)
    whole = max(len(digits) + exponent, 0)
    if decimal_places is not None and places > decimal_places:
        if decimal_places == 0:
            raise ChileanNumberError(
                _("«%(value)s» debe ser un número entero, sin decimales (por ejemplo 1.843)."),
                code="decimal_places",
                params={"value": raw},
            )
        raise ChileanNumberError(
            _("«%(value)s» tiene demasiados decimales: se admiten hasta %(n)s (por ejemplo 1.843,5)."),
            code="decimal_places",
            params={"value": raw, "n": decimal_places},
        )
    if max_digits is not None:
        allowed = max_digits - (decimal_places or 0)
        if whole > allowed:
            raise ChileanNumberError(
                _("«%(value)s» es demasiado grande: se admiten hasta %(n)s cifras antes de la coma."),
                code="max_digits",
                params={"value": raw, "n": allowed},
            )


def format_chilean_number(value, *, decimal_places: int | None = None) -> str:
    """A number as the form shows it back and people read it: 1843.5000 → "1.843,5"; None → "".

    Trailing zeros of the stored scale are dropped (a value typed "87,5" comes back as "87,5")."""
    if value is None or value == "":
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if decimal_places is not None:
        number = number.quantize(Decimal(1).scaleb(-decimal_places)) if decimal_places else number.quantize(1)
    text = f"{number.normalize():f}" if number else "0"
    sign = "-" if text.startswith("-") else ""
    whole, _dot, frac = text.lstrip("-").partition(".")
    decimal, thousand = _separators()
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    return sign + thousand.join([whole, *groups]) + (decimal + frac if frac else "")


class ChileanNumberInput(forms.TextInput):
    """A text box (a type="number" box would refuse "1.843" in the browser) that brings up the
    numeric keyboard on a phone and shows a stored value in the es-CL format."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_chilean_number(value)
        return super().format_value(value)


class ChileanDecimalField(forms.DecimalField):
    """A decimal typed the Chilean way, stored exactly (see `parse_chilean_number`).

    Takes the storing model field's `max_digits` and `decimal_places`, so a value the database
    could not hold is refused with a Spanish message instead of failing on save."""

    widget = ChileanNumberInput
    default_error_messages = {"invalid": HOW_TO_WRITE}

    def __init__(self, *, currency: bool = False, **kwargs):
        self.currency = currency
        kwargs.pop("localize", None)
        super().__init__(**kwargs)
        # DecimalField's own validator repeats the size check in Django's words: ours says it better.
        self.validators = [v for v in self.validators if not isinstance(v, DecimalValidator)]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_chilean_number(
            value, currency=self.currency, max_digits=self.max_digits, decimal_places=self.decimal_places
        )

    def validate(self, value):
        forms.Field.validate(self, value)  # the parser only returns finite numbers

    def widget_attrs(self, widget):
        # No min/max/step attributes: they belong to type="number" boxes.
        return forms.Field.widget_attrs(self, widget)


class ChileanIntegerField(ChileanDecimalField):
    """A whole number typed the Chilean way ("1.843", "$ 250.000" for an amount in pesos)."""

    def __init__(self, *, max_value=None, min_value=None, **kwargs):
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
        super().__init__(max_digits=19, decimal_places=0, max_value=max_value, min_value=min_value, **kwargs)

    def to_python(self, value):
        number = super().to_python(value)
        return None if number is None else int(number)


#: For a ModelAdmin's `formfield_overrides`: decimals in the admin typed the same way as everywhere.
ADMIN_FORMFIELD_OVERRIDES = {models.DecimalField: {"form_class": ChileanDecimalField}}
