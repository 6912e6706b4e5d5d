"""Staff views of the access requests (Ley 20.285 Título IV): the queue, the staff form, the request's
page with every step it allows, and its documents. Thin: permission, form, one service, redirect."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gabinete import privacy
from gabinete.concurrency import StaleObjectError
from gabinete.forms import add_service_errors
from gabinete.htmx import render_page
from gabinete.permissions import permission_required
from gabinete.queues import ChoiceFilter, Column, FlagFilter, Queue, SearchFilter, Sort, directorate_filter
from gabinete.uploads import protected_file_response

from . import access_requests as service
from . import permissions
from .access_forms import (
    AdmitForm,
    AnswerForm,
    AppealDecisionForm,
    AppealForm,
    DocumentForm,
    ExtendForm,
    ObservationsForm,
    ReferForm,
    StaffAccessRequestForm,
    ThirdPartyAnswerForm,
    ThirdPartyForm,
)
from .models import ACCESS_OPEN_STATES, AccessAppeal, AccessDocument, AccessRules, AccessStatus, ThirdParty

WORKFLOW = service.ACCESS_REQUEST_WORKFLOW


def _overdue() -> Q:
    return Q(status__in=ACCESS_OPEN_STATES, due_date__lt=timezone.localdate())


ACCESS_QUEUE = Queue(
    filters=[
        SearchFilter("q", gettext_lazy("Buscar"), ("number", "requester_name", "information")),
        ChoiceFilter(
            "estado", gettext_lazy("Estado"), "status", choices=AccessStatus.choices, all_label=gettext_lazy("Todos")
        ),
        directorate_filter("directorate_id", "directorate__name"),
        FlagFilter("vencidas", gettext_lazy("Solo fuera de plazo (en trámite)"), _overdue),
    ],
    sorts=[
        Sort("plazo", gettext_lazy("Plazo"), ("due_date", "pk")),
        Sort("recibida", gettext_lazy("Recibida"), ("received_at", "pk")),
        Sort("numero", gettext_lazy("Número"), ("year", "sequence")),
    ],
    default_sort="plazo",
    columns=[
        Column(gettext_lazy("Número"), "numero"),
        Column(gettext_lazy("Solicitante")),
        Column(gettext_lazy("Información solicitada")),
        Column(gettext_lazy("Dirección")),
        Column(gettext_lazy("Recibida"), "recibida"),
        Column(gettext_lazy("Plazo"), "plazo"),
        Column(gettext_lazy("Estado")),
    ],
    row_template="transparency/access/_row.html",
    noun=(gettext_lazy("solicitud de acceso"), gettext_lazy("solicitudes de acceso")),
    empty=gettext_lazy("No hay solicitudes de acceso con estos filtros."),
)


@permission_required(permissions.can_view_access_requests)
def access_list(request):
    """The requests this person may see (Gabinete, Jurídica, the signer: all; a directorate: its own),
    those due first."""
    base = permissions.access_requests_visible_to(request.user)
    return render_page(
        request,
        "transparency/access/list.html",
        "includes/_queue_results.html",
        {
            "queue": ACCESS_QUEUE.run(request, base),
            "queue_url": reverse("transparency:access-list"),
            "today": timezone.localdate(),
            "can_register": permissions.can_register_access_request(request.user),
            "active": "access",
        },
    )


@permission_required(permissions.can_register_access_request)
def access_create(request):
    form = StaffAccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = service.access_request_submit(
                data=form.cleaned_data,
                channel=form.cleaned_data["channel"],
                by=request.user,
                received_on=form.cleaned_data["received_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            WORKFLOW.announce(request, saved, done=_("Solicitud %(number)s registrada.") % {"number": saved.number})
            return redirect(saved)
    return render(request, "transparency/access/form.html", {"form": form, "active": "access"})


def _visible(request, pk: int):
    return get_object_or_404(
        permissions.access_requests_visible_to(request.user).prefetch_related("third_parties", "appeals", "documents"),
        pk=pk,
    )


def _detail(request, access_request, forms: dict | None = None, status: int = 200):
    user = request.user
    forms = forms or {}
    rules = AccessRules.current()
    handles = permissions.can_handle_access_request(user, access_request) and user.is_authenticated
    prepares = permissions.can_prepare_answer(user, access_request)
    st = access_request.status
    deadline = service.deadline(access_request, rules)
    context = {
        "req": access_request,
        "deadline": deadline,
        "overdue": access_request.is_open and access_request.due_date < timezone.localdate(),
        "third_party_due": service.third_party_notice_due(access_request, rules),
        "appeal_due": service.appeal_deadline(access_request, rules),
        "rules": rules,
        "active": "access",
        "steps": [t for t in WORKFLOW.available(access_request, user)],
        "observations_form": forms.get("observations") or ObservationsForm(instance=access_request),
        "admit_form": forms.get("admit") or AdmitForm(instance=access_request),
        "refer_form": forms.get("refer") or ReferForm(instance=access_request),
        "can_handle": handles and st == AccessStatus.RECEIVED,
        "can_extend": access_request.is_open
        and st != AccessStatus.CORRECTION
        and not access_request.is_extended
        and permissions.can_extend(user, access_request),
        "extend_form": forms.get("extend") or ExtendForm(instance=access_request),
        "can_third_party": st in (AccessStatus.RECEIVED, AccessStatus.ASSIGNED) and (handles or prepares),
        "third_party_form": forms.get("third_party") or ThirdPartyForm(),
        "third_party_answer_forms": {
            p.pk: forms.get(f"third_party_answer_{p.pk}") or ThirdPartyAnswerForm(prefix=f"tercero-{p.pk}")
            for p in access_request.third_parties.all()
            if p.answered_on is None
        },
        "can_prepare": st == AccessStatus.ASSIGNED and prepares,
        "answer_form": forms.get("answer") or AnswerForm(instance=access_request),
        "document_form": forms.get("document") or DocumentForm(),
        "can_appeal": st in (AccessStatus.ANSWERED, *ACCESS_OPEN_STATES)
        and permissions.can_record_appeal(user, access_request),
        "appeal_form": forms.get("appeal") or AppealForm(),
        "appeal_decision_forms": {
            a.pk: forms.get(f"appeal_decision_{a.pk}") or AppealDecisionForm(prefix=f"amparo-{a.pk}")
            for a in access_request.appeals.all()
            if a.decided_on is None
        },
        "exchange": WORKFLOW.return_exchange(access_request),
    }
    return render(request, "transparency/access/detail.html", context, status=status)


@permission_required(permissions.can_view_access_requests)
def access_detail(request, pk: int):
    return _detail(request, _visible(request, pk))


# --- the POST actions: one table, one view ------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """A form on the request's page and the service it calls with what was typed."""

    form_key: str
    #: Who may take it (`allowed(user, request)`), checked before the form is read: a refusal is a 403.
    allowed: Callable
    form: Callable
    call: Callable


def _handles_or_prepares(user, request) -> bool:
    return permissions.handles_access_requests(user) or permissions.can_prepare_answer(user, request)


def _obs(data) -> dict:
    return {"observations": data.get("observations", "")}


ACTIONS: dict[str, Action] = {
    "admit": Action(
        "admit",
        permissions.can_handle_access_request,
        lambda req, post, files: AdmitForm(post, instance=req),
        lambda req, by, d: service.access_request_admit(
            request=req, by=by, directorate=d.get("directorate"), expected_version=d.get("version")
        ),
    ),
    "ask_correction": Action(
        "observations",
        permissions.can_handle_access_request,
        lambda req, post, files: ObservationsForm(post, instance=req),
        lambda req, by, d: service.access_request_ask_correction(
            request=req, by=by, expected_version=d.get("version"), **_obs(d)
        ),
    ),
    "correct": Action(
        "observations",
        permissions.can_handle_access_request,
        lambda req, post, files: ObservationsForm(post, instance=req),
        lambda req, by, d: service.access_request_correct(
            request=req, by=by, expected_version=d.get("version"), **_obs(d)
        ),
    ),
    "withdraw": Action(
        "observations",
        permissions.can_handle_access_request,
        lambda req, post, files: ObservationsForm(post, instance=req),
        lambda req, by, d: service.access_request_withdraw(request=req, by=by, expected_version=d.get("version")),
    ),
    "give_back": Action(
        "observations",
        permissions.can_prepare_answer,
        lambda req, post, files: ObservationsForm(post, instance=req),
        lambda req, by, d: service.access_request_give_back(
            request=req, by=by, expected_version=d.get("version"), **_obs(d)
        ),
    ),
    "refer": Action(
        "refer",
        permissions.can_handle_access_request,
        lambda req, post, files: ReferForm(post, instance=req),
        lambda req, by, d: service.access_request_refer(
            request=req,
            by=by,
            body=d.get("referred_to", ""),
            observations=d.get("observations", ""),
            expected_version=d.get("version"),
        ),
    ),
    "extend": Action(
        "extend",
        permissions.can_extend,
        lambda req, post, files: ExtendForm(post, instance=req),
        lambda req, by, d: service.access_request_extend(
            request=req, by=by, reason=d.get("reason", ""), expected_version=d.get("version")
        ),
    ),
    "answer": Action(
        "answer",
        permissions.can_prepare_answer,
        lambda req, post, files: AnswerForm(post, instance=req),
        lambda req, by, d: service.access_request_save_answer(
            request=req, by=by, data=d, expected_version=d.get("version")
        ),
    ),
    "document": Action(
        "document",
        permissions.can_prepare_answer,
        lambda req, post, files: DocumentForm(post, files),
        lambda req, by, d: service.access_request_add_document(
            request=req, by=by, title=d.get("title", ""), file=d["file"]
        ),
    ),
    "third_party": Action(
        "third_party",
        _handles_or_prepares,
        lambda req, post, files: ThirdPartyForm(post),
        lambda req, by, d: service.third_party_notify(
            request=req, by=by, name=d["name"], contact=d["contact"], notified_on=d["notified_on"]
        ),
    ),
    "appeal": Action(
        "appeal",
        permissions.can_record_appeal,
        lambda req, post, files: AppealForm(post),
        lambda req, by, d: service.appeal_record(
            request=req, by=by, filed_on=d["filed_on"], case_number=d["case_number"]
        ),
    ),
}
for _name in ("submit", "return", "approve", "sign"):
    ACTIONS[_name] = Action(
        "observations",
        WORKFLOW.get(_name).allowed,
        lambda req, post, files: ObservationsForm(post, instance=req),
        lambda req, by, d, _name=_name: service.access_request_step(
            request=req,
            by=by,
            action=_name,
            observations=d.get("observations", ""),
            reply=d.get("reply", ""),
            expected_version=d.get("version"),
        ),
    )


@require_POST
@permission_required(permissions.can_view_access_requests)
def access_action(request, pk: int, action: str):
    access_request = _visible(request, pk)
    chosen = ACTIONS.get(action)
    if chosen is None:
        raise Http404
    if not chosen.allowed(request.user, access_request):
        raise PermissionDenied
    form = chosen.form(access_request, request.POST, request.FILES)
    if form.is_valid():
        try:
            chosen.call(access_request, request.user, form.cleaned_data)
        except (ValidationError, StaleObjectError) as exc:
            add_service_errors(form, exc)
        else:
            saved = service.AccessRequest.objects.get(pk=access_request.pk)
            if action in WORKFLOW.transitions:
                WORKFLOW.announce(request, saved, action)
            else:
                WORKFLOW.announce(request, saved, done=_("Guardado."))
            return redirect(saved)
    access_request = _visible(request, pk)
    return _detail(request, access_request, {chosen.form_key: form}, status=400)


@require_POST
@permission_required(permissions.can_view_access_requests)
def third_party_answer(request, pk: int, party: int):
    access_request = _visible(request, pk)
    party_obj = get_object_or_404(ThirdParty, pk=party, request=access_request)
    if not _handles_or_prepares(request.user, access_request):
        raise PermissionDenied
    form = ThirdPartyAnswerForm(request.POST, prefix=f"tercero-{party_obj.pk}")
    if form.is_valid():
        try:
            service.third_party_answer(
                party=party_obj,
                by=request.user,
                opposed=form.cleaned_data["opposed"],
                grounds=form.cleaned_data["grounds"],
                answered_on=form.cleaned_data["answered_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            WORKFLOW.announce(request, access_request, done=_("Respuesta del tercero registrada."))
            return redirect(access_request)
    return _detail(request, _visible(request, pk), {f"third_party_answer_{party_obj.pk}": form}, status=400)


@require_POST
@permission_required(permissions.can_view_access_requests)
def appeal_decide(request, pk: int, appeal: int):
    access_request = _visible(request, pk)
    if not permissions.can_record_appeal(request.user, access_request):
        raise PermissionDenied
    appeal_obj = get_object_or_404(AccessAppeal, pk=appeal, request=access_request)
    form = AppealDecisionForm(request.POST, prefix=f"amparo-{appeal_obj.pk}")
    if form.is_valid():
        try:
            service.appeal_decide(appeal=appeal_obj, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            WORKFLOW.announce(request, access_request, done=_("Decisión del Consejo registrada."))
            return redirect(access_request)
    return _detail(request, _visible(request, pk), {f"appeal_decision_{appeal_obj.pk}": form}, status=400)


@require_POST
@permission_required(permissions.can_view_access_requests)
def appeal_complied(request, pk: int, appeal: int):
    access_request = _visible(request, pk)
    if not permissions.can_record_appeal(request.user, access_request):
        raise PermissionDenied
    appeal_obj = get_object_or_404(AccessAppeal, pk=appeal, request=access_request)
    try:
        service.appeal_complied(appeal=appeal_obj, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        WORKFLOW.announce(request, access_request, done=_("Cumplimiento registrado."))
    return redirect(access_request)


@permission_required(permissions.can_view_access_requests)
def access_document(request, pk: int, document: int):
    access_request = _visible(request, pk)
    doc = get_object_or_404(AccessDocument, pk=document, request=access_request)
    privacy.record_download(
        by=request.user, what=_("Documento «%(title)s» de la solicitud") % {"title": doc.title}, target=access_request
    )
    return protected_file_response(doc.file, f"{doc.title[:80]}.pdf", inline=True)
