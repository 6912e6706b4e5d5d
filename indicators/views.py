"""Indicator screens: thin views that check permission, bind a form, call one service and redirect."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gabinete import bulk, charts, pdf
from gabinete.forms import add_service_errors
from gabinete.htmx import render_page
from gabinete.jobs import job_request
from gabinete.permissions import directorate_ids_of, permission_required
from gabinete.replica import reading_from_replica
from gabinete.uploads import protected_file_response

from . import export_jobs, selectors, services
from . import permissions as perms
from .cells import attach_cell_html
from .forms import (
    CorrectionForm,
    DecisionForm,
    IndicatorCreateForm,
    IndicatorYearForm,
    MeasurementForm,
    ProposalForm,
    ReturnForm,
)
from .jobs import REPORT
from .models import MONTHS, IndicatorYear, Measurement, MeasurementStatus, Period, Periodicity
from .queues import BULK_ACTIONS, REVIEW_QUEUE, measurements_to_validate
from .status import Judgement


def _filters(request, years: list[int]) -> tuple[int, str]:
    return export_jobs.year_and_periodicity(request.GET, years)


def _filter_context(years, year, periodicity, **export) -> dict:
    query = {"anio": year} | ({"periodicidad": periodicity} if periodicity else {}) | export
    return {
        "export_query": urlencode(query),
        "export_fields": {key: str(value) for key, value in query.items()},
        "years": years,
        "year": year,
        "periodicity": periodicity,
        "periodicities": Periodicity.choices,
        "judgements": Judgement.choices,
    }


@permission_required(perms.can_view_indicators)
def index(request):
    if perms.can_view_all_directorates(request.user):
        return overview(request)
    directorate = perms.directorates_visible_to(request.user).order_by("order").first()
    return redirect("indicators:directorate", slug=directorate.slug)


# --- dashboards ---------------------------------------------------------------------------------


@permission_required(perms.can_view_all_directorates)
def overview(request):
    """All directorates at a glance: completeness, late periods and status counts."""
    years = selectors.available_years(perms.indicator_years_visible_to(request.user))
    year, periodicity = _filters(request, years)
    summaries = selectors.directorates_overview(year=year, periodicity=periodicity)
    context = _filter_context(years, year, periodicity) | {
        "summaries": summaries,
        "totals": selectors.overview_totals(summaries),
        "shown_label": selectors.SHOWN_VALUE_LABEL,
        "pending_review": Measurement.objects.filter(status=MeasurementStatus.SUBMITTED).count(),
    }
    return render(request, "indicators/overview.html", context)


@permission_required(perms.can_view_indicators)
def directorate_dashboard(request, slug):
    """One directorate's indicators for a year, each with its trend chart, target line and periods."""
    directorate = get_object_or_404(perms.directorates_visible_to(request.user), slug=slug)
    scope = perms.indicator_years_visible_to(request.user).filter(indicator__directorate=directorate)
    years = selectors.available_years(scope)
    year, periodicity = _filters(request, years)
    if periodicity:
        scope = scope.filter(periodicity=periodicity)
    rows = selectors.indicator_rows(scope.filter(indicator__is_active=True), year=year)
    today = timezone.localdate()
    can_enter = perms.can_enter_measurement(request.user, directorate)
    # Hundreds of period cells: their markup is built once in Python (cells.py), not per cell in the template.
    attach_cell_html(rows, today=today, can_enter=can_enter)
    context = _filter_context(years, year, periodicity, direccion=directorate.slug) | {
        "directorate": directorate,
        "rows": rows,
        "counts": selectors.status_counts(rows),
        "shown_label": selectors.SHOWN_VALUE_LABEL,
        "today": today,
        "can_enter": can_enter,
        "can_propose": perms.can_propose_change(request.user, directorate),
        "can_manage": perms.can_manage_catalogue(request.user),
        "visible_directorates": perms.directorates_visible_to(request.user).order_by("order"),
    }
    return render(request, "indicators/directorate.html", context)


@permission_required(perms.can_view_indicators)
def indicator_detail(request, pk):
    """An indicator's history: every year's definition and every value, revisions included."""
    indicator = get_object_or_404(perms.indicators_visible_to(request.user).select_related("directorate"), pk=pk)
    history = selectors.indicator_history(indicator)
    charts_by_year = []
    for iy, measurements in history:
        rows = selectors.indicator_rows(type(iy).objects.filter(pk=iy.pk), year=iy.year)
        charts_by_year.append((iy, measurements, rows[0].chart() if rows else None))
    return render(
        request,
        "indicators/indicator_detail.html",
        {"indicator": indicator, "history": charts_by_year, "can_manage": perms.can_manage_catalogue(request.user)},
    )


# --- exports ------------------------------------------------------------------------------------


@permission_required(perms.can_view_indicators)
@require_POST
def export(request, fmt):
    """Ask for the table of a dashboard as CSV or XLSX (all directorates, one directorate or one
    indicator): prepared in the background, the person follows it on the job's page."""
    if fmt not in export_jobs.FORMATS:
        raise Http404
    _scope, params = export_jobs.export_scope(request.user, request.POST)
    job = job_request(by=request.user, kind=export_jobs.EXPORT, params=params | {"fmt": fmt})
    return redirect("gabinete:job-detail", pk=job.pk)


def _plain(value) -> str:
    """A stored decimal as a person types it in Chile: 87,5 (no trailing zeros)."""
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", ",")


# --- measurements -------------------------------------------------------------------------------


@permission_required(perms.can_view_indicators)
def measurement_enter(request, year_pk, period_pk):
    indicator_year = get_object_or_404(perms.indicator_years_visible_to(request.user).with_related(), pk=year_pk)
    period = get_object_or_404(Period, pk=period_pk)
    if not perms.can_enter_measurement(request.user, indicator_year):
        raise PermissionDenied
    form = MeasurementForm(
        request.POST or None, request.FILES or None, indicator_year=indicator_year, stash_session=request.session
    )
    if request.method == "POST" and form.is_valid():
        try:
            measurement = services.measurement_enter(
                indicator_year=indicator_year,
                period=period,
                by=request.user,
                **{k: form.cleaned_data.get(k) for k in ("value", "numerator", "denominator", "comment", "evidence")},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            form.release_stash()
            services.MEASUREMENT_WORKFLOW.announce(request, measurement)
            return redirect("indicators:measurement-detail", pk=measurement.pk)
    return render(
        request,
        "indicators/measurement_form.html",
        {"form": form, "indicator_year": indicator_year, "period": period, "measurement": None},
    )


@permission_required(perms.can_view_indicators)
def measurement_edit(request, pk):
    measurement = get_object_or_404(perms.measurements_visible_to(request.user).with_related(), pk=pk)
    if not perms.can_enter_measurement(request.user, measurement.indicator_year):
        raise PermissionDenied
    iy = measurement.indicator_year
    initial = {
        "value": measurement.value,
        "numerator": measurement.numerator,
        "denominator": measurement.denominator,
        "comment": measurement.comment,
        "version": measurement.version,
    }
    form = MeasurementForm(
        request.POST or None,
        request.FILES or None,
        indicator_year=iy,
        initial=initial,
        stash_session=request.session,
    )
    if request.method == "POST" and form.is_valid():
        try:
            measurement = services.measurement_update(
                measurement=measurement,
                by=request.user,
                expected_version=form.cleaned_data.get("version"),
                **{k: form.cleaned_data.get(k) for k in ("value", "numerator", "denominator", "comment", "evidence")},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            form.release_stash()
            services.MEASUREMENT_WORKFLOW.announce(request, measurement)
            return redirect("indicators:measurement-detail", pk=measurement.pk)
    return render(
        request,
        "indicators/measurement_form.html",
        {"form": form, "indicator_year": iy, "period": measurement.period, "measurement": measurement},
    )


@permission_required(perms.can_view_indicators)
def measurement_detail(request, pk):
    measurement = get_object_or_404(
        perms.measurements_visible_to(request.user)
        .with_related()
        .select_related("entered_by", "submitted_by", "reviewed_by", "corrects"),
        pk=pk,
    )
    user = request.user
    revisions = (
        Measurement.objects.filter(indicator_year=measurement.indicator_year, period=measurement.period)
        .select_related("entered_by", "reviewed_by")
        .order_by("revision")
    )
    return render(
        request,
        "indicators/measurement_detail.html",
        {
            "m": measurement,
            "iy": measurement.indicator_year,
            "revisions": revisions,
            "can_edit": perms.can_edit_measurement(user, measurement) and measurement.period.is_open(),
            "can_submit": perms.can_submit_measurement(user, measurement),
            "can_review": perms.can_review_measurement(user, measurement),
            "own_measurement": perms.is_own_measurement(user, measurement),
            "can_correct": perms.can_correct_measurement(user, measurement),
            "perms_all": perms.can_view_all_directorates(user),
            "return_form": ReturnForm(),
            "correction_form": CorrectionForm(),
            "history": measurement.history.select_related("history_user").order_by("-history_date")[:20],
        },
    )


def _posted_text(request, form_class, name: str) -> str:
    """One free-text field of a small POST form, cleaned by its form. Empty or missing: "" (the service
    says what is missing); a value the form refuses: ValidationError with the form's message."""
    form = form_class(request.POST)
    if form.is_valid() or not request.POST.get(name, "").strip():
        return form.cleaned_data.get(name, "")
    raise ValidationError(form.errors[name])


def _transition_view(request, pk, action):
    measurement = get_object_or_404(perms.measurements_visible_to(request.user), pk=pk)
    try:
        workflow = services.MEASUREMENT_WORKFLOW
        if action == "submit":
            measurement = services.measurement_submit(
                measurement=measurement, reply=request.POST.get("reply", ""), by=request.user
            )
            workflow.announce(request, measurement, "submit")
        elif action == "validate":
            measurement = services.measurement_validate(measurement=measurement, by=request.user)
            workflow.announce(request, measurement, "validate")
        elif action == "return":
            measurement = services.measurement_return(
                measurement=measurement,
                observations=_posted_text(request, ReturnForm, "observations"),
                by=request.user,
            )
            workflow.announce(request, measurement, "return")
        elif action == "correct":
            correction = services.measurement_correct(
                measurement=measurement, reason=_posted_text(request, CorrectionForm, "reason"), by=request.user
            )
            workflow.announce(
                request, correction, done=_("Corrección abierta como nueva revisión: modifique el valor.")
            )
            return redirect("indicators:measurement-edit", pk=correction.pk)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("No tiene permiso para esta acción."))
        raise
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("indicators:measurement-detail", pk=measurement.pk)


@require_POST
@permission_required(perms.can_view_indicators)
def measurement_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    return _transition_view(request, pk, ACTIONS[action])


#: URL word → workflow action.
ACTIONS = {"enviar": "submit", "validar": "validate", "devolver": "return", "corregir": "correct"}


@permission_required(perms.can_view_indicators)
def measurement_evidence(request, pk):
    measurement = get_object_or_404(perms.measurements_visible_to(request.user), pk=pk)
    return protected_file_response(measurement.evidence, f"medio-verificacion-{measurement.pk}")


@permission_required(perms.can_view_all_directorates)
def review_list(request):
    """Values sent by the directorates that wait for Gabinete's validation: the core's queue pattern
    (filters by directorate, period, who sent it, date, late or without evidence; sortable; paged)."""
    queue = REVIEW_QUEUE.run(request, measurements_to_validate())
    today = timezone.localdate()
    for m in queue.rows:
        m.days_waiting = (today - timezone.localdate(m.submitted_at)).days if m.submitted_at else 0
    bulk_actions = [a for a in BULK_ACTIONS.values() if a.allowed(request.user)]
    return render_page(
        request,
        "indicators/review_list.html",
        "includes/_queue_results.html",
        {
            "queue": queue,
            "queue_url": reverse("indicators:review-list"),
            "bulk": {"url": reverse("indicators:review-bulk"), "actions": bulk_actions} if bulk_actions else None,
        },
    )


@require_POST
@permission_required(perms.can_view_all_directorates)
def review_bulk(request):
    """Validate several sent values at once, after a confirmation that lists them (gabinete/bulk.py)."""
    return bulk.bulk_view(
        request,
        queryset=measurements_to_validate(),
        actions=BULK_ACTIONS,
        back_url=reverse("indicators:review-list"),
        title=_("Validar mediciones marcadas"),
    )


# --- Informe de Gestión -------------------------------------------------------------------------


def _report_params(request):
    years = selectors.available_years(perms.indicator_years_visible_to(request.user))
    year, _p = _filters(request, years)
    today = timezone.localdate()
    # Default: the whole year, or this year up to the last month already ended.
    default = 12 if year < today.year else max(today.month - 1, 1)
    try:
        up_to = int(request.GET.get("hasta", default))
    except ValueError:
        up_to = default
    up_to = min(max(up_to, 1), 12)
    return years, year, up_to


def _report_rows(year: int, up_to: int):
    from calendar import monthrange

    until = date(year, up_to, monthrange(year, up_to)[1])
    return selectors.indicator_rows(
        IndicatorYear.objects.filter(indicator__is_active=True), year=year, until=until
    ), until


@permission_required(perms.can_view_all_directorates)
def report(request):
    """Choose the year and the last month; see what is still missing or unvalidated, then print."""
    years, year, up_to = _report_params(request)
    rows, until = _report_rows(year, up_to)
    pending = selectors.pending_for_report(rows)
    return render(
        request,
        "indicators/report.html",
        {
            "years": years,
            "year": year,
            "up_to": up_to,
            "months": list(enumerate(MONTHS, start=1)),
            "pending": pending[:300],
            "pending_total": len(pending),
            "indicator_total": len(rows),
            "until": until,
        },
    )


@permission_required(perms.can_view_all_directorates)
@require_POST
def report_pdf(request):
    """Ask for the Informe de Gestión: it is prepared in the background (it takes seconds), and the
    person follows it on the job's page (gabinete.jobs)."""
    _years, year, up_to = _report_params(request)
    job = job_request(by=request.user, kind=REPORT, params={"year": year, "up_to": up_to})
    return redirect("gabinete:job-detail", pk=job.pk)


# A new layout must not be served from an old cache entry: bump this when the template changes.
REPORT_LAYOUT = "2"
REPORT_CACHE_SECONDS = 7 * 24 * 3600


@reading_from_replica()
def report_pdf_bytes(year: int, up_to: int, progress: pdf.Progress | None = None) -> bytes:
    """The Informe de Gestión of `year`, January to month `up_to`, as PDF bytes. A repeat with unchanged
    data comes from the shared cache, keyed by the data's fingerprint (one query); only a change to an
    indicator, a value, a directorate or a period lays the document out again. Its reads (fingerprint
    and data) go to the replica when there is one."""
    key = f"indicators:report-pdf:{REPORT_LAYOUT}:{selectors.report_fingerprint(year, up_to)}"
    content = cache.get(key)
    if content is None:
        context = report_context(year, up_to)
        if progress:
            progress(30)
        content = pdf.render_pdf_bytes("indicators/report_pdf.html", context, progress=progress)
        cache.set(key, content, REPORT_CACHE_SECONDS)
    return content


def report_context(year: int, up_to: int) -> dict:
    """Everything the Informe de Gestión prints: the summary table, then one section per directorate."""
    rows, until = _report_rows(year, up_to)
    summaries, sections = selectors.report_sections(rows)
    status_chart = charts.horizontal_bar_chart(
        _("Estado de los indicadores por dirección (%(label)s)") % {"label": str(selectors.SHOWN_VALUE_LABEL).lower()},
        [s.directorate.display_name for s in summaries],
        [
            charts.Series(str(label), [s.counts[value] for s in summaries], charts.STATUS_COLOURS[value])
            for value, label in Judgement.choices
        ],
    )
    return {
        "title": _("Informe de Gestión %(year)s") % {"year": year},
        "subtitle": _("Indicadores de gestión de las direcciones municipales, enero a %(month)s de %(year)s")
        % {"month": _month_name(up_to), "year": year},
        "year": year,
        "until": until,
        "summaries": summaries,
        "totals": selectors.overview_totals(summaries),
        "shown_label": selectors.SHOWN_VALUE_LABEL,
        "sections": sections,
        "status_chart": status_chart,
        "period_from": _month_name(1)[:3],
        "period_to": _month_name(up_to)[:3],
    }


def _month_name(month: int) -> str:
    return [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ][month - 1]


# --- the catalogue ------------------------------------------------------------------------------


@permission_required(perms.can_view_indicators)
def catalogue(request):
    scope = perms.indicator_years_visible_to(request.user)
    years = selectors.available_years(scope)
    year, periodicity = _filters(request, years)
    items = scope.filter(year=year).with_related().order_by("indicator__directorate__order", "indicator__code")
    if periodicity:
        items = items.filter(periodicity=periodicity)
    return render(
        request,
        "indicators/catalogue.html",
        _filter_context(years, year, periodicity)
        | {"items": items, "can_manage": perms.can_manage_catalogue(request.user)},
    )


@permission_required(perms.can_manage_catalogue)
def indicator_create(request):
    form = IndicatorCreateForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.YEAR_FIELDS}
        try:
            iy = services.indicator_create(
                directorate=form.cleaned_data["directorate"],
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                year=form.cleaned_data["year"],
                data=data,
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Indicador creado."))
            return redirect("indicators:indicator-detail", pk=iy.indicator_id)
    return render(request, "indicators/indicator_form.html", {"form": form, "iy": None})


@permission_required(perms.can_manage_catalogue)
def indicator_year_edit(request, pk):
    iy = get_object_or_404(perms.indicator_years_visible_to(request.user).with_related(), pk=pk)
    form = IndicatorYearForm(request.POST or None, instance=iy)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.YEAR_FIELDS}
        iy.refresh_from_db()
        try:
            services.indicator_year_update(
                indicator_year=iy,
                name=form.cleaned_data["name"],
                data=data,
                expected_version=form.cleaned_data.get("version"),
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Definición de %(year)s guardada.") % {"year": iy.year})
            return redirect("indicators:indicator-detail", pk=iy.indicator_id)
    return render(request, "indicators/indicator_form.html", {"form": form, "iy": iy})


@require_POST
@permission_required(perms.can_manage_catalogue)
def indicator_year_carry(request, pk):
    iy = get_object_or_404(perms.indicator_years_visible_to(request.user), pk=pk)
    try:
        new = services.indicator_year_carry_forward(indicator_year=iy, year=iy.year + 1, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("indicators:indicator-detail", pk=iy.indicator_id)
    messages.success(request, _("Definición de %(year)s creada: revise la meta y los cambios.") % {"year": new.year})
    return redirect("indicators:indicator-year-edit", pk=new.pk)


# --- proposals ----------------------------------------------------------------------------------


@permission_required(perms.can_view_indicators)
def proposals(request):
    user = request.user
    form = None
    own = perms.directorates_visible_to(user).filter(pk__in=directorate_ids_of(user, perms.ENTRY_ROLES)).first()
    if own is not None and perms.can_propose_change(user, own):
        form = ProposalForm(
            request.POST or None, indicators=own.indicators.all(), initial={"year": timezone.localdate().year + 1}
        )
        if request.method == "POST" and form.is_valid():
            try:
                proposal = services.proposal_create(
                    directorate=own,
                    indicator=form.cleaned_data["indicator"],
                    year=form.cleaned_data["year"],
                    summary=form.cleaned_data["summary"],
                    proposed_target=form.cleaned_data["proposed_target"],
                    by=user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                services.PROPOSAL_WORKFLOW.announce(request, proposal, done=_("Propuesta enviada a Gabinete."))
                return redirect("indicators:proposals")
    elif request.method == "POST":
        raise PermissionDenied
    items = perms.proposals_visible_to(user).select_related("directorate", "indicator", "proposed_by", "decided_by")
    return render(
        request,
        "indicators/proposals.html",
        {
            "form": form,
            "own": own,
            "items": items,
            "can_decide": perms.can_manage_catalogue(user),
            "decision_form": DecisionForm(),
        },
    )


@require_POST
@permission_required(perms.can_manage_catalogue)
def proposal_decide(request, pk):
    proposal = get_object_or_404(perms.proposals_visible_to(request.user), pk=pk)
    try:
        accept = request.POST.get("decision") == "accept"
        proposal = services.proposal_decide(
            proposal=proposal,
            accept=accept,
            response=_posted_text(request, DecisionForm, "response"),
            by=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        services.PROPOSAL_WORKFLOW.announce(request, proposal, "accept" if accept else "reject")
    return redirect(reverse("indicators:proposals"))
