"""The indicators' CSV and XLSX exports as a job (gabinete.jobs): the all-directorates table takes
over a second at scale. The job's parameters are the page's filters, validated as the page validates
them (`export_scope`); the rows are those the *owner* may see, gathered again when the job runs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gabinete import exports, jobs
from gabinete.models import Job

from . import permissions as perms
from . import selectors
from .models import IndicatorYear, Periodicity

EXPORT = "indicators.export"
FORMATS = ("csv", "xlsx")

HEADER = ["Dirección", "Código", "Indicador", "Período", "Valor", "Unidad", "Meta", "Estado", "Trámite"]
WIDTHS = (45, 10, 50, 12, 12, 10, 12, 14, 26)


def year_and_periodicity(query: Mapping[str, Any], years: list[int]) -> tuple[int, str]:
    """The year (`anio`, one of `years`, else this year or the first) and periodicity of a page's query."""
    try:
        year = int(query.get("anio", ""))
    except (TypeError, ValueError):
        year = None
    if year not in years:
        today_year = timezone.localdate().year
        year = today_year if today_year in years else years[0]
    periodicity = query.get("periodicidad", "")
    if periodicity not in Periodicity.values:
        periodicity = ""
    return year, periodicity


def export_scope(user: Any, query: Mapping[str, Any]) -> tuple[QuerySet[IndicatorYear], dict[str, Any]]:
    """The indicator years `user` exports with these filters, and the filters as validated job
    parameters. A directorate or indicator the user may not see is 404; all directorates without the
    whole-municipality permission is 403 (as the page answers)."""
    scope = perms.indicator_years_visible_to(user)
    params: dict[str, Any] = {}
    slug, indicator_id = query.get("direccion"), query.get("indicador")
    if slug:
        directorate = get_object_or_404(perms.directorates_visible_to(user), slug=slug)
        scope = scope.filter(indicator__directorate=directorate)
        params["direccion"] = directorate.slug
    elif indicator_id:
        # ASCII only: str.isdigit() also accepts "²" or "١", which int() refuses.
        if not (str(indicator_id).isascii() and str(indicator_id).isdigit()):
            raise Http404
        indicator = get_object_or_404(perms.indicators_visible_to(user), pk=int(indicator_id))
        scope = scope.filter(indicator=indicator)
        params["indicador"] = str(indicator.pk)
    elif not perms.can_view_all_directorates(user):
        raise PermissionDenied
    year, periodicity = year_and_periodicity(query, selectors.available_years(scope))
    params["anio"] = year
    if periodicity:
        scope = scope.filter(periodicity=periodicity)
        params["periodicidad"] = periodicity
    return scope, params


def allowed(user: Any, params: Mapping[str, Any]) -> bool:
    """The export view's permission: who sees indicators, for a directorate or indicator they may see
    (all directorates: the whole-municipality roles)."""
    if params.get("fmt") not in FORMATS or not perms.can_view_indicators(user):
        return False
    try:
        export_scope(user, params)
    except (Http404, PermissionDenied):
        return False
    return True


def _filename(params: Mapping[str, Any]) -> str:
    which = params.get("direccion") or (f"indicador-{params['indicador']}" if params.get("indicador") else "todas")
    return f"indicadores-{which}-{params['anio']}.{params['fmt']}"


def _title(params: Mapping[str, Any]) -> str:
    return _("Indicadores %(year)s (%(fmt)s): %(file)s") % {
        "year": params["anio"],
        "fmt": "Excel" if params["fmt"] == "xlsx" else "CSV",
        "file": _filename(params),
    }


@jobs.register(EXPORT, gettext_lazy("Indicadores (CSV o Excel)"), allowed=allowed, title=_title)
def make_export(job: Job) -> jobs.JobOutput:
    """A dashboard's table as CSV or XLSX, as the owner sees it now."""
    params = job.params
    jobs.report_progress(job, 5)
    scope, _checked = export_scope(job.owner, params)
    table = selectors.export_rows(selectors.indicator_rows(scope, year=int(params["anio"])))
    jobs.report_progress(job, 60)
    if params["fmt"] == "csv":
        return jobs.JobOutput(_filename(params), exports.csv_text(HEADER, table).encode("utf-8"))
    body = exports.xlsx_bytes(HEADER, table, sheet_title=f"Indicadores {params['anio']}", widths=WIDTHS)
    return jobs.JobOutput(_filename(params), body)
