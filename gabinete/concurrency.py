"""Optimistic locking: an edit made on a stale copy is refused, never silently overwrites.

A model inherits `VersionedModel` (an integer `version` bumped on every save). Its edit form inherits
`VersionedFormMixin`, which carries the version the person loaded in a hidden field and refuses the
save with a clear message when somebody saved the record in between. Services that change a record
outside a form call `check_version(instance, expected)`.
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Otra persona modificó este registro mientras usted lo editaba. Sus cambios no se guardaron: "
    "recargue la página para ver la versión actual y vuelva a aplicarlos."
)


class StaleObjectError(Exception):
    """The record changed since the person loaded it."""


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("versión de edición"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            self.version = (self.version or 0) + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)


def current_version(instance: VersionedModel) -> int | None:
    return type(instance)._default_manager.filter(pk=instance.pk).values_list("version", flat=True).first()


def check_version(instance: VersionedModel, expected: int | None) -> None:
    """Raise StaleObjectError when the stored version differs from the one the person edited."""
    if instance.pk is None or expected is None:
        return
    # Lock the row so two saves cannot both pass the check (inside the caller's transaction).
    stored = (
        type(instance)
        ._default_manager.select_for_update()
        .filter(pk=instance.pk)
        .values_list("version", flat=True)
        .first()
    )
    if stored is not None and stored != expected:
        raise StaleObjectError(str(STALE_MESSAGE))


class VersionedFormMixin(forms.Form):
    """A ModelForm mixin: hidden `version` field, checked in clean()."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None:
            self.fields["version"].initial = instance.version

    def clean(self):
        cleaned = super().clean()
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None:
            submitted = cleaned.get("version")
            if submitted is None or submitted != current_version(instance):
                raise forms.ValidationError(STALE_MESSAGE, code="stale")
        return cleaned
