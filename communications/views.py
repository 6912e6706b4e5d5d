"""Intranet views of communications: press releases, support requests, media contacts.

Views stay thin: permission, form, one service, message, redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from archive.public import coverage_of_release
from gabinete import bulk, exports, privacy
from gabinete.concurrency import STALE_MESSAGE, StaleObjectError
from gabinete.forms import add_service_errors
from gabinete.htmx import render_page
from gabinete.pagination import page_number
from gabinete.permissions import permission_required
from gabinete.uploads import IMAGE, FileKindValidator, UploadTo, protected_file_response

from . import permissions as perms
from . import selectors, services
from .forms import (
    ContactSearchForm,
    JournalistForm,
    OutletForm,
    PublishForm,
    ReleaseCommentForm,
    ReleaseCorrectForm,
    ReleaseForm,
    SupportActionForm,
    SupportAssignForm,
    SupportAttachmentForm,
    SupportRequestForm,
)
from .models import (
    PHOTO_MAX_MB,
    PUBLIC_IMAGE_URL,
    OutletKind,
    ReleaseStatus,
    SupportAttachment,
    SupportStatus,
)
from .queues import RELEASE_QUEUE, SUPPORT_QUEUE, support_assign_actions, support_queue_data
from .vcard import journalists_vcard

RELEASE_FIELDS = [
    "title",
    "slug",
    "lead",
    "body",
    "photo",
    "photo_caption",
    "photo_alt",
    "tags",
    "event",
    "scheduled_at",
]


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("Su rol no permite esta acción.")


def index(request):
    """The app's entry: the releases for Gabinete, the support requests for directorates."""
    if perms.can_write_releases(request.user):
        return release_list(request)
    return support_list(request)


# --- press releases ------------------------------------------------------------------------------
@permission_required(perms.can_write_releases)
def release_list(request):
    """Every release this person may see; «En revisión» is the head of press's queue (the core's
    queue pattern: search, state, author, dates, sortable, paged)."""
    return render_page(
        request,
        "communications/release_list.html",
        "includes/_queue_results.html",
        {
            "queue": RELEASE_QUEUE.run(request, perms.releases_visible_to(request.user).select_related("author")),
            "queue_url": reverse("communications:release-list"),
        },
    )


def _release_fields(form) -> dict:
    data = {name: form.cleaned_data.get(name) for name in RELEASE_FIELDS if name in form.fields}
    if "correction_note" in form.fields:
        data["correction_note"] = form.cleaned_data["correction_note"]
    if data["photo"] is False:  # "clear" ticked
        data["photo"] = ""
    elif data["photo"] is None:
        data.pop("photo")
    return data


@permission_required(perms.can_write_releases)
def release_create(request):
    form = ReleaseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = _release_fields(form)
        try:
            release = services.release_create(by=request.user, directorates=form.cleaned_data["directorates"], **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            services.RELEASE_WORKFLOW.announce(request, release)
            return redirect(release)
    return render(request, "communications/release_form.html", {"form": form, "release": None})


@permission_required(perms.can_write_releases)
def release_edit(request, pk):
    release = get_object_or_404(perms.releases_visible_to(request.user), pk=pk)
    if not perms.can_edit_release(request.user, release):
        messages.error(
            request,
            _("Este comunicado no se puede editar en su estado actual («%(status)s»).")
            % {"status": release.get_status_display()},
        )
        return redirect(release)
    form = ReleaseForm(request.POST or None, request.FILES or None, instance=release)
    if request.method == "POST" and form.is_valid():
        fields = _release_fields(form)
        try:
            release = services.release_update(
                release=release,
                by=request.user,
                expected_version=form.cleaned_data.get("version"),
                directorates=form.cleaned_data["directorates"],
                **fields,
            )
        except (ValidationError, StaleObjectError) as exc:
            add_service_errors(form, exc)
        else:
            services.RELEASE_WORKFLOW.announce(request, release)
            return redirect(release)
    return render(request, "communications/release_form.html", {"form": form, "release": release})


@permission_required(perms.can_write_releases)
def release_detail(request, pk):
    release = get_object_or_404(
        perms.releases_visible_to(request.user).select_related("author", "event").prefetch_related("directorates"),
        pk=pk,
    )
    user = request.user
    steps = release.steps.select_related("by")
    return render(
        request,
        "communications/release_detail.html",
        {
            "release": release,
            "steps": steps,
            "can_edit": perms.can_edit_release(user, release),
            "can_submit": perms.can_submit_release(user, release),
            "can_approve": perms.can_approve_release(user, release),
            # Four eyes: say why the approver sees no "Aprobar"/"Publicar" button.
            "four_eyes_refusal": perms.four_eyes_refusal(user, release)
            if release.status in (ReleaseStatus.REVIEW, ReleaseStatus.APPROVED) and perms.is_release_approver(user)
            else None,
            "can_return": perms.can_return_release(user, release),
            "can_publish": perms.can_publish_release(user, release),
            "can_unschedule": perms.can_unschedule_release(user, release),
            "can_correct": perms.can_correct_release(user, release),
            "can_withdraw": perms.can_withdraw_release(user, release),
            "open_correction": selectors.release_open_correction(release=release),
            "versions": selectors.release_versions(release=release),
            # The archive's clippings that republish it (archive/clusters.py links them).
            "coverage": coverage_of_release(release.pk) if release.published_at else [],
            "publish_form": PublishForm(initial={"publish_at": release.scheduled_at}),
            "comment_form": ReleaseCommentForm(),
            "correct_form": ReleaseCorrectForm(),
        },
    )


def _posted_version(value: str | None) -> int | None:
    """The edit version a form sent back; None when missing or malformed (e.g. "²" or 5,000 digits,
    which str.isdigit() accepts but int() refuses)."""
    if not value or not value.isascii() or not value.isdigit():
        return None
    try:
        return int(value)
    except ValueError:
        return None


#: The address's action → the service and the workflow step it takes (whose `done` text is announced).
RELEASE_ACTIONS = {
    "enviar": (services.release_submit, "submit"),
    "aprobar": (services.release_approve, "approve"),
    "devolver": (services.release_return, "return"),
    "publicar": (services.release_publish, "publish"),
    "desprogramar": (services.release_unschedule, "unschedule"),
    "retirar": (services.release_withdraw, "withdraw"),
}


@require_POST
@permission_required(perms.can_write_releases)
def release_action(request, pk, action):
    release = get_object_or_404(perms.releases_visible_to(request.user), pk=pk)
    if action not in RELEASE_ACTIONS:
        raise PermissionDenied
    service, step = RELEASE_ACTIONS[action]
    kwargs = {"release": release, "by": request.user}
    kwargs["expected_version"] = _posted_version(request.POST.get("version"))
    if action in ("aprobar", "devolver", "retirar"):
        kwargs["comment"] = request.POST.get("comment", "")
    if action == "enviar":
        kwargs["reply"] = request.POST.get("reply", "")
    if action == "publicar":
        form = PublishForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(release)
        kwargs["publish_at"] = form.cleaned_data.get("publish_at")
    try:
        release = service(**kwargs)
    except (ValidationError, PermissionDenied, StaleObjectError) as exc:
        messages.error(request, _error_text(exc))
        return redirect(release)
    done = None
    if action == "publicar" and not release.is_public:
        done = _("Comunicado programado: aparecerá en la página pública el %(when)s.") % {
            "when": timezone.localtime(release.published_at).strftime("%d-%m-%Y %H:%M")
        }
    services.RELEASE_WORKFLOW.announce(request, release, step, done=done)
    return redirect(release)


@require_POST
@permission_required(perms.can_write_releases)
def release_correct(request, pk):
    """Start (or continue) the correction of a published release."""
    release = get_object_or_404(perms.releases_visible_to(request.user), pk=pk)
    existing = selectors.release_open_correction(release=release)
    if existing is not None:
        messages.info(request, _("Este comunicado ya tiene una corrección en curso."))
        return redirect(existing)
    try:
        correction = services.release_correct(release=release, by=request.user, note=request.POST.get("note", ""))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
        return redirect(release)
    services.RELEASE_WORKFLOW.announce(
        request,
        correction,
        done=_(
            "Corrección creada como borrador. El texto publicado sigue visible hasta que la corrección se apruebe y publique."
        ),
    )
    return redirect("communications:release-edit", correction.pk)


@require_POST
@permission_required(perms.can_upload_release_images)
def image_upload(request):
    """CKEditor's image upload (settings.CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME): images only, checked by
    content, at most PHOTO_MAX_MB, stored under a generated name and served by news:image."""
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": _("No se recibió ninguna imagen.")}}, status=400)
    try:
        FileKindValidator(IMAGE, max_mb=PHOTO_MAX_MB)(upload)
    except ValidationError as exc:
        return JsonResponse({"error": {"message": " ".join(exc.messages)}}, status=400)
    name = default_storage.save(UploadTo("communications/public/body")(None, upload.name), upload)
    return JsonResponse({"url": PUBLIC_IMAGE_URL + name.removeprefix("communications/public/")})


# --- support requests ----------------------------------------------------------------------------
def support_list(request):
    """The support requests this person sees; for Gabinete, the queue of what the directorates asked
    (the core's queue pattern: state, directorate, type, who takes it, needed-by dates, overdue;
    sortable; paged), with «Asignar a …» for the ticked rows."""
    queue = SUPPORT_QUEUE.run(
        request,
        perms.support_requests_visible_to(request.user).with_related(),
        data=support_queue_data(request.GET),
    )
    can_assign = perms.can_assign_support(request.user)
    actions = _support_assign_actions() if can_assign else {}
    return render_page(
        request,
        "communications/support_list.html",
        "includes/_queue_results.html",
        {
            "queue": queue,
            "queue_url": reverse("communications:support-list"),
            "bulk": {"url": reverse("communications:support-bulk"), "actions": actions.values()} if actions else None,
            "can_request": perms.can_request_support(request.user),
            "can_manage": perms.can_manage_support(request.user),
            "today": timezone.localdate(),
        },
    )


def _support_assign_actions():
    return support_assign_actions(perms.support_assignees(), allowed=perms.can_assign_support)


@require_POST
@permission_required(perms.can_assign_support)
def support_bulk(request):
    """Name who takes several requests at once, after a confirmation that lists them (gabinete/bulk.py)."""
    return bulk.bulk_view(
        request,
        queryset=perms.support_requests_visible_to(request.user).with_related(),
        actions=_support_assign_actions(),
        back_url=reverse("communications:support-list"),
        title=_("Asignar las solicitudes marcadas"),
    )


@permission_required(perms.can_manage_support)
def support_board(request):
    board = selectors.support_board(scope=perms.support_requests_visible_to(request.user))
    columns = [(value, label, board[value]) for value, label in SupportStatus.choices]
    return render(
        request,
        "communications/support_board.html",
        {"columns": columns, "today": timezone.localdate()},
    )


@permission_required(perms.can_request_support)
def support_create(request):
    form = SupportRequestForm(
        request.POST or None, request.FILES or None, user=request.user, stash_session=request.session
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        attachment = data.pop("attachment", None)
        try:
            support = services.support_request_create(
                by=request.user, attachments=[attachment] if attachment else [], **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            form.release_stash()
            services.SUPPORT_WORKFLOW.announce(request, support, done=_("Solicitud enviada a Gabinete."))
            return redirect(support)
    return render(request, "communications/support_form.html", {"form": form})


def support_detail(request, pk, *, attachment_form=None, assign_form=None, status=200):
    support = get_object_or_404(perms.support_requests_visible_to(request.user).with_related(), pk=pk)
    can_assign = perms.can_assign_support(request.user)
    if can_assign and assign_form is None:
        assign_form = SupportAssignForm(initial={"assignee": support.assignee_id, "version": support.version})
    return render(
        request,
        "communications/support_detail.html",
        {
            "support": support,
            "comments": support.comments.select_related("author"),
            "attachments": support.attachments.select_related("uploaded_by"),
            "can_manage": perms.can_manage_support(request.user),
            "can_comment": perms.can_comment_support(request.user, support),
            "can_attach": perms.can_attach_support(request.user, support),
            "can_assign": can_assign,
            "attachment_form": attachment_form or SupportAttachmentForm(),
            "assign_form": assign_form,
            "actions": services.SUPPORT_WORKFLOW.possible(support),
            "action_form": SupportActionForm(initial={"version": support.version}),
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_POST
def support_attach(request, pk):
    """Add a file to a request; a refused file comes back on the page with the reason."""
    support = get_object_or_404(perms.support_requests_visible_to(request.user), pk=pk)
    if not perms.can_attach_support(request.user, support):
        raise PermissionDenied
    form = SupportAttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.support_attachment_add(request=support, by=request.user, file=form.cleaned_data["file"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Archivo adjuntado."))
            return redirect(support)
    return support_detail(request, pk, attachment_form=form, status=400)


@permission_required(perms.can_assign_support)
@require_POST
def support_assign(request, pk):
    """Gabinete names who of the office takes the request."""
    support = get_object_or_404(perms.support_requests_visible_to(request.user), pk=pk)
    form = SupportAssignForm(request.POST)
    if form.is_valid():
        try:
            services.support_request_assign(request=support, by=request.user, **form.service_fields())
        except StaleObjectError:
            messages.error(request, STALE_MESSAGE)
            return redirect(support)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            support.refresh_from_db(fields=["assignee"])
            if support.assignee:
                name = support.assignee.get_full_name() or support.assignee.get_username()
                messages.success(request, _("Solicitud asignada: ahora %(name)s la atiende.") % {"name": name})
            else:
                messages.success(request, _("Solicitud sin asignar: queda para quien la tome en Gabinete."))
            return redirect(support)
    return support_detail(request, pk, assign_form=form, status=400)


def support_attachment_download(request, pk):
    """A request's file, only to who sees the request."""
    attachment = get_object_or_404(
        SupportAttachment.objects.filter(request__in=perms.support_requests_visible_to(request.user)), pk=pk
    )
    privacy.record_download(
        by=request.user,
        what=_("Archivo «%(name)s» de la solicitud") % {"name": attachment.original_name},
        target=attachment.request,
    )
    return protected_file_response(attachment.file, attachment.original_name)


@require_POST
def support_action(request, pk, action):
    support = get_object_or_404(perms.support_requests_visible_to(request.user), pk=pk)
    form = SupportActionForm(request.POST)
    form.is_valid()
    try:
        if action == "comment":
            services.support_request_comment(
                request=support, by=request.user, text=form.cleaned_data.get("comment", "")
            )
            messages.success(request, _("Comentario agregado."))
        else:
            support = services.support_request_transition(
                request=support,
                by=request.user,
                action=action,
                comment=form.cleaned_data.get("comment", ""),
                expected_version=form.cleaned_data.get("version"),
            )
            services.SUPPORT_WORKFLOW.announce(request, support, action)
    except (ValidationError, PermissionDenied, StaleObjectError) as exc:
        messages.error(request, _error_text(exc))
    return redirect(support)


# --- media contacts ------------------------------------------------------------------------------
def _contact_filters(request) -> tuple[str, str]:
    form = ContactSearchForm(request.GET)
    form.is_valid()
    return form.cleaned_data.get("q", ""), form.cleaned_data.get("tipo", "")


@permission_required(perms.can_view_media_contacts)
def contact_list(request):
    text, kind = _contact_filters(request)
    journalists = selectors.journalist_search(scope=perms.journalists_visible_to(request.user), text=text, kind=kind)
    outlets = selectors.outlet_search(scope=perms.outlets_visible_to(request.user), text=text, kind=kind)
    page = Paginator(journalists, 50).get_page(page_number(request))
    return render(
        request,
        "communications/contact_list.html",
        {
            "page": page,
            "outlets": outlets[:100],
            "text": text,
            "kind": kind,
            "kinds": OutletKind.choices,
            "query": request.GET.urlencode(),
            "can_edit": perms.can_edit_media_contacts(request.user),
        },
    )


@permission_required(perms.can_view_media_contacts)
def contacts_csv(request):
    text, kind = _contact_filters(request)
    rows = selectors.journalist_search(scope=perms.journalists_visible_to(request.user), text=text, kind=kind)
    header = [
        _("Nombre"),
        _("Apellidos"),
        _("Medio"),
        _("Tipo de medio"),
        _("Cargo"),
        _("Correo"),
        _("Teléfono"),
        _("Área"),
    ]
    lines = (
        [j.first_name, j.last_name, j.outlet.name, j.outlet.get_kind_display(), j.position, j.email, j.phone, j.beat]
        for j in rows.iterator(chunk_size=500)
    )
    privacy.record_download(
        by=request.user, what=_("Contactos de prensa (CSV)"), rows=rows.count(), app="communications"
    )
    return exports.csv_response("contactos-de-prensa.csv", header, lines)


@permission_required(perms.can_view_media_contacts)
def contacts_vcard(request):
    text, kind = _contact_filters(request)
    rows = selectors.journalist_search(scope=perms.journalists_visible_to(request.user), text=text, kind=kind)
    privacy.record_download(
        by=request.user, what=_("Contactos de prensa (vCard)"), rows=rows.count(), app="communications"
    )
    response = HttpResponse(journalists_vcard(rows.iterator(chunk_size=500)), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="contactos-de-prensa.vcf"'
    return response


def _contact_edit(request, form_class, instance, template_title, back):
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.media_contact_save(
                contact=form.save(commit=False), by=request.user, expected_version=form.cleaned_data.get("version")
            )
        except (ValidationError, StaleObjectError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Contacto guardado."))
            return redirect(back)
    return render(request, "communications/contact_form.html", {"form": form, "title": template_title})


@permission_required(perms.can_edit_media_contacts)
def outlet_form(request, pk=None):
    outlet = get_object_or_404(perms.outlets_visible_to(request.user), pk=pk) if pk else None
    title = _("Editar medio") if outlet else _("Nuevo medio")
    return _contact_edit(request, OutletForm, outlet, title, reverse("communications:contact-list"))


@permission_required(perms.can_edit_media_contacts)
def journalist_form(request, pk=None):
    journalist = get_object_or_404(perms.journalists_visible_to(request.user), pk=pk) if pk else None
    title = _("Editar periodista") if journalist else _("Nuevo/a periodista")
    return _contact_edit(request, JournalistForm, journalist, title, reverse("communications:contact-list"))
