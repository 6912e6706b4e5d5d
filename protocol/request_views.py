"""Staff views of the audience requests (Ley 20.730): the queue, the staff form, the request's page
with its answers and the similar requests (art. 11). Thin: permission, form, one service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gabinete.concurrency import StaleObjectError
from gabinete.forms import add_service_errors
from gabinete.htmx import render_page
from gabinete.permissions import permission_required
from gabinete.queues import ChoiceFilter, Column, FlagFilter, Queue, SearchFilter, Sort

from . import audience_requests as requests_service
from . import permissions
from .models import AudienceRequestChannel, AudienceRequestStatus, LobbyRules, PassiveSubjectOffice
from .request_forms import DenyForm, GrantForm, StaffAudienceRequestForm


def _overdue() -> Q:
    return Q(status=AudienceRequestStatus.RECEIVED, due_date__lt=timezone.localdate())


REQUEST_QUEUE = Queue(
    filters=[
        SearchFilter("q", gettext_lazy("Buscar"), ("number", "requester_name", "on_behalf_of", "matter")),
        ChoiceFilter(
            "sujeto",
            gettext_lazy("Sujeto pasivo"),
            "subject_id",
            label_fields=("subject__name",),
            all_label=gettext_lazy("Todos"),
        ),
        ChoiceFilter(
            "estado",
            gettext_lazy("Estado"),
            "status",
            choices=AudienceRequestStatus.choices,
            all_label=gettext_lazy("Todos"),
        ),
        FlagFilter("vencidas", gettext_lazy("Solo fuera de plazo (sin responder)"), _overdue),
    ],
    sorts=[
        Sort("plazo", gettext_lazy("Plazo"), ("due_date", "pk")),
        Sort("recibida", gettext_lazy("Recibida"), ("received_at", "pk")),
        Sort("numero", gettext_lazy("Número"), ("year", "sequence")),
    ],
    default_sort="plazo",
    columns=[
        Column(gettext_lazy("Número"), "numero"),
        Column(gettext_lazy("Sujeto pasivo")),
        Column(gettext_lazy("Solicitante y a nombre de quién")),
        Column(gettext_lazy("Materia")),
        Column(gettext_lazy("Recibida"), "recibida"),
        Column(gettext_lazy("Plazo"), "plazo"),
        Column(gettext_lazy("Estado")),
    ],
    row_template="protocol/requests/_request_row.html",
    noun=(gettext_lazy("solicitud de audiencia"), gettext_lazy("solicitudes de audiencia")),
    empty=gettext_lazy("No hay solicitudes de audiencia con estos filtros."),
)


@permission_required(permissions.can_register_audience_request)
def audience_request_list(request):
    """The requests to the passive subjects this person keeps: unanswered first by due date, overdue marked."""
    base = permissions.audience_requests_visible_to(request.user).select_related("subject")
    return render_page(
        request,
        "protocol/requests/request_list.html",
        "includes/_queue_results.html",
        {
            "queue": REQUEST_QUEUE.run(request, base),
            "queue_url": reverse("protocol:audience-request-list"),
            "today": timezone.localdate(),
            "section": "requests",
        },
    )


@permission_required(permissions.can_register_audience_request)
def audience_request_create(request):
    """A keeper registers a request received by letter or in person."""
    form = StaffAudienceRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = requests_service.audience_request_submit(
                data=form.cleaned_data,
                channel=AudienceRequestChannel.INTRANET,
                by=request.user,
                received_on=form.cleaned_data["received_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            requests_service.AUDIENCE_REQUEST_WORKFLOW.announce(
                request, saved, done=_("Solicitud %(number)s registrada.") % {"number": saved.number}
            )
            return redirect(saved)
    return render(request, "protocol/requests/request_form.html", {"form": form, "section": "requests"})


def _detail(request, audience_request, *, grant_form=None, deny_form=None, status=200):
    rules = LobbyRules.current()
    can_answer = permissions.can_answer_audience_request(request.user, audience_request)
    return render(
        request,
        "protocol/requests/request_detail.html",
        {
            "req": audience_request,
            "deadline": requests_service.deadline_text(audience_request, rules),
            "overdue": audience_request.is_open and audience_request.due_date < timezone.localdate(),
            "can_answer": can_answer and audience_request.is_open,
            "can_record": can_answer and requests_service.can_record_audience(audience_request),
            "grant_form": grant_form or GrantForm(instance=audience_request),
            "deny_form": deny_form or DenyForm(instance=audience_request),
            "similar": requests_service.similar_requests(audience_request),
            "is_granted": audience_request.status == AudienceRequestStatus.GRANTED,
            "is_denied": audience_request.status == AudienceRequestStatus.DENIED,
            "for_mayor": audience_request.subject.office == PassiveSubjectOffice.MAYOR,
            "section": "requests",
        },
        status=status,
    )


def _visible(request, pk: int):
    return get_object_or_404(
        permissions.audience_requests_visible_to(request.user).select_related("subject", "event", "audience"), pk=pk
    )


@permission_required(permissions.can_register_audience_request)
def audience_request_detail(request, pk: int):
    return _detail(request, _visible(request, pk))


@require_POST
@permission_required(permissions.can_register_audience_request)
def audience_request_grant(request, pk: int):
    audience_request = _visible(request, pk)
    form = GrantForm(request.POST, instance=audience_request)
    if form.is_valid():
        try:
            saved = requests_service.audience_request_grant(
                request=audience_request,
                by=request.user,
                start=form.cleaned_data["granted_start"],
                place=form.cleaned_data["granted_place"],
                modality=form.cleaned_data["granted_modality"],
                expected_version=form.cleaned_data.get("version"),
            )
        except (ValidationError, StaleObjectError) as exc:
            add_service_errors(form, exc)
        else:
            requests_service.AUDIENCE_REQUEST_WORKFLOW.announce(request, saved, "grant")
            return redirect(saved)
    audience_request.refresh_from_db()
    return _detail(request, audience_request, grant_form=form, status=400)


@require_POST
@permission_required(permissions.can_register_audience_request)
def audience_request_deny(request, pk: int):
    audience_request = _visible(request, pk)
    form = DenyForm(request.POST, instance=audience_request)
    if form.is_valid():
        try:
            saved = requests_service.audience_request_deny(
                request=audience_request,
                by=request.user,
                reason=form.cleaned_data["denial_reason"],
                expected_version=form.cleaned_data.get("version"),
            )
        except (ValidationError, StaleObjectError) as exc:
            add_service_errors(form, exc)
        else:
            requests_service.AUDIENCE_REQUEST_WORKFLOW.announce(request, saved, "deny")
            return redirect(saved)
    audience_request.refresh_from_db()
    return _detail(request, audience_request, deny_form=form, status=400)


@require_POST
@permission_required(permissions.can_register_audience_request)
def audience_request_record(request, pk: int):
    """Make the audience record from the held audience and open it to complete and check."""
    audience_request = _visible(request, pk)
    try:
        audience = requests_service.audience_request_record_audience(request=audience_request, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(audience_request)
    messages.success(
        request,
        _("Audiencia registrada desde la solicitud %(number)s: revise los datos y márquela revisada para publicarla.")
        % {"number": audience_request.number},
    )
    return redirect("protocol:lobby-edit", kind="audiencia", pk=audience.pk)
