"""«Quién hizo qué»: the activity log, searchable by person, directorate, app and dates, with CSV export."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import exports
from .activity import APP_CHOICES, APP_NAMES, activity_search
from .forms import BootstrapFormMixin, DateInput
from .models import Activity, Directorate
from .pagination import page_number
from .permissions import can_view_activity_log, can_view_personal_data_access, permission_required

PAGE_SIZE = 50


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class ActivityFilterForm(BootstrapFormMixin, forms.Form):
    persona = PersonChoiceField(
        label=gettext_lazy("Persona"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=gettext_lazy("Todas"),
    )
    direccion = forms.ModelChoiceField(
        label=gettext_lazy("Dirección"),
        queryset=Directorate.objects.none(),
        required=False,
        empty_label=gettext_lazy("Todas"),
    )
    modulo = forms.ChoiceField(label=gettext_lazy("Módulo"), choices=APP_CHOICES, required=False)
    desde = forms.DateField(label=gettext_lazy("Desde"), required=False, widget=DateInput)
    hasta = forms.DateField(label=gettext_lazy("Hasta"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the people who did something: the list stays short and every choice finds entries.
        self.fields["persona"].queryset = (
            get_user_model()
            .objects.filter(pk__in=Activity.objects.exclude(actor=None).values("actor"))
            .order_by("first_name", "last_name", "username")
        )
        self.fields["direccion"].queryset = Directorate.objects.active()

    def clean(self):
        data = super().clean()
        if data.get("desde") and data.get("hasta") and data["hasta"] < data["desde"]:
            self.add_error("hasta", _("La fecha «hasta» debe ser igual o posterior a «desde»."))
        return data


def _entries(request, *, personal_data: bool = False):
    form = ActivityFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        entries = activity_search(
            actor=data["persona"],
            directorate=data["direccion"],
            app=data["modulo"],
            start=data["desde"],
            end=data["hasta"],
            personal_data=personal_data,
        )
    elif form.is_bound:
        entries = Activity.objects.none()
    else:
        entries = activity_search(personal_data=personal_data)
    return form, entries


def _person(user) -> str:
    if user is None:
        return _("Sistema")
    return user.get_full_name() or user.get_username()


@permission_required(can_view_activity_log)
def activity_list(request):
    form, entries = _entries(request)
    page = Paginator(entries, PAGE_SIZE).get_page(page_number(request))
    return render(request, "gabinete/activity_list.html", {"form": form, "page": page})


@permission_required(can_view_personal_data_access)
def personal_data_access(request):
    """Who took personal data out of the intranet, what and when (Ley 21.719: a security measure)."""
    form, entries = _entries(request, personal_data=True)
    page = Paginator(entries, PAGE_SIZE).get_page(page_number(request))
    return render(request, "gabinete/personal_data_access.html", {"form": form, "page": page})


EXPORT_HEADER = ["Fecha y hora", "Persona", "Acción", "Código", "Registro", "Dirección", "Módulo", "Origen", "Detalle"]


@permission_required(can_view_activity_log)
def activity_export(request):
    """The filtered list as CSV (es-CL), streamed: the log grows without limit."""
    _form, entries = _entries(request)
    rows = (
        [
            entry.created_at,
            _person(entry.actor),
            entry.verb_label,
            entry.verb,
            entry.target_label,
            entry.directorate.name if entry.directorate else "",
            str(APP_NAMES.get(entry.app, entry.app)),
            entry.get_source_display(),
            entry.source_detail,
        ]
        for entry in entries.iterator(chunk_size=500)
    )
    filename = f"quien-hizo-que-{timezone.localdate():%Y-%m-%d}.csv"
    return exports.csv_response(filename, EXPORT_HEADER, rows, stream=True)
