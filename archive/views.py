"""Views of the press archive: thin — permission, form, one service or selector, message, redirect."""

from __future__ import annotations

import copy
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from gabinete import charts, lists
from gabinete.concurrency import StaleObjectError
from gabinete.forms import add_service_errors
from gabinete.htmx import render_page
from gabinete.jobs import job_request
from gabinete.models import ListPurpose
from gabinete.permissions import jobs_visible_to, permission_required
from gabinete.uploads import protected_file_response

from . import export_jobs, jobs, selectors, services
from . import permissions as perms
from .extraction import guess_clipping
from .forms import (
    AnswerForm,
    ClippingForm,
    FilterForm,
    ForwardingForm,
    ImportForm,
    QuickEntryForm,
    SavedSearchForm,
    SavedSearchRenameForm,
    SavedSearchShareForm,
    search_params,
)
from .models import SavedSearch, Tone
from .queues import FORWARDING_QUEUE, forwarding_queue_data

MONTH_NAMES = [
    "",
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
]

# --- search -------------------------------------------------------------------------------------


@permission_required(perms.can_use_archive)
def index(request):
    """The archive: one search box, the filters, paginated results."""
    form = FilterForm(request.GET or None)
    result = selectors.clipping_search(
        user=request.user,
        text=form.search_text(),
        filters=form.filters() if form.is_bound else None,
        order=form.order() if form.is_bound else None,
    )
    page = selectors.paginate(result, request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render_page(
        request,
        "archive/clipping_list.html",
        "archive/_clipping_results.html",
        {
            "form": form,
            "page": page,
            "result": result,
            "orders": {"relevance": selectors.ORDER_RELEVANCE, "oldest": selectors.ORDER_OLDEST},
            "querystring": query.urlencode(),
            "search_params": search_params(request.GET),
            "can_manage": perms.can_manage_clippings(request.user),
            "can_read_briefing": perms.can_read_briefing(request.user),
        },
    )


@permission_required(perms.can_use_archive)
@require_POST
def export_csv(request):
    """Ask for the search results as CSV (no resident contact): prepared in the background, since an
    unfiltered search is the whole archive; the person follows it on the job's page. The job's title
    says how many rows it will have before it starts."""
    params = export_jobs.export_params(request.POST)
    count = export_jobs.search(request.user, params).queryset.count()
    job = job_request(by=request.user, kind=export_jobs.EXPORT_CSV, params=params | {"count": count})
    return redirect("gabinete:job-detail", pk=job.pk)


# --- one clipping -------------------------------------------------------------------------------


def _visible_clipping(request, pk):
    return get_object_or_404(
        perms.clippings_visible_to(request.user)
        .select_related("outlet", "created_by")
        .prefetch_related("topics", "directorates"),
        pk=pk,
    )


@permission_required(perms.can_use_archive)
def clipping_detail(request, pk):
    clipping = _visible_clipping(request, pk)
    forwardings = (
        perms.forwardings_visible_to(request.user).filter(clipping=clipping).select_related("created_by", "answered_by")
    )
    can_forward = perms.can_forward_clipping(request.user, clipping)
    return render(
        request,
        "archive/clipping_detail.html",
        {
            "clipping": clipping,
            "forwardings": forwardings,
            "can_edit": perms.can_edit_clipping(request.user, clipping),
            "can_forward": can_forward,
            "can_see_contact": perms.can_see_reporter_contact(request.user, clipping),
            "forward_form": ForwardingForm() if can_forward else None,
        },
    )


@permission_required(perms.can_use_archive)
def clipping_attachment(request, pk):
    clipping = _visible_clipping(request, pk)
    return protected_file_response(clipping.attachment, f"recorte-{clipping.pk}")


@permission_required(perms.can_manage_clippings)
def clipping_create(request):
    if request.method == "POST" and "headline" in request.POST:
        form = ClippingForm(request.POST, request.FILES, stash_session=request.session)
        if form.is_valid():
            data = form.service_fields()
            clipping = services.clipping_create(
                by=request.user,
                topics=form.cleaned_data["topics"],
                directorates=form.cleaned_data["directorates"],
                **data,
            )
            form.release_stash()
            messages.success(request, _("Recorte «%(h)s» guardado en el archivo.") % {"h": clipping.headline})
            return redirect("archive:clipping-detail", pk=clipping.pk)
    else:
        initial = {"published_on": timezone.localdate()}
        if request.GET.get("origen") == "vecino":
            initial.update(source="vecino", medium="correo")
        form = ClippingForm(initial=initial)
    return render(request, "archive/clipping_form.html", {"form": form, "title": _("Nuevo recorte")})


@permission_required(perms.can_manage_clippings)
def quick_entry(request):
    """A link and the pasted text: the clipping form comes back filled with what could be guessed."""
    form = QuickEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        initial = guess_clipping(form.cleaned_data["url"], form.cleaned_data["text"])
        messages.info(request, _("Revise los datos deducidos del texto y complete lo que falte antes de guardar."))
        return render(
            request,
            "archive/clipping_form.html",
            {"form": ClippingForm(initial=initial), "title": _("Nuevo recorte desde un enlace")},
        )
    return render(request, "archive/quick_entry.html", {"form": form})


@permission_required(perms.can_use_archive)
def clipping_update(request, pk):
    clipping = _visible_clipping(request, pk)
    if not perms.can_edit_clipping(request.user, clipping):
        raise PermissionDenied
    form = ClippingForm(request.POST or None, request.FILES or None, instance=clipping, stash_session=request.session)
    if request.method == "POST" and form.is_valid():
        try:
            services.clipping_update(
                clipping=clipping,
                by=request.user,
                expected_version=form.cleaned_data.get("version"),
                topics=form.cleaned_data["topics"],
                directorates=form.cleaned_data["directorates"],
                **form.service_fields(),
            )
        except StaleObjectError as exc:
            add_service_errors(form, exc)
        else:
            form.release_stash()
            messages.success(request, _("Cambios guardados."))
            return redirect("archive:clipping-detail", pk=clipping.pk)
    return render(
        request, "archive/clipping_form.html", {"form": form, "title": _("Editar recorte"), "clipping": clipping}
    )


# --- CSV import ---------------------------------------------------------------------------------


@permission_required(perms.can_manage_clippings)
def import_clippings(request):
    """Upload a CSV: the quick checks (content, size, the template's columns) answer here; the rows are
    checked and filed in the background and the person follows the import on the job's page."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            services.clipping_import_header_check(data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            job = jobs.clipping_import_request(by=request.user, data=data, filename=upload.name or "")
            messages.info(
                request,
                _(
                    "Recibimos el archivo: se importa en segundo plano. El resultado aparecerá en esta página "
                    "y en «Mis documentos»."
                ),
            )
            return redirect("gabinete:job-detail", pk=job.pk)
    recent = jobs_visible_to(request.user).filter(owner=request.user, kind=jobs.CLIPPING_IMPORT)[:5]
    return render(request, "archive/import.html", {"form": form, "recent": recent})


@permission_required(perms.can_manage_clippings)
def import_template(request):
    response = HttpResponse(services.import_template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="plantilla-recortes.csv"'
    return response


# --- forwarding ---------------------------------------------------------------------------------


@require_POST
@permission_required(perms.can_use_archive)
def clipping_forward(request, pk):
    clipping = _visible_clipping(request, pk)
    if not perms.can_forward_clipping(request.user, clipping):
        raise PermissionDenied
    form = ForwardingForm(request.POST)
    if form.is_valid():
        forwarding = services.forwarding_create(clipping=clipping, by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Recorte derivado a %(d)s con plazo al %(due)s.")
            % {"d": forwarding.directorate.display_name, "due": f"{forwarding.due_on:%d-%m-%Y}"},
        )
        return redirect("archive:clipping-detail", pk=clipping.pk)
    forwardings = clipping.forwardings.select_related("directorate", "created_by", "answered_by")
    return render(
        request,
        "archive/clipping_detail.html",
        {
            "clipping": clipping,
            "forwardings": forwardings,
            "can_edit": True,
            "can_forward": True,
            "can_see_contact": perms.can_see_reporter_contact(request.user, clipping),
            "forward_form": form,
        },
        status=400,
    )


@permission_required(perms.can_use_archive)
def forwarding_list(request):
    """The forwardings awaiting an answer: all of them for Gabinete, a directorate's own for its
    people (the core's queue pattern: answered or not, directorate, forwarded dates, overdue only)."""
    queue = FORWARDING_QUEUE.run(
        request,
        perms.forwardings_visible_to(request.user).select_related("clipping__outlet", "created_by", "answered_by"),
        data=forwarding_queue_data(request.GET),
    )
    return render_page(
        request,
        "archive/forwarding_list.html",
        "includes/_queue_results.html",
        {
            "queue": queue,
            "queue_url": reverse("archive:forwarding-list"),
            "today": timezone.localdate(),
            "can_manage": perms.can_manage_clippings(request.user),
            "can_read_briefing": perms.can_read_briefing(request.user),
        },
    )


@permission_required(perms.can_use_archive)
def forwarding_detail(request, pk):
    forwarding = get_object_or_404(
        perms.forwardings_visible_to(request.user).select_related("clipping__outlet", "created_by", "answered_by"),
        pk=pk,
    )
    can_answer = perms.can_answer_forwarding(request.user, forwarding)
    # The form works on a copy: a refused answer (stale page) must not show on the page as recorded.
    form = AnswerForm(request.POST or None, instance=copy.copy(forwarding)) if can_answer else None
    if request.method == "POST":
        if not can_answer:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.forwarding_answer(
                    forwarding=forwarding,
                    answer=form.cleaned_data["answer"],
                    by=request.user,
                    expected_version=form.cleaned_data.get("version"),
                )
            except StaleObjectError as exc:
                add_service_errors(form, exc)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Respuesta registrada. Queda junto al recorte."))
                return redirect("archive:forwarding-detail", pk=forwarding.pk)
    return render(
        request, "archive/forwarding_detail.html", {"forwarding": forwarding, "form": form, "can_answer": can_answer}
    )


# --- the daily briefing -------------------------------------------------------------------------


#: The years the briefing and the monthly report cover (outside them: 404, as for a malformed date).
YEARS = range(2000, 2101)


def _day(value: str | None) -> date:
    if not value:
        return timezone.localdate()
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise Http404 from exc
    if day.year not in YEARS:  # 0001-01-01 has no previous day to link to
        raise Http404
    return day


def briefing_context(day: date) -> dict:
    return {
        "briefing": selectors.briefing_for_day(day),
        "title": _("Síntesis de prensa del %(day)s") % {"day": f"{day:%d-%m-%Y}"},
        "day": day,
    }


@permission_required(perms.can_read_briefing)
def briefing(request, day: str | None = None):
    the_day = _day(day or request.GET.get("fecha"))
    context = briefing_context(the_day)
    context.update(
        can_send=perms.can_send_briefing(request.user),
        send_list=lists.summary_for(ListPurpose.BRIEFING) if perms.can_send_briefing(request.user) else None,
        previous=the_day.fromordinal(the_day.toordinal() - 1),
        next=the_day.fromordinal(the_day.toordinal() + 1) if the_day < timezone.localdate() else None,
    )
    return render(request, "archive/briefing.html", context)


@permission_required(perms.can_read_briefing)
@require_POST
def briefing_pdf(request, day: str):
    """Ask for the day's briefing as PDF: it is prepared in the background (gabinete.jobs)."""
    the_day = _day(day)
    job = job_request(by=request.user, kind=jobs.BRIEFING, params={"day": the_day.isoformat()})
    return redirect("gabinete:job-detail", pk=job.pk)


@require_POST
@permission_required(perms.can_send_briefing)
def briefing_send(request, day: str):
    the_day = _day(day)
    try:
        recipients = services.briefing_send(day=the_day, by=request.user, request=request)
    except lists.EmptyList as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            ngettext(
                "La síntesis se está enviando por correo a %(n)s destinatario: %(to)s.",
                "La síntesis se está enviando por correo a %(n)s destinatarios: %(to)s.",
                len(recipients),
            )
            % {"n": len(recipients), "to": ", ".join(recipients)},
        )
    return redirect("archive:briefing-day", day=the_day.isoformat())


# --- the monthly media report -------------------------------------------------------------------

TONE_SERIES = [
    (Tone.NEGATIVE, "negative"),
    (Tone.NEUTRAL, "neutral"),
    (Tone.POSITIVE, "positive"),
]


def _series(rows) -> list[charts.Series]:
    return [
        charts.Series(str(Tone(t).label), [getattr(r, attr) for r in rows], charts.TONE_COLOURS[t])
        for t, attr in TONE_SERIES
    ]


def report_context(year: int, month: int) -> dict:
    report = selectors.monthly_report(year, month)
    month_label = f"{MONTH_NAMES[month]} de {year}"
    top_outlets = report.by_outlet[:15]
    return {
        "report": report,
        "month_label": month_label,
        "title": _("Informe mensual de prensa: %(m)s") % {"m": month_label},
        "chart_directorates": charts.horizontal_bar_chart(
            _("Publicaciones por dirección y tono"),
            [r.label for r in report.by_directorate],
            _series(report.by_directorate),
        )
        if report.by_directorate
        else None,
        "chart_outlets": charts.horizontal_bar_chart(
            _("Publicaciones por medio y tono"), [r.label for r in top_outlets], _series(top_outlets)
        )
        if top_outlets
        else None,
        "chart_days": charts.line_chart(
            _("Publicaciones por día del mes"), [r.label for r in report.by_day], _series(report.by_day)
        ),
        "chart_months": charts.bar_chart(
            _("Publicaciones por mes (últimos 12 meses)"),
            [r.label for r in report.by_month],
            _series(report.by_month),
            stacked=True,
        ),
    }


def _month(year, month) -> tuple[int, int]:
    if year is None:
        today = timezone.localdate()
        return today.year, today.month
    if not 1 <= int(month) <= 12 or int(year) not in YEARS:
        raise Http404
    return int(year), int(month)


@permission_required(perms.can_read_briefing)
def monthly_report(request, year: int | None = None, month: int | None = None):
    if year is None and request.GET.get("mes"):
        try:
            y, m = (int(x) for x in request.GET["mes"].split("-")[:2])
        except ValueError as exc:
            raise Http404 from exc
        return redirect("archive:report-month", year=y, month=m)
    year, month = _month(year, month)
    context = report_context(year, month)
    previous = selectors._add_months(date(year, month, 1), -1)
    following = selectors._add_months(date(year, month, 1), 1)
    context.update(previous=previous, following=following if following <= timezone.localdate() else None)
    if perms.can_send_reports(request.user):
        context["send_list"] = lists.summary_for(ListPurpose.MEDIA_REPORT)
    return render(request, "archive/report.html", context)


@permission_required(perms.can_read_briefing)
@require_POST
def monthly_report_pdf(request, year: int, month: int):
    """Ask for the month's media report as PDF: it is prepared in the background (gabinete.jobs)."""
    year, month = _month(year, month)
    job = job_request(by=request.user, kind=jobs.MONTHLY_REPORT, params={"year": year, "month": month})
    return redirect("gabinete:job-detail", pk=job.pk)


# --- saved searches -----------------------------------------------------------------------------


def _visible_search(request, pk) -> SavedSearch:
    return get_object_or_404(perms.saved_searches_visible_to(request.user), pk=pk)


def _back(request, default: str) -> HttpResponse:
    """Where the follow buttons came from (the list or the search page), if it is one of ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


@permission_required(perms.can_use_archive)
def saved_search_list(request):
    """«Búsquedas guardadas»: one's own, and those others shared with one's directorate."""
    searches = list(selectors.saved_searches_listed(user=request.user))
    describer = FilterForm()
    for search in searches:
        search.description = describer.describe(search.query)
    mine = [s for s in searches if s.owner_id == request.user.pk]
    shared = [s for s in searches if s.owner_id != request.user.pk]
    return render(
        request,
        "archive/saved_search_list.html",
        {
            "mine": mine,
            "shared": shared,
            "following": sum(1 for s in searches if s.following),
            "can_manage": perms.can_manage_clippings(request.user),
            "can_read_briefing": perms.can_read_briefing(request.user),
        },
    )


@permission_required(perms.can_use_archive)
def saved_search_create(request):
    """«Guardar esta búsqueda»: the filters come from the search page (hidden inputs, or the
    querystring when the form is opened on its own page); a refused name keeps them."""
    source = request.POST if request.method == "POST" else request.GET
    params = search_params(source)
    form = SavedSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            search = services.saved_search_create(
                by=request.user, name=form.cleaned_data["name"], params=params, follow=form.cleaned_data["follow"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Búsqueda «%(name)s» guardada.") % {"name": search.name})
            return redirect(search.get_absolute_url())
    return render(
        request,
        "archive/saved_search_form.html",
        {
            "form": form,
            "params": params,
            "description": FilterForm().describe(params),
            "search_url": SavedSearch(query=params).get_absolute_url(),
        },
        status=400 if form.is_bound else 200,
    )


@permission_required(perms.can_use_archive)
def saved_search_open(request, pk):
    """Reopen a saved search: the search page with its words and filters."""
    return redirect(_visible_search(request, pk).get_absolute_url())


@permission_required(perms.can_use_archive)
def saved_search_edit(request, pk):
    """Rename it and choose with whom it is shared: the owner only."""
    search = _visible_search(request, pk)
    if not perms.can_manage_saved_search(request.user, search):
        raise PermissionDenied
    rename = SavedSearchRenameForm(request.POST or None, initial={"name": search.name})
    share = SavedSearchShareForm(
        initial={"shared_with": search.shared_with_id}, directorates=perms.sharing_directorates_for(request.user)
    )
    if request.method == "POST" and rename.is_valid():
        try:
            services.saved_search_rename(search=search, name=rename.cleaned_data["name"], by=request.user)
        except ValidationError as exc:
            add_service_errors(rename, exc)
            search.refresh_from_db()
        else:
            messages.success(request, _("Nombre guardado."))
            return redirect("archive:saved-search-list")
    return _edit_page(request, search, rename, share)


def _edit_page(request, search, rename, share) -> HttpResponse:
    return render(
        request,
        "archive/saved_search_edit.html",
        {"search": search, "rename_form": rename, "share_form": share},
        status=400 if (rename.is_bound and rename.errors) or (share.is_bound and share.errors) else 200,
    )


@require_POST
@permission_required(perms.can_use_archive)
def saved_search_share(request, pk):
    search = _visible_search(request, pk)
    if not perms.can_manage_saved_search(request.user, search):
        raise PermissionDenied
    share = SavedSearchShareForm(request.POST, directorates=perms.sharing_directorates_for(request.user))
    if share.is_valid():
        directorate = share.cleaned_data["shared_with"]
        try:
            services.saved_search_share(search=search, directorate=directorate, by=request.user)
        except ValidationError as exc:
            add_service_errors(share, exc)
        else:
            if directorate is None:
                messages.success(request, _("La búsqueda ya no está compartida: solo usted la ve."))
            else:
                messages.success(
                    request,
                    _("Búsqueda compartida con %(d)s: sus integrantes pueden verla y seguirla.")
                    % {"d": directorate.display_name},
                )
            return redirect("archive:saved-search-list")
    rename = SavedSearchRenameForm(initial={"name": search.name})
    return _edit_page(request, search, rename, share)


@require_POST
@permission_required(perms.can_use_archive)
def saved_search_delete(request, pk):
    search = _visible_search(request, pk)
    if not perms.can_manage_saved_search(request.user, search):
        raise PermissionDenied
    name = search.name
    services.saved_search_delete(search=search, by=request.user)
    messages.success(request, _("Búsqueda «%(name)s» eliminada.") % {"name": name})
    return redirect("archive:saved-search-list")


@require_POST
@permission_required(perms.can_use_archive)
def saved_search_follow(request, pk):
    search = _visible_search(request, pk)
    services.saved_search_follow(search=search, by=request.user)
    messages.success(
        request, _("Ahora sigue «%(name)s»: le avisaremos cuando lleguen recortes nuevos.") % {"name": search.name}
    )
    return _back(request, "archive:saved-search-list")


@require_POST
@permission_required(perms.can_use_archive)
def saved_search_unfollow(request, pk):
    search = _visible_search(request, pk)
    services.saved_search_unfollow(search=search, by=request.user)
    messages.success(request, _("Ya no sigue «%(name)s».") % {"name": search.name})
    return _back(request, "archive:saved-search-list")


@require_POST
@permission_required(perms.can_send_reports)
def monthly_report_send(request, year: int, month: int):
    """E-mail the month's media report to its distribution list: a job renders and sends it."""
    year, month = _month(year, month)
    try:
        job = services.monthly_report_send(year=year, month=month, by=request.user)
    except lists.EmptyList as exc:
        messages.error(request, exc.messages[0])
        return redirect("archive:report-month", year=year, month=month)
    count = len(job.params["to"])
    messages.success(
        request,
        ngettext(
            "El informe se está preparando y se enviará a %(n)s destinatario de la lista.",
            "El informe se está preparando y se enviará a %(n)s destinatarios de la lista.",
            count,
        )
        % {"n": count},
    )
    return redirect("gabinete:job-detail", pk=job.pk)
