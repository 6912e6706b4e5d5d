"""Demo data of the office's own duties: matters in every state, assignments (one overdue), manuals
(one flagged for its overdue yearly review), job descriptors (one waiting for Gestión de Personas)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from gabinete import demo
from gabinete.models import Directorate

from .models import (
    AnnualReport,
    Assignment,
    AssignmentNote,
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
    ReportKind,
    Urgency,
)

#: A one-page PDF (enough for the content check and for a viewer to open).
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


@demo.register(order=15)
def seed(ctx: demo.DemoContext) -> None:
    u = ctx.users
    if not {"alcalde", "jefa.gabinete", "director.aseo", "director.transito", "director.personas"} <= set(u):
        return
    _matters(ctx)
    _assignments(ctx)
    _manuals(ctx)
    _descriptors(ctx)
    ctx.say("Despacho: asuntos, encargos, manuales y descriptores de demostración listos.")


def _matters(ctx) -> None:
    if Matter.objects.exists():
        return
    u, today = ctx.users, ctx.today
    aseo = Directorate.objects.get(slug="aseo")
    transito = Directorate.objects.get(slug="transito-y-transporte-publico")
    monday = today + timedelta(days=7 - today.weekday())
    meeting, _ = DispatchMeeting.objects.get_or_create(date=monday, defaults={"created_by": u["jefa.gabinete"]})
    ready = Matter.objects.create(
        directorate=aseo,
        raised_by=u["director.aseo"],
        urgency=Urgency.URGENT,
        status=MatterStatus.READY,
        subject="Ampliación del horario de recolección en el sector La Chimba",
        background="Los vecinos de La Chimba reportan acumulación de residuos los fines de semana. "
        "El contrato vigente permite ampliar el servicio con cargo al ítem de imprevistos.",
        options="1. Ampliar la recolección a los sábados por tres meses.\n2. Mantener el horario y reforzar "
        "con camión aljibe los lunes.",
        recommendation="Opción 1, evaluando el resultado al tercer mes.",
        gabinete_summary="Costo estimado: $4.800.000 mensuales. Finanzas confirma disponibilidad.",
        submitted_at=_at(today - timedelta(days=5)),
        meeting=meeting,
    )
    MatterAttachment.objects.create(
        matter=ready,
        file=ContentFile(DEMO_PDF, name="informe.pdf"),
        original_name="informe-tecnico-la-chimba.pdf",
        description="Informe técnico de la Dirección de Aseo",
        uploaded_by=u["director.aseo"],
    )
    MatterNote.objects.create(
        matter=ready,
        kind=MatterNoteKind.SCHEDULED,
        author=u["jefa.gabinete"],
        text=f"Agrupado para el despacho del {monday:%d-%m-%Y}.",
    )
    asked = Matter.objects.create(
        directorate=transito,
        raised_by=u["enlace.transito"],
        urgency=Urgency.HIGH,
        status=MatterStatus.INFO_REQUESTED,
        subject="Cierre temporal de calle Prat para la Feria del Libro",
        background="La organización de la Feria del Libro solicita cerrar calle Prat entre Matta y Latorre "
        "durante diez días.",
        options="1. Autorizar el cierre completo.\n2. Autorizar el cierre solo los fines de semana.",
        recommendation="Opción 2, para no afectar el transporte público.",
        submitted_at=_at(today - timedelta(days=3)),
    )
    MatterNote.objects.create(
        matter=asked,
        kind=MatterNoteKind.INFO_REQUEST,
        author=u["jefa.gabinete"],
        text="Adjunte el plan de desvíos del transporte público y la opinión de Carabineros.",
    )
    Matter.objects.create(
        directorate=aseo,
        raised_by=u["enlace.aseo"],
        urgency=Urgency.NORMAL,
        subject="Compra de contenedores soterrados para el casco histórico",
        background="Propuesta de instalar 12 contenedores soterrados en el casco histórico, con financiamiento "
        "del FNDR.",
        options="1. Postular al FNDR este año.\n2. Postergar para el próximo presupuesto.",
        recommendation="Postular este año.",
        submitted_at=_at(today - timedelta(days=12)),
    )
    Matter.objects.create(
        directorate=transito,
        raised_by=u["director.transito"],
        urgency=Urgency.HIGH,
        status=MatterStatus.DECIDED,
        decision=Decision.APPROVED,
        subject="Cambio de sentido de tránsito en avenida Angamos",
        background="El estudio de tránsito recomienda invertir el sentido del tramo entre Copiapó y Uribe.",
        submitted_at=_at(today - timedelta(days=20)),
        decided_on=today - timedelta(days=4),
        decided_by=u["alcalde"],
    )
    Matter.objects.create(
        directorate=aseo,
        raised_by=u["director.aseo"],
        urgency=Urgency.NORMAL,
        status=MatterStatus.DECIDED,
        decision=Decision.WITH_INSTRUCTIONS,
        subject="Campaña de reciclaje en establecimientos educacionales",
        background="Propuesta de campaña de reciclaje con 30 colegios municipales.",
        instructions="Coordinar con la Corporación Municipal de Desarrollo Social y partir en marzo.",
        submitted_at=_at(today - timedelta(days=25)),
        decided_on=today - timedelta(days=2),
        decided_by=u["jefa.gabinete"],
        decided_on_behalf=True,
    )


def _assignments(ctx) -> None:
    if Assignment.objects.exists():
        return
    u, today = ctx.users, ctx.today
    gabinete = Directorate.objects.get(slug=Directorate.GABINETE_SLUG)
    aseo = Directorate.objects.get(slug="aseo")
    transito = Directorate.objects.get(slug="transito-y-transporte-publico")
    overdue = Assignment.objects.create(
        title="Preparar la visita del Alcalde a la población Bonilla",
        directorate=gabinete,
        responsible=u["protocolo"],
        assigned_on=today - timedelta(days=15),
        due_date=today - timedelta(days=3),
        description="Reunión con la junta de vecinos y recorrido por la sede social.",
        created_by=u["jefa.gabinete"],
    )
    AssignmentNote.objects.create(
        assignment=overdue, author=u["protocolo"], text="Junta de vecinos contactada; falta confirmar la fecha."
    )
    Assignment.objects.create(
        title="Informe de puntos críticos de microbasurales",
        directorate=aseo,
        responsible=u["director.aseo"],
        assigned_on=today - timedelta(days=10),
        due_date=today + timedelta(days=2),
        created_by=u["alcalde"],
        description="Mapa de los 20 puntos más reportados y plan de limpieza.",
    )
    Assignment.objects.create(
        title="Propuesta de nuevos paraderos en avenida Argentina",
        directorate=transito,
        responsible=u["director.transito"],
        assigned_on=today - timedelta(days=3),
        due_date=today + timedelta(days=20),
        created_by=u["jefa.gabinete"],
    )
    Assignment.objects.create(
        title="Saludo del Alcalde para el aniversario de la ciudad",
        directorate=gabinete,
        responsible=u["prensa"],
        assigned_on=today - timedelta(days=9),
        due_date=today - timedelta(days=2),
        created_by=u["alcalde"],
        status="cerrado",
        closed_on=today - timedelta(days=2),
        closed_by=u["prensa"],
        closure_note="Saludo grabado y publicado en redes sociales.",
    )


MANUAL_BODY = (
    "<h2>1. Objetivo</h2><p>Ordenar la preparación de las actividades protocolares del Alcalde.</p>"
    "<h2>2. Procedimiento</h2><ol><li>Recibir la invitación y registrarla en la agenda.</li>"
    "<li>Confirmar asistencia con el Alcalde.</li><li>Preparar la pauta y el orden de precedencia.</li></ol>"
)


def _manuals(ctx) -> None:
    if ProcedureManual.objects.exists():
        return
    u, today = ctx.users, ctx.today
    approved = today - timedelta(days=330)
    protocol = ProcedureManual.objects.create(
        title="Manual de procedimientos de Protocolo",
        owner=u["protocolo"],
        scope="Actividades protocolares y ceremonias del Alcalde.",
        review_due_on=approved + timedelta(days=365),
        last_approved_on=approved,
    )
    ManualVersion.objects.create(
        manual=protocol,
        number=1,
        change_summary="Primera versión.",
        body=MANUAL_BODY,
        status=DocumentStatus.SUPERSEDED,
        created_by=u["protocolo"],
        approved_by=u["jefa.gabinete"],
        approved_on=approved - timedelta(days=365),
    )
    ManualVersion.objects.create(
        manual=protocol,
        number=2,
        change_summary="Se agrega el orden de precedencia del Decreto 537.",
        body=MANUAL_BODY + "<p>El orden de precedencia sigue el Reglamento de Ceremonial Público.</p>",
        status=DocumentStatus.IN_FORCE,
        created_by=u["protocolo"],
        approved_by=u["jefa.gabinete"],
        approved_on=approved,
    )
    old = today - timedelta(days=420)
    press = ProcedureManual.objects.create(
        title="Manual de procedimientos de Prensa y Comunicaciones",
        owner=u["prensa"],
        scope="Comunicados, publicaciones y atención de medios.",
        review_due_on=old + timedelta(days=365),
        last_approved_on=old,
    )
    ManualVersion.objects.create(
        manual=press,
        number=1,
        change_summary="Primera versión.",
        body="<h2>Comunicados</h2><p>Todo comunicado pasa por revisión de la Jefa de Gabinete antes de publicarse.</p>",
        status=DocumentStatus.IN_FORCE,
        created_by=u["prensa"],
        approved_by=u["jefa.gabinete"],
        approved_on=old,
    )
    ManualVersion.objects.create(
        manual=press,
        number=2,
        change_summary="Se incorpora el flujo de publicación programada.",
        body="<h2>Comunicados</h2><p>Todo comunicado pasa por revisión antes de publicarse; puede "
        "programarse su publicación.</p>",
        status=DocumentStatus.DRAFT,
        created_by=u["prensa"],
    )
    AnnualReport.objects.get_or_create(
        kind=ReportKind.MANUALS,
        year=today.year - 1,
        defaults={
            "sent_on": today - timedelta(days=300),
            "sent_by": u["jefa.gabinete"],
            "reference": "Memorándum N° 112",
            "recorded_by": u["jefa.gabinete"],
        },
    )


def _descriptors(ctx) -> None:
    if JobDescriptor.objects.exists():
        return
    u, today = ctx.users, ctx.today
    approved = today - timedelta(days=200)
    common = {
        "education": "Título profesional de una carrera de al menos ocho semestres.",
        "experience": "Tres años en cargos similares en el sector público.",
        "competencies": "Orientación al servicio\nTrabajo en equipo\nComunicación efectiva\nProbidad",
    }
    head = JobDescriptor.objects.create(
        position="Jefe/a de Gabinete",
        unit="Dirección",
        owner=u["jefa.gabinete"],
        review_due_on=approved + timedelta(days=365),
        last_approved_on=approved,
    )
    JobDescriptorVersion.objects.create(
        descriptor=head,
        number=1,
        change_summary="Primera versión.",
        status=DocumentStatus.IN_FORCE,
        purpose="Dirigir la Dirección de Gabinete y asesorar directamente al Alcalde.",
        functions="Coordinar la agenda del Alcalde\nPreparar los asuntos para su resolución\n"
        "Supervisar los equipos de Protocolo, Prensa y Comunicaciones",
        reports_to="Alcalde",
        supervises="Equipos de Protocolo, Prensa y Comunicaciones",
        created_by=u["jefa.gabinete"],
        reviewed_by=u["director.personas"],
        reviewed_on=approved,
        approved_by=u["jefa.gabinete"],
        approved_on=approved,
        **common,
    )
    protocol = JobDescriptor.objects.create(
        position="Encargado/a de Protocolo",
        unit="Protocolo",
        owner=u["jefa.gabinete"],
        review_due_on=approved + timedelta(days=365),
        last_approved_on=approved,
    )
    JobDescriptorVersion.objects.create(
        descriptor=protocol,
        number=1,
        change_summary="Primera versión.",
        status=DocumentStatus.IN_FORCE,
        purpose="Planificar y ejecutar las actividades protocolares del Alcalde.",
        functions="Preparar ceremonias y actos oficiales\nAplicar el orden de precedencia\n"
        "Coordinar la pauta con las direcciones",
        reports_to="Jefe/a de Gabinete",
        created_by=u["jefa.gabinete"],
        reviewed_by=u["director.personas"],
        reviewed_on=approved,
        approved_by=u["jefa.gabinete"],
        approved_on=approved,
        **common,
    )
    press = JobDescriptor.objects.create(
        position="Periodista",
        unit="Prensa",
        owner=u["jefa.gabinete"],
        review_due_on=today + timedelta(days=20),
    )
    JobDescriptorVersion.objects.create(
        descriptor=press,
        number=1,
        change_summary="Primera versión.",
        status=DocumentStatus.IN_REVIEW,
        purpose="Informar a la comunidad sobre la gestión municipal.",
        functions="Redactar comunicados de prensa\nMantener el archivo de prensa\nAtender a los medios",
        reports_to="Jefe/a de Gabinete",
        created_by=u["jefa.gabinete"],
        education="Título de Periodista.",
        experience="Dos años en medios o comunicación institucional.",
        competencies="Redacción\nTrabajo bajo presión\nManejo de redes sociales",
    )
