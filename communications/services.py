"""Writes of the communications app: one service per workflow step, each recorded with who and when."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gabinete import activity, notifications
from gabinete.concurrency import check_version
from gabinete.models import Delivery, Directorate, Team
from gabinete.types import AnyUser, User
from gabinete.workflow import Next, Tone, Transition, Workflow, requires_detail

from . import permissions
from .models import (
    OPEN_RELEASE_STATUSES,
    Journalist,
    Outlet,
    PressRelease,
    ReleaseStatus,
    ReleaseStep,
    SupportAttachment,
    SupportComment,
    SupportRequest,
    SupportStatus,
)

RELEASE_CREATED = activity.Verb("release.created", gettext_lazy("Escribió el comunicado"))
RELEASE_UPDATED = activity.Verb("release.updated", gettext_lazy("Editó el comunicado"))
RELEASE_CORRECTION_STARTED = activity.Verb("release.correction_started", gettext_lazy("Inició una corrección"))
SUPPORT_REQUESTED = activity.Verb("support_request.created", gettext_lazy("Pidió apoyo de comunicaciones"))
SUPPORT_COMMENTED = activity.Verb("support_request.commented", gettext_lazy("Comentó la solicitud de apoyo"))
SUPPORT_ASSIGNED = activity.Verb("support_request.assigned", gettext_lazy("Asignó la solicitud de apoyo"))
SUPPORT_ATTACHED = activity.Verb("support_request.attached", gettext_lazy("Adjuntó un archivo a la solicitud"))
CONTACT_CREATED = activity.Verb("contact.created", gettext_lazy("Registró el contacto de prensa"))
CONTACT_UPDATED = activity.Verb("contact.updated", gettext_lazy("Editó el contacto de prensa"))

#: What an edit of a release records as before/after (the body is too long for the log: its history has it).
RELEASE_TRACKED = ("title", "lead", "scheduled_at", "event", "slug")

#: A scheduled time may lag "now" by this much (the time it takes to fill the form) and still count.
SCHEDULE_TOLERANCE_SECONDS = 60


# --- press releases ------------------------------------------------------------------------------
def _four_eyes_or_role(user: AnyUser, release: PressRelease) -> str:
    return permissions.four_eyes_refusal(user, release) or _("Su rol no permite este paso del comunicado.")


_ROLE_REFUSAL = gettext_lazy("Su rol no permite este paso del comunicado.")


def _release_audience(release: PressRelease, transition: Transition, by: User) -> list:
    """Who may take the next step hears about it: a release sent to review waits for its approvers (not
    the one who last changed its text), an approved one for the press team that publishes it; its author
    hears whatever happens to it."""
    if transition.name == "submit":
        return [u for u in permissions.release_approvers() if u.pk != release.last_text_change_by_id]
    if transition.name == "approve":
        return [release.author, *activity.gabinete_people(Team.PRESS)]
    return [release.author]


RELEASE_TO_APPROVE_KIND = notifications.Kind(
    "communications.release_to_approve",
    gettext_lazy("Comunicados que esperan mi aprobación"),
    verbs=["pressrelease.submit"],
)
RELEASE_APPROVED_KIND = notifications.Kind(
    "communications.release_approved",
    gettext_lazy("Comunicados aprobados, listos para publicar"),
    verbs=["pressrelease.approve"],
)
RELEASE_RETURNED_KIND = notifications.Kind(
    "communications.release_returned",
    gettext_lazy("Mis comunicados devueltos con comentarios"),
    verbs=["pressrelease.return"],
)
RELEASE_PUBLISHED_KIND = notifications.Kind(
    "communications.release_published",
    gettext_lazy("Mis comunicados publicados, reprogramados o retirados"),
    verbs=["pressrelease.publish", "pressrelease.unschedule", "pressrelease.withdraw"],
    default=Delivery.DIGEST,
)


def _published_next(release: PressRelease) -> Next:
    """A published release is on the news page now, or waits for its scheduled time."""
    if release.is_public:
        return Next(
            gettext_lazy("Queda en la página de noticias: no requiere más pasos (prensa puede retirarlo)."),
            gettext_lazy("Equipo de prensa"),
        )
    return Next(
        gettext_lazy("Aparecerá sola en la página de noticias a la hora programada; prensa puede cancelarlo antes."),
        gettext_lazy("Equipo de prensa"),
    )


#: The press-release workflow: borrador → en revisión → aprobado → publicado (→ retirado), with returns.
RELEASE_WORKFLOW = Workflow(
    states=ReleaseStatus,
    notify=_release_audience,
    wrong_state=gettext_lazy("Este paso no corresponde: el comunicado está «%(status)s»."),
    next_steps={
        ReleaseStatus.DRAFT: Next(
            gettext_lazy("Ahora su autor o autora debe enviarlo a revisión."),
            gettext_lazy("Autor o autora del comunicado"),
        ),
        ReleaseStatus.REVIEW: Next(
            gettext_lazy("Ahora quien aprueba comunicados debe aprobarlo o devolverlo al autor."),
            gettext_lazy("Jefatura de Gabinete o quien aprueba comunicados"),
        ),
        ReleaseStatus.APPROVED: Next(
            gettext_lazy("Ahora el equipo de prensa debe publicarlo."), gettext_lazy("Equipo de prensa")
        ),
        ReleaseStatus.PUBLISHED: _published_next,
        ReleaseStatus.RETURNED: Next(
            gettext_lazy(
                "Ahora su autor o autora debe corregirlo y enviarlo de nuevo a revisión, respondiendo a los comentarios."
            ),
            gettext_lazy("Autor o autora del comunicado"),
        ),
        ReleaseStatus.SUPERSEDED: Next(gettext_lazy("Lo reemplazó su corrección: no requiere más pasos.")),
        ReleaseStatus.WITHDRAWN: Next(gettext_lazy("Retirado: no requiere más pasos.")),
    },
    tones={
        ReleaseStatus.DRAFT: Tone.NEUTRAL,
        ReleaseStatus.REVIEW: Tone.WARNING,
        ReleaseStatus.APPROVED: Tone.INFO,
        ReleaseStatus.PUBLISHED: Tone.SUCCESS,
        ReleaseStatus.RETURNED: Tone.DANGER,
        ReleaseStatus.SUPERSEDED: Tone.NEUTRAL,
        ReleaseStatus.WITHDRAWN: Tone.DANGER,
    },
    transitions=[
        Transition(
            "submit",
            (ReleaseStatus.DRAFT, ReleaseStatus.RETURNED),
            ReleaseStatus.REVIEW,
            gettext_lazy("Enviar a revisión"),
            allowed=permissions.can_submit_release,
            refusal=_ROLE_REFUSAL,
            done=gettext_lazy("Comunicado enviado a revisión."),
            answers="return",
        ),
        Transition(
            "approve",
            (ReleaseStatus.REVIEW,),
            ReleaseStatus.APPROVED,
            gettext_lazy("Aprobar"),
            allowed=permissions.can_approve_release,
            refusal=_four_eyes_or_role,
            done=gettext_lazy("Comunicado aprobado."),
        ),
        Transition(
            "return",
            (ReleaseStatus.REVIEW, ReleaseStatus.APPROVED),
            ReleaseStatus.RETURNED,
            gettext_lazy("Devolver al autor"),
            allowed=permissions.can_return_release,
            refusal=_ROLE_REFUSAL,
            needs=requires_detail(
                "comment", gettext_lazy("Indique un comentario para el autor explicando qué debe corregir.")
            ),
            done=gettext_lazy("Comunicado devuelto al autor con su comentario."),
            records={"comment": gettext_lazy("Observaciones")},
        ),
        Transition(
            "publish",
            (ReleaseStatus.APPROVED,),
            ReleaseStatus.PUBLISHED,
            gettext_lazy("Publicar"),
            allowed=permissions.can_publish_release,
            refusal=_four_eyes_or_role,
            done=gettext_lazy("Comunicado publicado en la página de noticias."),
        ),
        Transition(
            "unschedule",
            (ReleaseStatus.PUBLISHED,),
            ReleaseStatus.APPROVED,
            gettext_lazy("Cancelar la publicación programada"),
            allowed=permissions.can_unschedule_release,
            refusal=_ROLE_REFUSAL,
            done=gettext_lazy("Publicación programada cancelada: el comunicado vuelve a estar aprobado."),
        ),
        Transition(
            "withdraw",
            (ReleaseStatus.PUBLISHED,),
            ReleaseStatus.WITHDRAWN,
            gettext_lazy("Retirar"),
            allowed=permissions.can_withdraw_release,
            refusal=_ROLE_REFUSAL,
            needs=requires_detail(
                "comment",
                gettext_lazy("Indique el motivo del retiro: se muestra al público en la dirección del comunicado."),
            ),
            done=gettext_lazy("Comunicado retirado de la página de noticias."),
        ),
    ],
)

#: The fields a person writes; a correction starts as a copy of them.
RELEASE_TEXT_FIELDS = (
    "title",
    "lead",
    "body",
    "photo",
    "photo_caption",
    "photo_alt",
    "tags",
    "event_id",
)


def unique_release_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """A slug from the title, with -2, -3… when another release already has it."""
    base = slugify(title)[:100].strip("-") or "comunicado"
    taken = set(
        PressRelease.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug


def validate_schedule(when: datetime | None, *, now: datetime | None = None) -> None:
    if when is None:
        return
    now = now or timezone.now()
    if (now - when).total_seconds() > SCHEDULE_TOLERANCE_SECONDS:
        raise ValidationError(
            _(
                "La fecha de publicación programada ya pasó. Indique una fecha y hora futuras, o déjela en blanco para publicar de inmediato."
            ),
            code="schedule_in_past",
        )


def _record_step(release: PressRelease, *, old: str, new: str, by: User, comment: str = "") -> ReleaseStep:
    """The one writer of the release's step log (every workflow step and the creation go through it)."""
    return ReleaseStep.objects.create(release=release, from_status=old, to_status=new, by=by, comment=comment)


@activity.service
def release_create(
    *,
    by: User,
    title: str,
    lead: str,
    body: str = "",
    slug: str = "",
    directorates: Iterable[Directorate] = (),
    **fields: Any,
) -> PressRelease:
    """Write a new release as a draft by `by`."""
    if not permissions.can_write_releases(by):
        raise PermissionDenied
    validate_schedule(fields.get("scheduled_at"))
    release = PressRelease(
        author=by,
        edited_by=by,
        title=title,
        lead=lead,
        body=body,
        slug=slug or unique_release_slug(title),
        **fields,
    )
    release.full_clean(exclude=["version"])
    release.save()
    release.directorates.set(directorates)
    _record_step(release, old="", new=ReleaseStatus.DRAFT, by=by)
    activity.record(actor=by, verb=RELEASE_CREATED, target=release)
    return release


@activity.service
def release_update(
    *,
    release: PressRelease,
    by: User,
    expected_version: int | None,
    directorates: Iterable[Directorate] | None = None,
    **fields: Any,
) -> PressRelease:
    """Save an edit of a draft or returned release; a stale copy is refused (StaleObjectError).

    Whoever changes anything becomes the release's last editor, and so may no longer approve or
    publish it (four eyes).
    """
    if not permissions.can_edit_release(by, release):
        raise PermissionDenied
    check_version(release, expected_version)
    if "scheduled_at" in fields and fields["scheduled_at"] != release.scheduled_at:
        validate_schedule(fields["scheduled_at"])
    if release.is_correction:
        fields.pop("slug", None)  # a correction keeps the address of the release it corrects
    # Compared with the stored copy: a ModelForm's validation already wrote the new values on `release`.
    stored = PressRelease.objects.get(pk=release.pk)
    before = _release_snapshot(stored)
    changed = any(getattr(stored, name) != value for name, value in fields.items())
    if directorates is not None:
        directorates = list(directorates)
        changed = changed or {d.pk for d in directorates} != set(release.directorates.values_list("pk", flat=True))
    for name, value in fields.items():
        setattr(release, name, value)
    if not release.slug:
        release.slug = unique_release_slug(release.title, exclude_pk=release.pk)
    if changed:
        release.edited_by = by
    release.full_clean(exclude=["version"])
    release.save()
    if directorates is not None:
        release.directorates.set(directorates)
    if changed:
        activity.record(
            actor=by,
            verb=RELEASE_UPDATED,
            target=release,
            changes=activity.changes_between(before, _release_snapshot(release), PressRelease),
        )
    return release


def _release_snapshot(release: PressRelease) -> dict[str, Any]:
    """What an edit of a release is compared on: its tracked fields, the photo's name and the body as
    plain text (the log keeps no HTML)."""
    values = activity.snapshot(release, (*RELEASE_TRACKED, "photo"))
    values["body"] = activity.snapshot_text(strip_tags(release.body or ""))
    return values


def _transition(
    name: str,
    *,
    release: PressRelease,
    by: User,
    comment: str = "",
    reply: str = "",
    expected_version: int | None = None,
) -> tuple[PressRelease, str, str]:
    """Lock the release and take step `name` through the workflow (the caller saves and logs)."""
    release = PressRelease.objects.select_for_update().get(pk=release.pk)
    if expected_version is not None:
        check_version(release, expected_version)
    comment = (comment or "").strip()
    step = RELEASE_WORKFLOW.apply(release, name, by=by, comment=comment, reply=(reply or "").strip())
    return release, step.source, comment


@activity.service
def release_submit(
    *, release: PressRelease, by: User, reply: str = "", expected_version: int | None = None
) -> PressRelease:
    """The author sends the release to the press team for review; a returned release goes again only
    changed and with a reply to the comments (the workflow's rule)."""
    release, old, _comment = _transition(
        "submit", release=release, by=by, reply=reply, expected_version=expected_version
    )
    release.submitted_by = by
    release.save(update_fields=["status", "submitted_by", "updated_at"])
    _record_step(release, old=old, new=release.status, by=by)
    return release


@activity.service
def release_approve(
    *, release: PressRelease, by: User, comment: str = "", expected_version: int | None = None
) -> PressRelease:
    """An approver (Jefatura de Gabinete or someone named) approves the text: never whoever last
    changed it or sent it to review."""
    release, old, comment = _transition(
        "approve", release=release, by=by, comment=comment, expected_version=expected_version
    )
    release.save(update_fields=["status", "updated_at"])
    _record_step(release, old=old, new=release.status, by=by, comment=comment)
    return release


@activity.service
def release_return(
    *, release: PressRelease, by: User, comment: str, expected_version: int | None = None
) -> PressRelease:
    """The press team sends the release back to its author with a comment saying what to fix."""
    release, old, comment = _transition(
        "return", release=release, by=by, comment=comment, expected_version=expected_version
    )
    release.save(update_fields=["status", "updated_at"])
    _record_step(release, old=old, new=release.status, by=by, comment=comment)
    return release


@activity.service
def release_publish(
    *, release: PressRelease, by: User, publish_at: datetime | None = None, expected_version: int | None = None
) -> PressRelease:
    """The press team publishes an approved release now, or schedules it for `publish_at`.

    A scheduled release is stored as published with a future `published_at`: the public pages show
    it from that moment on by themselves (PressRelease.objects.public()).

    A correction is published at once and takes the place of the version it corrects, at the same
    address and with the date of first publication; the old version is kept as «reemplazado» and
    the page shows «Corregido el …».
    """
    release, old, _comment = _transition("publish", release=release, by=by, expected_version=expected_version)
    now = timezone.now()
    if release.is_correction:
        if publish_at is not None and publish_at > now + timedelta(seconds=SCHEDULE_TOLERANCE_SECONDS):
            raise ValidationError(
                _("Una corrección se publica de inmediato: deje en blanco la fecha de publicación."),
                code="correction_scheduled",
            )
        return _publish_correction(release, by=by, old=old, now=now)
    validate_schedule(publish_at, now=now)
    release.published_at = max(publish_at, now) if publish_at else now
    release.scheduled_at = publish_at
    release.save(update_fields=["status", "published_at", "scheduled_at", "updated_at"])
    comment = ""
    if publish_at and publish_at > now:
        comment = _("Programado para el %(when)s.") % {
            "when": timezone.localtime(release.published_at).strftime("%d-%m-%Y %H:%M")
        }
    _record_step(release, old=old, new=release.status, by=by, comment=comment)
    return release


def _publish_correction(release: PressRelease, *, by: User, old: str, now: datetime) -> PressRelease:
    previous = PressRelease.objects.select_for_update().get(pk=release.corrects_id)
    if not previous.is_public:
        raise ValidationError(
            _(
                "El comunicado que esta corrección reemplaza ya no está publicado («%(status)s»): no se puede publicar la corrección."
            )
            % {"status": previous.get_status_display()},
            code="corrected_not_public",
        )
    previous.status = ReleaseStatus.SUPERSEDED
    previous.save(update_fields=["status", "updated_at"])
    _record_step(
        previous,
        old=ReleaseStatus.PUBLISHED,
        new=ReleaseStatus.SUPERSEDED,
        by=by,
        comment=_("Reemplazado por la corrección «%(title)s».") % {"title": release.title},
    )
    release.published_at = previous.published_at
    release.scheduled_at = None
    release.corrected_at = now
    release.save(update_fields=["status", "published_at", "scheduled_at", "corrected_at", "updated_at"])
    _record_step(release, old=old, new=release.status, by=by, comment=release.correction_note)
    return release


@activity.service
def release_unschedule(*, release: PressRelease, by: User, expected_version: int | None = None) -> PressRelease:
    """A release scheduled for later goes back to «aprobado»: it will not appear until published again."""
    release, old, _comment = _transition("unschedule", release=release, by=by, expected_version=expected_version)
    release.published_at = None
    release.scheduled_at = None
    release.save(update_fields=["status", "published_at", "scheduled_at", "updated_at"])
    _record_step(release, old=old, new=release.status, by=by, comment=_("Publicación programada cancelada."))
    return release


@activity.service
def release_withdraw(
    *, release: PressRelease, by: User, comment: str, expected_version: int | None = None
) -> PressRelease:
    """An approver takes a public release down (Superdesk's "kill"): it leaves the news list and
    the feeds, and its address answers 410 with the reason. Nothing is deleted."""
    release, old, reason = _transition(
        "withdraw", release=release, by=by, comment=comment, expected_version=expected_version
    )
    release.withdrawn_at = timezone.now()
    release.withdrawal_reason = reason
    release.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_at"])
    _record_step(release, old=old, new=release.status, by=by, comment=reason)
    return release


@activity.service
def release_correct(*, release: PressRelease, by: User, note: str) -> PressRelease:
    """Start a correction of a public release: a new draft, copy of the published text, that goes
    through review again. The published text stays public until the correction is published."""
    release = PressRelease.objects.select_for_update().get(pk=release.pk)
    if not permissions.can_correct_release(by, release):
        raise PermissionDenied(_("Solo se corrige un comunicado publicado, y solo el equipo de prensa lo hace."))
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            _("Indique qué se corrige: se muestra en la noticia junto a la fecha de la corrección."),
            code="note_required",
        )
    if release.corrections.filter(status__in=OPEN_RELEASE_STATUSES).exists():
        raise ValidationError(
            _("Este comunicado ya tiene una corrección en curso: continúe esa."), code="correction_open"
        )
    correction = PressRelease(
        author=by,
        edited_by=by,
        corrects=release,
        slug=release.slug,
        correction_note=note,
        **{name: getattr(release, name) for name in RELEASE_TEXT_FIELDS},
    )
    correction.full_clean(exclude=["version"])
    correction.save()
    correction.directorates.set(release.directorates.all())
    _record_step(
        correction,
        old="",
        new=ReleaseStatus.DRAFT,
        by=by,
        comment=_("Corrección del comunicado publicado el %(when)s.")
        % {"when": timezone.localtime(release.published_at).strftime("%d-%m-%Y")},
    )
    for target in (release, correction):
        activity.record(actor=by, verb=RELEASE_CORRECTION_STARTED, target=target, changes={"note": note})
    return correction


# --- support requests ----------------------------------------------------------------------------
def _manages_support(user: AnyUser, request: SupportRequest) -> bool:
    return permissions.can_manage_support(user)


#: Support requests: solicitada → aceptada → realizada | rechazada (only Gabinete answers).
def _support_audience(request: SupportRequest, transition: Transition, by: User) -> list:
    """Gabinete's answer is news for the directorate that asked: its director and liaisons, and who asked."""
    return [*activity.directorate_people(request.directorate), request.requested_by]


ONLY_GABINETE_ANSWERS = gettext_lazy("Solo Gabinete responde las solicitudes de apoyo.")

SUPPORT_REQUESTED_KIND = notifications.Kind(
    "communications.support_requested",
    gettext_lazy("Solicitudes de apoyo de las direcciones"),
    verbs=[SUPPORT_REQUESTED.code],
)
SUPPORT_ANSWERED_KIND = notifications.Kind(
    "communications.support_answered",
    gettext_lazy("Respuestas de Gabinete a las solicitudes de apoyo de mi dirección"),
    verbs=["supportrequest.accept", "supportrequest.done", "supportrequest.reject"],
)
SUPPORT_COMMENTED_KIND = notifications.Kind(
    "communications.support_commented",
    gettext_lazy("Comentarios en solicitudes de apoyo"),
    verbs=[SUPPORT_COMMENTED.code],
    default=Delivery.DIGEST,
)

SUPPORT_ASSIGNED_KIND = notifications.Kind(
    "communications.support_assigned",
    gettext_lazy("Solicitudes de apoyo que me asignan"),
    verbs=[SUPPORT_ASSIGNED.code],
)

SUPPORT_WORKFLOW = Workflow(
    states=SupportStatus,
    notify=_support_audience,
    wrong_state=gettext_lazy("Este paso no corresponde: la solicitud está «%(status)s»."),
    next_steps={
        SupportStatus.REQUESTED: Next(
            gettext_lazy("Ahora Gabinete debe aceptarla o rechazarla."), gettext_lazy("Gabinete (comunicaciones)")
        ),
        SupportStatus.ACCEPTED: Next(
            gettext_lazy("Ahora Gabinete debe realizar el apoyo y marcarla realizada."),
            gettext_lazy("Gabinete (comunicaciones)"),
        ),
        SupportStatus.DONE: Next(gettext_lazy("Realizada: no requiere más pasos.")),
        SupportStatus.REJECTED: Next(gettext_lazy("Rechazada: no requiere más pasos.")),
    },
    tones={
        SupportStatus.REQUESTED: Tone.WARNING,
        SupportStatus.ACCEPTED: Tone.INFO,
        SupportStatus.DONE: Tone.SUCCESS,
        SupportStatus.REJECTED: Tone.DANGER,
    },
    transitions=[
        Transition(
            "accept",
            (SupportStatus.REQUESTED,),
            SupportStatus.ACCEPTED,
            gettext_lazy("Aceptar"),
            allowed=_manages_support,
            refusal=ONLY_GABINETE_ANSWERS,
            done=gettext_lazy("Solicitud aceptada."),
        ),
        Transition(
            "done",
            (SupportStatus.ACCEPTED,),
            SupportStatus.DONE,
            gettext_lazy("Marcar realizada"),
            allowed=_manages_support,
            refusal=ONLY_GABINETE_ANSWERS,
            done=gettext_lazy("Solicitud marcada realizada."),
        ),
        Transition(
            "reject",
            (SupportStatus.REQUESTED, SupportStatus.ACCEPTED),
            SupportStatus.REJECTED,
            gettext_lazy("Rechazar"),
            allowed=_manages_support,
            refusal=ONLY_GABINETE_ANSWERS,
            needs=requires_detail("comment", gettext_lazy("Indique el motivo del rechazo para la dirección.")),
            done=gettext_lazy("Solicitud rechazada."),
        ),
    ],
)


def _record_support_step(request: SupportRequest, *, by: User, old: str, new: str, text: str = "") -> SupportComment:
    """The one writer of a support request's step log (its comments that carry a change of state)."""
    return SupportComment.objects.create(request=request, author=by, text=text, from_status=old, to_status=new)


@activity.service
def support_request_create(
    *,
    by: User,
    directorate: Directorate,
    kind: str,
    title: str,
    needed_by: date,
    contact_name: str,
    description: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    attachments: Iterable[UploadedFile] = (),
) -> SupportRequest:
    """A directorate asks Gabinete for communications support (with its files, if any)."""
    if not (permissions.can_manage_support(by) or directorate.pk in permissions.directorate_ids_of(by)):
        raise PermissionDenied
    if needed_by < timezone.localdate():
        raise ValidationError(_("La fecha en que se necesita el apoyo ya pasó."), code="needed_by_past")
    request = SupportRequest(
        directorate=directorate,
        kind=kind,
        title=title,
        needed_by=needed_by,
        contact_name=contact_name,
        description=description,
        contact_phone=contact_phone,
        contact_email=contact_email,
        requested_by=by,
    )
    request.full_clean(exclude=["version"])
    request.save()
    _record_support_step(request, by=by, old="", new=SupportStatus.REQUESTED)
    activity.record(actor=by, verb=SUPPORT_REQUESTED, target=request, recipients=activity.gabinete_people())
    for file in attachments:
        _attach(request, file=file, by=by)
    return request


def _attach(request: SupportRequest, *, file: UploadedFile, by: User) -> SupportAttachment:
    attachment = SupportAttachment(request=request, file=file, original_name=(file.name or "")[:255], uploaded_by=by)
    # The content check runs here too: a service is also called from commands and tests.
    attachment.full_clean(exclude=["request", "uploaded_by"])
    attachment.save()
    activity.record(
        actor=by,
        verb=SUPPORT_ATTACHED,
        target=request,
        changes={"attachment": {"label": _("archivo"), "before": None, "after": attachment.original_name}},
    )
    return attachment


@activity.service
def support_attachment_add(*, request: SupportRequest, by: User, file: UploadedFile) -> SupportAttachment:
    """Either side adds a file to a request (the programme of the activity, a draft piece, photos)."""
    if not permissions.can_attach_support(by, request):
        raise PermissionDenied(_("No puede adjuntar archivos a esta solicitud."))
    return _attach(request, file=file, by=by)


@activity.service
def support_request_assign(
    *, request: SupportRequest, by: User, assignee: User | None, expected_version: int | None = None
) -> SupportRequest:
    """Gabinete names the person of the office who takes the request (or nobody); the person named
    hears about it (SUPPORT_ASSIGNED_KIND)."""
    if not permissions.can_assign_support(by):
        raise PermissionDenied(ONLY_GABINETE_ANSWERS)
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    check_version(request, expected_version)
    if assignee is not None and not permissions.support_assignees().filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": _("Solo una persona de Gabinete puede tomar la solicitud.")})
    before = request.assignee
    if (before.pk if before else None) == (assignee.pk if assignee else None):
        return request
    request.assignee = assignee
    request.save(update_fields=["assignee", "updated_at", "version"])
    activity.record(
        actor=by,
        verb=SUPPORT_ASSIGNED,
        target=request,
        directorate=request.directorate,
        changes={
            "assignee": {
                "label": _("a cargo de"),
                "before": _person(before),
                "after": _person(assignee),
            }
        },
        recipients=[assignee] if assignee is not None and assignee.pk != by.pk else [],
    )
    return request


def _person(user: User | None) -> str | None:
    return (user.get_full_name() or user.get_username()) if user is not None else None


@activity.service
def support_request_transition(
    *, request: SupportRequest, by: User, action: str, comment: str = "", expected_version: int | None = None
) -> SupportRequest:
    """Gabinete accepts, completes or rejects a request; the change is recorded as a comment."""
    SUPPORT_WORKFLOW.get(action)
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    check_version(request, expected_version)
    comment = (comment or "").strip()
    step = SUPPORT_WORKFLOW.apply(request, action, by=by, comment=comment)
    request.save(update_fields=["status", "updated_at"])
    _record_support_step(request, by=by, old=step.source, new=step.target, text=comment)
    return request


@activity.service
def support_request_comment(*, request: SupportRequest, by: User, text: str) -> SupportComment:
    """Either side adds a comment to a request."""
    if not permissions.can_comment_support(by, request):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("El comentario está vacío."))
    comment = SupportComment.objects.create(request=request, author=by, text=text)
    # The other side hears about it: the requester when Gabinete writes, Gabinete when the directorate does.
    audience = activity.gabinete_people() if by.pk == request.requested_by_id else [request.requested_by]
    activity.record(actor=by, verb=SUPPORT_COMMENTED, target=request, changes={"text": text}, recipients=audience)
    return comment


# --- media contacts --------------------------------------------------------------------------------


@activity.service
def media_contact_save(
    *, contact: Outlet | Journalist, by: User, expected_version: int | None = None
) -> Outlet | Journalist:
    """Save a media outlet or a journalist, new or edited (the form has checked its fields); refuses a
    stale copy and anyone who may not edit the press contacts."""
    if not permissions.can_edit_media_contacts(by):
        raise PermissionDenied(_("Solo el equipo de prensa de Gabinete edita los contactos de prensa."))
    check_version(contact, expected_version)
    is_new = contact.pk is None
    contact.full_clean(exclude=["version"])
    contact.save()
    activity.record(actor=by, verb=CONTACT_CREATED if is_new else CONTACT_UPDATED, target=contact)
    return contact
