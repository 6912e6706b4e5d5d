"""Multiple choices are checkbox lists that work by touch (no `<select multiple>`, which needs Ctrl)."""

import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings

from gabinete.forms import BootstrapFormMixin, BoundedModelMultipleChoiceField, CheckboxList
from gabinete.models import Directorate


def project_form_classes():
    """Every form class the project's own apps declare in their `forms` module."""
    base = Path(settings.BASE_DIR)
    for config in apps.get_app_configs():
        if base not in Path(config.path).parents or ".venv" in Path(config.path).parts:
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                yield obj


def test_the_project_has_forms_with_multiple_choices():
    # Guards the next test against passing because it found nothing to look at.
    multiple = [
        (form.__name__, name)
        for form in project_form_classes()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
    ]
    assert ("EventForm", "directorates") in multiple and ("ClippingForm", "topics") in multiple


@pytest.mark.parametrize("form_class", list(project_form_classes()), ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_no_form_offers_a_select_multiple(form_class):
    for name, field in form_class.base_fields.items():
        assert not isinstance(field.widget, forms.SelectMultiple), f"{name}: <select multiple> needs Ctrl-click"
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            assert isinstance(field.widget, CheckboxList), name


class ChoiceForm(BootstrapFormMixin, forms.Form):
    directorates = BoundedModelMultipleChoiceField(label="Direcciones", queryset=Directorate.objects.active())


@pytest.mark.django_db
def test_a_long_checkbox_list_has_a_filter_box_and_a_labelled_checkbox_per_option(directorates):
    html = str(ChoiceForm()["directorates"])
    aseo = directorates["aseo"]
    assert html.count('type="checkbox"') == Directorate.objects.active().count()
    assert f'value="{aseo.pk}"' in html and f">{aseo.name}</label>" in html
    assert 'class="form-check-input"' in html
    assert 'type="search"' in html and "Filtrar la lista" in html


@pytest.mark.django_db
def test_a_short_checkbox_list_has_no_filter_box(directorates):
    form = ChoiceForm()
    form.fields["directorates"].queryset = Directorate.objects.filter(
        slug__in=["aseo", "transito-y-transporte-publico"]
    )
    html = str(form["directorates"])
    assert html.count('type="checkbox"') == 2 and 'type="search"' not in html


@pytest.mark.django_db
def test_ticked_boxes_are_chosen_and_stay_ticked_when_the_form_comes_back(directorates):
    chosen = [directorates["aseo"].pk, directorates["transito-y-transporte-publico"].pk]
    form = ChoiceForm(data={"directorates": [str(pk) for pk in chosen]})
    assert form.is_valid()
    assert sorted(d.pk for d in form.cleaned_data["directorates"]) == sorted(chosen)
    assert str(form["directorates"]).count("checked") == 2
