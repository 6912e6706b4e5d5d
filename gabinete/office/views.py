"""Pages of the office's own duties ("Despacho"): thin views over permissions, forms and services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gabinete import bulk
from gabinete.forms import add_service_errors
from gabinete.htmx import render_page
from gabinete.jobs import job_request
from gabinete.permissions import permission_required
from gabinete.uploads import protected_file_response

from . import jobs as office_jobs
from . import permissions as perms
from . import queues as office_queues
from . import selectors, services
from .forms import (
    AnnualReportForm,
    AnswerForm,
    AssignmentCloseForm,
    AssignmentForm,
    AssignmentNoteForm,
    AttachmentForm,
    DecisionForm,
    DescriptorForm,
    DescriptorVersionForm,
    ManualForm,
    ManualVersionForm,
    MatterForm,
    RequestInfoForm,
    ReviewForm,
    ScheduleForm,
)
from .models import (
    DispatchMeeting,
    DocumentStatus,
    JobDescriptor,
    JobDescriptorVersion,
    ManualVersion,
    Matter,
    MatterAttachment,
    ProcedureManual,
    ReportKind,
)


@permission_required(perms.can_use_office)
def index(request):
    """Despacho: the matters page is the landing page."""
    return redirect("office:matter-list")


# --- Matters --------------------------------------------------------------------------------------------


@permission_required(perms.can_use_office)
def matter_list(request):
    """The matters waiting for the Alcalde (`?estado=pendientes`, the queue) or decided (`resueltos`):
    the core's queue pattern (office/queues.py), with Gabinete's bulk grouping for the next meeting."""
    state = "resueltos" if request.GET.get("estado") == "resueltos" else "pendientes"
    user = request.user
    result = office_queues.MATTER_QUEUES[state].run(request, office_queues.matters_in(state, user))
    today = timezone.localdate()
    for matter in result.rows:
        matter.days_waiting = (today - timezone.localtime(matter.submitted_at).date()).days
    actions = [a for a in office_queues.MATTER_BULK.values() if a.allowed(user)] if state == "pendientes" else []
    return render_page(
        request,
        "office/matter_list.html",
        "includes/_queue_results.html",
        {
            "queue": result,
            "state": state,
            "queue_url": reverse("office:matter-list") + ("?estado=resueltos" if state == "resueltos" else ""),
            "queue_keep": [("estado", state)] if state == "resueltos" else [],
            "bulk": {"url": reverse("office:matter-bulk"), "actions": actions} if actions else None,
            "meetings": selectors.meetings_upcoming() if perms.can_view_pending_matters(user) else [],
            "can_raise": perms.can_raise_matter(user),
            "can_minuta": perms.can_view_pending_matters(user),
        },
    )


@require_POST
@permission_required(perms.can_prepare_matter)
def matter_bulk(request):
    """Group several pending matters for the next dispatch meeting at once, after a confirmation."""
    return bulk.bulk_view(
        request,
        queryset=office_queues.matters_in("pendientes", request.user),
        actions=office_queues.MATTER_BULK,
        back_url=reverse("office:matter-list"),
        title=_("Agrupar asuntos para el despacho"),
    )


@permission_required(perms.can_raise_matter)
def matter_create(request):
    form = MatterForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            matter = services.matter_raise(
                directorate=data["directorate"],
                subject=data["subject"],
                background=data["background"],
                options=data["options"],
                recommendation=data["recommendation"],
                urgency=data["urgency"],
                gabinete_summary=data.get("gabinete_summary", ""),
                attachments=[(f, "") for f in data["attachments"]],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            services.MATTER_WORKFLOW.announce(
                request, matter, done=_("El asunto quedó presentado a Gabinete para su preparación.")
            )
            return redirect("office:matter-detail", pk=matter.pk)
    return render(request, "office/matter_form.html", {"form": form, "title": _("Presentar un asunto")})


def _matter_context(request, matter) -> dict:
    user = request.user
    return {
        "matter": matter,
        "can_edit": perms.can_edit_matter(user, matter),
        "steps": {t.name: t for t in services.MATTER_WORKFLOW.available(matter, user)},
        "on_behalf": perms.decides_on_behalf(user),
        "attachment_form": AttachmentForm(),
        "request_form": RequestInfoForm(),
        "answer_form": AnswerForm(),
        "schedule_form": ScheduleForm(initial={"meeting_date": services.next_meeting_date()}),
        "decision_form": DecisionForm(),
        "history": matter.history.select_related("history_user").order_by("-history_date")[:30],
    }


@permission_required(perms.can_use_office)
def matter_detail(request, pk):
    matter = selectors.matter_detail(user=request.user, pk=pk)
    return render(request, "office/matter_detail.html", _matter_context(request, matter))


def _matter_action(request, pk, form_class, context_key, allowed, action, success):
    """Run one matter action from the detail page; on error show the page again with the form.

    `allowed(user, matter)` is the same permission the service checks, asked before the form is read,
    so a person who may not act gets a 403 whatever they post (not the page with form errors)."""
    matter = selectors.matter_detail(user=request.user, pk=pk)
    if not allowed(request.user, matter):
        raise PermissionDenied
    form = form_class(request.POST, request.FILES or None)
    if form.is_valid():
        try:
            done = action(matter, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            services.MATTER_WORKFLOW.announce(request, done if isinstance(done, Matter) else matter, done=success)
            return redirect("office:matter-detail", pk=matter.pk)
    messages.error(request, _("No se guardó: revise los datos indicados."))
    context = _matter_context(request, matter)
    context[context_key] = form
    context["open_form"] = context_key
    return render(request, "office/matter_detail.html", context)


@require_POST
def matter_attach(request, pk):
    return _matter_action(
        request,
        pk,
        AttachmentForm,
        "attachment_form",
        perms.can_attach_to_matter,
        lambda m, d: services.matter_attach(matter=m, file=d["file"], description=d["description"], by=request.user),
        _("Antecedente adjuntado."),
    )


@require_POST
def matter_request_info(request, pk):
    return _matter_action(
        request,
        pk,
        RequestInfoForm,
        "request_form",
        perms.can_prepare_matter,
        lambda m, d: services.matter_request_info(matter=m, question=d["question"], by=request.user),
        _("Se pidieron antecedentes a la dirección; se le avisó por correo."),
    )


@require_POST
def matter_answer(request, pk):
    return _matter_action(
        request,
        pk,
        AnswerForm,
        "answer_form",
        perms.can_answer_matter,
        lambda m, d: services.matter_answer(matter=m, answer=d["answer"], by=request.user),
        _("Respuesta enviada a Gabinete."),
    )


@require_POST
def matter_schedule(request, pk):
    return _matter_action(
        request,
        pk,
        ScheduleForm,
        "schedule_form",
        perms.can_prepare_matter,
        lambda m, d: services.matter_schedule(
            matter=m, meeting_date=d["meeting_date"], note=d["note"], by=request.user
        ),
        _("El asunto quedó agrupado para la reunión de despacho."),
    )


@require_POST
def matter_decide(request, pk):
    if not perms.can_decide_matter(request.user):
        raise PermissionDenied
    return _matter_action(
        request,
        pk,
        DecisionForm,
        "decision_form",
        lambda user, _matter: perms.can_decide_matter(user),
        lambda m, d: services.matter_decide(
            matter=m,
            decision=d["decision"],
            instructions=d["instructions"],
            decided_on=d["decided_on"],
            by=request.user,
        ),
        _("Decisión registrada; la dirección fue notificada por correo."),
    )


@permission_required(perms.can_use_office)
def matter_edit(request, pk):
    matter = selectors.matter_detail(user=request.user, pk=pk)
    if not perms.can_edit_matter(request.user, matter):
        raise PermissionDenied
    form = MatterForm(request.POST or None, instance=matter, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            matter = services.matter_update(
                matter=matter,
                data=form.cleaned_data,
                expected_version=form.cleaned_data.get("version"),
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            services.MATTER_WORKFLOW.announce(request, matter)
            return redirect("office:matter-detail", pk=matter.pk)
    return render(
        request,
        "office/matter_form.html",
        {
            "form": form,
            "matter": matter,
            "title": _("Completar el asunto"),
        },
    )


@permission_required(perms.can_use_office)
def matter_attachment_download(request, pk):
    attachment = get_object_or_404(MatterAttachment.objects.select_related("matter"), pk=pk)
    if not perms.matters_visible_to(request.user).filter(pk=attachment.matter_id).exists():
        raise Http404
    return protected_file_response(attachment.file, attachment.original_name)


@permission_required(perms.can_view_pending_matters)
@require_POST
def matter_minuta_pdf(request, meeting_pk=None):
    """Ask for the minuta (of one dispatch meeting, or of every pending matter): it is prepared in the
    background and the person follows it on the job's page."""
    meeting = get_object_or_404(DispatchMeeting, pk=meeting_pk) if meeting_pk else None
    params = office_jobs.minuta_params(meeting, timezone.localdate())
    job = job_request(by=request.user, kind=office_jobs.MATTER_MINUTA, params=params)
    return redirect("gabinete:job-detail", pk=job.pk)


# --- Assignments ----------------------------------------------------------------------------------------


@permission_required(perms.can_use_office)
def assignment_list(request):
    state = "cerrados" if request.GET.get("estado") == "cerrados" else "abiertos"
    return render(
        request,
        "office/assignment_list.html",
        {
            "assignments": selectors.assignment_list(user=request.user, state=state),
            "state": state,
            "today": timezone.localdate(),
            "can_create": perms.can_create_assignment(request.user),
            "can_weekly": perms.can_view_pending_matters(request.user),
        },
    )


def _assignment_data(data: dict) -> dict:
    return {k: data.get(k) for k in ("title", "description", "directorate", "responsible", "due_date")}


@permission_required(perms.can_create_assignment)
def assignment_create(request):
    form = AssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.assignment_create(**_assignment_data(form.cleaned_data), by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            services.ASSIGNMENT_WORKFLOW.announce(
                request, assignment, done=_("Encargo registrado; se avisó por correo a la persona responsable.")
            )
            return redirect("office:assignment-detail", pk=assignment.pk)
    return render(
        request,
        "office/simple_form.html",
        {
            "form": form,
            "title": _("Nuevo encargo del Alcalde"),
            "back": "office:assignment-list",
        },
    )


def _assignment(request, pk):
    return get_object_or_404(
        perms.assignments_visible_to(request.user).with_related().prefetch_related("notes__author"), pk=pk
    )


@permission_required(perms.can_use_office)
def assignment_detail(request, pk, note_form=None, close_form=None, status=200):
    assignment = _assignment(request, pk)
    return render(
        request,
        "office/assignment_detail.html",
        {
            "assignment": assignment,
            "note_form": note_form or AssignmentNoteForm(),
            "close_form": close_form or AssignmentCloseForm(),
            "can_report": perms.can_report_assignment(request.user, assignment),
            "steps": {t.name: t for t in services.ASSIGNMENT_WORKFLOW.available(assignment, request.user)},
            "can_edit": perms.can_edit_assignment(request.user, assignment),
            "history": assignment.history.select_related("history_user").order_by("-history_date")[:20],
        },
        status=status,
    )


@require_POST
def assignment_add_note(request, pk):
    assignment = _assignment(request, pk)
    if not perms.can_report_assignment(request.user, assignment):
        raise PermissionDenied
    form = AssignmentNoteForm(request.POST)
    if form.is_valid():
        try:
            services.assignment_add_note(assignment=assignment, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Avance registrado."))
            return redirect("office:assignment-detail", pk=pk)
    return assignment_detail(request, pk, note_form=form)


@require_POST
def assignment_close(request, pk):
    assignment = _assignment(request, pk)
    if not perms.can_close_assignment(request.user, assignment):
        raise PermissionDenied
    form = AssignmentCloseForm(request.POST)
    if form.is_valid():
        try:
            assignment = services.assignment_close(
                assignment=assignment, closure_note=form.cleaned_data["closure_note"], by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            services.ASSIGNMENT_WORKFLOW.announce(request, assignment, done=_("Encargo cerrado."))
            return redirect("office:assignment-detail", pk=pk)
    return assignment_detail(request, pk, close_form=form)


@permission_required(perms.can_use_office)
def assignment_edit(request, pk):
    assignment = _assignment(request, pk)
    if not perms.can_edit_assignment(request.user, assignment):
        raise PermissionDenied
    form = AssignmentForm(request.POST or None, instance=assignment)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.assignment_update(
                assignment=assignment,
                data=_assignment_data(form.cleaned_data),
                expected_version=form.cleaned_data.get("version"),
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            services.ASSIGNMENT_WORKFLOW.announce(request, assignment)
            return redirect("office:assignment-detail", pk=pk)
    return render(
        request,
        "office/simple_form.html",
        {
            "form": form,
            "title": _("Modificar encargo"),
            "back": "office:assignment-list",
        },
    )


@permission_required(perms.can_view_pending_matters)
@require_POST
def assignment_weekly_pdf(request):
    """Ask for this week's report of the Alcalde's assignments (prepared in the background)."""
    params = {"day": timezone.localdate().isoformat()}
    job = job_request(by=request.user, kind=office_jobs.ASSIGNMENT_WEEKLY, params=params)
    return redirect("gabinete:job-detail", pk=job.pk)


# --- Manuals --------------------------------------------------------------------------------------------


@permission_required(perms.can_view_manuals)
def manual_list(request):
    manuals, reports = selectors.manual_list()
    year = timezone.localdate().year
    return render(
        request,
        "office/manual_list.html",
        {
            "manuals": manuals,
            "reports": sorted(reports.values(), key=lambda r: -r.year),
            "report_this_year": reports.get(year),
            "year": year,
            "can_manage": perms.can_manage_manuals(request.user),
            "today": timezone.localdate(),
        },
    )


@permission_required(perms.can_manage_manuals)
def manual_create(request):
    form = ManualForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        manual = services.manual_create(
            **{k: form.cleaned_data[k] for k in ("title", "scope", "owner", "review_due_on")}, by=request.user
        )
        messages.success(request, _("Manual registrado. Redacte ahora su primera versión."))
        return redirect("office:manual-version-create", pk=manual.pk)
    return render(
        request,
        "office/simple_form.html",
        {
            "form": form,
            "title": _("Nuevo manual de procedimientos"),
            "back": "office:manual-list",
        },
    )


@permission_required(perms.can_manage_manuals)
def manual_edit(request, pk):
    manual = get_object_or_404(ProcedureManual, pk=pk)
    form = ManualForm(request.POST or None, instance=manual)
    if request.method == "POST" and form.is_valid():
        try:
            services.manual_update(
                manual=manual,
                data=form.cleaned_data,
                expected_version=form.cleaned_data.get("version"),
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Manual actualizado."))
            return redirect("office:manual-detail", pk=pk)
    return render(
        request,
        "office/simple_form.html",
        {
            "form": form,
            "title": _("Modificar manual"),
            "back": "office:manual-list",
        },
    )


@permission_required(perms.can_view_manuals)
def manual_detail(request, pk):
    manual = get_object_or_404(ProcedureManual.objects.select_related("owner"), pk=pk)
    versions = _with_steps(manual.versions.select_related("manual", "created_by", "approved_by"), request.user)
    return render(
        request,
        "office/manual_detail.html",
        {
            "manual": manual,
            "versions": versions,
            "shown": next((v for v in versions if v.is_in_force), versions[0] if versions else None),
            "can_manage": perms.can_manage_manuals(request.user),
            "today": timezone.localdate(),
            "history": manual.history.select_related("history_user").order_by("-history_date")[:20],
        },
    )


def _with_steps(versions, user) -> list:
    """The versions, each with `steps`: the workflow steps `user` may take on it now, by name (a version
    is replaced only when another one is approved: that step is no button)."""
    versions = list(versions)
    for version in versions:
        version.steps = {
            t.name: t for t in services.version_workflow(version).available(version, user) if t.name != "supersede"
        }
    return versions


@permission_required(perms.can_view_manuals)
def manual_version_detail(request, pk):
    version = get_object_or_404(ManualVersion.objects.select_related("manual", "created_by", "approved_by"), pk=pk)
    return render(
        request,
        "office/manual_version_detail.html",
        {
            "version": version,
            "manual": version.manual,
            "can_manage": perms.can_manage_manuals(request.user),
        },
    )


@permission_required(perms.can_manage_manuals)
def manual_version_create(request, pk):
    manual = get_object_or_404(ProcedureManual, pk=pk)
    current = manual.versions.filter(status=DocumentStatus.IN_FORCE).first()
    form = ManualVersionForm(
        request.POST or None, request.FILES or None, initial={"body": current.body if current else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.manual_version_create(
                manual=manual,
                change_summary=form.cleaned_data["change_summary"],
                body=form.cleaned_data["body"],
                file=form.cleaned_data.get("file"),
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            services.MANUAL_VERSION_WORKFLOW.announce(
                request, version, done=_("Versión %(n)s guardada como borrador.") % {"n": version.number}
            )
            return redirect("office:manual-detail", pk=manual.pk)
    return render(
        request,
        "office/version_form.html",
        {
            "form": form,
            "document": manual,
            "title": _("Nueva versión de «%(t)s»") % {"t": manual},
            "back_url": manual.pk,
            "back": "office:manual-detail",
        },
    )


@permission_required(perms.can_manage_manuals)
def manual_version_edit(request, pk):
    version = get_object_or_404(ManualVersion.objects.select_related("manual"), pk=pk)
    form = ManualVersionForm(request.POST or None, request.FILES or None, instance=version)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.manual_version_update(
                version=version,
                data=form.cleaned_data,
                expected_version=form.cleaned_data.get("version"),
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            services.MANUAL_VERSION_WORKFLOW.announce(request, version)
            return redirect("office:manual-detail", pk=version.manual_id)
    return render(
        request,
        "office/version_form.html",
        {
            "form": form,
            "document": version.manual,
            "title": _("Versión %(n)s de «%(t)s»") % {"n": version.number, "t": version.manual},
            "back_url": version.manual_id,
            "back": "office:manual-detail",
        },
    )


@permission_required(perms.can_view_manuals)
def manual_version_file(request, pk):
    version = get_object_or_404(ManualVersion.objects.select_related("manual"), pk=pk)
    ext = version.file.name.rsplit(".", 1)[-1] if version.file else "pdf"
    return protected_file_response(version.file, f"manual-{version.manual.pk}-v{version.number}.{ext}")


@require_POST
@permission_required(perms.can_manage_manuals)
def manual_version_approve(request, pk):
    version = get_object_or_404(ManualVersion, pk=pk)
    try:
        version = services.version_approve(version=version, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        services.MANUAL_VERSION_WORKFLOW.announce(
            request, version, done=_("Versión %(n)s aprobada: es la versión vigente.") % {"n": version.number}
        )
    return redirect("office:manual-detail", pk=version.manual_id)


@permission_required(perms.can_view_manuals)
@require_POST
def manual_report_pdf(request):
    """Ask for this year's manuals report for the Administrador Municipal (prepared in the background)."""
    params = {"day": timezone.localdate().isoformat()}
    job = job_request(by=request.user, kind=office_jobs.MANUAL_REPORT, params=params)
    return redirect("gabinete:job-detail", pk=job.pk)


def _annual_report(request, kind: str, back: str):
    form = AnnualReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.annual_report_record(
                kind=kind,
                year=data["year"],
                sent_on=data["sent_on"],
                sent_by=data["sent_by"],
                reference=data["reference"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Envío al Administrador Municipal registrado."))
            return redirect(back)
    return render(
        request,
        "office/simple_form.html",
        {
            "form": form,
            "back": back,
            "title": _("Registrar el informe anual al Administrador Municipal: %(kind)s")
            % {"kind": ReportKind(kind).label.lower()},
        },
    )


@permission_required(perms.can_manage_manuals)
def manual_annual_report(request):
    return _annual_report(request, ReportKind.MANUALS, "office:manual-list")


# --- Job descriptors ------------------------------------------------------------------------------------


@permission_required(perms.can_view_descriptors)
def descriptor_list(request):
    descriptors, reports = selectors.descriptor_list()
    year = timezone.localdate().year
    return render(
        request,
        "office/descriptor_list.html",
        {
            "descriptors": descriptors,
            "reports": sorted(reports.values(), key=lambda r: -r.year),
            "report_this_year": reports.get(year),
            "year": year,
            "can_manage": perms.can_manage_descriptors(request.user),
            "is_reviewer": perms.is_people_reviewer(request.user),
            "in_review": selectors.descriptor_versions_to_review().count(),
        },
    )


@permission_required(perms.can_view_descriptors)
def descriptor_review_queue(request):
    """The descriptors' versions sent to Gestión de Personas (and those it returned or accepted):
    the core's queue pattern (office/queues.py). No bulk action: each review is a reading."""
    result = office_queues.DESCRIPTOR_REVIEW_QUEUE.run(request, office_queues.descriptor_versions_in_review())
    today = timezone.localdate()
    for version in result.rows:
        since = version.state_since or version.created_at
        version.days_waiting = (today - timezone.localtime(since).date()).days
    return render_page(
        request,
        "office/descriptor_review_queue.html",
        "includes/_queue_results.html",
        {
            "queue": result,
            "queue_url": reverse("office:descriptor-review-queue"),
            "is_reviewer": perms.is_people_reviewer(request.user),
        },
    )


@permission_required(perms.can_manage_descriptors)
def descriptor_create(request):
    form = DescriptorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        descriptor = services.descriptor_create(
            **{k: form.cleaned_data[k] for k in ("position", "unit", "owner", "review_due_on")}, by=request.user
        )
        messages.success(request, _("Descriptor registrado. Redacte ahora su primera versión."))
        return redirect("office:descriptor-version-create", pk=descriptor.pk)
    return render(
        request,
        "office/simple_form.html",
        {
            "form": form,
            "title": _("Nuevo descriptor de cargo"),
            "back": "office:descriptor-list",
        },
    )


@permission_required(perms.can_view_descriptors)
def descriptor_detail(request, pk, review_form=None, status=200):
    descriptor = get_object_or_404(JobDescriptor.objects.select_related("owner"), pk=pk)
    versions = _with_steps(
        descriptor.versions.select_related("descriptor", "created_by", "approved_by", "reviewed_by"), request.user
    )
    return render(
        request,
        "office/descriptor_detail.html",
        {
            "descriptor": descriptor,
            "versions": versions,
            "shown": next((v for v in versions if v.is_in_force), versions[0] if versions else None),
            "can_manage": perms.can_manage_descriptors(request.user),
            "is_reviewer": perms.is_people_reviewer(request.user),
            "review_form": review_form or ReviewForm(),
            "today": timezone.localdate(),
            "history": descriptor.history.select_related("history_user").order_by("-history_date")[:20],
        },
        status=status,
    )


def _descriptor_version_form(request, descriptor, version=None):
    initial = {}
    if version is None:
        current = descriptor.versions.filter(status=DocumentStatus.IN_FORCE).first()
        if current:
            initial = {f: getattr(current, f) for f in services.DESCRIPTOR_VERSION_FIELDS if f != "change_summary"}
    form = DescriptorVersionForm(request.POST or None, instance=version, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data.get(f, "") for f in services.DESCRIPTOR_VERSION_FIELDS}
        try:
            if version is None:
                version = services.descriptor_version_create(descriptor=descriptor, data=data, by=request.user)
            else:
                version = services.descriptor_version_update(
                    version=version, data=data, expected_version=form.cleaned_data.get("version"), by=request.user
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            services.DESCRIPTOR_VERSION_WORKFLOW.announce(
                request, version, done=_("Versión %(n)s guardada como borrador.") % {"n": version.number}
            )
            return redirect("office:descriptor-detail", pk=descriptor.pk)
    return render(
        request,
        "office/version_form.html",
        {
            "form": form,
            "document": descriptor,
            "back": "office:descriptor-detail",
            "back_url": descriptor.pk,
            "title": (_("Versión %(n)s de «%(t)s»") % {"n": version.number, "t": descriptor})
            if version
            else _("Nueva versión de «%(t)s»") % {"t": descriptor},
        },
    )


@permission_required(perms.can_manage_descriptors)
def descriptor_version_create(request, pk):
    return _descriptor_version_form(request, get_object_or_404(JobDescriptor, pk=pk))


@permission_required(perms.can_manage_descriptors)
def descriptor_version_edit(request, pk):
    version = get_object_or_404(JobDescriptorVersion.objects.select_related("descriptor"), pk=pk)
    return _descriptor_version_form(request, version.descriptor, version)


@require_POST
@permission_required(perms.can_manage_descriptors)
def descriptor_version_submit(request, pk):
    version = get_object_or_404(JobDescriptorVersion, pk=pk)
    try:
        version = services.descriptor_version_submit(version=version, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        services.DESCRIPTOR_VERSION_WORKFLOW.announce(
            request, version, done=_("Versión enviada a la Dirección de Gestión de Personas para su revisión.")
        )
    return redirect("office:descriptor-detail", pk=version.descriptor_id)


@require_POST
@permission_required(perms.is_people_reviewer)
def descriptor_version_review(request, pk):
    version = get_object_or_404(JobDescriptorVersion, pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            version = services.descriptor_version_review(
                version=version,
                accepted=form.cleaned_data["accepted"],
                observations=form.cleaned_data["observations"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            services.DESCRIPTOR_VERSION_WORKFLOW.announce(request, version, done=_("Revisión registrada."))
            return redirect("office:descriptor-detail", pk=version.descriptor_id)
    messages.error(request, _("No se guardó la revisión: revise los datos indicados."))
    return descriptor_detail(request, version.descriptor_id, review_form=form)


@require_POST
@permission_required(perms.can_manage_descriptors)
def descriptor_version_approve(request, pk):
    version = get_object_or_404(JobDescriptorVersion, pk=pk)
    try:
        version = services.version_approve(version=version, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        services.DESCRIPTOR_VERSION_WORKFLOW.announce(
            request, version, done=_("Versión %(n)s aprobada: es la versión vigente.") % {"n": version.number}
        )
    return redirect("office:descriptor-detail", pk=version.descriptor_id)


@permission_required(perms.can_view_descriptors)
@require_POST
def descriptor_pdf(request, pk):
    """Ask for one descriptor's PDF (prepared in the background); one without versions has nothing to print."""
    descriptor = get_object_or_404(JobDescriptor, pk=pk)
    if not descriptor.versions.exists():
        messages.error(request, _("Este descriptor aún no tiene versiones."))
        return redirect("office:descriptor-detail", pk=pk)
    job = job_request(by=request.user, kind=office_jobs.DESCRIPTOR, params=office_jobs.descriptor_params(descriptor))
    return redirect("gabinete:job-detail", pk=job.pk)


@permission_required(perms.can_view_descriptors)
@require_POST
def descriptor_set_pdf(request):
    """Ask for every descriptor in one PDF for the Administrador Municipal (prepared in the background)."""
    params = {"day": timezone.localdate().isoformat()}
    job = job_request(by=request.user, kind=office_jobs.DESCRIPTOR_SET, params=params)
    return redirect("gabinete:job-detail", pk=job.pk)


@permission_required(perms.can_manage_descriptors)
def descriptor_annual_report(request):
    return _annual_report(request, ReportKind.DESCRIPTORS, "office:descriptor-list")
