"""Staff pages of Transparencia Activa: catalogue, sub-sections, monthly content, review, compliance."""

from __future__ import annotations

import re
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from gabinete import bulk, lists
from gabinete.concurrency import StaleObjectError
from gabinete.forms import add_service_errors
from gabinete.htmx import render_page
from gabinete.job_views import POLL_SECONDS
from gabinete.jobs import job_request
from gabinete.models import Directorate, ListPurpose
from gabinete.permissions import permission_required
from gabinete.replica import reading_from_replica
from gabinete.uploads import protected_file_response

from . import permissions, selectors, services
from .board import board_rows
from .compliance import LABELS, State, due_date, due_deadline
from .forms import AssignForm, ContentForm, CorrectionForm, StepForm
from .jobs import COMPLIANCE_REPORT
from .models import MONTHS, Action, ContentKind, Document, Item, Status
from .queues import QUEUES, publications_in


def month_name(period: date) -> str:
    return f"{MONTHS[period.month]} {period.year}"


def _refuse(request, message: str):
    return render(request, "transparency/forbidden.html", {"message": message}, status=403)


def _period(year: int, month: int) -> date:
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    return date(year, month, 1)


#: Years a filter may ask for (the board and a sub-section's page); anything else is ignored.
FIRST_YEAR = 2000
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


def _year_filter(request, today: date) -> int:
    """The ?anio= filter: a year from FIRST_YEAR to this year; a malformed or out-of-range value is
    ignored (this year is shown) with a message, never an error."""
    raw = request.GET.get("anio", "")
    if not raw:
        return today.year
    try:
        year = int(raw)
    except (TypeError, ValueError):
        year = None
    if year is None or not FIRST_YEAR <= year <= today.year:
        messages.warning(
            request,
            _("El año indicado no es válido (debe estar entre %(a)s y %(b)s): se muestra %(y)s.")
            % {"a": FIRST_YEAR, "b": today.year, "y": today.year},
        )
        return today.year
    return year


@permission_required(permissions.can_view_board)
def board(request):
    """Compliance board: sub-section × month; directorates see their own, Gabinete all."""
    today = timezone.localdate()
    year = _year_filter(request, today)
    sections = permissions.sections_visible_to(request.user)
    directorate = None
    slug = request.GET.get("direccion", "")
    if permissions.sees_all(request.user) and slug:
        directorate = Directorate.objects.filter(slug=slug).first() if _SLUG.fullmatch(slug) else None
        if directorate is None:
            messages.warning(request, _("La dirección indicada no existe: se muestran todas."))
        if directorate:
            sections = sections.responsible([directorate.pk])
    # Gabinete without a directorate chosen gets the year's summary per directorate first and opens
    # one directorate's grid at a time: every directorate's grid at once was 3,400 cells and 1 MB of
    # HTML. Sub-sections with no directorate in charge have no filter to reach them, so they stay.
    summary = None
    if permissions.sees_all(request.user) and directorate is None:
        summary = selectors.board_summary(year=year, today=today)
        sections = sections.filter(directorate__isnull=True, item__directorate__isnull=True)
    grid = selectors.compliance_grid(sections=sections, year=year, today=today)
    # «Solo vencidas»: the sub-sections (and, in the summary, the directorates) with a month overdue.
    only_overdue = request.GET.get("vencidas") == "1"
    if only_overdue:
        grid = [row for row in grid if row.counts.get(State.OVERDUE)]
        if summary is not None:
            summary = [line for line in summary if line["missing"]]
    groups = selectors.grid_by_directorate(grid)
    # Thousands of cells: each one's markup is built in Python from strings computed once (board.py).
    rows = board_rows(
        groups,
        year=year,
        publication_prefix=reverse("transparency:publication-detail", args=[0])[:-2],
        section_prefix=reverse("transparency:section-detail", args=[0])[:-2],
    )
    return render_page(
        request,
        "transparency/board.html",
        "transparency/_board_results.html",
        {
            "grid": rows,
            "summary": summary,
            "year": year,
            "years": range(today.year, today.year - 5, -1),
            "months": selectors.months_until(year, today),
            "sees_all": permissions.sees_all(request.user),
            "directorates": Directorate.objects.active() if permissions.sees_all(request.user) else [],
            "directorate": directorate,
            "only_overdue": only_overdue,
            "legend": [
                (s, LABELS[s])
                for s in (State.ON_TIME, State.LATE, State.IN_REVIEW, State.DUE_SOON, State.OVERDUE, State.PENDING)
            ],
            "current_deadline": due_deadline(today.year, today.month),
            "can_report": permissions.can_view_compliance_report(request.user),
            # Lazy: the htmx part of the board (filters, year) never reads it, only the whole page does.
            "send_list": SimpleLazyObject(lambda: lists.summary_for(ListPurpose.COMPLIANCE_REPORT))
            if permissions.can_send_compliance_report(request.user)
            else None,
            "today": today,
        },
    )


@permission_required(permissions.can_view_review_queues)
def review_queue(request, queue: str):
    """Uploads waiting for Asesoría Jurídica (`juridica`) or, approved, for Gabinete to publish
    (`gabinete`): the core's queue pattern, with the bulk action of whoever may take it."""
    review = QUEUES.get(queue)
    if review is None:
        raise Http404
    result = review.queue.run(request, publications_in(review.status))
    today = timezone.localdate()
    for publication in result.rows:
        since = getattr(publication, review.waiting_since)
        publication.days_waiting = (today - timezone.localdate(since)).days if since else 0
        publication.due = due_date(publication.period.year, publication.period.month)
        publication.is_overdue = today > publication.due
    actions = [a for a in review.actions.values() if a.allowed(request.user)]
    return render_page(
        request,
        "transparency/review_queue.html",
        "includes/_queue_results.html",
        {
            "queue": result,
            "review": review,
            "queues": QUEUES.values(),
            "queue_url": reverse("transparency:review-queue", args=[review.key]),
            "bulk": {"url": reverse("transparency:review-bulk", args=[review.key]), "actions": actions}
            if actions
            else None,
        },
    )


@require_POST
@permission_required(permissions.can_view_review_queues)
def review_bulk(request, queue: str):
    """Approve (Jurídica) or publish (Gabinete) several uploads at once, after a confirmation."""
    review = QUEUES.get(queue)
    if review is None:
        raise Http404
    return bulk.bulk_view(
        request,
        queryset=publications_in(review.status),
        actions=review.actions,
        back_url=reverse("transparency:review-queue", args=[review.key]),
        title=review.title,
    )


#: The app's landing page (the nav links it) is the compliance board.
index = board


@permission_required(permissions.can_view_transparency)
def catalogue(request):
    items = list(
        Item.objects.in_legal_order()
        .select_related("directorate")
        .prefetch_related("sections__columns", "sections__directorate")
    )
    can_assign = permissions.can_assign_responsible(request.user)
    if can_assign:
        directorates = list(Directorate.objects.active())
        for item in items:
            item.assign_form = AssignForm(instance=item, prefix=f"i{item.pk}")
            item.assign_form.fields["directorate"].queryset = Directorate.objects.active()
            item.assign_form.fields["directorate"].choices = [("", "---------")] + [
                (d.pk, d.name) for d in directorates
            ]
    return render(request, "transparency/catalogue.html", {"items": items, "can_assign": can_assign})


@require_POST
@permission_required(permissions.can_assign_responsible)
def item_assign(request, pk: int):
    item = get_object_or_404(Item, pk=pk)
    form = AssignForm(request.POST, instance=item, prefix=f"i{item.pk}")
    if form.is_valid():
        try:
            services.item_assign_directorate(
                item=item,
                directorate=form.cleaned_data["directorate"],
                by=request.user,
                expected_version=form.cleaned_data.get("version"),
            )
            messages.success(request, _("Responsable de «%(i)s» actualizado.") % {"i": item.name})
        except StaleObjectError as exc:
            messages.error(request, str(exc))
    else:
        for error in form.non_field_errors() + form.errors.get("directorate", []):
            messages.error(request, error)
    return redirect(reverse("transparency:catalogue") + f"#item-{item.letter}")


@permission_required(permissions.can_view_transparency)
def section_detail(request, pk: int):
    section = get_object_or_404(permissions.sections_visible_to(request.user), pk=pk)
    today = timezone.localdate()
    year = _year_filter(request, today)
    grid = selectors.compliance_grid(sections=type(section).objects.filter(pk=section.pk), year=year, today=today)
    publications = (
        section.publications.filter(period__year=year)
        .select_related("prepared_by", "corrects")
        .order_by("-period", "-number")
    )
    return render(
        request,
        "transparency/section_detail.html",
        {
            "section": section,
            "cells": list(reversed(grid[0].cells)) if grid else [],
            "publications": publications,
            "year": year,
            "years": range(today.year, today.year - 5, -1),
            "can_prepare": permissions.can_prepare(request.user, section),
            "columns": section.columns.all(),
        },
    )


@permission_required(permissions.can_view_transparency)
def publication_prepare(request, pk: int, year: int, month: int):
    section = get_object_or_404(permissions.sections_visible_to(request.user).select_related("item"), pk=pk)
    period = _period(year, month)
    if not permissions.can_prepare(request.user, section):
        return _refuse(
            request,
            _("Solo el enlace de la dirección responsable de «%(s)s» (%(d)s) puede preparar su contenido.")
            % {"s": section.name, "d": section.responsible or _("sin asignar")},
        )
    if period > timezone.localdate().replace(day=1):
        raise Http404
    existing = section.publications.filter(period=period).open().first()
    if existing and existing.status not in (Status.DRAFT, Status.RETURNED):
        messages.info(request, _("El contenido de este mes ya está en revisión."))
        return redirect(existing)
    form = ContentForm(
        request.POST or None,
        request.FILES or None,
        section=section,
        period=period,
        reported_through=existing.reported_through if existing else None,
        require_documents=not (existing and existing.documents.exists()),
        stash_session=request.session,
    )
    if request.method == "POST" and form.is_valid():
        try:
            publication = services.publication_prepare(
                section=section, period=period, content=form.cleaned_data["content"], by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            form.release_stash()
            services.PUBLICATION_WORKFLOW.announce(
                request, publication, done=_TABLE_RECEIVED if publication.table_is_processing else None
            )
            return redirect(publication)
    return render(
        request,
        "transparency/publication_form.html",
        {
            "form": form,
            "section": section,
            "period": period,
            "period_name": month_name(period),
            "existing": existing,
            "deadline": due_deadline(period.year, period.month),
            "columns": section.columns.all(),
        },
    )


_TABLE_RECEIVED = gettext_lazy(
    "Recibimos el archivo: la tabla se está procesando y aparecerá en esta página cuando esté lista."
)


_STEP_BUTTONS = {Action.SEND: "primary", Action.APPROVE: "success", Action.RETURN: "warning", Action.PUBLISH: "success"}


@permission_required(permissions.can_view_transparency)
def publication_detail(request, pk: int):
    publication = get_object_or_404(
        permissions.publications_visible_to(request.user).select_related(
            "section__item", "corrects", "approved_by", "published_by", "table_job"
        ),
        pk=pk,
    )
    user = request.user
    actions = [
        {
            "transition": t,
            "css": _STEP_BUTTONS[t.name],
            "asks_comment": t.name in (Action.APPROVE, Action.RETURN),
            "comment_required": bool(t.needs) and t.name == Action.RETURN,
            "asks_late_reason": t.name == Action.SEND,
        }
        for t in services.PUBLICATION_WORKFLOW.available(publication, user)
        # Sending waits for the table: the page says why (processing, or its errors).
        if t.name != Action.SEND or publication.table_is_ready
    ]
    deadline = due_deadline(publication.period.year, publication.period.month)
    return render_page(
        request,
        "transparency/publication_detail.html",
        "transparency/_publication_body.html",
        {
            "publication": publication,
            "section": publication.section,
            "period_name": month_name(publication.period),
            "events": publication.events.select_related("by"),
            "documents": publication.documents.all(),
            "actions": actions,
            "step_form": StepForm(),
            "needs_late_reason": permissions.can_send(user, publication)
            and timezone.localdate() > deadline.due
            and not publication.corrects_id,
            "own_upload_under_review": publication.status == Status.SENT
            and permissions.is_own_upload(user, publication)
            and permissions.is_legal_reviewer(user),
            "can_edit": permissions.can_edit_content(user, publication),
            "can_correct": permissions.can_correct(user, publication),
            "deadline": deadline,
            "poll_seconds": POLL_SECONDS,
        },
    )


@permission_required(permissions.can_view_transparency)
def publication_step(request, pk: int, action: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    publication = get_object_or_404(permissions.publications_visible_to(request.user), pk=pk)
    form = StepForm(request.POST)
    form.is_valid()
    try:
        publication = services.publication_transition(
            publication=publication,
            action=action,
            by=request.user,
            comment=form.cleaned_data.get("comment", ""),
            late_reason=form.cleaned_data.get("late_reason", ""),
            reply=form.cleaned_data.get("reply", ""),
        )
    except PermissionDenied as exc:
        return _refuse(request, str(exc) or _("No tiene permiso para esta acción."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        services.PUBLICATION_WORKFLOW.announce(request, publication, action)
    return redirect("transparency:publication-detail", pk=publication.pk)


@permission_required(permissions.can_view_transparency)
def publication_correct(request, pk: int):
    publication = get_object_or_404(
        permissions.publications_visible_to(request.user).select_related("section__item"), pk=pk
    )
    if not permissions.can_correct(request.user, publication):
        return _refuse(
            request,
            _("Solo el enlace de la dirección responsable puede corregir la versión vigente de una publicación."),
        )
    form = CorrectionForm(
        request.POST or None,
        request.FILES or None,
        section=publication.section,
        period=publication.period,
        reported_through=publication.reported_through,
        stash_session=request.session,
    )
    if request.method == "POST" and form.is_valid():
        try:
            correction = services.publication_correct(
                publication=publication,
                content=form.cleaned_data["content"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            form.release_stash()
            services.PUBLICATION_WORKFLOW.announce(
                request,
                correction,
                done=_("Corrección creada como nueva versión. Sigue el mismo flujo de revisión.")
                + (" " + _TABLE_RECEIVED if correction.table_is_processing else ""),
            )
            return redirect(correction)
    return render(
        request,
        "transparency/publication_form.html",
        {
            "form": form,
            "section": publication.section,
            "period": publication.period,
            "period_name": month_name(publication.period),
            "correcting": publication,
            "columns": publication.section.columns.all(),
        },
    )


@permission_required(permissions.can_view_transparency)
def section_template(request, pk: int, ext: str):
    """The sub-section's template to fill (CSV or XLSX): its columns in order and one example row."""
    from gabinete import exports

    from .tables import template_table

    if ext not in ("csv", "xlsx"):
        raise Http404
    section = get_object_or_404(
        permissions.sections_visible_to(request.user).filter(content_kind=ContentKind.TABLE), pk=pk
    )
    header, rows = template_table(section.columns.all())
    filename = f"plantilla-{section.item.letter}-{section.slug}.{ext}"
    if ext == "xlsx":
        return exports.xlsx_response(filename, header, rows, sheet_title=section.name, widths=[24] * len(header))
    return exports.csv_response(filename, header, rows)


@permission_required(permissions.can_view_transparency)
def document_download(request, pk: int):
    document = get_object_or_404(
        Document.objects.filter(publication__in=permissions.publications_visible_to(request.user)), pk=pk
    )
    return protected_file_response(document.file, f"{document.title[:80]}.pdf", inline=True)


@permission_required(permissions.can_view_compliance_report)
@require_POST
def compliance_report_pdf(request, year: int, month: int):
    """Ask for the month's compliance report: prepared in the background (gabinete.jobs), followed
    on the job's page."""
    period = _period(year, month)
    if period > timezone.localdate().replace(day=1):
        raise Http404
    job = job_request(by=request.user, kind=COMPLIANCE_REPORT, params={"year": year, "month": month})
    return redirect("gabinete:job-detail", pk=job.pk)


@permission_required(permissions.can_send_compliance_report)
@require_POST
def compliance_report_send(request, year: int, month: int):
    """E-mail the month's compliance report to its distribution list: a job renders and sends it."""
    period = _period(year, month)
    if period > timezone.localdate().replace(day=1):
        raise Http404
    try:
        job = services.compliance_report_send(year=year, month=month, by=request.user)
    except lists.EmptyList as exc:
        messages.error(request, exc.messages[0])
        return redirect("transparency:board")
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


@reading_from_replica()
def compliance_report_context(user, year: int, month: int) -> dict:
    """What the compliance report of a month prints, for the sections `user` sees (read from the
    replica when there is one)."""
    period = _period(year, month)
    today = timezone.localdate()
    sections = permissions.sections_visible_to(user)
    grid = selectors.compliance_grid(sections=sections, year=year, today=today)
    index = month - 1
    month_rows = []
    for directorate, rows in selectors.grid_by_directorate(grid):
        month_rows.append((directorate, [(row.section, row.cells[index]) for row in rows if index < len(row.cells)]))
    summary = selectors.year_summary(grid)
    from gabinete.charts import Series, horizontal_bar_chart

    chart = horizontal_bar_chart(
        _("Sub-secciones × mes por dirección, %(y)s") % {"y": year},
        [str(s["directorate"].display_name if s["directorate"] else "—") for s in summary],
        [
            Series(_("A tiempo"), [s["on_time"] for s in summary], "#2e7d32"),
            Series(_("Con atraso"), [s["late"] for s in summary], "#ef8f00"),
            Series(_("En revisión"), [s["in_review"] for s in summary], "#00838f"),
            Series(_("Vencidas"), [s["missing"] for s in summary], "#c8102e"),
        ],
    )
    return {
        "title": _("Informe de cumplimiento de Transparencia Activa"),
        "subtitle": _("%(m)s — con resumen del año %(y)s") % {"m": month_name(period).capitalize(), "y": year},
        "month_rows": month_rows,
        "summary": summary,
        "chart": chart,
        "deadline": due_deadline(year, month),
        "period_name": month_name(period),
        "year": year,
        "State": State,
    }
