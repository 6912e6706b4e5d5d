"""Views of the Alcalde's agenda: thin — check permission, bind, call a service, redirect."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import condition, require_POST

from gabinete import related
from gabinete.concurrency import STALE_MESSAGE, StaleObjectError
from gabinete.forms import add_service_errors
from gabinete.htmx import after_post
from gabinete.jobs import job_request
from gabinete.pagination import page_number
from gabinete.permissions import permission_required, token_access
from gabinete.uploads import protected_file_response

from . import ical, jobs, permissions, selectors, services
from .forms import (
    LOBBY_FORMS,
    AttendeeForm,
    EventForm,
    LobbyAttendeeFormSet,
    PassiveSubjectForm,
    PrecedenceFormSet,
    ProposalForm,
    TaskForm,
    TransitionForm,
)
from .models import (
    Attendee,
    CalendarFeed,
    ChecklistTask,
    EventStatus,
    LobbyAudience,
    PassiveSubject,
    PrecedenceCategory,
    PrecedenceScope,
    in_agenda_range,
)

# --- landing ---------------------------------------------------------------------------------------


def index(request):
    """Gabinete and the Alcalde land on the week; directorates on their proposals; others on
    their calendar subscription."""
    if permissions.can_view_mayor_agenda(request.user):
        return mayor_week(request)
    if permissions.proposing_directorate_ids(request.user):
        return proposal_list(request)
    return feed_settings(request)


def _day_param(request) -> date:
    raw = request.GET.get("fecha", "")
    try:
        day = date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()
    return day if in_agenda_range(day) else timezone.localdate()


# --- the Alcalde's view ------------------------------------------------------------------------------


def _mayor_context(request, first: date, after: date, mode: str, step: timedelta | None) -> dict:
    day = _day_param(request)
    user = request.user
    # The rendered days are a template fragment cached under the agenda's fingerprint (one
    # aggregate query); the events are only read when that fragment has to be rendered again.
    days = SimpleLazyObject(lambda: selectors.mayor_agenda(user, first, after))
    if mode == "month":
        prev_day = (first - timedelta(days=1)).replace(day=1)
        next_day = after
    else:
        prev_day, next_day = day - step, day + step
    return {
        "mode": mode,
        "day": day,
        "days": days,
        "first": first,
        "last": after - timedelta(days=1),
        "prev_day": prev_day,
        "next_day": next_day,
        "today": timezone.localdate(),
        "next_event": selectors.next_event(request.user),
        "now": timezone.now(),
        "show_notes": permissions.can_see_private_notes(request.user),
        "event_count": SimpleLazyObject(lambda: sum(len(d.events) for d in days)),
        "agenda_stamp": selectors.agenda_stamp(user, first, after),
    }


@permission_required(permissions.can_view_mayor_agenda)
def mayor_day(request):
    day = _day_param(request)
    context = _mayor_context(request, day, day + timedelta(days=1), "day", timedelta(days=1))
    return render(request, "protocol/mayor_agenda.html", context)


@permission_required(permissions.can_view_mayor_agenda)
def mayor_week(request):
    monday, after = selectors.week_bounds(_day_param(request))
    context = _mayor_context(request, monday, after, "week", timedelta(days=7))
    return render(request, "protocol/mayor_agenda.html", context)


@permission_required(permissions.can_view_mayor_agenda)
def mayor_month(request):
    first, after = selectors.month_bounds(_day_param(request))
    context = _mayor_context(request, first, after, "month", None)
    return render(request, "protocol/mayor_agenda.html", context)


@permission_required(permissions.can_view_mayor_agenda)
@require_POST
def mayor_week_pdf(request):
    """Ask for the week's agenda as PDF: it is prepared in the background and the person follows it on
    the job's page (gabinete.jobs)."""
    monday, _after = selectors.week_bounds(_day_param(request))
    job = job_request(by=request.user, kind=jobs.WEEK_AGENDA, params={"week": monday.isoformat()})
    return redirect("gabinete:job-detail", pk=job.pk)


# --- events ---------------------------------------------------------------------------------------


@permission_required(permissions.can_manage_agenda)
def event_list(request):
    status = request.GET.get("estado", "")
    if status not in EventStatus.values:
        status = ""
    upcoming = request.GET.get("ver") != "pasadas"
    page = Paginator(selectors.event_list(request.user, status=status or None, upcoming=upcoming), 50).get_page(
        page_number(request)
    )
    return render(
        request,
        "protocol/event_list.html",
        {
            "page": page,
            "events": selectors.label_events(page.object_list),
            "status": status,
            "upcoming": upcoming,
            "statuses": EventStatus.choices,
        },
    )


@permission_required(permissions.can_propose_event)
def proposal_list(request):
    page = Paginator(selectors.proposals_of(request.user), 50).get_page(page_number(request))
    return render(request, "protocol/proposal_list.html", {"page": page})


def _save_event_form(request, form, *, event=None, proposing_directorate=None):
    """Call the right service for a valid form; returns the event or None (with form errors)."""
    try:
        if event is None:
            saved = services.event_create(
                by=request.user,
                data=form.event_data(),
                directorates=form.cleaned_data["directorates"],
                proposing_directorate=proposing_directorate,
            )
        else:
            saved = services.event_update(
                event=event,
                by=request.user,
                data=form.event_data(),
                directorates=form.cleaned_data["directorates"],
                expected_version=form.cleaned_data.get("version"),
            )
    except StaleObjectError:
        form.add_error(None, STALE_MESSAGE)
    except ValidationError as exc:
        add_service_errors(form, exc)
    else:
        form.release_stash()
        return saved
    return None


@permission_required(permissions.can_manage_agenda)
def event_create(request):
    form = EventForm(request.POST or None, request.FILES or None, stash_session=request.session)
    if request.method == "POST" and form.is_valid():
        event = _save_event_form(request, form)
        if event is not None:
            services.EVENT_WORKFLOW.announce(
                request, event, done=_("Actividad «%(title)s» agregada a la agenda.") % {"title": event.title}
            )
            return redirect("protocol:event-detail", pk=event.pk)
    return render(request, "protocol/event_form.html", {"form": form, "heading": _("Nueva actividad")})


@permission_required(permissions.can_propose_event)
def event_propose(request):
    form = ProposalForm(request.POST or None, request.FILES or None, user=request.user, stash_session=request.session)
    if request.method == "POST" and form.is_valid():
        event = _save_event_form(request, form, proposing_directorate=form.cleaned_data["proposing_directorate"])
        if event is not None:
            services.EVENT_WORKFLOW.announce(request, event, done=_("Propuesta enviada a Gabinete."))
            return redirect("protocol:event-detail", pk=event.pk)
    return render(
        request,
        "protocol/event_form.html",
        {"form": form, "heading": _("Proponer una actividad para el Alcalde")},
    )


def event_detail(request, pk: int):
    scope = permissions.events_visible_to(request.user)
    try:
        event = selectors.event_detail(scope, pk)
    except scope.model.DoesNotExist as exc:
        raise Http404 from exc
    context = {
        **_parts_context(request, event),
        "can_edit": permissions.can_edit_event(request.user, event),
        "show_notes": permissions.can_see_private_notes(request.user, event),
        "transitions": services.EVENT_WORKFLOW.available(event, request.user),
        "overlaps": services.overlapping_confirmed(event.start, event.end, exclude_pk=event.pk)
        if not event.is_cancelled
        else [],
        "related_blocks": related.for_object(event, request.user),
        "can_lobby": permissions.can_manage_lobby(request.user),
        "lobby_audience": LobbyAudience.objects.filter(event=event).first()
        if permissions.can_manage_lobby(request.user)
        else None,
    }
    return render(request, "protocol/event_detail.html", context)


def event_print(request, pk: int):
    """The protocol sheet of an event: speaking order and seating list, for print."""
    scope = permissions.events_visible_to(request.user)
    try:
        event = selectors.event_detail(scope, pk)
    except scope.model.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "protocol/event_print.html",
        {
            "event": event,
            "prec": selectors.precedence_for(event),
            "show_notes": permissions.can_see_private_notes(request.user, event),
        },
    )


def event_edit(request, pk: int):
    event = get_object_or_404(permissions.events_visible_to(request.user), pk=pk)
    if not permissions.can_edit_event(request.user, event):
        if permissions.is_proposer_of(request.user, event):
            messages.error(
                request,
                _(
                    "Esta actividad ya fue %(status)s por Gabinete y no puede modificarse desde su dirección. "
                    "Pida el cambio al equipo de Protocolo."
                )
                % {"status": event.get_status_display().lower()},
            )
            return redirect("protocol:event-detail", pk=event.pk)
        raise PermissionDenied
    form_class = EventForm if permissions.can_manage_agenda(request.user) else ProposalForm
    kwargs = {} if form_class is EventForm else {"user": request.user}
    form = form_class(
        request.POST or None, request.FILES or None, instance=event, stash_session=request.session, **kwargs
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_event_form(request, form, event=event)
        except services.EventLockedError as exc:
            messages.error(request, str(exc))
            return redirect("protocol:event-detail", pk=event.pk)
        if saved is not None:
            services.EVENT_WORKFLOW.announce(request, saved)
            return redirect("protocol:event-detail", pk=event.pk)
    return render(request, "protocol/event_form.html", {"form": form, "event": event, "heading": _("Editar actividad")})


@require_POST
def event_transition(request, pk: int):
    event = get_object_or_404(permissions.events_visible_to(request.user), pk=pk)
    if not permissions.can_change_status(request.user, event):
        raise PermissionDenied
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("No se pudo cambiar el estado: datos incompletos."))
        return redirect("protocol:event-detail", pk=event.pk)
    try:
        event = services.event_transition(
            event=event,
            to_status=form.cleaned_data["to_status"],
            by=request.user,
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    except StaleObjectError:
        messages.error(request, STALE_MESSAGE)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        step = services.EVENT_WORKFLOW.leading_to(event.status)
        services.EVENT_WORKFLOW.announce(request, event, step.name if step else "")
    return redirect("protocol:event-detail", pk=event.pk)


def event_programme(request, pk: int):
    event = get_object_or_404(permissions.events_visible_to(request.user), pk=pk)
    return protected_file_response(event.programme, f"programa-{event.pk}.pdf")


def event_ics(request, pk: int):
    event = get_object_or_404(permissions.events_visible_to(request.user), pk=pk)
    body = ical.calendar_bytes([event], show_notes=permissions.can_see_private_notes(request.user, event))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="actividad-{event.pk}.ics"'
    return response


# --- attendees and checklist ---------------------------------------------------------------------------


def _managed_event(request, pk):
    if not permissions.can_manage_agenda(request.user):
        raise PermissionDenied
    return get_object_or_404(permissions.events_visible_to(request.user), pk=pk)


def _form_errors(form) -> str:
    return " ".join(
        f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}".strip(": ") for f, e in form.errors.items()
    )


def _parts_context(request, event, **forms) -> dict:
    """What the attendee and checklist parts of an event's page need (event_detail.html includes them;
    htmx swaps them alone after a POST): `forms` replaces an empty form with a bound one."""
    manage = permissions.can_manage_agenda(request.user)
    return {
        "event": event,
        "can_manage": manage,
        "prec": selectors.precedence_for(event),
        "attendee_form": forms.get("attendee_form", AttendeeForm(prefix="att")) if manage else None,
        "task_form": forms.get("task_form", TaskForm(prefix="task")) if manage else None,
        "today": timezone.localdate(),
    }


def _answer(request, event_pk: int, part: str, notice: str, *, level=messages.SUCCESS, **forms):
    """The event's page again (a redirect to its section), or for htmx only the section that changed."""
    section = {"protocol/_attendees.html": "#asistentes", "protocol/_checklist.html": "#pauta"}[part]

    def context() -> dict:
        event = selectors.event_parts(permissions.events_visible_to(request.user), event_pk)
        return {**_parts_context(request, event, **forms), "attendee_form_open": "attendee_form" in forms}

    return after_post(
        request,
        part,
        context,
        redirect_to=reverse("protocol:event-detail", args=[event_pk]) + section,
        notice=notice,
        level=level,
    )


@require_POST
def attendee_add(request, pk: int):
    event = _managed_event(request, pk)
    form = AttendeeForm(request.POST, prefix="att", instance=Attendee(event=event))
    if form.is_valid():
        services.attendee_add(event=event, by=request.user, data=form.cleaned_data)
        # Saved either way; an office that looks like an authority's without a category is worth a look.
        warning = form.missing_category_warning
        # A fresh form, kept open: the next attendee is typed straight away.
        return _answer(
            request,
            event.pk,
            "protocol/_attendees.html",
            f"{_('Asistente agregado.')} {warning}" if warning else _("Asistente agregado."),
            level=messages.WARNING if warning else messages.SUCCESS,
            attendee_form=AttendeeForm(prefix="att"),
        )
    return _answer(
        request,
        event.pk,
        "protocol/_attendees.html",
        _("No se agregó el asistente. %(errors)s") % {"errors": _form_errors(form)},
        level=messages.ERROR,
        attendee_form=form,
    )


@require_POST
def attendee_remove(request, pk: int, attendee_pk: int):
    event = _managed_event(request, pk)
    attendee = get_object_or_404(event.attendees, pk=attendee_pk)
    services.attendee_remove(attendee=attendee, by=request.user)
    return _answer(request, event.pk, "protocol/_attendees.html", _("Asistente quitado."))


@require_POST
def task_add(request, pk: int):
    event = _managed_event(request, pk)
    form = TaskForm(request.POST, prefix="task")
    if form.is_valid():
        services.task_add(event=event, by=request.user, data=form.cleaned_data)
        return _answer(request, event.pk, "protocol/_checklist.html", _("Tarea agregada a la pauta de protocolo."))
    return _answer(
        request,
        event.pk,
        "protocol/_checklist.html",
        _("No se agregó la tarea. %(errors)s") % {"errors": _form_errors(form)},
        level=messages.ERROR,
        task_form=form,
    )


@require_POST
def task_toggle(request, task_pk: int):
    task = get_object_or_404(ChecklistTask.objects.select_related("event"), pk=task_pk)
    if not permissions.can_complete_task(request.user, task):
        raise Http404
    services.task_set_done(task=task, by=request.user, done=request.POST.get("done") == "1")
    notice = _("Tarea «%(title)s» marcada como hecha.") if task.done else _("Tarea «%(title)s» marcada como pendiente.")
    return _answer(request, task.event_id, "protocol/_checklist.html", notice % {"title": task.title})


@require_POST
def task_remove(request, pk: int, task_pk: int):
    event = _managed_event(request, pk)
    task = get_object_or_404(event.tasks, pk=task_pk)
    services.task_remove(task=task, by=request.user)
    return _answer(request, event.pk, "protocol/_checklist.html", _("Tarea eliminada."))


#: The headings of the precedence page's two tables, in the order of the table.
SCOPE_HEADINGS = {
    PrecedenceScope.NATIONAL: _lazy("Autoridades nacionales"),
    PrecedenceScope.REGIONAL: _lazy("Autoridades regionales y provinciales"),
}


@permission_required(permissions.can_manage_agenda)
def precedence_edit(request):
    formset = PrecedenceFormSet(request.POST or None, queryset=PrecedenceCategory.objects.all())
    if request.method == "POST" and formset.is_valid():
        services.precedence_save(categories=formset.save(commit=False), by=request.user)
        messages.success(request, _("Orden de precedencia guardado."))
        return redirect("protocol:precedence")
    return render(
        request,
        "protocol/precedence.html",
        {
            "formset": formset,
            # The national block first, then the regional list (a new row starts in the regional one).
            "groups": [
                (heading, [f for f in formset if f.instance.scope == scope])
                for scope, heading in SCOPE_HEADINGS.items()
            ],
            "pending": [f.instance for f in formset if f.instance.pk and not f.instance.placement_confirmed],
        },
    )


@require_POST
@permission_required(permissions.can_manage_agenda)
def precedence_confirm(request, pk: int):
    category = get_object_or_404(PrecedenceCategory, pk=pk)
    services.precedence_confirm_placement(category=category, by=request.user)
    messages.success(request, _("Ubicación de «%(name)s» confirmada.") % {"name": category.name})
    return redirect("protocol:precedence")


# --- calendar feeds --------------------------------------------------------------------------------


@permission_required(permissions.can_have_feed)
def feed_settings(request):
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            services.feed_create(by=request.user)
            messages.success(request, _("Se creó una nueva dirección de suscripción. La anterior dejó de funcionar."))
        elif action == "revoke":
            services.feed_revoke(by=request.user)
            messages.success(request, _("Suscripción revocada: la dirección ya no entrega la agenda."))
        return redirect("protocol:feed-settings")
    feed = CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True).first()
    url = request.build_absolute_uri(reverse("protocol:feed", args=[feed.token])) if feed else None
    return render(request, "protocol/feed_settings.html", {"feed": feed, "feed_url": url})


def _feed_etag(request, token: str) -> str:
    """Which version of the feed this token would get: unknown, forged and revoked tokens all get
    the same plain 404. A 304 is a use of the feed too, so the feed is touched here."""
    found = (
        CalendarFeed.objects.filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    if found is None:
        raise Http404
    services.feed_touch(found)
    show_notes = permissions.can_see_private_notes(found.user)
    # Rendering a few hundred events with `icalendar` costs seconds; the body is cached under a
    # fingerprint of the window's content, so any change to an event gives a fresh feed.
    key = hashlib.sha256(f"{found.user.pk}:{show_notes}:{selectors.feed_stamp(found.user)}".encode()).hexdigest()
    request._calendar_feed = (found.user, show_notes, key)
    return key[:32]


@token_access
@condition(etag_func=_feed_etag)
def feed(request, token: str):
    """A private iCalendar feed; a matching If-None-Match gets 304 without rendering."""
    user, show_notes, key = request._calendar_feed
    body = cache.get(f"protocol-feed:{key}")
    if body is None:
        body = ical.calendar_bytes(selectors.feed_events(user), show_notes=show_notes, name=_("Agenda del Alcalde"))
        cache.set(f"protocol-feed:{key}", body, 60 * 60)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["X-Robots-Tag"] = "noindex"
    return response


# --- lobby (Ley 20.730) ----------------------------------------------------------------------------


def _kept_subject(request, raw: str | None = None) -> PassiveSubject | None:
    """The passive subject named by ?sujeto= (or `raw`), among those this person keeps; a subject
    kept by another unit is a 404, like any object outside one's scope."""
    raw = request.GET.get("sujeto", "") if raw is None else raw
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()):
        raise Http404
    return get_object_or_404(permissions.passive_subjects_kept_by(request.user), pk=int(raw))


@permission_required(permissions.can_manage_lobby)
def lobby_list(request):
    """The lobby registers of the passive subjects this person keeps: one, or all of them grouped."""
    kept = list(permissions.passive_subjects_kept_by(request.user).select_related("keeper"))
    chosen = _kept_subject(request)
    groups = selectors.lobby_lists([chosen] if chosen else kept)
    return render(
        request,
        "protocol/lobby_list.html",
        {
            "groups": groups,
            "subjects": kept,
            "chosen": chosen,
            "can_manage_subjects": permissions.can_manage_passive_subjects(request.user),
        },
    )


def _lobby_model(kind: str):
    model = services.LOBBY_MODELS.get(kind)
    if model is None:
        raise Http404
    return model


def _kept_record(request, kind: str, pk: int):
    model = _lobby_model(kind)
    return get_object_or_404(
        model.objects.filter(subject__in=permissions.passive_subjects_kept_by(request.user)), pk=pk
    )


def _back_to_list(record, kind: str) -> str:
    return reverse("protocol:lobby-list") + f"?sujeto={record.subject_id}#{kind}"


@permission_required(permissions.can_manage_lobby)
def lobby_edit(request, kind: str, pk: int | None = None):
    model = _lobby_model(kind)
    record = _kept_record(request, kind, pk) if pk else model()
    subjects = permissions.passive_subjects_kept_by(request.user)
    initial = {}
    if pk is None and (chosen := _kept_subject(request)) is not None:
        initial["subject"] = chosen.pk
    form = LOBBY_FORMS[kind](request.POST or None, instance=record, subjects=subjects, initial=initial)
    formset = (
        LobbyAttendeeFormSet(request.POST or None, instance=record, prefix="asis") if kind == "audiencia" else None
    )
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        expected_version = form.cleaned_data.get("version")
        try:
            if formset is None:
                saved = services.lobby_record_save(
                    record=form.instance, by=request.user, expected_version=expected_version
                )
            else:
                attendees = formset.save(commit=False)
                saved = services.lobby_audience_save(
                    audience=form.instance,
                    attendees=attendees,
                    removed=formset.deleted_objects,
                    by=request.user,
                    expected_version=expected_version,
                )
        except StaleObjectError:
            form.add_error(None, STALE_MESSAGE)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if saved.correction_pending:
                messages.success(
                    request,
                    _(
                        "Corrección guardada. El registro público sigue mostrando la versión publicada "
                        "hasta que se revise la corrección."
                    ),
                )
            else:
                messages.success(request, _("Registro guardado. Queda pendiente de revisión antes de publicarse."))
            return redirect(_back_to_list(saved, kind))
    return render(
        request,
        "protocol/lobby_form.html",
        {
            "form": form,
            "formset": formset,
            "kind": kind,
            "record": record,
            "label": model._meta.verbose_name,
            "blockers": record.publication_blockers() if record.pk else [],
        },
    )


@require_POST
@permission_required(permissions.can_manage_lobby)
def lobby_check(request, kind: str, pk: int):
    record = _kept_record(request, kind, pk)
    raw_version = request.POST.get("version", "").strip()
    if raw_version and not (raw_version.isascii() and raw_version.isdigit()):
        # A tampered form: refuse it rather than check the record without its version.
        messages.error(request, _("No se pudo revisar el registro: datos incompletos."))
        return redirect(_back_to_list(record, kind))
    try:
        services.lobby_record_check(record=record, by=request.user, expected_version=int(raw_version or 0) or None)
    except StaleObjectError:
        messages.error(request, STALE_MESSAGE)
    except ValidationError as exc:
        messages.error(
            request,
            _("No se puede publicar todavía: %(reasons)s") % {"reasons": " ".join(exc.messages)},
        )
    else:
        messages.success(request, _("Registro revisado: se publica en el registro de lobby."))
    return redirect(_back_to_list(record, kind))


@require_POST
@permission_required(permissions.can_manage_lobby)
def lobby_delete(request, kind: str, pk: int):
    record = _kept_record(request, kind, pk)
    try:
        services.lobby_record_delete(record=record, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("protocol:lobby-edit", kind=kind, pk=pk)
    messages.success(request, _("Borrador eliminado."))
    return redirect(_back_to_list(record, kind))


@permission_required(permissions.can_manage_lobby)
def lobby_closings(request, pk: int):
    """The monthly closings of one passive subject's three registers, and the form to close a month."""
    subject = _kept_subject(request, str(pk))
    if request.method == "POST":
        try:
            month = date.fromisoformat(request.POST.get("month", ""))
        except ValueError:
            messages.error(request, _("Indique un mes válido para cerrar."))
        else:
            try:
                closing = services.lobby_month_close(
                    subject=subject, register=request.POST.get("register", ""), month=month, by=request.user
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("Mes cerrado: %(register)s de %(month)s.")
                    % {"register": closing.get_register_display(), "month": date_format(closing.month, "F Y")},
                )
        return redirect("protocol:lobby-closings", pk=subject.pk)
    months = selectors.lobby_closing_months([subject], with_unchecked=True)
    return render(request, "protocol/lobby_closings.html", {"subject": subject, "months": months})


@permission_required(permissions.can_manage_passive_subjects)
def passive_subject_list(request):
    subjects = PassiveSubject.objects.select_related("keeper").order_by("office", "name", "-period_start")
    return render(request, "protocol/passive_subject_list.html", {"subjects": subjects})


@permission_required(permissions.can_manage_passive_subjects)
def passive_subject_edit(request, pk: int | None = None):
    subject = get_object_or_404(PassiveSubject, pk=pk) if pk else PassiveSubject()
    form = PassiveSubjectForm(request.POST or None, instance=subject)
    if request.method == "POST" and form.is_valid():
        try:
            services.passive_subject_save(
                subject=form.instance, by=request.user, expected_version=form.cleaned_data.get("version")
            )
        except StaleObjectError:
            form.add_error(None, STALE_MESSAGE)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Sujeto pasivo guardado."))
            return redirect("protocol:passive-subject-list")
    return render(request, "protocol/passive_subject_form.html", {"form": form, "subject": subject})


@require_POST
@permission_required(permissions.can_manage_lobby)
def lobby_from_event(request, pk: int):
    event = get_object_or_404(permissions.events_visible_to(request.user), pk=pk)
    audience, created = services.lobby_audience_from_event(event=event, by=request.user)
    if created:
        messages.success(
            request, _("Audiencia de lobby creada con los datos de la actividad. Revise y complete la materia.")
        )
    else:
        messages.info(request, _("Esta actividad ya tenía su registro de lobby."))
    return redirect("protocol:lobby-edit", kind="audiencia", pk=audience.pk)
