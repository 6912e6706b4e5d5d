"""Forms of Transparencia Activa: preparing a month's content, workflow steps, corrections."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from gabinete.concurrency import VersionedFormMixin
from gabinete.forms import BootstrapFormMixin, DateInput
from gabinete.models import Directorate
from gabinete.upload_stash import UploadStashMixin
from gabinete.uploads import PDF, FileKindValidator

from .models import (
    MONTHS,
    ContentKind,
    Item,
    Publication,
    Section,
    check_reported_through,
    default_reported_through,
)
from .services import Content
from .tables import TableError, precheck

NO_MOVEMENT = Publication.NO_MOVEMENT


class _SectionFields:
    """Keeps only the fields the sub-section's content kind uses. It sits after BootstrapFormMixin in
    the bases because that mixin validates a bound form inside __init__ (to mark invalid fields)."""

    def __init__(
        self,
        *args,
        section: Section,
        period: date,
        reported_through: date | None = None,
        require_documents: bool = True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.section = section
        self.period = period
        # The update month comes from the month chosen on the board (it sets the deadline): shown, not edited.
        self.fields["update_month"].initial = f"{MONTHS[period.month]} de {period.year}"
        # Left blank, «información al» keeps the version's date (a new one: the month before's last day).
        self.reported_default = reported_through or default_reported_through(period)
        self.fields["reported_through"].initial = self.reported_default
        self.require_documents = require_documents
        self.table_errors: TableError | None = None
        kind = section.content_kind
        if kind != ContentKind.TABLE:
            del self.fields["table_file"]
        if kind != ContentKind.DOCUMENTS:
            del self.fields["document_title"], self.fields["document_file"]
        if kind != ContentKind.LINKS:
            del self.fields["links"]


class ContentForm(BootstrapFormMixin, UploadStashMixin, _SectionFields, forms.Form):
    """What the liaison uploads for one sub-section and month; the fields depend on the content kind.
    A valid file is kept when the form fails elsewhere (a missing title, a reason)."""

    stash_fields = ("table_file", "document_file")

    update_month = forms.CharField(
        label=_("Mes de actualización"),
        disabled=True,
        required=False,
        help_text=_("El mes en que se actualiza la información; el plazo (10° día hábil) se cuenta desde este mes."),
    )
    reported_through = forms.DateField(
        label=_("Información al"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Fecha a la que corresponde la información publicada (dd-mm-aaaa); normalmente el último día del mes "
            "anterior. Si la deja en blanco, se usa esa fecha."
        ),
        error_messages={
            "invalid": _("La fecha «información al» no es válida: escríbala como dd-mm-aaaa, por ejemplo 30-11-2026.")
        },
    )

    mode = forms.ChoiceField(
        label=_("Contenido de este mes"),
        widget=forms.RadioSelect,
        choices=[("contenido", _("Publicar contenido")), (NO_MOVEMENT, _("Sin movimiento este mes"))],
        initial="contenido",
    )
    table_file = forms.FileField(
        label=_("Tabla (CSV o XLSX)"),
        required=False,
        help_text=_(
            "CSV en UTF-8 separado por comas o punto y coma, o planilla .xlsx; números en formato chileno (1.234.567,89); fechas dd-mm-aaaa. Máximo 5 MB."
        ),
    )
    document_title = forms.CharField(label=_("Título del documento"), max_length=250, required=False)
    document_file = forms.FileField(
        label=_("Documento PDF"),
        required=False,
        validators=[FileKindValidator(PDF, max_mb=10)],
        help_text=_("Solo PDF, hasta 10 MB."),
    )
    links = forms.CharField(
        label=_("Enlaces"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Uno por línea: «Título | https://…»."),
    )
    summary = forms.CharField(
        label=_("Nota para el público (opcional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        mode = cleaned.get("mode")
        kind = self.section.content_kind
        reported_through = cleaned.get("reported_through") or self.reported_default
        try:
            check_reported_through(self.period, reported_through)
        except forms.ValidationError as exc:
            self.add_error(None, exc)
            return cleaned
        if mode == NO_MOVEMENT:
            cleaned["content"] = Content(
                kind=NO_MOVEMENT, summary=cleaned.get("summary", ""), reported_through=reported_through
            )
            return cleaned
        content = Content(kind=kind, summary=cleaned.get("summary", ""), reported_through=reported_through)
        if kind == ContentKind.TABLE:
            upload = cleaned.get("table_file")
            if not upload:
                self.add_error("table_file", _("Suba la tabla en CSV o XLSX."))
                return cleaned
            data = upload.read(5 * 1024 * 1024 + 1)
            upload.seek(0)
            try:
                # Only the quick checks here (size, content, a bomb): the rows are read by a job.
                precheck(data)
            except TableError as exc:
                self.table_errors = exc
                self.add_error(
                    "table_file", _("La tabla tiene errores y no se guardó nada: revise el detalle por fila y columna.")
                )
                return cleaned
            content.table_upload = upload
            content.source_name = upload.name
        elif kind == ContentKind.DOCUMENTS:
            upload = cleaned.get("document_file")
            title = (cleaned.get("document_title") or "").strip()
            if upload and not title:
                self.add_error("document_title", _("Indique el título del documento."))
            elif upload:
                content.documents = [(title, upload)]
            elif self.require_documents:
                self.add_error("document_file", _("Adjunte al menos un documento PDF."))
        elif kind == ContentKind.LINKS:
            links, validator = [], URLValidator(schemes=["http", "https"])
            for number, line in enumerate((cleaned.get("links") or "").splitlines(), start=1):
                if not line.strip():
                    continue
                title, _sep, url = line.rpartition("|")
                try:
                    validator(url.strip())
                except forms.ValidationError:
                    self.add_error(
                        "links", _("Línea %(n)s: «%(u)s» no es un enlace válido.") % {"n": number, "u": url.strip()}
                    )
                    continue
                links.append({"title": title.strip() or url.strip(), "url": url.strip()})
            if not links and not self.errors:
                self.add_error("links", _("Indique al menos un enlace."))
            content.links = links
        cleaned["content"] = content
        return cleaned


class CorrectionForm(ContentForm):
    reason = forms.CharField(
        label=_("Motivo de la corrección (se muestra al público)"), widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = ["reason", "update_month", "reported_through", "mode"]


class StepForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(label=_("Observaciones"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    late_reason = forms.CharField(
        label=_("Motivo del atraso"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reply = forms.CharField(
        label=_("Respuesta a las observaciones"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    directorate = forms.ModelChoiceField(
        label=_("Dirección responsable"), queryset=Directorate.objects.active(), required=True
    )

    class Meta:
        model = Item
        fields = ["directorate"]
