"""Forms for the office's own duties. They validate input; the services apply the rules."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.widgets import CKEditor5Widget

from gabinete.concurrency import VersionedFormMixin
from gabinete.forms import BootstrapFormMixin, DateInput
from gabinete.models import Directorate
from gabinete.uploads import FileKindValidator

from . import permissions as perms
from .models import (
    MANUAL_FILE_MAX_MB,
    MATTER_ATTACHMENT_KINDS,
    MATTER_ATTACHMENT_MAX_MB,
    AnnualReport,
    Assignment,
    Decision,
    JobDescriptor,
    JobDescriptorVersion,
    ManualVersion,
    Matter,
    ProcedureManual,
)

RESPONSIBLE_REQUIRED = _("Indique la persona responsable del encargo.")


def staff_users():
    """People with a unit in the intranet, for choosing owners and responsible persons."""
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__isnull=False)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, each checked by content and size, together at most
    `max_total_mb` (what one request may carry: settings.UPLOAD_MAX_MB)."""

    def __init__(self, *args, max_total_mb: float | None = None, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        self.max_total_mb = max_total_mb if max_total_mb is not None else settings.UPLOAD_MAX_MB
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(d, initial) for d in data if d]
        else:
            files = [single(data, initial)] if data else []
        total = sum(getattr(f, "size", 0) or 0 for f in files)
        if total > self.max_total_mb * 1024 * 1024:
            raise ValidationError(
                _("Los archivos suman %(size).1f MB y el máximo por envío es %(max)s MB: adjunte el resto después."),
                code="files_too_large",
                params={"size": total / 1024 / 1024, "max": self.max_total_mb},
            )
        return files


ATTACHMENT_HELP = _(
    "PDF, Word, Excel o imagen; hasta %(mb)s MB cada archivo y %(total)s MB en total. Se revisa el contenido, "
    "no solo el nombre."
) % {"mb": MATTER_ATTACHMENT_MAX_MB, "total": settings.UPLOAD_MAX_MB}


class MatterForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    """Raise a matter (with its attachments) or complete it later."""

    attachments = MultipleFileField(
        label=_("Antecedentes adjuntos"),
        required=False,
        help_text=ATTACHMENT_HELP,
        validators=[FileKindValidator(*MATTER_ATTACHMENT_KINDS, max_mb=MATTER_ATTACHMENT_MAX_MB)],
    )

    class Meta:
        model = Matter
        fields = ["directorate", "subject", "background", "options", "recommendation", "urgency", "gabinete_summary"]
        widgets = {
            "background": forms.Textarea(attrs={"rows": 5}),
            "options": forms.Textarea(attrs={"rows": 3}),
            "recommendation": forms.Textarea(attrs={"rows": 3}),
            "gabinete_summary": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "subject": _("En una línea: qué debe decidir el Alcalde."),
            "options": _("Las alternativas posibles, una por línea."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["directorate"]
            del self.fields["attachments"]
        else:
            choices = perms.directorates_that_may_raise_matters(user)
            self.fields["directorate"].queryset = choices
            if choices.count() == 1:
                self.fields["directorate"].initial = choices.first()
        if not perms.is_gabinete(user):
            del self.fields["gabinete_summary"]


class AttachmentForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Archivo"),
        help_text=ATTACHMENT_HELP,
        validators=[FileKindValidator(*MATTER_ATTACHMENT_KINDS, max_mb=MATTER_ATTACHMENT_MAX_MB)],
    )
    description = forms.CharField(label=_("Descripción"), max_length=200, required=False)


class RequestInfoForm(BootstrapFormMixin, forms.Form):
    question = forms.CharField(
        label=_("¿Qué antecedentes necesita?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Escriba qué antecedentes necesita la dirección entregar.")},
    )


class AnswerForm(BootstrapFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("Respuesta a Gabinete"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Escriba la respuesta a la solicitud de Gabinete.")},
    )


class ScheduleForm(BootstrapFormMixin, forms.Form):
    meeting_date = forms.DateField(label=_("Reunión de despacho del"), widget=DateInput())
    note = forms.CharField(label=_("Nota (opcional)"), max_length=300, required=False)


class DecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decisión del Alcalde"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Elija la decisión: aprobado, rechazado o con instrucciones.")},
    )
    instructions = forms.CharField(
        label=_("Instrucciones"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatorias cuando la decisión es «con instrucciones»."),
    )
    decided_on = forms.DateField(label=_("Fecha de la decisión"), widget=DateInput(), initial=timezone.localdate)


class AssignmentForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    responsible = PersonChoiceField(
        label=_("Persona responsable"),
        queryset=staff_users(),
        error_messages={"required": RESPONSIBLE_REQUIRED},
    )

    class Meta:
        model = Assignment
        fields = ["title", "description", "directorate", "responsible", "due_date"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "due_date": DateInput()}
        help_texts = {"directorate": _("Gabinete de Alcaldía u otra dirección.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directorate"].queryset = Directorate.objects.active()
        self.fields["responsible"].queryset = staff_users()


class AssignmentNoteForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Avance"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Escriba el avance.")},
    )


class AssignmentCloseForm(BootstrapFormMixin, forms.Form):
    closure_note = forms.CharField(
        label=_("Resultado"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Indique el resultado del encargo para cerrarlo.")},
    )


class ManualForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    owner = PersonChoiceField(label=_("Responsable"), queryset=staff_users())

    class Meta:
        model = ProcedureManual
        fields = ["title", "scope", "owner", "review_due_on"]
        widgets = {"scope": forms.Textarea(attrs={"rows": 3}), "review_due_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_users()


class ManualVersionForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ManualVersion
        fields = ["change_summary", "body", "file"]
        widgets = {
            "change_summary": forms.Textarea(attrs={"rows": 2}),
            "body": CKEditor5Widget(config_name="default"),
        }
        help_texts = {
            "file": _("PDF o Word, hasta %(mb)s MB. Puede usar el texto, el documento o ambos.")
            % {"mb": MANUAL_FILE_MAX_MB},
        }

    def clean(self):
        cleaned = super().clean()
        from gabinete.richtext import html_to_text

        if not html_to_text(cleaned.get("body")) and not cleaned.get("file") and "file" not in self.errors:
            raise ValidationError(
                _("La versión necesita contenido: escriba el texto del manual o adjunte el documento.")
            )
        return cleaned


class DescriptorForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    owner = PersonChoiceField(label=_("Responsable"), queryset=staff_users())

    class Meta:
        model = JobDescriptor
        fields = ["position", "unit", "owner", "review_due_on"]
        widgets = {"review_due_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_users()


class DescriptorVersionForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = JobDescriptorVersion
        fields = [
            "purpose",
            "functions",
            "education",
            "experience",
            "competencies",
            "reports_to",
            "supervises",
            "change_summary",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "functions": forms.Textarea(attrs={"rows": 6}),
            "education": forms.Textarea(attrs={"rows": 2}),
            "experience": forms.Textarea(attrs={"rows": 2}),
            "competencies": forms.Textarea(attrs={"rows": 4}),
            "change_summary": forms.Textarea(attrs={"rows": 2}),
        }


class ReviewForm(BootstrapFormMixin, forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("Resultado de la revisión"),
        choices=[("1", _("Conforme: puede aprobarse")), ("0", _("Devolver a Gabinete con observaciones"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    observations = forms.CharField(label=_("Observaciones"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AnnualReportForm(BootstrapFormMixin, forms.ModelForm):
    sent_by = PersonChoiceField(label=_("Enviado por"), queryset=staff_users())

    class Meta:
        model = AnnualReport
        fields = ["year", "sent_on", "sent_by", "reference"]
        widgets = {"sent_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sent_by"].queryset = staff_users()
        self.fields["year"].initial = timezone.localdate().year
        self.fields["sent_on"].initial = timezone.localdate()

    def validate_unique(self):
        # Recording a year again corrects the earlier record (the service updates it, history keeps it).
        pass
