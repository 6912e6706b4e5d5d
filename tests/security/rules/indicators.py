"""Access rules of the indicators app (indicators/permissions.py, DESIGN.md "indicators").

- Anyone with a unit reads the indicators of their own directorate (the index, the catalogue, the
  proposals page); the Alcalde, Gabinete and the Administrador read every directorate, and only they
  open the all-directorates dashboard, the review queue and the Informe de Gestión.
- Aseo's objects are invisible (404) to Tránsito and to Asesoría Jurídica.
- Values are entered by the directorate's enlace or director; Gabinete validates them; Gabinete
  alone manages the catalogue and decides the directorates' proposals.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.indicators.factories import (
    IndicatorYearFactory,
    measurement,
    open_month,
    open_period,
    period,
)
from tests.security.access import (
    GABINETE_STAFF,
    MEMBERS,
    OTHER,
    OWN,
    OWN_DIRECTOR,
    OWN_ENLACE,
    WHOLE_MUNICIPALITY,
    Rule,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

#: Aseo's data: its own people and everyone who reads the whole municipality.
READERS = OWN | WHOLE_MUNICIPALITY


def setup(world):
    """An Aseo indicator with a draft (with evidence), a submitted value and a pending proposal."""
    from indicators.models import ChangeProposal

    enlace, director = world.users[OWN_ENLACE], world.users[OWN_DIRECTOR]
    iy = IndicatorYearFactory(indicator__directorate=world.own, indicator__name="Reclamos de aseo resueltos")
    year, month = open_month()
    # Two periods other than the open one (which stays free for measurement-enter).
    first, second = [n for n in range(1, 13) if n != month][:2]
    world.indicator_year = iy
    world.open_period = open_period()
    world.draft = measurement(
        iy,
        period(year, first),
        value="80",
        by=enlace,
        comment="Dato del sistema",
        evidence=SimpleUploadedFile("respaldo.pdf", PDF_BYTES),
    )
    world.submitted = measurement(
        iy, period(year, second), value="92", status="submitted", by=enlace, submitted_by=director
    )
    world.proposal = ChangeProposal.objects.create(
        directorate=world.own,
        indicator=iy.indicator,
        year=year + 1,
        summary="Subir la meta a 95 %.",
        proposed_by=director,
    )


RULES = [
    Rule("indicators:index", get=MEMBERS),
    # Dashboards.
    Rule("indicators:overview", get=WHOLE_MUNICIPALITY),
    Rule("indicators:directorate", kwargs=lambda w: {"slug": w.own.slug}, get=READERS),
    Rule("indicators:indicator-detail", kwargs=lambda w: {"pk": w.indicator_year.indicator_id}, get=READERS),
    # One directorate's table as a spreadsheet (without direccion only the whole-municipality roles):
    # a job (gabinete.jobs), asked for by POST, downloaded from the job's page.
    Rule(
        "indicators:export",
        path=lambda w: reverse("indicators:export", kwargs={"fmt": "xlsx"}),
        data=lambda w: {"direccion": "aseo"},
        get=None,
        post=READERS,
        fuzz=False,
    ),
    # Measurements.
    Rule(
        "indicators:measurement-enter",
        kwargs=lambda w: {"year_pk": w.indicator_year.pk, "period_pk": w.open_period.pk},
        get=OWN,
        post=OWN,
        data=lambda w: {"value": "87,5", "comment": "Dato del sistema"},
    ),
    # The submitted value's page carries Gabinete's validate/return forms (found by the fuzzer).
    Rule("indicators:measurement-detail", kwargs=lambda w: {"pk": w.submitted.pk}, get=READERS),
    Rule(
        "indicators:measurement-edit",
        kwargs=lambda w: {"pk": w.draft.pk},
        get=OWN,
        post=OWN,
        data=lambda w: {"value": "81", "version": w.draft.version},
    ),
    Rule(
        "indicators:measurement-evidence", kwargs=lambda w: {"pk": w.draft.pk}, get=READERS, download=True, fuzz=False
    ),
    # Gabinete returns (or validates) a value the directorate sent; the Alcalde and the Administrador
    # only read it, and the directorate may not review its own value.
    Rule(
        "indicators:measurement-action",
        kwargs=lambda w: {"pk": w.submitted.pk, "action": "devolver"},
        get=None,
        post=GABINETE_STAFF,
        data=lambda w: {"observations": "Falta el respaldo de marzo."},
    ),
    Rule("indicators:review-list", get=WHOLE_MUNICIPALITY),
    # Bulk validation (gabinete/bulk.py): only Gabinete; the Alcalde and the Administrador read the queue.
    Rule(
        "indicators:review-bulk",
        get=None,
        post=GABINETE_STAFF,
        data=lambda w: {"accion": "validar", "seleccion": [w.submitted.pk]},
    ),
    # Informe de Gestión for the Administrador Municipal.
    Rule("indicators:report", get=WHOLE_MUNICIPALITY),
    # Asked for (POST) and prepared in the background (gabinete.jobs): the job's page has the file.
    Rule("indicators:report-pdf", get=None, post=WHOLE_MUNICIPALITY, fuzz=False),
    # The catalogue: everyone reads their own; Gabinete manages it.
    Rule("indicators:catalogue", get=MEMBERS),
    Rule("indicators:indicator-create", get=GABINETE_STAFF, post=GABINETE_STAFF),
    Rule(
        "indicators:indicator-year-edit",
        kwargs=lambda w: {"pk": w.indicator_year.pk},
        get=GABINETE_STAFF,
        post=GABINETE_STAFF,
    ),
    Rule(
        "indicators:indicator-year-carry", kwargs=lambda w: {"pk": w.indicator_year.pk}, get=None, post=GABINETE_STAFF
    ),
    # Proposals: every directorate's enlace or director proposes for its own indicators.
    Rule("indicators:proposals", get=MEMBERS, post=OWN | OTHER),
    Rule(
        "indicators:proposal-decide",
        kwargs=lambda w: {"pk": w.proposal.pk},
        get=None,
        post=GABINETE_STAFF,
        data=lambda w: {"decision": "accept"},
    ),
]
