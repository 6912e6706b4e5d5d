from django import template

from transparency import models
from transparency.tables import format_cell
from transparency.views import MONTHS

register = template.Library()

NUMERIC = {"entero", "monto", "decimal"}


@register.filter
def table_preview(publication, limit=None):
    """The publication's rows as es-CL text, with a flag for right-aligned numeric cells."""
    columns = publication.table_columns
    rows = publication.table_rows if not limit else publication.table_rows[: int(limit)]
    return [
        [(format_cell(v, c["kind"]), c["kind"] in NUMERIC) for v, c in zip(row, columns, strict=False)] for row in rows
    ]


@register.filter
def empty_month_notices(publication) -> list[str]:
    """The sub-section's notice for each month of the annual sheet without rows («Sin avisaje ni
    publicidad en marzo 2026.»); the text is catalogue data."""
    section = publication.section
    if not section.empty_month_notice:
        return []
    months = section.months_without_rows(publication.table_columns, publication.table_rows, publication.period)
    return [section.empty_month_notice.replace("{mes}", month_label(m)) for m in months]


@register.filter
def month_label(period) -> str:
    return f"{MONTHS[period.month]} {period.year}"


@register.filter
def update_label(value) -> str:
    """«Actualización de diciembre de 2026 — información al 30-11-2026» for a publication, or for an
    update month with nothing yet (the usual «información al»): the one label of the two dates."""
    if isinstance(value, models.Publication):
        return value.period_label
    if hasattr(value, "reported_through"):  # a compliance cell (transparency.compliance.Cell)
        return models.update_label(value.period, value.reported_through)
    return models.update_label(value)


@register.filter
def month_only(period) -> str:
    return MONTHS[period.month]


@register.simple_tag(takes_context=True)
def review_queues_visible(context) -> bool:
    """Whether the app's tabs show the review queues (permissions.can_view_review_queues)."""
    from transparency.permissions import can_view_review_queues

    request = context.get("request")
    return bool(request) and can_view_review_queues(request.user)
