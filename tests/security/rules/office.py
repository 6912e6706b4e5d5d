"""Access rules of the office's own duties ("Despacho", namespace `office:`): matters for the Alcalde's
decision, the Alcalde's assignments, procedure manuals and job descriptors (gabinete.office.permissions).

- Matters: a directorate sees and completes its own; Gabinete, the Alcalde and the Administrador see all;
  Gabinete prepares them; the Alcalde (or Gabinete on his behalf) decides.
- Assignments: visible to the directorate they were given to, the responsible person and the whole
  municipality; the Alcalde and Gabinete create and edit them.
- Manuals and job descriptors: the Dirección de Gabinete's own documents, read by the whole municipality
  roles, written by Gabinete; job descriptors are reviewed by Gestión de Personas (no matrix actor sits
  there, so only the superuser reviews here).
"""

from datetime import timedelta

from django.utils import timezone

from gabinete.office import services
from gabinete.office.models import MatterAttachment
from tests.office.factories import (
    DESCRIPTOR_DATA,
    make_descriptor,
    make_manual,
    make_matter,
    pdf_upload,
)
from tests.security.access import (
    ALCALDE,
    GABINETE,
    GABINETE_STAFF,
    MEMBERS,
    OTHER,
    OWN,
    OWN_ENLACE,
    SUPERUSER,
    WHOLE_MUNICIPALITY,
    Rule,
)

#: Who raises matters: Gabinete for any directorate, directors and liaisons for their own.
RAISE_MATTERS = OWN | OTHER | GABINETE_STAFF
#: Who sees a matter (or assignment) of Aseo: its own people and the whole-municipality roles.
SEES_OWN = OWN | WHOLE_MUNICIPALITY
#: Who records the Alcalde's instructions and decisions.
ALCALDE_OR_GABINETE = GABINETE_STAFF | {ALCALDE}
PEOPLE_REVIEWER = frozenset({SUPERUSER})


def setup(world):
    gabinete = world.users[GABINETE]
    enlace = world.users[OWN_ENLACE]
    today = timezone.localdate()
    # A matter of Aseo, just presented, with one attachment.
    world.matter = make_matter(world.own, enlace, attachments=[(pdf_upload(), "Oficio")])
    world.attachment = MatterAttachment.objects.get(matter=world.matter)
    # A matter Gabinete asked Aseo more about (the directorate answers it).
    world.matter_asked = make_matter(world.own, enlace, subject="Poda de árboles en avenida")
    services.matter_request_info(matter=world.matter_asked, question="¿Qué presupuesto tiene?", by=gabinete)
    # A matter grouped for a dispatch meeting (the meeting's minuta).
    grouped = make_matter(world.own, enlace, subject="Contenedores nuevos")
    grouped = services.matter_schedule(matter=grouped, meeting_date=today + timedelta(days=3), by=gabinete)
    world.meeting = grouped.meeting
    # An assignment given to Aseo, its liaison responsible.
    world.assignment = services.assignment_create(
        title="Informe de microbasurales",
        description="Catastro por sector.",
        directorate=world.own,
        responsible=enlace,
        due_date=today + timedelta(days=10),
        by=world.users[ALCALDE],
    )
    # A procedure manual with a draft version carrying a file.
    world.manual = make_manual(gabinete)
    world.manual_version = services.manual_version_create(
        manual=world.manual,
        change_summary="Primera versión.",
        body="<p>Texto del manual.</p>",
        file=pdf_upload("manual.pdf"),
        by=gabinete,
    )
    # A job descriptor with a version sent to Gestión de Personas for review.
    world.descriptor = make_descriptor(gabinete)
    world.descriptor_version = services.descriptor_version_create(
        descriptor=world.descriptor, data=DESCRIPTOR_DATA, by=gabinete
    )
    services.descriptor_version_submit(version=world.descriptor_version, by=gabinete)


# POST-only actions name their fields: the fuzzer would otherwise take the first form with action=""
# on another page of this module (the matter form) for theirs.


def _matter(w):
    return {"pk": w.matter.pk}


RULES = [
    Rule("office:index", get=MEMBERS),
    # Matters for the Alcalde's decision.
    Rule("office:matter-list", get=MEMBERS),
    # Grouping several matters for the next dispatch meeting at once (gabinete/bulk.py): Gabinete's work.
    Rule(
        "office:matter-bulk",
        get=None,
        post=GABINETE_STAFF,
        data=lambda w: {"accion": "agrupar", "seleccion": [w.matter.pk]},
    ),
    Rule("office:matter-create", get=RAISE_MATTERS, post=RAISE_MATTERS),
    Rule("office:matter-minuta-pdf", get=None, post=WHOLE_MUNICIPALITY, fuzz=False),
    Rule(
        "office:meeting-minuta-pdf",
        kwargs=lambda w: {"meeting_pk": w.meeting.pk},
        get=None,
        post=WHOLE_MUNICIPALITY,
        fuzz=False,
    ),
    Rule("office:matter-detail", kwargs=_matter, get=SEES_OWN),
    Rule("office:matter-edit", kwargs=_matter, get=OWN | GABINETE_STAFF, post=OWN | GABINETE_STAFF),
    Rule(
        "office:matter-attach",
        kwargs=_matter,
        get=None,
        post=OWN | GABINETE_STAFF,
        fields={"file": "file", "description": "text"},
    ),
    Rule(
        "office:matter-request-info",
        kwargs=_matter,
        get=None,
        post=GABINETE_STAFF,
        fields={"question": "text"},
        data=lambda w: {"question": "¿Cuál es el costo?"},
    ),
    Rule(
        "office:matter-answer",
        kwargs=lambda w: {"pk": w.matter_asked.pk},
        get=None,
        post=OWN,
        fields={"answer": "text"},
        data=lambda w: {"answer": "Cuesta diez millones."},
    ),
    Rule(
        "office:matter-schedule",
        kwargs=_matter,
        get=None,
        post=GABINETE_STAFF,
        fields={"meeting_date": "date", "note": "text"},
        data=lambda w: {"meeting_date": w.meeting.date.isoformat()},
    ),
    Rule(
        "office:matter-decide",
        kwargs=_matter,
        get=None,
        post=ALCALDE_OR_GABINETE,
        fields={"decision": "radio", "instructions": "textarea", "decided_on": "date"},
        data=lambda w: {"decision": "aprobado", "decided_on": timezone.localdate().isoformat()},
    ),
    Rule("office:matter-attachment", kwargs=lambda w: {"pk": w.attachment.pk}, get=SEES_OWN, download=True, fuzz=False),
    # The Alcalde's assignments.
    Rule("office:assignment-list", get=MEMBERS),
    Rule("office:assignment-create", get=ALCALDE_OR_GABINETE, post=ALCALDE_OR_GABINETE),
    Rule("office:assignment-weekly-pdf", get=None, post=WHOLE_MUNICIPALITY, fuzz=False),
    Rule("office:assignment-detail", kwargs=lambda w: {"pk": w.assignment.pk}, get=SEES_OWN),
    Rule(
        "office:assignment-edit",
        kwargs=lambda w: {"pk": w.assignment.pk},
        get=ALCALDE_OR_GABINETE,
        post=ALCALDE_OR_GABINETE,
    ),
    # Progress notes: the responsible person (Aseo's liaison), Aseo's director, Gabinete, the Alcalde.
    Rule(
        "office:assignment-note",
        kwargs=lambda w: {"pk": w.assignment.pk},
        get=None,
        post=OWN | ALCALDE_OR_GABINETE,
        fields={"text": "textarea"},
        data=lambda w: {"text": "Catastro al 50 %."},
    ),
    # Closing: the responsible person (Aseo's liaison, not its director), Gabinete, the Alcalde.
    Rule(
        "office:assignment-close",
        kwargs=lambda w: {"pk": w.assignment.pk},
        get=None,
        post=frozenset({OWN_ENLACE}) | ALCALDE_OR_GABINETE,
        fields={"closure_note": "textarea"},
        data=lambda w: {"closure_note": "Informe entregado."},
    ),
    # Procedure manuals of the Dirección de Gabinete.
    Rule("office:manual-list", get=WHOLE_MUNICIPALITY),
    Rule("office:manual-create", get=GABINETE_STAFF, post=GABINETE_STAFF),
    Rule("office:manual-report-pdf", get=None, post=WHOLE_MUNICIPALITY, fuzz=False),
    Rule("office:manual-annual-report", get=GABINETE_STAFF, post=GABINETE_STAFF),
    Rule("office:manual-detail", kwargs=lambda w: {"pk": w.manual.pk}, get=WHOLE_MUNICIPALITY),
    Rule("office:manual-edit", kwargs=lambda w: {"pk": w.manual.pk}, get=GABINETE_STAFF, post=GABINETE_STAFF),
    Rule("office:manual-version-create", kwargs=lambda w: {"pk": w.manual.pk}, get=GABINETE_STAFF, post=GABINETE_STAFF),
    Rule("office:manual-version-detail", kwargs=lambda w: {"pk": w.manual_version.pk}, get=WHOLE_MUNICIPALITY),
    Rule(
        "office:manual-version-edit",
        kwargs=lambda w: {"pk": w.manual_version.pk},
        get=GABINETE_STAFF,
        post=GABINETE_STAFF,
    ),
    Rule(
        "office:manual-version-file",
        kwargs=lambda w: {"pk": w.manual_version.pk},
        get=WHOLE_MUNICIPALITY,
        download=True,
        fuzz=False,
    ),
    Rule(
        "office:manual-version-approve",
        kwargs=lambda w: {"pk": w.manual_version.pk},
        get=None,
        post=GABINETE_STAFF,
        fuzz=False,
        note="a button: the POST carries no input",
    ),
    # Job descriptors of the Dirección de Gabinete.
    Rule("office:descriptor-list", get=WHOLE_MUNICIPALITY),
    # The versions under review (gabinete/office/queues.py): read by whoever reads the descriptors.
    Rule("office:descriptor-review-queue", get=WHOLE_MUNICIPALITY),
    Rule("office:descriptor-create", get=GABINETE_STAFF, post=GABINETE_STAFF),
    Rule("office:descriptor-set-pdf", get=None, post=WHOLE_MUNICIPALITY, fuzz=False),
    Rule("office:descriptor-annual-report", get=GABINETE_STAFF, post=GABINETE_STAFF),
    Rule("office:descriptor-detail", kwargs=lambda w: {"pk": w.descriptor.pk}, get=WHOLE_MUNICIPALITY),
    Rule(
        "office:descriptor-pdf",
        kwargs=lambda w: {"pk": w.descriptor.pk},
        get=None,
        post=WHOLE_MUNICIPALITY,
        fuzz=False,
    ),
    Rule(
        "office:descriptor-version-create",
        kwargs=lambda w: {"pk": w.descriptor.pk},
        get=GABINETE_STAFF,
        post=GABINETE_STAFF,
    ),
    Rule(
        "office:descriptor-version-edit",
        kwargs=lambda w: {"pk": w.descriptor_version.pk},
        get=GABINETE_STAFF,
        post=GABINETE_STAFF,
    ),
    Rule(
        "office:descriptor-version-submit",
        kwargs=lambda w: {"pk": w.descriptor_version.pk},
        get=None,
        post=GABINETE_STAFF,
        fuzz=False,
        note="a button: the POST carries no input",
    ),
    Rule(
        "office:descriptor-version-review",
        kwargs=lambda w: {"pk": w.descriptor_version.pk},
        get=None,
        post=PEOPLE_REVIEWER,
        fields={"accepted": "radio", "observations": "textarea"},
        data=lambda w: {"accepted": "1"},
    ),
    Rule(
        "office:descriptor-version-approve",
        kwargs=lambda w: {"pk": w.descriptor_version.pk},
        get=None,
        post=GABINETE_STAFF,
        fuzz=False,
        note="a button: the POST carries no input",
    ),
]
