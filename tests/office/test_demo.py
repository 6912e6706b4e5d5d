"""seed_demo fills every part of the office's duties, once."""

import pytest
from django.core.management import call_command

from gabinete.office.models import (
    AnnualReport,
    Assignment,
    JobDescriptor,
    JobDescriptorVersion,
    ManualVersion,
    Matter,
    ProcedureManual,
)


@pytest.mark.django_db
def test_seed_demo_creates_matters_assignments_manuals_and_descriptors_once(directorates):
    call_command("seed_demo", "--i-know-this-is-not-production", verbosity=0)
    counts = [
        m.objects.count()
        for m in (Matter, Assignment, ProcedureManual, ManualVersion, JobDescriptor, JobDescriptorVersion, AnnualReport)
    ]
    call_command("seed_demo", "--i-know-this-is-not-production", verbosity=0)
    assert [
        m.objects.count()
        for m in (Matter, Assignment, ProcedureManual, ManualVersion, JobDescriptor, JobDescriptorVersion, AnnualReport)
    ] == counts
    assert set(Matter.objects.values_list("status", flat=True)) == {
        "presentado",
        "antecedentes",
        "preparado",
        "resuelto",
    }
    assert Matter.objects.filter(decided_on_behalf=True).exists()
    assert Assignment.objects.overdue().exists()
    assert ProcedureManual.objects.review_overdue().exists()
    assert JobDescriptorVersion.objects.filter(status="en_revision").exists()
