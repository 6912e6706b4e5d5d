"""The one rule that judges a value against its target: on track, at risk, off track (or no data).

Everything that shows a status (dashboards, exports, the Informe de Gestión) asks `judge()`; the
measurement stores the answer when its value is saved, so last year's status never moves when next
year's definition changes.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    HIGHER = "higher", _("Mayor es mejor")
    LOWER = "lower", _("Menor es mejor")
    RANGE = "range", _("Dentro de un rango")


class Judgement(models.TextChoices):
    ON_TRACK = "on_track", _("En meta")
    AT_RISK = "at_risk", _("En riesgo")
    OFF_TRACK = "off_track", _("Fuera de meta")
    MISSING = "missing", _("Sin dato")


def _dec(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def judge(
    value,
    *,
    target,
    direction: str,
    tolerance=0,
    target_max=None,
) -> str:
    """Judge `value` against the target.

    - higher is better: value ≥ target → en meta; value ≥ target − tolerance → en riesgo; else fuera.
    - lower is better: value ≤ target → en meta; value ≤ target + tolerance → en riesgo; else fuera.
    - within a range [target, target_max]: inside → en meta; at most `tolerance` outside → en riesgo.
    The tolerance is in the indicator's own unit (percentage points, days, pesos…). Boundaries are
    inclusive and exact (Decimal arithmetic). No value, or no target, → sin dato.
    """
    value, target, tolerance = _dec(value), _dec(target), _dec(tolerance) or Decimal(0)
    target_max = _dec(target_max)
    if value is None or target is None:
        return Judgement.MISSING
    tolerance = abs(tolerance)
    if direction == Direction.HIGHER:
        if value >= target:
            return Judgement.ON_TRACK
        return Judgement.AT_RISK if value >= target - tolerance else Judgement.OFF_TRACK
    if direction == Direction.LOWER:
        if value <= target:
            return Judgement.ON_TRACK
        return Judgement.AT_RISK if value <= target + tolerance else Judgement.OFF_TRACK
    if direction == Direction.RANGE:
        low, high = (target, target_max if target_max is not None else target)
        if low > high:
            low, high = high, low
        if low <= value <= high:
            return Judgement.ON_TRACK
        distance = low - value if value < low else value - high
        return Judgement.AT_RISK if distance <= tolerance else Judgement.OFF_TRACK
    raise ValueError(f"Unknown direction {direction!r}")
