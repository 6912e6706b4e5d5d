"""Numbers typed the Chilean way: the one parser and form field every numeric input uses."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from gabinete.numbers import (
    ChileanDecimalField,
    ChileanIntegerField,
    format_chilean_number,
    parse_chilean_number,
)


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1843", Decimal("1843")),
        ("1.843", Decimal("1843")),
        ("1.843,5", Decimal("1843.5")),
        ("1843,5", Decimal("1843.5")),
        ("8.702,5", Decimal("8702.5")),
        ("1 843", Decimal("1843")),
        ("1\u00a0843", Decimal("1843")),  # non-breaking space (what a spreadsheet copies)
        ("1\u202f843,25", Decimal("1843.25")),  # narrow non-breaking space
        ("1.234.567,89", Decimal("1234567.89")),
        ("0,5", Decimal("0.5")),
        ("  87,5 ", Decimal("87.5")),
        ("-1.843", Decimal("-1843")),
        ("\u221212,5", Decimal("-12.5")),  # the typographic minus
        ("0", Decimal("0")),
    ],
)
def test_numbers_written_as_chileans_write_them_are_read_exactly(typed, number):
    assert parse_chilean_number(typed) == number


@pytest.mark.parametrize(("typed", "number"), [("$ 1.843", 1843), ("$1.843.000", 1843000), ("-$ 5.000", -5000)])
def test_amounts_may_carry_a_peso_sign(typed, number):
    assert parse_chilean_number(typed, currency=True) == number


@pytest.mark.parametrize(
    "typed",
    [
        "1.84",  # a thousands dot must be followed by three digits: not silently 1,84
        "0.5",
        "1,843.5",  # the English way
        "1.2.3",
        "12,3,4",
        "1.8434",
        "1.843 500",  # two kinds of thousands separator
        ",5",
        "5,",
        "abc",
        "١٢٣",  # Arabic-Indic digits
        "１２",  # full-width digits
        "1\x00",
        "1e5",
        "NaN",
        "Infinity",
        "--5",
        "",
        "   ",
        "$ 1.843",  # a peso sign only where the field is an amount
    ],
)
def test_ambiguous_or_malformed_numbers_are_refused_with_how_to_write_them(typed):
    with pytest.raises(ValidationError) as exc:
        parse_chilean_number(typed)
    message = " ".join(exc.value.messages)
    assert "no es un número válido" in message
    assert "1.843" in message


def test_a_dot_followed_by_fewer_than_three_digits_suggests_the_decimal_comma():
    with pytest.raises(ValidationError) as exc:
        parse_chilean_number("1.84")
    assert "escríbalo 1,84" in exc.value.messages[0]


def test_values_beyond_the_stored_digits_are_refused_in_spanish():
    with pytest.raises(ValidationError, match="demasiado grande: se admiten hasta 12 cifras"):
        parse_chilean_number("1" * 13, max_digits=16, decimal_places=4)
    with pytest.raises(ValidationError, match="demasiados decimales"):
        parse_chilean_number("1,23456", max_digits=16, decimal_places=4)
    with pytest.raises(ValidationError, match="número entero"):
        parse_chilean_number("1,5", decimal_places=0)
    with pytest.raises(ValidationError, match="no es un número válido"):
        parse_chilean_number("9" * 500)
    assert parse_chilean_number("999.999.999.999,9999", max_digits=16, decimal_places=4) == Decimal("999999999999.9999")


def test_spreadsheet_cells_that_already_are_numbers_are_taken_as_they_are():
    assert parse_chilean_number(1843) == Decimal("1843")
    assert parse_chilean_number(8702.5) == Decimal("8702.5")
    with pytest.raises(ValidationError):
        parse_chilean_number(True)


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        (Decimal("1843.5000"), "1.843,5"),
        (Decimal("1843"), "1.843"),
        (Decimal("-1234567.89"), "-1.234.567,89"),
        (Decimal("0.0000"), "0"),
        (None, ""),
    ],
)
def test_numbers_are_shown_back_in_the_es_cl_format(number, shown):
    assert format_chilean_number(number) == shown


@given(st.decimals(min_value=-(10**12) + 1, max_value=10**12 - 1, places=4, allow_nan=False, allow_infinity=False))
def test_every_number_shown_the_chilean_way_reads_back_as_the_same_number(number):
    assert parse_chilean_number(format_chilean_number(number), max_digits=16, decimal_places=4) == number


class _Form(forms.Form):
    value = ChileanDecimalField(max_digits=16, decimal_places=4, required=False)
    cost = ChileanIntegerField(min_value=0, currency=True, required=False)


def test_the_form_field_stores_the_number_and_re_displays_it_as_typed_or_in_es_cl():
    form = _Form({"value": "1.843", "cost": "$ 1.250.000"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"value": Decimal("1843"), "cost": 1250000}
    bad = _Form({"value": "1.84", "cost": "12,5"})
    assert not bad.is_valid()
    assert "Escriba el número como 1.843" in str(bad["value"].errors) or "escríbalo 1,84" in str(bad["value"].errors)
    assert "número entero" in str(bad["cost"].errors)
    assert 'value="1.84"' in str(bad["value"])  # what the person typed comes back untouched
    shown = _Form(initial={"value": Decimal("8702.5000"), "cost": 1250000})
    assert 'value="8.702,5"' in str(shown["value"]) and 'value="1.250.000"' in str(shown["cost"])
    assert 'type="text"' in str(shown["value"]) and 'inputmode="decimal"' in str(shown["value"])
