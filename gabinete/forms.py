"""Form helpers shared by every app."""

from django import forms


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


#: The range of a 64-bit primary key (BigAutoField).
PK_RANGE = range(-(2**63), 2**63)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of records where an id beyond 64 bits is an invalid choice, not a 500.

    Django guards single lookups (`pk=…`) against integer overflow, but not the `pk__in=…` that
    ModelMultipleChoiceField runs (SQLite raises OverflowError).
    """

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
