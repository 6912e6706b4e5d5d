"""Form helpers shared by every app."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gabinete.concurrency import STALE_MESSAGE, StaleObjectError


def add_service_errors(form: forms.BaseForm, exc: Exception) -> None:
    """Show what a service refused on the form the person sent, so they can fix it there.

    A `ValidationError` naming fields goes to those fields when the form has them, and on top
    otherwise; a plain one, and a stale edit (`StaleObjectError`), go on top of the form. Every view
    that catches a service's refusal calls this: one mapping, so no form loses a message.
    """
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            for message in exc.messages:
                form.add_error(None, message)
    elif isinstance(exc, StaleObjectError):
        form.add_error(None, str(exc) or STALE_MESSAGE)
    else:
        form.add_error(None, str(exc))


class BootstrapFormMixin:
    """Give every widget Bootstrap's classes, and mark invalid fields for assistive technology."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, (forms.CheckboxInput,)):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            elif isinstance(widget, CheckboxList):
                css = "form-check-input"  # on each checkbox; the list's own box is styled by its template
            elif isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
                css = ""
            else:
                css = "form-control"
            if css:
                widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def full_clean(self):
        # Mark invalid fields after validation, not in __init__: reading self.errors there would
        # validate the form before subclasses finish setting up their fields (querysets, required).
        super().full_clean()
        for name in self._errors or ():
            field = self.fields.get(name)
            if field is None or isinstance(field.widget, forms.HiddenInput):
                continue
            field.widget.attrs["aria-invalid"] = "true"
            if "is-invalid" not in field.widget.attrs.get("class", ""):
                field.widget.attrs["class"] = (field.widget.attrs.get("class", "") + " is-invalid").strip()


class DateInput(forms.DateInput):
    """A native date picker; the browser sends ISO dates (accepted by the es_CL input formats)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class CheckboxList(forms.CheckboxSelectMultiple):
    """Every multiple choice of the project: a list of checkboxes, chosen by tapping.

    A `<select multiple>` needs Ctrl-click to choose several, which a phone does not have. Each
    option is a full-width row a finger can hit; a list longer than `searchable_from` options gets
    a filter box above it (typing "obras" leaves Dirección de Obras Municipales). Rendered inside a
    fieldset whose legend is the field's label (`use_fieldset`).
    """

    template_name = "gabinete/widgets/checkbox_list.html"
    option_template_name = "gabinete/widgets/checkbox_option.html"
    searchable_from = 8

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options = sum(len(group_options) for _group, group_options, _index in context["widget"]["optgroups"])
        context["widget"]["searchable"] = options > self.searchable_from
        return context


#: The range of a 64-bit primary key (BigAutoField).
PK_RANGE = range(-(2**63), 2**63)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of records where an id beyond 64 bits is an invalid choice, not a 500.

    Django guards single lookups (`pk=…`) against integer overflow, but not the `pk__in=…` that
    ModelMultipleChoiceField runs (SQLite raises OverflowError). Shown as the project's
    `CheckboxList`.
    """

    widget = CheckboxList

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(str(pk).strip())
            except (TypeError, ValueError):
                continue  # not a number: Django's own check reports it
            if number not in PK_RANGE:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)


class SignInForm(AuthenticationForm):
    """The sign-in form: Django's, plus a clear message when the municipal directory does not answer
    (local accounts, such as the superusers', still sign in then)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "directory_unavailable": _(
            "El directorio municipal no responde; intente en unos minutos. Las cuentas locales siguen funcionando."
        ),
    }

    def clean(self) -> dict:
        from .ldap_directory import directory_unavailable

        try:
            return super().clean()
        except ValidationError as exc:
            if getattr(exc, "code", None) == "invalid_login" and directory_unavailable(self.request):
                raise ValidationError(
                    self.error_messages["directory_unavailable"], code="directory_unavailable"
                ) from exc
            raise

    @property
    def directory_unavailable(self) -> bool:
        """Whether the error to show is the directory's, not a wrong password."""
        return any(error.code == "directory_unavailable" for error in self.non_field_errors().as_data())
