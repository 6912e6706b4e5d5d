from django import forms
from django.utils.translation import gettext_lazy as _

from gabinete.forms import BootstrapFormMixin
from gabinete.models import Directorate
from gabinete.numbers import ChileanDecimalField
from gabinete.upload_stash import UploadStashMixin

from .models import ChangeProposal, Indicator, IndicatorYear, Measurement
from .services import YEAR_FIELDS


def _number(label, model=Measurement, name="value", **kwargs) -> ChileanDecimalField:
    """A number typed the Chilean way, within the digits of the model field that stores it."""
    field = model._meta.get_field(name)
    return ChileanDecimalField(
        label=label, required=False, max_digits=field.max_digits, decimal_places=field.decimal_places, **kwargs
    )


class MeasurementForm(BootstrapFormMixin, UploadStashMixin, forms.Form):
    """Value (or numerator and denominator), comment and evidence of one period. A bad number
    comes back with its Spanish message and the chosen evidence file kept (see upload_stash)."""

    value = _number(_("Valor"))
    numerator = _number(_("Numerador"), name="numerator")
    denominator = _number(_("Denominador"), name="denominator")
    comment = forms.CharField(label=_("Comentario"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(
        label=_("Medio de verificación (archivo)"),
        required=False,
        help_text=_("PDF, imagen, Excel, Word o CSV; hasta 10 MB."),
        validators=Measurement._meta.get_field("evidence").validators,
    )
    stash_fields = ("evidence",)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, indicator_year: IndicatorYear, **kwargs):
        super().__init__(*args, **kwargs)
        if indicator_year.is_ratio:
            del self.fields["value"]
            self.fields["numerator"].help_text = indicator_year.numerator_description
            self.fields["denominator"].help_text = indicator_year.denominator_description
        else:
            del self.fields["numerator"]
            del self.fields["denominator"]
            self.fields["value"].help_text = indicator_year.unit_symbol


class ReturnForm(BootstrapFormMixin, forms.Form):
    observations = forms.CharField(label=_("Observaciones para la dirección"), widget=forms.Textarea(attrs={"rows": 3}))


class CorrectionForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Motivo de la corrección"), widget=forms.Textarea(attrs={"rows": 3}))


class IndicatorYearForm(BootstrapFormMixin, forms.ModelForm):
    """One year's definition of an indicator (Gabinete)."""

    name = forms.CharField(label=_("Nombre del indicador"), max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = IndicatorYear
        fields = list(YEAR_FIELDS)
        widgets = {
            "objective": forms.Textarea(attrs={"rows": 2}),
            "definition": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = dict.fromkeys(("baseline", "target", "target_max", "tolerance"), ChileanDecimalField)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["name"].initial = self.instance.indicator.name
            self.fields["version"].initial = self.instance.version


class IndicatorCreateForm(IndicatorYearForm):
    directorate = forms.ModelChoiceField(label=_("Dirección"), queryset=Directorate.objects.all())
    code = forms.CharField(label=_("Código"), max_length=20)
    year = forms.IntegerField(label=_("Año"), min_value=2000, max_value=2100)

    field_order = ["directorate", "code", "name", "year"]


class ProposalForm(BootstrapFormMixin, forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indicador"),
        queryset=Indicator.objects.none(),
        required=False,
        empty_label=_("— Indicador nuevo —"),
    )
    year = forms.IntegerField(label=_("Año en que regiría"), min_value=2000, max_value=2100)
    summary = forms.CharField(label=_("Cambio propuesto"), widget=forms.Textarea(attrs={"rows": 4}))
    proposed_target = _number(_("Meta propuesta"), model=ChangeProposal, name="proposed_target")

    def __init__(self, *args, indicators=None, **kwargs):
        self._indicators = indicators
        super().__init__(*args, **kwargs)

    def full_clean(self):
        # BootstrapFormMixin reads self.errors inside __init__: the queryset must be set before that.
        if self._indicators is not None:
            self.fields["indicator"].queryset = self._indicators
        super().full_clean()


class DecisionForm(BootstrapFormMixin, forms.Form):
    response = forms.CharField(label=_("Respuesta"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
