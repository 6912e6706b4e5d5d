"""The one status rule, at its edges."""

from decimal import Decimal

import pytest

from indicators.status import judge


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("90", "on_track"),  # exactly at the target
        ("90.0001", "on_track"),
        ("89.9999", "at_risk"),  # just below the target
        ("85", "at_risk"),  # exactly at the tolerance boundary
        ("84.9999", "off_track"),  # just past it
        ("0", "off_track"),
    ],
)
def test_higher_is_better_edges(value, expected):
    assert judge(Decimal(value), target=Decimal(90), direction="higher", tolerance=Decimal(5)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("15", "on_track"), ("14", "on_track"), ("15.01", "at_risk"), ("20", "at_risk"), ("20.01", "off_track")],
)
def test_lower_is_better_edges(value, expected):
    assert judge(Decimal(value), target=Decimal(15), direction="lower", tolerance=Decimal(5)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("8000", "on_track"),  # lower bound
        ("10000", "on_track"),  # upper bound
        ("7500", "at_risk"),  # tolerance below the range
        ("10500", "at_risk"),  # tolerance above the range
        ("7499", "off_track"),
        ("10501", "off_track"),
    ],
)
def test_within_a_range_edges(value, expected):
    assert (
        judge(
            Decimal(value), target=Decimal(8000), target_max=Decimal(10000), direction="range", tolerance=Decimal(500)
        )
        == expected
    )


def test_a_missing_value_has_no_status():
    assert judge(None, target=Decimal(90), direction="higher", tolerance=Decimal(5)) == "missing"
    assert judge("", target=Decimal(90), direction="higher") == "missing"


def test_a_missing_target_has_no_status():
    assert judge(Decimal(90), target=None, direction="higher") == "missing"


def test_zero_tolerance_puts_anything_short_of_the_target_off_track():
    assert judge(Decimal("89.99"), target=Decimal(90), direction="higher", tolerance=0) == "off_track"
    assert judge(Decimal("90"), target=Decimal(90), direction="higher", tolerance=0) == "on_track"


def test_floats_are_judged_exactly_at_the_boundary():
    # 0.1 + 0.2 is not 0.3 in binary floating point; the rule works in decimals.
    assert judge(0.3, target=0.1, direction="higher", tolerance=0) == "on_track"
    assert judge(85.0, target=90, direction="higher", tolerance=5) == "at_risk"


def test_an_unknown_direction_is_an_error():
    with pytest.raises(ValueError):
        judge(1, target=1, direction="sideways")


def test_the_report_sparkline_is_accessible_svg_with_a_target_line_and_gaps():
    from gabinete.charts import sparkline

    svg = sparkline("Reclamos resueltos (2025)", [80, None, 92.5, 95], target=90)
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title>Reclamos resueltos (2025)</title>" in svg
    assert 'stroke-dasharray="4 3"' in svg  # the target line
    assert svg.count("<polyline") == 1 and svg.count("<circle") == 1  # a lone point before the gap
    assert sparkline("Sin datos", [None, None]).count("<polyline") == 0
