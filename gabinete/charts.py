"""SVG charts: one helper so the same chart shows on a page and in a PDF (WeasyPrint draws SVG).

Every function returns safe SVG markup with `role="img"`, a <title> and an aria-label, ready to put in a
template with `{{ chart }}`. Numbers are printed the es-CL way (1.234,5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#003c71", "#c8102e", "#2e7d32", "#ef8f00", "#6a1b9a", "#00838f", "#5d4037", "#546e7a"]
TONE_COLOURS = {"positivo": "#2e7d32", "neutro": "#546e7a", "negativo": "#c8102e"}
STATUS_COLOURS = {"on_track": "#2e7d32", "at_risk": "#ef8f00", "off_track": "#c8102e", "missing": "#9e9e9e"}


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    colour: str | None = None


def format_number(value: float | None, decimals: int = 1) -> str:
    """1234567.891 → '1.234.567,9' (es-CL), whole numbers without decimals."""
    if value is None:
        return "—"
    if float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    t = escape(title)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{t}" class="gab-chart" '
        f'font-family="DejaVu Sans, Arial, sans-serif" font-size="11">'
        f"<title>{t}</title>" + "".join(body) + "</svg>"
    )


def _legend(series: Sequence[Series], x: int, y: int) -> list[str]:
    out, cursor = [], x
    for i, s in enumerate(series):
        colour = s.colour or PALETTE[i % len(PALETTE)]
        out.append(f'<rect x="{cursor}" y="{y - 9}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{cursor + 14}" y="{y}" fill="#222">{escape(s.name)}</text>')
        cursor += 24 + 7 * len(s.name)
    return out


def _y_axis(left: int, top: int, plot_w: int, plot_h: int, vmax: float) -> list[str]:
    out = []
    for i in range(5):
        v = vmax * i / 4
        y = top + plot_h - plot_h * i / 4
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#dde3ea"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#444">{format_number(v)}</text>')
    return out


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    stacked: bool = False,
    width: int = 720,
    height: int = 300,
) -> SafeString:
    """Vertical bars per label; several series side by side, or stacked."""
    left, right, top, bottom = 56, 12, 30, 70
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(labels), 1)
    if stacked:
        totals = [sum((s.values[i] or 0) for s in series) for i in range(len(labels))]
        vmax = _nice_max(max(totals, default=0))
    else:
        vmax = _nice_max(max((v or 0 for s in series for v in s.values), default=0))
    body = _y_axis(left, top, plot_w, plot_h, vmax)
    slot = plot_w / n
    bar_w = slot * 0.7 / (1 if stacked else max(len(series), 1))
    for i, label in enumerate(labels):
        x0 = left + slot * i + slot * 0.15
        base = 0.0
        for j, s in enumerate(series):
            value = s.values[i] or 0
            colour = s.colour or PALETTE[j % len(PALETTE)]
            h = plot_h * value / vmax
            if stacked:
                y = top + plot_h - plot_h * base / vmax - h
                x = x0
                base += value
            else:
                y = top + plot_h - h
                x = x0 + bar_w * j
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(str(label))} — {escape(s.name)}: {format_number(value)}</title></rect>"
            )
        tx = left + slot * i + slot / 2
        short = str(label) if len(str(label)) <= 14 else str(label)[:13] + "…"
        body.append(
            f'<text x="{tx:.1f}" y="{top + plot_h + 14}" text-anchor="end" fill="#333" '
            f'transform="rotate(-35 {tx:.1f} {top + plot_h + 14})">{escape(short)}</text>'
        )
    body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#333"/>')
    body += _legend(series, left, 16)
    return _svg(width, height, title, body)


def line_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    target: float | None = None,
    target_label: str = "Meta",
    width: int = 720,
    height: int = 260,
) -> SafeString:
    """Lines over time with an optional horizontal target line; gaps where a value is missing."""
    left, right, top, bottom = 56, 12, 30, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    vmax = _nice_max(max(values + ([target] if target is not None else []), default=0))
    body = _y_axis(left, top, plot_w, plot_h, vmax)
    n = len(labels)
    step = plot_w / max(n - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + step * i if n > 1 else left + plot_w / 2, top + plot_h - plot_h * v / vmax

    for i, label in enumerate(labels):
        x, _y = xy(i, 0)
        if n <= 16 or i % max(n // 12, 1) == 0:
            body.append(
                f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle" fill="#333">{escape(str(label))}</text>'
            )
    if target is not None:
        _x, ty = xy(0, target)
        body.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#c8102e" '
            f'stroke-width="1.5" stroke-dasharray="6 4"/>'
            f'<text x="{left + plot_w - 4}" y="{ty - 5:.1f}" text-anchor="end" fill="#c8102e">'
            f"{escape(target_label)}: {format_number(target)}</text>"
        )
    for j, s in enumerate(series):
        colour = s.colour or PALETTE[j % len(PALETTE)]
        segment: list[str] = []
        for i, v in enumerate(s.values):
            if v is None:
                if len(segment) > 1:
                    body.append(
                        f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(segment)}"/>'
                    )
                segment = []
                continue
            x, y = xy(i, v)
            segment.append(f"{x:.1f},{y:.1f}")
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                f"<title>{escape(str(labels[i]))}: {format_number(v)}</title></circle>"
            )
        if len(segment) > 1:
            body.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(segment)}"/>')
    body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#333"/>')
    body += _legend(series, left, 16)
    return _svg(width, height, title, body)


def horizontal_bar_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    width: int = 720,
    row_height: int = 22,
) -> SafeString:
    """Horizontal stacked bars, one row per label (long names such as directorates fit)."""
    left, right, top = 230, 50, 30
    height = top + row_height * max(len(labels), 1) + 10
    plot_w = width - left - right
    totals = [sum((s.values[i] or 0) for s in series) for i in range(len(labels))]
    vmax = _nice_max(max(totals, default=0))
    body: list[str] = []
    for i, label in enumerate(labels):
        y = top + row_height * i
        short = str(label) if len(str(label)) <= 34 else str(label)[:33] + "…"
        body.append(
            f'<text x="{left - 6}" y="{y + row_height * 0.65:.1f}" text-anchor="end" fill="#222">{escape(short)}</text>'
        )
        base = 0.0
        for j, s in enumerate(series):
            value = s.values[i] or 0
            w = plot_w * value / vmax
            colour = s.colour or PALETTE[j % len(PALETTE)]
            body.append(
                f'<rect x="{left + plot_w * base / vmax:.1f}" y="{y + 3}" width="{w:.1f}" '
                f'height="{row_height - 6}" fill="{colour}"><title>{escape(str(label))} — '
                f"{escape(s.name)}: {format_number(value)}</title></rect>"
            )
            base += value
        body.append(
            f'<text x="{left + plot_w * base / vmax + 4:.1f}" y="{y + row_height * 0.65:.1f}" fill="#222">{format_number(totals[i])}</text>'
        )
    body += _legend(series, left, 16)
    return _svg(width, height, title, body)


def sparkline(
    title: str,
    values: Sequence[float | None],
    *,
    target: float | None = None,
    width: int = 170,
    height: int = 34,
) -> SafeString:
    """A word-sized trend line with an optional dashed target line and no text: cheap enough to draw
    hundreds in one PDF (an annual report with a chart per indicator). Gaps where a value is missing."""
    known = [v for v in values if v is not None]
    top = max(known + ([target] if target is not None else []), default=0)
    bottom = min(known + ([target] if target is not None else []), default=0)
    bottom = min(bottom, 0) if top > 0 and bottom >= 0 and bottom < top * 0.5 else bottom * 0.95
    span = (top * 1.05 - bottom) or 1.0
    pad = 3
    n = max(len(values) - 1, 1)

    def y(v: float) -> float:
        return pad + (height - 2 * pad) * (1 - (v - bottom) / span)

    body = []
    if target is not None:
        body.append(
            f'<line x1="0" x2="{width}" y1="{y(target):.1f}" y2="{y(target):.1f}" stroke="#c8102e" '
            f'stroke-width="1" stroke-dasharray="4 3"/>'
        )
    segment: list[str] = []
    for i, v in enumerate(list(values) + [None]):
        if v is None:
            if len(segment) > 1:
                body.append(f'<polyline fill="none" stroke="#003c71" stroke-width="1.6" points="{" ".join(segment)}"/>')
            elif len(segment) == 1:
                cx, cy = segment[0].split(",")
                body.append(f'<circle cx="{cx}" cy="{cy}" r="2" fill="#003c71"/>')
            segment = []
            continue
        segment.append(f"{pad + (width - 2 * pad) * i / n:.1f},{y(v):.1f}")
    t = escape(title)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{t}" class="gab-sparkline"><title>{t}</title>'
        + "".join(body)
        + "</svg>"
    )
