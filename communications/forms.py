"""Forms of the communications app (validation only; writes go through services)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.widgets import CKEditor5Widget

from gabinete.concurrency import VersionedFormMixin
from gabinete.forms import (
    BootstrapFormMixin,
    BoundedModelMultipleChoiceField,
    DateInput,
    DateTimeInput,
)
from gabinete.models import Directorate
from gabinete.permissions import directorate_ids_of
from gabinete.upload_stash import UploadStashMixin
from gabinete.uploads import FileKindValidator

from . import permissions
from .models import (
    SUPPORT_ATTACHMENT_KINDS,
    SUPPORT_ATTACHMENT_MAX_MB,
    Journalist,
    Outlet,
    OutletKind,
    PressRelease,
    SupportKind,
    SupportRequest,
)
from .services import validate_schedule


class ReleaseForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = PressRelease
        fields = [
            "title",
            "slug",
            "lead",
            "body",
            "photo",
            "photo_caption",
            "photo_alt",
            "directorates",
            "tags",
            "event",
            "scheduled_at",
        ]
        widgets = {
            "body": CKEditor5Widget(config_name="release"),
            "lead": forms.Textarea(attrs={"rows": 3}),
            "scheduled_at": DateTimeInput(),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }
        field_classes = {"directorates": BoundedModelMultipleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The editor hides the textarea: a browser "required" check on it could never be met.
        self.use_required_attribute = False
        self.fields["slug"].required = False
        self.fields["directorates"].queryset = Directorate.objects.active()
        event_field = self.fields["event"]
        now = timezone.now()
        recent = event_field.queryset.filter(start__gte=now - timedelta(days=180), start__lte=now + timedelta(days=90))
        if self.instance.event_id:
            recent = recent | event_field.queryset.filter(pk=self.instance.event_id)
        event_field.queryset = recent.order_by("-start")
        event_field.label_from_instance = lambda e: f"{timezone.localtime(e.start):%d-%m-%Y} · {e.title}"
        self.fields["scheduled_at"].input_formats = ["%Y-%m-%dT%H:%M", "%d-%m-%Y %H:%M"]
        if self.instance.is_correction:
            # A correction keeps the address of what it corrects and is published at once.
            self.fields["slug"].disabled = True
            del self.fields["scheduled_at"]
            self.fields["correction_note"] = forms.CharField(
                label=PressRelease._meta.get_field("correction_note").verbose_name.capitalize(),
                max_length=300,
                initial=self.instance.correction_note,
                help_text=PressRelease._meta.get_field("correction_note").help_text,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )

    def clean_slug(self):
        if self.instance.is_correction:
            return self.instance.slug
        slug = self.cleaned_data.get("slug") or ""
        if slug and PressRelease.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                _(
                    "Ya existe otro comunicado con el identificador «%(slug)s». Elija otro o déjelo en blanco para generarlo."
                ),
                params={"slug": slug},
                code="slug_clash",
            )
        return slug

    def clean_scheduled_at(self):
        when = self.cleaned_data.get("scheduled_at")
        if when is not None and when != self.instance.scheduled_at:
            validate_schedule(when)
        return when

    def clean(self):
        cleaned = super().clean()
        photo = cleaned.get("photo")
        if photo and not cleaned.get("photo_alt"):
            self.add_error("photo_alt", _("Describa la foto para quienes usan lector de pantalla."))
        return cleaned


class PublishForm(BootstrapFormMixin, forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publicar el"),
        required=False,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%d-%m-%Y %H:%M"],
        help_text=_("En blanco: se publica de inmediato. Con fecha futura: aparece solo en ese momento."),
    )

    def clean_publish_at(self):
        when = self.cleaned_data.get("publish_at")
        validate_schedule(when)
        return when


class ReleaseCorrectForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Qué se corrige"),
        max_length=300,
        help_text=_("Se muestra al público junto a «Corregido el …». Ej.: se corrigió la hora del operativo."),
    )


class ReleaseCommentForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(label=_("Comentario"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


SUPPORT_ATTACHMENT_HELP = _(
    "PDF, Word, Excel o imagen, hasta %(mb)s MB. Se revisa el contenido, no solo el nombre."
) % {"mb": SUPPORT_ATTACHMENT_MAX_MB}


def _support_file_field(required: bool) -> forms.FileField:
    return forms.FileField(
        label=_("Archivo adjunto"),
        required=required,
        help_text=SUPPORT_ATTACHMENT_HELP if required else _("Opcional.") + " " + SUPPORT_ATTACHMENT_HELP,
        validators=[FileKindValidator(*SUPPORT_ATTACHMENT_KINDS, max_mb=SUPPORT_ATTACHMENT_MAX_MB)],
    )


class SupportRequestForm(BootstrapFormMixin, UploadStashMixin, forms.ModelForm):
    """A directorate's request, with one file if it has one (more can be added on its page). A valid
    file survives an error elsewhere in the form (UploadStashMixin); a refused file is named in
    Spanish and the other fields stay as typed."""

    stash_fields = ("attachment",)
    attachment = _support_file_field(required=False)

    class Meta:
        model = SupportRequest
        fields = [
            "directorate",
            "kind",
            "title",
            "description",
            "needed_by",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]
        widgets = {"needed_by": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["directorate"]
        if not permissions.can_manage_support(user):
            field.queryset = Directorate.objects.filter(pk__in=directorate_ids_of(user))
            if field.queryset.count() == 1:
                field.initial = field.queryset.first()
        self.fields["kind"].choices = SupportKind.choices

    def clean_needed_by(self):
        value = self.cleaned_data["needed_by"]
        if value < timezone.localdate():
            raise ValidationError(_("La fecha en que se necesita el apoyo ya pasó."), code="needed_by_past")
        return value


class SupportAttachmentForm(BootstrapFormMixin, forms.Form):
    file = _support_file_field(required=True)


class SupportAssignForm(BootstrapFormMixin, forms.Form):
    """Who of Gabinete takes the request (empty: nobody yet)."""

    assignee = forms.ModelChoiceField(
        label=_("A cargo de"), queryset=permissions.support_assignees(), required=False, empty_label=_("Sin asignar")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].label_from_instance = lambda user: user.get_full_name() or user.get_username()

    def service_fields(self) -> dict:
        return {"assignee": self.cleaned_data["assignee"], "expected_version": self.cleaned_data.get("version")}


class SupportActionForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(label=_("Comentario"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class OutletForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Outlet
        fields = ["name", "kind", "city", "website", "email", "phone", "notes", "is_active"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class JournalistForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Journalist
        fields = ["first_name", "last_name", "outlet", "position", "email", "phone", "beat", "notes", "is_active"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outlet"].queryset = Outlet.objects.order_by("name")


class ContactSearchForm(forms.Form):
    q = forms.CharField(label=_("Buscar"), required=False)
    tipo = forms.ChoiceField(label=_("Tipo de medio"), required=False, choices=[("", _("Todos"))] + OutletKind.choices)
