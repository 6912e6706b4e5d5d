from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communications.public import active_outlets, outlet_choices
from gabinete.business_days import add_business_days
from gabinete.concurrency import VersionedFormMixin
from gabinete.forms import BootstrapFormMixin, BoundedModelMultipleChoiceField, DateInput
from gabinete.models import Directorate
from gabinete.types import AnyUser
from gabinete.upload_stash import UploadStashMixin
from gabinete.uploads import CSV, FileKindValidator

from .models import Clipping, FeedSource, Forwarding, MatchRule, Medium, Source, Tone, Topic
from .selectors import (
    ORDER_NEWEST,
    ORDER_OLDEST,
    ORDER_RELEVANCE,
    ClippingFilters,
    SearchResult,
    clipping_search,
    effective_order,
)

CITIZEN_CHANNELS = {Medium.LETTER, Medium.EMAIL, Medium.IN_PERSON, Medium.SOCIAL}


class ClippingForm(BootstrapFormMixin, UploadStashMixin, VersionedFormMixin, forms.ModelForm):
    """A clipping or citizen report; the chosen scan is kept when another field is refused."""

    stash_fields = ("attachment",)
    url = forms.URLField(label=_("Enlace"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = Clipping
        fields = [
            "source",
            "outlet",
            "medium",
            "published_on",
            "headline",
            "summary",
            "body",
            "url",
            "section",
            "tone",
            "topics",
            "directorates",
            "attachment",
            "media_reference",
            "reporter_name",
            "reporter_contact",
        ]
        field_classes = {"topics": BoundedModelMultipleChoiceField, "directorates": BoundedModelMultipleChoiceField}
        widgets = {
            "published_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, can_see_contact: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outlet"].queryset = active_outlets()
        self.fields["outlet"].help_text = _(
            "Obligatorio para publicaciones de medios. Los medios se registran en Contactos de prensa."
        )
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
        if source == Source.MEDIA:
            # A resident's contact belongs only to a citizen report.
            cleaned["reporter_name"] = cleaned["reporter_contact"] = ""
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
        help_text=_(
            "Pegue el titular en la primera línea y luego el texto. Se completa lo que se pueda deducir; usted revisa antes de guardar."
        ),
    )


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Archivo CSV"),
        validators=[FileKindValidator(CSV, max_mb=5)],
        help_text=_(
            "Use la plantilla. Se aceptan archivos UTF-8 o Latin-1 (Excel), separados por coma o punto y coma."
        ),
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


class FilterForm(forms.Form):
    """The search box and the filters of the archive page (GET; bad values are ignored).

    The selects are plain choices (one small query each) and the template draws them by hand: the
    page is the archive's busiest and widget templates cost more than the search itself.
    """

    q = forms.CharField(label=_("Buscar"), required=False, max_length=2000)
    desde = forms.DateField(label=_("Desde"), required=False)
    hasta = forms.DateField(label=_("Hasta"), required=False)
    medio = forms.TypedChoiceField(label=_("Medio"), required=False, coerce=int, empty_value=None)
    tipo = forms.ChoiceField(label=_("Tipo de medio"), required=False, choices=Medium.choices)
    tono = forms.ChoiceField(label=_("Tono"), required=False, choices=Tone.choices)
    direccion = forms.TypedChoiceField(label=_("Dirección"), required=False, coerce=int, empty_value=None)
    tema = forms.TypedChoiceField(label=_("Tema"), required=False, coerce=int, empty_value=None)
    origen = forms.ChoiceField(label=_("Origen"), required=False, choices=Source.choices)
    #: Empty: relevance when there are words, newest first otherwise (selectors.effective_order).
    orden = forms.ChoiceField(
        label=_("Ordenar por"),
        required=False,
        choices=[
            (ORDER_RELEVANCE, _("relevancia")),
            (ORDER_NEWEST, _("más recientes")),
            (ORDER_OLDEST, _("más antiguas")),
        ],
    )

    SELECTS = ("medio", "tipo", "tono", "direccion", "tema", "origen")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["medio"].choices = outlet_choices()
        self.fields["direccion"].choices = [
            (pk, short or name) for pk, name, short in Directorate.objects.values_list("pk", "name", "short_name")
        ]
        self.fields["tema"].choices = list(Topic.objects.order_by("name").values_list("pk", "name"))

    def selects(self) -> list[dict]:
        """What the template needs to draw each select: name, label, options and the chosen value."""
        out = []
        for name in self.SELECTS:
            field = self.fields[name]
            chosen = str(self.data.get(name, "")) if self.is_bound else ""
            out.append(
                {
                    "name": name,
                    "label": field.label,
                    "id": f"id_{name}",
                    "options": [(str(v), label, str(v) == chosen) for v, label in field.choices],
                    "any": _("Todas") if name == "direccion" else _("Todos"),
                }
            )
        return out

    def describe(self, params: Mapping[str, Any]) -> list[str]:
        """A search's words and filters in words («Tono: Negativo»), with this form's choices: one form
        describes every search of a list."""
        out = []
        for key in FILTER_KEYS:
            value = params.get(key)
            if not value:
                continue
            field = self.fields[key]
            shown = str(value)
            if key == "q":
                out.append(f"«{shown}»")
                continue
            choices = dict((str(v), label) for v, label in getattr(field, "choices", ()))
            out.append(f"{field.label}: {choices.get(shown, shown)}")
        return out

    def value(self, name):
        """The cleaned value, or None when that field was invalid (a bad filter is dropped)."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None

    def search_text(self) -> str:
        return (self.data.get("q") or "")[:2000] if self.is_bound else ""

    def filters(self) -> ClippingFilters:
        return ClippingFilters(
            date_from=self.value("desde"),
            date_to=self.value("hasta"),
            outlet_id=self.value("medio"),
            medium=self.value("tipo") or "",
            tone=self.value("tono") or "",
            directorate_id=self.value("direccion"),
            topic_id=self.value("tema"),
            source=self.value("origen") or "",
        )

    def order(self) -> str:
        """The order asked for ("" when none or a bad one: the selector's default)."""
        return self.value("orden") or ""

    def order_options(self) -> list[tuple[str, str, bool]]:
        """The «Ordenar por» options with the one in force selected (relevance needs words)."""
        shown = effective_order(self.search_text().strip(), self.order())
        return [(value, label, value == shown) for value, label in self.fields["orden"].choices]


# --- saved searches -------------------------------------------------------------------------------

#: The search page's parameters a saved search (and an export) carries; the page number is not one.
FILTER_KEYS = ("q", "desde", "hasta", "medio", "tipo", "tono", "direccion", "tema", "origen", "orden")


def search_params(query: Mapping[str, Any]) -> dict[str, str]:
    """The filters of a request (its querystring or a form's hidden inputs), non-empty ones only."""
    return {key: str(query.get(key))[:2000] for key in FILTER_KEYS if query.get(key)}


def search_from_params(user: AnyUser, params: Mapping[str, Any]) -> SearchResult:
    """The search the page makes with these parameters, as `user` sees it: the one place a saved
    search, an export and an alert rebuild a search (a bad value is dropped as the page drops it)."""
    form = FilterForm({key: params[key] for key in FILTER_KEYS if key in params} or None)
    return clipping_search(
        user=user,
        text=form.search_text(),
        filters=form.filters() if form.is_bound else None,
        order=form.order() if form.is_bound else None,
    )


class SavedSearchForm(BootstrapFormMixin, forms.Form):
    """«Guardar esta búsqueda»: a name (the filters travel as hidden inputs)."""

    name = forms.CharField(label=_("Nombre de la búsqueda"), max_length=120)
    follow = forms.BooleanField(
        label=_("Avisarme cuando lleguen recortes nuevos que coincidan"), required=False, initial=True
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Escriba un nombre para la búsqueda."))
        return name


class SavedSearchRenameForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Nombre"), max_length=120)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Escriba un nombre para la búsqueda."))
        return name


class SavedSearchShareForm(BootstrapFormMixin, forms.Form):
    """With which directorate the search is shared (none: only its owner sees it)."""

    shared_with = forms.ModelChoiceField(
        label=_("Compartir con la dirección"),
        queryset=Directorate.objects.none(),
        required=False,
        empty_label=_("Nadie (solo yo)"),
    )

    def __init__(self, *args, directorates: QuerySet[Directorate], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shared_with"].queryset = directorates


# --- the archive fills itself: sources, rules, the inbox ---------------------------------------------


class FeedSourceForm(BootstrapFormMixin, forms.ModelForm):
    """A source of an outlet: its feed or sitemap address, and how often it is read."""

    url = forms.URLField(label=_("Dirección del feed o sitemap"), max_length=500, assume_scheme="https")

    class Meta:
        model = FeedSource
        fields = ["outlet", "kind", "url", "interval_minutes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outlet"].queryset = active_outlets()
        self.fields["outlet"].help_text = _("Los medios se registran en Contactos de prensa.")
        self.fields["interval_minutes"].min_value = 5
        self.fields["interval_minutes"].widget.attrs.update(min=5, max=1440)


class MatchRuleForm(BootstrapFormMixin, forms.ModelForm):
    """A matching rule; its words can be tried on the last 30 days before saving."""

    class Meta:
        model = MatchRule
        fields = ["name", "query", "to_inbox", "priority", "topics", "directorates", "is_active"]
        field_classes = {"topics": BoundedModelMultipleChoiceField, "directorates": BoundedModelMultipleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.order_by("name")
        self.fields["directorates"].queryset = Directorate.objects.active()

    def clean_query(self):
        from .query import Matcher
        from .services import NO_WORDS

        query = self.cleaned_data["query"]
        if not Matcher.of(query):
            raise forms.ValidationError(NO_WORDS)
        return query


class AcceptArticleForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    """Accept an inbox item into the archive: its tone, and the topics and directorates (the rules'
    suggestions come ticked)."""

    tone = forms.ChoiceField(label=_("Tono"), choices=Tone.choices, initial=Tone.NEUTRAL)
    topics = BoundedModelMultipleChoiceField(label=_("Temas"), queryset=Topic.objects.none(), required=False)
    directorates = BoundedModelMultipleChoiceField(
        label=_("Direcciones involucradas"), queryset=Directorate.objects.none(), required=False
    )

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.order_by("name")
        self.fields["directorates"].queryset = Directorate.objects.active()


class DiscardArticleForm(BootstrapFormMixin, VersionedFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Motivo del descarte"),
        max_length=300,
        help_text=_("Queda registrado con su nombre; la publicación no se vuelve a proponer."),
    )

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
