from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communications.models import Outlet
from gabinete.business_days import add_business_days
from gabinete.concurrency import VersionedFormMixin
from gabinete.forms import BootstrapFormMixin, DateInput
from gabinete.models import Directorate
from gabinete.uploads import CSV, FileKindValidator

from .models import Clipping, Forwarding, Medium, Source, Tone, Topic
from .selectors import ClippingFilters

CITIZEN_CHANNELS = {Medium.LETTER, Medium.EMAIL, Medium.IN_PERSON, Medium.SOCIAL}


class ClippingForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    url = forms.URLField(label=_("Enlace"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = Clipping
        fields = [
            "source", "outlet", "medium", "published_on", "headline", "summary", "body", "url", "section",
            "tone", "topics", "directorates", "attachment", "media_reference", "reporter_name",
            "reporter_contact",
        ]
        widgets = {
            "published_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 10}),
            "topics": forms.SelectMultiple(attrs={"size": 6}),
            "directorates": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, can_see_contact: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outlet"].queryset = Outlet.objects.filter(is_active=True).order_by("name")
        self.fields["outlet"].help_text = _("Obligatorio para publicaciones de medios. Los medios se registran en Contactos de prensa.")
        self.fields["topics"].queryset = Topic.objects.order_by("name")
        self.fields["directorates"].queryset = Directorate.objects.active()
        if not can_see_contact:
            del self.fields["reporter_name"]
            del self.fields["reporter_contact"]

    def clean_published_on(self):
        value = self.cleaned_data["published_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("La fecha de publicación no puede estar en el futuro."))
        return value

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        if source == Source.MEDIA and not cleaned.get("outlet"):
            self.add_error("outlet", _("Indique el medio que publicó o transmitió la nota."))
        if source == Source.CITIZEN:
            cleaned["outlet"] = None
            if cleaned.get("medium") and cleaned["medium"] not in CITIZEN_CHANNELS:
                self.add_error("medium", _("Un reporte vecinal llega por carta, correo, red social o en persona."))
        return cleaned

    def service_fields(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("topics", "directorates", "version")}
        if data.get("attachment") is False:  # "clear" ticked
            data["attachment"] = ""
        elif data.get("attachment") is None:
            data.pop("attachment", None)
        return data


class QuickEntryForm(BootstrapFormMixin, forms.Form):
    url = forms.URLField(label=_("Enlace de la nota"), required=False, max_length=500, assume_scheme="https")
    text = forms.CharField(
        label=_("Texto de la nota"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=100_000,
        help_text=_("Pegue el titular en la primera línea y luego el texto. Se completa lo que se pueda deducir; usted revisa antes de guardar."),
    )


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Archivo CSV"),
        validators=[FileKindValidator(CSV, max_mb=5)],
        help_text=_("Use la plantilla. Se aceptan archivos UTF-8 o Latin-1 (Excel), separados por coma o punto y coma."),
    )


class ForwardingForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Forwarding
        fields = ["directorate", "request", "due_on"]
        widgets = {"due_on": DateInput(), "request": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directorate"].queryset = Directorate.objects.active()
        if not self.is_bound:
            self.fields["due_on"].initial = add_business_days(timezone.localdate(), 5)

    def clean_due_on(self):
        value = self.cleaned_data["due_on"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("El plazo no puede ser una fecha pasada."))
        return value


class AnswerForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Forwarding
        fields = ["answer"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].required = True


class FilterForm(BootstrapFormMixin, forms.Form):
    """The search box and the filters of the archive page (GET; bad values are ignored)."""

    q = forms.CharField(label=_("Buscar"), required=False, max_length=2000)
    desde = forms.DateField(label=_("Desde"), required=False, widget=DateInput())
    hasta = forms.DateField(label=_("Hasta"), required=False, widget=DateInput())
    medio = forms.ModelChoiceField(label=_("Medio"), required=False, queryset=Outlet.objects.none(), empty_label=_("Todos"))
    tipo = forms.ChoiceField(label=_("Tipo de medio"), required=False, choices=[("", _("Todos"))] + Medium.choices)
    tono = forms.ChoiceField(label=_("Tono"), required=False, choices=[("", _("Todos"))] + Tone.choices)
    direccion = forms.ModelChoiceField(label=_("Dirección"), required=False, queryset=Directorate.objects.none(), empty_label=_("Todas"))
    tema = forms.ModelChoiceField(label=_("Tema"), required=False, queryset=Topic.objects.none(), empty_label=_("Todos"))
    origen = forms.ChoiceField(label=_("Origen"), required=False, choices=[("", _("Todos"))] + Source.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["medio"].queryset = Outlet.objects.order_by("name")
        self.fields["direccion"].queryset = Directorate.objects.all()
        self.fields["tema"].queryset = Topic.objects.order_by("name")

    def value(self, name):
        """The cleaned value, or None when that field was invalid (a bad filter is dropped)."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None

    def search_text(self) -> str:
        return (self.data.get("q") or "")[:2000] if self.is_bound else ""

    def filters(self) -> ClippingFilters:
        outlet, unit, topic = self.value("medio"), self.value("direccion"), self.value("tema")
        return ClippingFilters(
            date_from=self.value("desde"),
            date_to=self.value("hasta"),
            outlet_id=outlet.pk if outlet else None,
            medium=self.value("tipo") or "",
            tone=self.value("tono") or "",
            directorate_id=unit.pk if unit else None,
            topic_id=topic.pk if topic else None,
            source=self.value("origen") or "",
        )
