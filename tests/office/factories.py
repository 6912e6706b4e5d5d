"""Helpers for the office tests (matters, assignments, manuals, job descriptors)."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gabinete.office import services
from gabinete.office.models import JobDescriptor, Matter, ProcedureManual

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_upload(name: str = "informe.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def exe_upload(name: str = "informe.pdf") -> SimpleUploadedFile:
    """A Windows program that claims to be a PDF by its name."""
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03" + b"\x00" * 200, content_type="application/pdf")


def big_pdf_upload(mb: float = 10.5) -> SimpleUploadedFile:
    return SimpleUploadedFile("grande.pdf", PDF_BYTES + b"0" * int(mb * 1024 * 1024), content_type="application/pdf")


def make_matter(directorate, by, **fields) -> Matter:
    data = {
        "subject": "Cierre de calle para feria",
        "background": "La feria pide cerrar la calle diez días.",
        "options": "1. Cerrar\n2. No cerrar",
        "recommendation": "Cerrar los fines de semana.",
        "urgency": 3,
    }
    data.update(fields)
    return services.matter_raise(directorate=directorate, by=by, **data)


def make_manual(by, owner=None, **fields) -> ProcedureManual:
    data = {
        "title": "Manual de Protocolo",
        "scope": "Ceremonias",
        "review_due_on": timezone.localdate() + timedelta(days=200),
    }
    data.update(fields)
    return services.manual_create(owner=owner or by, by=by, **data)


DESCRIPTOR_DATA = {
    "purpose": "Planificar las actividades protocolares.",
    "functions": "Preparar ceremonias\nAplicar el orden de precedencia",
    "education": "Título profesional.",
    "experience": "Tres años.",
    "competencies": "Probidad\nTrabajo en equipo",
    "reports_to": "Jefe/a de Gabinete",
    "supervises": "",
    "change_summary": "Primera versión.",
}


def make_descriptor(by, **fields) -> JobDescriptor:
    data = {
        "position": "Encargado/a de Protocolo",
        "unit": "Protocolo",
        "review_due_on": timezone.localdate() + timedelta(days=200),
    }
    data.update(fields)
    return services.descriptor_create(owner=by, by=by, **data)
