"""Writes for the office's own duties: matters for the Alcalde's decision, assignments, manuals and job
descriptors. Each service checks who acts, changes state inside one transaction, keeps history (the acting
user is recorded on every historical row) and sends its e-mail only after the transaction commits.

Errors a person can fix come back as `ValidationError` with a Spanish message; acts the person may not do
raise `PermissionDenied`.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gabinete import activity, notifications
from gabinete.concurrency import StaleObjectError, check_version
from gabinete.models import Delivery, Directorate
from gabinete.workflow import Next, Tone, Transition, Workflow, requires_detail

from . import permissions as perms
from .models import (
    OPEN_VERSION_STATES,
    AnnualReport,
    Assignment,
    AssignmentNote,
    AssignmentStatus,
    Decision,
    DispatchMeeting,
    DocumentStatus,
    JobDescriptor,
    JobDescriptorVersion,
    ManualVersion,
    Matter,
    MatterAttachment,
    MatterNote,
    MatterNoteKind,
    MatterStatus,
    ProcedureManual,
    one_year_after,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

# --- what the activity log says ---------------------------------------------------------------------------

MATTER_RAISED = activity.Verb("matter.raised", gettext_lazy("Presentó el asunto"))
MATTER_UPDATED = activity.Verb("matter.updated", gettext_lazy("Completó el asunto"))
MATTER_ATTACHED = activity.Verb("matter.attached", gettext_lazy("Adjuntó un antecedente al asunto"))
ASSIGNMENT_CREATED = activity.Verb("assignment.created", gettext_lazy("Registró el encargo"))
ASSIGNMENT_UPDATED = activity.Verb("assignment.updated", gettext_lazy("Modificó el encargo"))
ASSIGNMENT_NOTED = activity.Verb("assignment.noted", gettext_lazy("Informó un avance del encargo"))
MANUAL_CREATED = activity.Verb("manual.created", gettext_lazy("Registró el manual"))
MANUAL_UPDATED = activity.Verb("manual.updated", gettext_lazy("Modificó los datos del manual"))
MANUAL_VERSION_CREATED = activity.Verb("manual.version_created", gettext_lazy("Redactó una versión del manual"))
MANUAL_VERSION_UPDATED = activity.Verb("manual.version_updated", gettext_lazy("Modificó una versión del manual"))
DESCRIPTOR_CREATED = activity.Verb("descriptor.created", gettext_lazy("Registró el descriptor de cargo"))
DESCRIPTOR_VERSION_CREATED = activity.Verb(
    "descriptor.version_created", gettext_lazy("Redactó una versión del descriptor")
)
DESCRIPTOR_VERSION_UPDATED = activity.Verb(
    "descriptor.version_updated", gettext_lazy("Modificó una versión del descriptor")
)
ANNUAL_REPORT_RECORDED = activity.Verb(
    "annual_report.recorded", gettext_lazy("Registró el informe anual al Administrador Municipal")
)

#: What an edit records as before/after.
MATTER_TRACKED = ("subject", "background", "options", "recommendation", "urgency", "gabinete_summary")
ASSIGNMENT_TRACKED = ("title", "description", "directorate", "responsible", "due_date")
MANUAL_TRACKED = ("title", "scope", "owner", "review_due_on")


# --- who hears about what (the kinds of notice a person chooses how to receive) -----------------------
# Their e-mails are the notifications' (gabinete.notifications): the notice's title and a link, never
# the matter's content (its background, Gabinete's question, the Alcalde's instructions).

MATTER_RAISED_KIND = notifications.Kind(
    "office.matter_raised",
    gettext_lazy("Asuntos que las direcciones presentan al Alcalde"),
    verbs=[MATTER_RAISED.code],
)
MATTER_INFO_REQUESTED_KIND = notifications.Kind(
    "office.matter_info_requested",
    gettext_lazy("Antecedentes que Gabinete pide a mi dirección"),
    verbs=["matter.request_info"],
)
MATTER_ANSWERED_KIND = notifications.Kind(
    "office.matter_answered",
    gettext_lazy("Respuestas de las direcciones a los antecedentes pedidos"),
    verbs=["matter.answer"],
)
MATTER_SCHEDULED_KIND = notifications.Kind(
    "office.matter_scheduled",
    gettext_lazy("Asuntos de mi dirección agrupados para el despacho"),
    verbs=["matter.schedule"],
    default=Delivery.DIGEST,
)
MATTER_DECIDED_KIND = notifications.Kind(
    "office.matter_decided",
    gettext_lazy("Decisiones del Alcalde sobre asuntos de mi dirección"),
    verbs=["matter.decide"],
)
ASSIGNMENT_ASSIGNED_KIND = notifications.Kind(
    "office.assignment_assigned",
    gettext_lazy("Encargos del Alcalde a mi cargo"),
    verbs=[ASSIGNMENT_CREATED.code],
)
ASSIGNMENT_PROGRESS_KIND = notifications.Kind(
    "office.assignment_progress",
    gettext_lazy("Cambios, avances y cierre de mis encargos"),
    verbs=[ASSIGNMENT_UPDATED.code, ASSIGNMENT_NOTED.code, "assignment.close"],
    default=Delivery.DIGEST,
)
DOCUMENT_REVIEW_KIND = notifications.Kind(
    "office.document_review",
    gettext_lazy("Descriptores de cargo enviados a revisión"),
    verbs=["jobdescriptorversion.submit"],
)
DOCUMENT_STEP_KIND = notifications.Kind(
    "office.document_step",
    gettext_lazy("Manuales y descriptores a mi cargo: versiones revisadas, aprobadas o reemplazadas"),
    verbs=[
        "jobdescriptorversion.accept",
        "jobdescriptorversion.return",
        "jobdescriptorversion.approve",
        "jobdescriptorversion.supersede",
        "manualversion.approve",
        "manualversion.supersede",
    ],
)
DOCUMENT_CHANGED_KIND = notifications.Kind(
    "office.document_changed",
    gettext_lazy("Manuales y descriptores a mi cargo: registro y nuevas versiones"),
    verbs=[
        MANUAL_CREATED.code,
        MANUAL_UPDATED.code,
        MANUAL_VERSION_CREATED.code,
        MANUAL_VERSION_UPDATED.code,
        DESCRIPTOR_CREATED.code,
        DESCRIPTOR_VERSION_CREATED.code,
        DESCRIPTOR_VERSION_UPDATED.code,
    ],
    default=Delivery.DIGEST,
)


# --- the workflows ----------------------------------------------------------------------------------------


def _matter_audience(matter: Matter, transition: Transition, by: User) -> list[Any]:
    """Gabinete's questions and the Alcalde's decision go to the directorate; its answer to Gabinete."""
    if transition.name == "answer":
        return activity.gabinete_people()
    return [*activity.directorate_people(matter.directorate), matter.raised_by]


def _can_decide(user: User, matter: Matter) -> bool:
    return perms.can_decide_matter(user, matter)


#: The matter for the Alcalde's decision: presentado ⇄ antecedentes, → preparado → resuelto.
MATTER_WORKFLOW = Workflow(
    states=MatterStatus,
    wrong_state=gettext_lazy("Esta acción no es posible: el asunto está «%(status)s»."),
    next_steps={
        MatterStatus.SUBMITTED: Next(
            gettext_lazy("Ahora Gabinete debe prepararlo para el despacho o pedir antecedentes a la dirección."),
            gettext_lazy("Gabinete"),
        ),
        MatterStatus.INFO_REQUESTED: Next(
            gettext_lazy("Ahora la dirección debe responder a la solicitud de antecedentes."),
            gettext_lazy("Dirección que presentó el asunto"),
        ),
        MatterStatus.READY: Next(
            gettext_lazy("Ahora el Alcalde debe resolverlo en la reunión de despacho."), gettext_lazy("Alcalde")
        ),
        MatterStatus.DECIDED: Next(gettext_lazy("Resuelto: no requiere más pasos.")),
    },
    tones={
        MatterStatus.SUBMITTED: Tone.WARNING,
        MatterStatus.INFO_REQUESTED: Tone.DANGER,
        MatterStatus.READY: Tone.INFO,
        MatterStatus.DECIDED: Tone.SUCCESS,
    },
    notify=_matter_audience,
    transitions=[
        Transition(
            "request_info",
            (MatterStatus.SUBMITTED, MatterStatus.READY),
            MatterStatus.INFO_REQUESTED,
            gettext_lazy("Solicitar antecedentes a la dirección"),
            allowed=perms.can_prepare_matter,
            refusal=gettext_lazy("Solo Gabinete puede solicitar antecedentes."),
            needs=requires_detail("question", gettext_lazy("Escriba qué antecedentes necesita la dirección entregar.")),
            needs_field="question",
        ),
        Transition(
            "answer",
            (MatterStatus.INFO_REQUESTED,),
            MatterStatus.SUBMITTED,
            gettext_lazy("Responder a Gabinete"),
            allowed=perms.can_answer_matter,
            refusal=gettext_lazy("Solo la dirección que presentó el asunto puede responder."),
            needs=requires_detail("answer", gettext_lazy("Escriba la respuesta a la solicitud de Gabinete.")),
            needs_field="answer",
        ),
        Transition(
            "schedule",
            (MatterStatus.SUBMITTED, MatterStatus.READY),
            MatterStatus.READY,
            gettext_lazy("Agrupar para la reunión de despacho"),
            allowed=perms.can_prepare_matter,
            refusal=gettext_lazy("Solo Gabinete puede agrupar asuntos para el despacho."),
        ),
        Transition(
            "decide",
            (MatterStatus.SUBMITTED, MatterStatus.READY),
            MatterStatus.DECIDED,
            gettext_lazy("Resolver el asunto"),
            allowed=_can_decide,
            refusal=gettext_lazy(
                "Solo el Alcalde, o Gabinete en nombre del Alcalde, puede registrar la decisión de un asunto."
            ),
        ),
    ],
)


def _assignment_audience(assignment: Assignment, transition: Transition, by: User) -> list[Any]:
    return [assignment.responsible, assignment.created_by]


#: An assignment of the Alcalde: en curso → cerrado, with its result.
ASSIGNMENT_WORKFLOW = Workflow(
    states=AssignmentStatus,
    wrong_state=gettext_lazy("Este encargo ya está cerrado."),
    next_steps={
        AssignmentStatus.OPEN: Next(
            gettext_lazy("Ahora la persona responsable registra sus avances y lo cierra con su resultado."),
            gettext_lazy("Persona responsable del encargo"),
        ),
        AssignmentStatus.CLOSED: Next(gettext_lazy("Cerrado: no requiere más pasos.")),
    },
    tones={AssignmentStatus.OPEN: Tone.INFO, AssignmentStatus.CLOSED: Tone.SUCCESS},
    notify=_assignment_audience,
    transitions=[
        Transition(
            "close",
            (AssignmentStatus.OPEN,),
            AssignmentStatus.CLOSED,
            gettext_lazy("Cerrar el encargo"),
            allowed=perms.can_close_assignment,
            refusal=gettext_lazy("No puede cerrar este encargo."),
            needs=requires_detail("closure_note", gettext_lazy("Indique el resultado del encargo para cerrarlo.")),
            needs_field="closure_note",
        ),
    ],
)

_DOCUMENT_TONES: dict[str, Tone] = {
    DocumentStatus.DRAFT: Tone.NEUTRAL,
    DocumentStatus.IN_REVIEW: Tone.WARNING,
    DocumentStatus.RETURNED: Tone.DANGER,
    DocumentStatus.REVIEWED: Tone.INFO,
    DocumentStatus.IN_FORCE: Tone.SUCCESS,
    DocumentStatus.SUPERSEDED: Tone.NEUTRAL,
}


def _document_audience(version: ManualVersion | JobDescriptorVersion, transition: Transition, by: User) -> list[Any]:
    """A step of a version concerns the document's owner and the version's author; a descriptor sent for
    review concerns Gestión de Personas."""
    people = [version.document.owner, version.created_by]
    if transition.name == "submit":
        reviewers = Directorate.objects.filter(slug=perms.PEOPLE_DIRECTORATE_SLUG).first()
        people += activity.directorate_people(reviewers)
    return people


def _wrong_version_state(version: ManualVersion | JobDescriptorVersion, transition: Transition | None) -> str:
    status = version.get_status_display()
    if transition is not None and transition.name == "approve" and version.requires_review:
        return _(
            "Esta versión no puede aprobarse: falta la revisión de la Dirección de Gestión de Personas "
            "(estado actual: «%(status)s»)."
        ) % {"status": status}
    if transition is not None and transition.name == "approve":
        return _("Solo una versión en borrador puede aprobarse (estado actual: «%(status)s»).") % {"status": status}
    if transition is not None and transition.name == "submit":
        return _("Esta versión no puede enviarse a revisión en estado «%(status)s».") % {"status": status}
    if transition is not None and transition.name in {"accept", "return"}:
        return _("Esta versión no está en revisión.")
    return _("Este paso no corresponde: la versión está «%(status)s».") % {"status": status}


def _supersede(transition_allowed: Any) -> Transition:
    return Transition(
        "supersede",
        (DocumentStatus.IN_FORCE,),
        DocumentStatus.SUPERSEDED,
        gettext_lazy("Reemplazar por la nueva versión vigente"),
        allowed=transition_allowed,
        refusal=gettext_lazy("Solo Gabinete puede aprobar versiones."),
    )


def _may_manage_manuals(user: User, version: ManualVersion) -> bool:
    return perms.can_manage_manuals(user)


def _may_manage_descriptors(user: User, version: JobDescriptorVersion) -> bool:
    return perms.can_manage_descriptors(user)


def _may_review(user: User, version: JobDescriptorVersion) -> bool:
    return perms.is_people_reviewer(user)


#: A manual's version: borrador → vigente → reemplazada (a new version in force replaces it).
MANUAL_VERSION_WORKFLOW = Workflow(
    states=DocumentStatus,
    model=ManualVersion,
    next_steps={
        DocumentStatus.DRAFT: Next(
            gettext_lazy("Ahora Gabinete debe aprobarla para que quede vigente."), gettext_lazy("Gabinete")
        ),
        DocumentStatus.IN_FORCE: Next(
            gettext_lazy("Es la versión vigente: la reemplazará la próxima versión aprobada."), gettext_lazy("Gabinete")
        ),
        DocumentStatus.SUPERSEDED: Next(gettext_lazy("Reemplazada: no requiere más pasos.")),
    },
    wrong_state=_wrong_version_state,
    tones=_DOCUMENT_TONES,
    notify=_document_audience,
    transitions=[
        Transition(
            "approve",
            (DocumentStatus.DRAFT,),
            DocumentStatus.IN_FORCE,
            gettext_lazy("Aprobar"),
            allowed=_may_manage_manuals,
            refusal=gettext_lazy("Solo Gabinete puede aprobar versiones."),
        ),
        _supersede(_may_manage_manuals),
    ],
)

#: A job descriptor's version: borrador → en revisión (Gestión de Personas) → revisada or observada
#: (→ en revisión again) → vigente → reemplazada.
DESCRIPTOR_VERSION_WORKFLOW = Workflow(
    states=DocumentStatus,
    model=JobDescriptorVersion,
    next_steps={
        DocumentStatus.DRAFT: Next(
            gettext_lazy("Ahora Gabinete debe enviarla a la Dirección de Gestión de Personas."),
            gettext_lazy("Gabinete"),
        ),
        DocumentStatus.IN_REVIEW: Next(
            gettext_lazy("Ahora Gestión de Personas debe aceptarla o devolverla con observaciones."),
            gettext_lazy("Dirección de Gestión de Personas"),
        ),
        DocumentStatus.RETURNED: Next(
            gettext_lazy("Ahora Gabinete debe corregirla y enviarla de nuevo a revisión."), gettext_lazy("Gabinete")
        ),
        DocumentStatus.REVIEWED: Next(
            gettext_lazy("Ahora Gabinete debe aprobarla para que quede vigente."), gettext_lazy("Gabinete")
        ),
        DocumentStatus.IN_FORCE: Next(
            gettext_lazy("Es la versión vigente: la reemplazará la próxima versión aprobada."), gettext_lazy("Gabinete")
        ),
        DocumentStatus.SUPERSEDED: Next(gettext_lazy("Reemplazada: no requiere más pasos.")),
    },
    wrong_state=_wrong_version_state,
    tones=_DOCUMENT_TONES,
    notify=_document_audience,
    transitions=[
        Transition(
            "submit",
            (DocumentStatus.DRAFT, DocumentStatus.RETURNED),
            DocumentStatus.IN_REVIEW,
            gettext_lazy("Enviar a Gestión de Personas"),
            allowed=_may_manage_descriptors,
            refusal=gettext_lazy("Solo Gabinete puede enviar descriptores a revisión."),
        ),
        Transition(
            "accept",
            (DocumentStatus.IN_REVIEW,),
            DocumentStatus.REVIEWED,
            gettext_lazy("Aceptar la versión"),
            allowed=_may_review,
            refusal=gettext_lazy("Solo la Dirección de Gestión de Personas revisa los descriptores de cargo."),
        ),
        Transition(
            "return",
            (DocumentStatus.IN_REVIEW,),
            DocumentStatus.RETURNED,
            gettext_lazy("Devolver con observaciones"),
            allowed=_may_review,
            refusal=gettext_lazy("Solo la Dirección de Gestión de Personas revisa los descriptores de cargo."),
            needs=requires_detail(
                "observations", gettext_lazy("Indique las observaciones para devolver la versión a Gabinete.")
            ),
            needs_field="observations",
        ),
        Transition(
            "approve",
            (DocumentStatus.REVIEWED,),
            DocumentStatus.IN_FORCE,
            gettext_lazy("Aprobar"),
            allowed=_may_manage_descriptors,
            refusal=gettext_lazy("Solo Gabinete puede aprobar versiones."),
        ),
        _supersede(_may_manage_descriptors),
    ],
)


def version_workflow(version: ManualVersion | JobDescriptorVersion) -> Workflow:
    """The workflow of a manual's or a descriptor's version."""
    return DESCRIPTOR_VERSION_WORKFLOW if isinstance(version, JobDescriptorVersion) else MANUAL_VERSION_WORKFLOW


# --- shared helpers ------------------------------------------------------------------------------------


def _save(instance: Any, by: User, **kwargs: Any) -> None:
    """Save and record the acting user on the historical row (also outside a request)."""
    activity.set_history_user(instance, by)
    instance.save(**kwargs)


def _check_stale(instance: Any, expected_version: int | None) -> None:
    try:
        check_version(instance, expected_version)
    except StaleObjectError as exc:
        raise ValidationError(str(exc), code="stale") from exc


# --- Matters for the Alcalde's decision ------------------------------------------------------------------


def _locked(matter: Matter) -> Matter:
    return Matter.objects.select_for_update().get(pk=matter.pk)


def _version_step(version: ManualVersion | JobDescriptorVersion, name: str, *, by: User, **details: Any) -> None:
    """One step of a version through its document's workflow (which writes the step's activity entry)."""
    if isinstance(version, JobDescriptorVersion):
        DESCRIPTOR_VERSION_WORKFLOW.apply(version, name, by=by, **details)
    else:
        MANUAL_VERSION_WORKFLOW.apply(version, name, by=by, **details)


@activity.service
def matter_attach(*, matter: Matter, file: UploadedFile, description: str = "", by: User) -> MatterAttachment:
    """Attach a supporting document to a pending matter (content and size checked)."""
    if not perms.can_attach_to_matter(by, matter):
        raise PermissionDenied(_("No puede adjuntar antecedentes a este asunto."))
    attachment = MatterAttachment(
        matter=matter, file=file, original_name=(file.name or "")[:255], description=description, uploaded_by=by
    )
    attachment.full_clean(exclude=["matter", "uploaded_by"])
    _save(attachment, by)
    activity.record(
        actor=by,
        verb=MATTER_ATTACHED,
        target=matter,
        changes={"attachment": {"label": _("antecedente"), "before": None, "after": attachment.original_name}},
    )
    return attachment


@activity.service
def matter_raise(
    *,
    directorate: Directorate,
    subject: str,
    background: str,
    options: str = "",
    recommendation: str = "",
    urgency: int,
    gabinete_summary: str = "",
    attachments: list[tuple[UploadedFile, str]] | None = None,
    by: User,
) -> Matter:
    """A directorate raises a matter for the Alcalde's decision; Gabinete gets it to prepare.

    Gabinete may raise one itself with its summary already written. The matter, its summary and its
    attachments are saved together or not at all: a refused attachment leaves nothing behind.
    """
    if not perms.directorates_that_may_raise_matters(by).filter(pk=directorate.pk).exists():
        raise PermissionDenied(_("No puede presentar asuntos en nombre de esta dirección."))
    if gabinete_summary and not perms.is_gabinete(by):
        raise PermissionDenied(_("Solo Gabinete escribe la síntesis de un asunto."))
    matter = Matter(
        directorate=directorate,
        raised_by=by,
        subject=subject,
        background=background,
        options=options,
        recommendation=recommendation,
        urgency=urgency,
        gabinete_summary=gabinete_summary,
    )
    matter.full_clean(exclude=["raised_by", "directorate"])
    _save(matter, by)
    activity.record(actor=by, verb=MATTER_RAISED, target=matter, recipients=activity.gabinete_people())
    for file, description in attachments or []:
        matter_attach(matter=matter, file=file, description=description, by=by)
    return matter


@activity.service
def matter_update(*, matter: Matter, data: dict[str, Any], expected_version: int | None, by: User) -> Matter:
    """The directorate completes its matter, or Gabinete completes it while preparing it."""
    if not perms.can_edit_matter(by, matter):
        raise PermissionDenied(_("No puede modificar este asunto."))
    _check_stale(matter, expected_version)
    allowed = {"subject", "background", "options", "recommendation", "urgency"}
    if perms.is_gabinete(by):
        allowed.add("gabinete_summary")
    before = activity.snapshot(matter, MATTER_TRACKED)
    for field, value in data.items():
        if field in allowed:
            setattr(matter, field, value)
    matter.full_clean(exclude=["raised_by", "directorate", "meeting", "decided_by"])
    _save(matter, by)
    changes = activity.changes_between(before, activity.snapshot(matter, MATTER_TRACKED), Matter)
    activity.record(actor=by, verb=MATTER_UPDATED, target=matter, changes=changes)
    return matter


@activity.service
def matter_request_info(*, matter: Matter, question: str, by: User) -> Matter:
    """Gabinete asks the directorate for more before the matter goes to the Alcalde."""
    matter = _locked(matter)
    if not perms.can_prepare_matter(by, matter):
        raise PermissionDenied(_("Solo Gabinete puede solicitar antecedentes."))
    MATTER_WORKFLOW.apply(matter, "request_info", by=by, question=question)
    _save(matter, by, update_fields=["status"])
    MatterNote.objects.create(matter=matter, kind=MatterNoteKind.INFO_REQUEST, text=question.strip(), author=by)
    return matter


@activity.service
def matter_answer(*, matter: Matter, answer: str, by: User) -> Matter:
    """The directorate answers Gabinete's request; the matter returns to Gabinete to prepare."""
    matter = _locked(matter)
    if not perms.can_answer_matter(by, matter):
        raise PermissionDenied(_("Solo la dirección que presentó el asunto puede responder."))
    MATTER_WORKFLOW.apply(matter, "answer", by=by, answer=answer)
    _save(matter, by, update_fields=["status"])
    MatterNote.objects.create(matter=matter, kind=MatterNoteKind.REPLY, text=answer.strip(), author=by)
    return matter


def next_meeting_date(today: date | None = None) -> date:
    """The next dispatch meeting already planned, or next Monday."""
    today = today or timezone.localdate()
    planned = DispatchMeeting.objects.filter(date__gte=today).values_list("date", flat=True).first()
    if planned:
        return planned
    return date.fromordinal(today.toordinal() + (7 - today.weekday()))


@activity.service
def matter_schedule(*, matter: Matter, meeting_date: date, note: str = "", by: User) -> Matter:
    """Gabinete groups a prepared matter for the Alcalde's dispatch meeting on `meeting_date`."""
    matter = _locked(matter)
    if not perms.can_prepare_matter(by, matter):
        raise PermissionDenied(_("Solo Gabinete puede agrupar asuntos para el despacho."))
    if meeting_date < timezone.localdate():
        raise ValidationError({"meeting_date": _("La reunión de despacho no puede tener una fecha pasada.")})
    MATTER_WORKFLOW.apply(matter, "schedule", by=by)
    meeting, created = DispatchMeeting.objects.get_or_create(date=meeting_date, defaults={"created_by": by})
    matter.meeting = meeting
    _save(matter, by, update_fields=["status", "meeting"])
    text = _("Agrupado para el despacho del %(date)s.") % {"date": f"{meeting_date:%d-%m-%Y}"}
    if note.strip():
        text += " " + note.strip()
    MatterNote.objects.create(matter=matter, kind=MatterNoteKind.SCHEDULED, text=text, author=by)
    return matter


@activity.service
def matter_decide(
    *, matter: Matter, decision: str, instructions: str = "", decided_on: date | None = None, by: User
) -> Matter:
    """Record the Alcalde's decision. Recorded by the Alcalde, or by Gabinete on the Alcalde's behalf
    (marked so); the directorate is told by e-mail and sees it on the matter."""
    if not perms.can_decide_matter(by):
        raise PermissionDenied(
            _("Solo el Alcalde, o Gabinete en nombre del Alcalde, puede registrar la decisión de un asunto.")
        )
    decided_on = decided_on or timezone.localdate()
    errors: dict[str, str] = {}
    if decision not in Decision.values:
        errors["decision"] = _("Elija la decisión: aprobado, rechazado o con instrucciones.")
    if decision == Decision.WITH_INSTRUCTIONS and not instructions.strip():
        errors["instructions"] = _("Una decisión «con instrucciones» debe indicar las instrucciones del Alcalde.")
    if decided_on > timezone.localdate():
        errors["decided_on"] = _("La fecha de la decisión no puede ser futura.")
    if errors:
        raise ValidationError(errors)
    matter = _locked(matter)
    if matter.is_decided:
        raise ValidationError(
            _("Este asunto ya fue resuelto el %(date)s; la decisión registrada no se reemplaza.")
            % {"date": f"{matter.decided_on:%d-%m-%Y}"},
            code="already_decided",
        )
    MATTER_WORKFLOW.apply(matter, "decide", by=by)
    matter.decision = decision
    matter.instructions = instructions.strip()
    matter.decided_on = decided_on
    matter.decided_by = by
    matter.decided_on_behalf = perms.decides_on_behalf(by)
    _save(
        matter,
        by,
        update_fields=[
            "status",
            "decision",
            "instructions",
            "decided_on",
            "decided_by",
            "decided_on_behalf",
        ],
    )
    return matter


# --- Assignments ----------------------------------------------------------------------------------------


def _validate_assignment(
    *, directorate: Directorate | None, responsible: User | None, assigned_on: date, due_date: date | None
) -> None:
    errors: dict[str, str] = {}
    if responsible is None:
        errors["responsible"] = _("Indique la persona responsable del encargo.")
    elif not responsible.is_active:
        errors["responsible"] = _("La persona responsable no tiene una cuenta activa.")
    elif directorate is not None and not perms.is_member_of(responsible, directorate):
        errors["responsible"] = _("La persona responsable debe pertenecer a %(directorate)s.") % {
            "directorate": directorate
        }
    if directorate is None:
        errors["directorate"] = _("Indique a qué dirección se da el encargo.")
    if due_date is None:
        errors["due_date"] = _("Indique el plazo del encargo.")
    elif due_date < assigned_on:
        errors["due_date"] = _("El plazo no puede ser anterior a la fecha del encargo.")
    if errors:
        raise ValidationError(errors)


@activity.service
def assignment_create(
    *,
    title: str,
    description: str = "",
    directorate: Directorate | None,
    responsible: User | None,
    due_date: date | None,
    assigned_on: date | None = None,
    by: User,
) -> Assignment:
    """Record a task the Alcalde gives to Gabinete or a directorate; the responsible person is told."""
    if not perms.can_create_assignment(by):
        raise PermissionDenied(_("Solo el Alcalde o Gabinete pueden registrar encargos del Alcalde."))
    assigned_on = assigned_on or timezone.localdate()
    _validate_assignment(directorate=directorate, responsible=responsible, assigned_on=assigned_on, due_date=due_date)
    # _validate_assignment refused a missing responsible person or due date
    responsible, due_date = cast("User", responsible), cast(date, due_date)
    assignment = Assignment(
        title=title,
        description=description,
        directorate=directorate,
        responsible=responsible,
        assigned_on=assigned_on,
        due_date=due_date,
        created_by=by,
    )
    _save(assignment, by)
    activity.record(actor=by, verb=ASSIGNMENT_CREATED, target=assignment, recipients=[responsible])
    return assignment


@activity.service
def assignment_update(
    *, assignment: Assignment, data: dict[str, Any], expected_version: int | None, by: User
) -> Assignment:
    """Change an open assignment (new due date, another responsible person); history keeps the old."""
    if not perms.can_edit_assignment(by, assignment):
        raise PermissionDenied(_("No puede modificar este encargo."))
    _check_stale(assignment, expected_version)
    before = activity.snapshot(assignment, ASSIGNMENT_TRACKED)
    for field in ASSIGNMENT_TRACKED:
        if field in data:
            setattr(assignment, field, data[field])
    _validate_assignment(
        directorate=assignment.directorate if assignment.directorate_id else None,
        responsible=data.get("responsible", assignment.responsible),
        assigned_on=assignment.assigned_on,
        due_date=assignment.due_date,
    )
    _save(assignment, by)
    activity.record(
        actor=by,
        verb=ASSIGNMENT_UPDATED,
        target=assignment,
        changes=activity.changes_between(before, activity.snapshot(assignment, ASSIGNMENT_TRACKED), Assignment),
        recipients=[assignment.responsible],
    )
    return assignment


@activity.service
def assignment_add_note(*, assignment: Assignment, text: str, by: User) -> AssignmentNote:
    """A progress note from the responsible person, the directorate or Gabinete."""
    if not perms.can_report_assignment(by, assignment):
        raise PermissionDenied(_("No puede informar avances de este encargo."))
    if not text.strip():
        raise ValidationError({"text": _("Escriba el avance.")})
    note = AssignmentNote.objects.create(assignment=assignment, text=text.strip(), author=by)
    activity.record(
        actor=by, verb=ASSIGNMENT_NOTED, target=assignment, recipients=[assignment.responsible, assignment.created_by]
    )
    return note


@activity.service
def assignment_close(*, assignment: Assignment, closure_note: str, by: User) -> Assignment:
    """Close an assignment with its result."""
    if not perms.can_close_assignment(by, assignment):
        raise PermissionDenied(_("No puede cerrar este encargo."))
    if not closure_note.strip():
        raise ValidationError({"closure_note": _("Indique el resultado del encargo para cerrarlo.")})
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    ASSIGNMENT_WORKFLOW.apply(assignment, "close", by=by, closure_note=closure_note)
    assignment.closed_on = timezone.localdate()
    assignment.closed_by = by
    assignment.closure_note = closure_note.strip()
    _save(assignment, by, update_fields=["status", "closed_on", "closed_by", "closure_note"])
    return assignment


# --- Manuals and job descriptors --------------------------------------------------------------------------


def _next_number(versions: Any) -> int:
    last = versions.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def _refuse_second_open_version(versions: Any) -> None:
    open_version = versions.filter(status__in=OPEN_VERSION_STATES).order_by("-number").first()
    if open_version is not None:
        raise ValidationError(
            _("Ya hay una versión en preparación (versión %(n)s, «%(status)s»). Termínela antes de crear otra.")
            % {"n": open_version.number, "status": open_version.get_status_display()},
            code="open_version",
        )


@activity.service
def manual_create(*, title: str, scope: str = "", owner: User, review_due_on: date, by: User) -> ProcedureManual:
    """Register a procedure manual of the Dirección; its content comes in versions."""
    if not perms.can_manage_manuals(by):
        raise PermissionDenied(_("Solo Gabinete puede registrar manuales."))
    manual = ProcedureManual(title=title, scope=scope, owner=owner, review_due_on=review_due_on)
    manual.full_clean()
    _save(manual, by)
    activity.record(actor=by, verb=MANUAL_CREATED, target=manual, recipients=[owner])
    return manual


@activity.service
def manual_update(
    *, manual: ProcedureManual, data: dict[str, Any], expected_version: int | None, by: User
) -> ProcedureManual:
    if not perms.can_manage_manuals(by):
        raise PermissionDenied(_("Solo Gabinete puede modificar manuales."))
    _check_stale(manual, expected_version)
    before = activity.snapshot(manual, MANUAL_TRACKED)
    for field in MANUAL_TRACKED:
        if field in data:
            setattr(manual, field, data[field])
    manual.full_clean()
    _save(manual, by)
    activity.record(
        actor=by,
        verb=MANUAL_UPDATED,
        target=manual,
        changes=activity.changes_between(before, activity.snapshot(manual, MANUAL_TRACKED), ProcedureManual),
        recipients=[manual.owner],
    )
    return manual


def _check_manual_content(body: str, file: Any) -> None:
    from gabinete.richtext import html_to_text

    if not html_to_text(body) and not file:
        raise ValidationError(_("La versión necesita contenido: escriba el texto del manual o adjunte el documento."))


@activity.service
def manual_version_create(
    *, manual: ProcedureManual, change_summary: str, body: str = "", file: UploadedFile | None = None, by: User
) -> ManualVersion:
    """A new draft version of a manual, saying what changed."""
    if not perms.can_manage_manuals(by):
        raise PermissionDenied(_("Solo Gabinete puede redactar versiones de manuales."))
    ProcedureManual.objects.select_for_update().get(pk=manual.pk)
    _refuse_second_open_version(manual.versions.all())
    _check_manual_content(body, file)
    version = ManualVersion(
        manual=manual,
        number=_next_number(manual.versions.all()),
        change_summary=change_summary,
        body=body,
        file=file or "",
        created_by=by,
    )
    version.full_clean(exclude=["manual", "created_by"])
    _save(version, by)
    activity.record(
        actor=by,
        verb=MANUAL_VERSION_CREATED,
        target=manual,
        changes=_version_change(version),
        recipients=[manual.owner],
    )
    return version


def _version_change(version: ManualVersion | JobDescriptorVersion) -> dict[str, Any]:
    """What an entry on the document says about one of its versions."""
    return {"version": {"label": _("versión"), "before": None, "after": version.number}}


@activity.service
def manual_version_update(
    *, version: ManualVersion, data: dict[str, Any], expected_version: int | None, by: User
) -> ManualVersion:
    if not perms.can_manage_manuals(by):
        raise PermissionDenied(_("Solo Gabinete puede modificar versiones de manuales."))
    if not version.is_editable:
        raise ValidationError(_("Una versión aprobada no se modifica: cree una nueva versión."))
    _check_stale(version, expected_version)
    for field in ("change_summary", "body"):
        if field in data:
            setattr(version, field, data[field])
    if data.get("file"):
        version.file = data["file"]
    _check_manual_content(version.body, version.file)
    version.full_clean(exclude=["manual", "created_by"])
    _save(version, by)
    activity.record(actor=by, verb=MANUAL_VERSION_UPDATED, target=version.manual, changes=_version_change(version))
    return version


@activity.service
def version_approve(*, version: ManualVersion | JobDescriptorVersion, by: User) -> ManualVersion | JobDescriptorVersion:
    """Approve a version: it comes into force, the previous one is superseded, and the document's
    yearly review date moves one year ahead. Job descriptors need Gestión de Personas' review first."""
    model = type(version)
    is_descriptor = model is JobDescriptorVersion
    allowed = perms.can_manage_descriptors(by) if is_descriptor else perms.can_manage_manuals(by)
    if not allowed:
        raise PermissionDenied(_("Solo Gabinete puede aprobar versiones."))
    version = model.objects.select_for_update().get(pk=version.pk)
    version_workflow(version).check(version, "approve", by)
    document = version.document
    today = timezone.localdate()
    for previous in model.objects.filter(status=DocumentStatus.IN_FORCE, **{_parent(model): document}):
        _version_step(previous, "supersede", by=by)
        _save(previous, by, update_fields=["status"])
    _version_step(version, "approve", by=by)
    version.approved_by = by
    version.approved_on = today
    _save(version, by, update_fields=["status", "approved_by", "approved_on"])
    document.last_approved_on = today
    document.review_due_on = one_year_after(today)
    _save(document, by, update_fields=["last_approved_on", "review_due_on"])
    return version


def _parent(model: type[ManualVersion] | type[JobDescriptorVersion]) -> str:
    return "descriptor" if model is JobDescriptorVersion else "manual"


@activity.service
def descriptor_create(*, position: str, unit: str, owner: User, review_due_on: date, by: User) -> JobDescriptor:
    """Register a job descriptor of a position in the Dirección; its content comes in versions."""
    if not perms.can_manage_descriptors(by):
        raise PermissionDenied(_("Solo Gabinete puede registrar descriptores de cargo."))
    descriptor = JobDescriptor(position=position, unit=unit, owner=owner, review_due_on=review_due_on)
    descriptor.full_clean()
    _save(descriptor, by)
    activity.record(actor=by, verb=DESCRIPTOR_CREATED, target=descriptor, recipients=[owner])
    return descriptor


DESCRIPTOR_VERSION_FIELDS = (
    "purpose",
    "functions",
    "education",
    "experience",
    "competencies",
    "reports_to",
    "supervises",
    "change_summary",
)


@activity.service
def descriptor_version_create(*, descriptor: JobDescriptor, data: dict[str, Any], by: User) -> JobDescriptorVersion:
    """A new draft version of a job descriptor, saying what changed."""
    if not perms.can_manage_descriptors(by):
        raise PermissionDenied(_("Solo Gabinete puede redactar versiones de descriptores."))
    JobDescriptor.objects.select_for_update().get(pk=descriptor.pk)
    _refuse_second_open_version(descriptor.versions.all())
    version = JobDescriptorVersion(
        descriptor=descriptor,
        number=_next_number(descriptor.versions.all()),
        created_by=by,
        **{f: data.get(f, "") for f in DESCRIPTOR_VERSION_FIELDS},
    )
    version.full_clean(exclude=["descriptor", "created_by"])
    _save(version, by)
    activity.record(
        actor=by,
        verb=DESCRIPTOR_VERSION_CREATED,
        target=descriptor,
        changes=_version_change(version),
        recipients=[descriptor.owner],
    )
    return version


@activity.service
def descriptor_version_update(
    *, version: JobDescriptorVersion, data: dict[str, Any], expected_version: int | None, by: User
) -> JobDescriptorVersion:
    if not perms.can_manage_descriptors(by):
        raise PermissionDenied(_("Solo Gabinete puede modificar descriptores."))
    if not version.is_editable:
        raise ValidationError(
            _("Esta versión no se puede modificar en estado «%(status)s».") % {"status": version.get_status_display()}
        )
    _check_stale(version, expected_version)
    for field in DESCRIPTOR_VERSION_FIELDS:
        if field in data:
            setattr(version, field, data[field])
    version.full_clean(exclude=["descriptor", "created_by"])
    _save(version, by)
    activity.record(
        actor=by, verb=DESCRIPTOR_VERSION_UPDATED, target=version.descriptor, changes=_version_change(version)
    )
    return version


@activity.service
def descriptor_version_submit(*, version: JobDescriptorVersion, by: User) -> JobDescriptorVersion:
    """Send a draft (or a version returned with observations) to Gestión de Personas for review."""
    if not perms.can_manage_descriptors(by):
        raise PermissionDenied(_("Solo Gabinete puede enviar descriptores a revisión."))
    version = JobDescriptorVersion.objects.select_for_update().get(pk=version.pk)
    DESCRIPTOR_VERSION_WORKFLOW.apply(version, "submit", by=by)
    _save(version, by, update_fields=["status"])
    return version


@activity.service
def descriptor_version_review(
    *, version: JobDescriptorVersion, accepted: bool, observations: str = "", by: User
) -> JobDescriptorVersion:
    """Gestión de Personas reviews a version: accepted (ready to approve) or returned with observations."""
    if not perms.is_people_reviewer(by):
        raise PermissionDenied(_("Solo la Dirección de Gestión de Personas revisa los descriptores de cargo."))
    version = JobDescriptorVersion.objects.select_for_update().get(pk=version.pk)
    DESCRIPTOR_VERSION_WORKFLOW.apply(version, "accept" if accepted else "return", by=by, observations=observations)
    version.reviewed_by = by
    version.reviewed_on = timezone.localdate()
    version.review_observations = observations.strip()
    _save(version, by, update_fields=["status", "reviewed_by", "reviewed_on", "review_observations"])
    return version


@activity.service
def annual_report_record(
    *, kind: str, year: int, sent_on: date, sent_by: User | None, reference: str = "", by: User
) -> AnnualReport:
    """Record that the year's manuals (or descriptors) were reported to the Administrador Municipal.
    Recording the same year again corrects it; the history keeps the earlier record."""
    allowed = perms.can_manage_descriptors(by) if kind == "descriptores" else perms.can_manage_manuals(by)
    if not allowed:
        raise PermissionDenied(_("Solo Gabinete registra los informes al Administrador Municipal."))
    if sent_on > timezone.localdate():
        raise ValidationError({"sent_on": _("La fecha de envío no puede ser futura.")})
    if sent_by is None:
        raise ValidationError({"sent_by": _("Indique quién envió el informe.")})
    report = AnnualReport.objects.filter(kind=kind, year=year).first() or AnnualReport(kind=kind, year=year)
    report.sent_on = sent_on
    report.sent_by = sent_by
    report.reference = reference
    report.recorded_by = by
    try:
        with transaction.atomic():
            _save(report, by)
    except IntegrityError as exc:  # two people recording the same year at once
        raise ValidationError(_("El informe de ese año se registró recién; recargue la página.")) from exc
    activity.record(actor=by, verb=ANNUAL_REPORT_RECORDED, target=report)
    return report
