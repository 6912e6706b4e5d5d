"""Listas de distribución: Gabinete sees and changes who receives each report the intranet e-mails."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import lists
from .forms import BootstrapFormMixin, BoundedModelMultipleChoiceField, add_service_errors
from .models import DistributionList, ExternalRecipient, ListPurpose
from .permissions import can_manage_distribution_lists, permission_required


class PeopleChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{lists.person_label(obj)} — {obj.email}"


class AddPeopleForm(BootstrapFormMixin, forms.Form):
    people = PeopleChoiceField(label=gettext_lazy("Elija a quién agregar"), queryset=get_user_model().objects.none())

    def __init__(self, *args, distribution_list: DistributionList, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = lists.candidates_for(distribution_list)
        self.fields["people"].error_messages["required"] = _("Elija al menos una persona.")


class AddAddressForm(BootstrapFormMixin, forms.Form):
    # A plain text field: the service says, in Spanish and once, what is wrong with the address.
    email = forms.CharField(label=gettext_lazy("Correo"), max_length=254, required=False)
    name = forms.CharField(label=gettext_lazy("Nombre (opcional)"), max_length=150, required=False)


class EditListForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Nombre"), max_length=120, required=False)
    description = forms.CharField(
        label=gettext_lazy("Descripción"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def _list(purpose: str) -> DistributionList:
    if purpose not in ListPurpose.values:
        raise Http404
    return lists.list_for(purpose)


def _detail(request, distribution_list: DistributionList, status: int = 200, **bound):
    found = DistributionList.objects.with_members().get(pk=distribution_list.pk)
    context = {
        "distribution_list": found,
        "recipients": lists.addresses_of(found),
        "people_form": bound.get("people_form") or AddPeopleForm(distribution_list=found),
        "address_form": bound.get("address_form") or AddAddressForm(),
        "edit_form": bound.get("edit_form")
        or EditListForm(initial={"name": found.name, "description": found.description}),
    }
    return render(request, "gabinete/list_detail.html", context, status=status)


@permission_required(can_manage_distribution_lists)
def list_index(request):
    for purpose in ListPurpose.values:  # the migration made them; one deleted in the admin comes back empty
        lists.list_for(purpose)
    found = list(DistributionList.objects.with_members())
    rows = [(dl, lists.addresses_of(dl)) for dl in found]
    return render(request, "gabinete/list_index.html", {"rows": rows})


@permission_required(can_manage_distribution_lists)
def list_detail(request, purpose: str):
    return _detail(request, _list(purpose))


@require_POST
@permission_required(can_manage_distribution_lists)
def list_edit(request, purpose: str):
    distribution_list = _list(purpose)
    form = EditListForm(request.POST)
    if form.is_valid():
        try:
            lists.distribution_list_update(
                distribution_list=distribution_list,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Se guardó la lista."))
            return redirect("gabinete:list-detail", purpose=purpose)
    return _detail(request, distribution_list, status=400, edit_form=form)


@require_POST
@permission_required(can_manage_distribution_lists)
def list_add_people(request, purpose: str):
    distribution_list = _list(purpose)
    form = AddPeopleForm(request.POST, distribution_list=distribution_list)
    if form.is_valid():
        try:
            added = lists.distribution_list_add_people(
                distribution_list=distribution_list, people=form.cleaned_data["people"], by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Se agregó a la lista: %(p)s.") % {"p": ", ".join(lists.person_label(p) for p in added)},
            )
            return redirect("gabinete:list-detail", purpose=purpose)
    return _detail(request, distribution_list, status=400, people_form=form)


@require_POST
@permission_required(can_manage_distribution_lists)
def list_remove_person(request, purpose: str, user_id: int):
    distribution_list = _list(purpose)
    person = get_object_or_404(distribution_list.members.all(), pk=user_id)
    lists.distribution_list_remove_person(distribution_list=distribution_list, person=person, by=request.user)
    messages.success(request, _("Se quitó a %(p)s de la lista.") % {"p": lists.person_label(person)})
    return redirect("gabinete:list-detail", purpose=purpose)


@require_POST
@permission_required(can_manage_distribution_lists)
def list_add_address(request, purpose: str):
    distribution_list = _list(purpose)
    form = AddAddressForm(request.POST)
    if form.is_valid():
        try:
            recipient = lists.distribution_list_add_address(
                distribution_list=distribution_list,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Se agregó %(e)s a la lista.") % {"e": recipient.email})
            return redirect("gabinete:list-detail", purpose=purpose)
    return _detail(request, distribution_list, status=400, address_form=form)


@require_POST
@permission_required(can_manage_distribution_lists)
def list_remove_address(request, purpose: str, pk: int):
    distribution_list = _list(purpose)
    recipient = get_object_or_404(ExternalRecipient.objects.filter(distribution_list=distribution_list), pk=pk)
    lists.distribution_list_remove_address(recipient=recipient, by=request.user)
    messages.success(request, _("Se quitó %(e)s de la lista.") % {"e": recipient.email})
    return redirect("gabinete:list-detail", purpose=purpose)
