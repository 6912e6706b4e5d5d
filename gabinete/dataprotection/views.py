"""Pages of personal data under Ley 21.719: thin views over permissions, forms and services.

Staff (Gabinete and Asesoría Jurídica): the requests of data subjects, each with its deadline, its
answer and, for access and portability, the one-click copy of everything about the person; the dry run
of the retention job. Public (no login): the form to exercise a right and its receipt."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gabinete import privacy
from gabinete.forms import add_service_errors
from gabinete.permissions import permission_required
from gabinete.public_forms import TOO_MANY, SubmissionLimit

from . import permissions as perms
from . import selectors, services
from .forms import AnswerForm, ExtendForm, PublicRightsRequestForm, StaffRightsRequestForm
from .models import DataSubjectRequest, RetentionRule, RightsChannel, RightsRules

SUBMISSION_LIMIT = SubmissionLimit("rights-request", per_hour=10)
#: Where the receipt page finds the request just sent (the sender's own session).
SESSION_REQUEST = "rights_request_sent"
WORKFLOW = services.RIGHTS_WORKFLOW


# --- public -----------------------------------------------------------------------------------------


@login_not_required
def rights_form(request):
    """Ejercer sus derechos sobre sus datos personales (Ley N° 21.719): the public form."""
    form = PublicRightsRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_bot():
            request.session.pop(SESSION_REQUEST, None)
            return redirect("dataprotection_public:rights-received")
        if SUBMISSION_LIMIT.reached(request):
            form.is_valid()
            form.add_error(None, TOO_MANY)
            status = 429
        elif form.is_valid():
            try:
                saved = services.rights_request_submit(data=form.cleaned_data, channel=RightsChannel.WEB, by=None)
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                SUBMISSION_LIMIT.count(request)
                request.session[SESSION_REQUEST] = saved.pk
                return redirect("dataprotection_public:rights-received")
        else:
            status = 400
    return render(
        request, "dataprotection/public/rights_form.html", {"form": form, "rules": RightsRules.current()}, status=status
    )


@login_not_required
def rights_received(request):
    """The receipt: the number and due date of the request just sent (from the sender's own session)."""
    pk = request.session.get(SESSION_REQUEST)
    sent = DataSubjectRequest.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    return render(request, "dataprotection/public/rights_received.html", {"sent": sent})


# --- staff ------------------------------------------------------------------------------------------


@permission_required(perms.can_manage_rights_requests)
def request_list(request):
    state = (
        request.GET.get("estado") if request.GET.get("estado") in (selectors.OPEN, selectors.CLOSED) else selectors.OPEN
    )
    return render(
        request,
        "dataprotection/request_list.html",
        {"requests": selectors.rights_request_list(user=request.user, state=state)[:200], "state": state},
    )


@permission_required(perms.can_manage_rights_requests)
def request_create(request):
    """Register a request that arrived by letter or e-mail."""
    form = StaffRightsRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.rights_request_submit(
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
    return render(request, "dataprotection/request_form.html", {"form": form}, status=400 if form.errors else 200)


def _visible(request, pk: int):
    return get_object_or_404(perms.rights_requests_visible_to(request.user).select_related("answered_by"), pk=pk)


def _detail(request, subject_request, forms: dict | None = None, status: int = 200):
    forms = forms or {}
    found = selectors.person_records(selectors.PersonQuery.of(subject_request))
    return render(
        request,
        "dataprotection/request_detail.html",
        {
            "req": subject_request,
            "deadline": services.deadline(subject_request),
            "found": found,
            "found_rows": sum(len(f.rows) for f in found),
            "can_answer": perms.can_answer_rights_request(request.user, subject_request),
            "can_export": perms.can_export_personal_data(request.user, subject_request),
            "extend_form": forms.get("extend") or ExtendForm(instance=subject_request),
            "answer_form": forms.get("answer") or AnswerForm(instance=subject_request),
        },
        status=status,
    )


@permission_required(perms.can_manage_rights_requests)
def request_detail(request, pk: int):
    return _detail(request, _visible(request, pk))


@permission_required(perms.can_manage_rights_requests)
@require_POST
def request_extend(request, pk: int):
    subject_request = _visible(request, pk)
    form = ExtendForm(request.POST, instance=subject_request)
    if form.is_valid():
        try:
            saved = services.rights_request_extend(
                request=subject_request,
                reason=form.cleaned_data["extension_reason"],
                by=request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            WORKFLOW.announce(request, saved, "extend")
            return redirect(saved)
    return _detail(request, _visible(request, pk), {"extend": form}, status=400)


@permission_required(perms.can_manage_rights_requests)
@require_POST
def request_answer(request, pk: int):
    subject_request = _visible(request, pk)
    form = AnswerForm(request.POST, instance=subject_request)
    if form.is_valid():
        try:
            saved = services.rights_request_answer(
                request=subject_request,
                outcome=form.cleaned_data["outcome"],
                answer=form.cleaned_data["answer"],
                by=request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            WORKFLOW.announce(request, saved, "answer")
            return redirect(saved)
    return _detail(request, _visible(request, pk), {"answer": form}, status=400)


@permission_required(perms.can_manage_rights_requests)
def request_export(request, pk: int):
    """The copy of everything about the requester, one ZIP (JSON and one CSV per processing)."""
    subject_request = _visible(request, pk)
    export = services.rights_request_export(request=subject_request, by=request.user)
    # Point 8: every download of personal data is logged where only superusers read it.
    privacy.record_download(
        by=request.user, what=_("Copia de los datos de un titular (ZIP)"), target=subject_request, rows=export.rows
    )
    response = HttpResponse(export.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required(perms.can_view_retention)
@require_GET
def retention(request):
    """The dry run of the retention job: each processing, its rule and what would go today."""
    return render(
        request,
        "dataprotection/retention.html",
        {"plan": selectors.retention_plan(), "unconfirmed": RetentionRule.objects.filter(confirmed=False).count()},
    )
