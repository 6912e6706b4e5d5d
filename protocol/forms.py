"""Forms of the protocol app. Rules live in services and models; forms bind and explain."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from gabinete.concurrency import VersionedFormMixin
from gabinete.forms import (
    BootstrapFormMixin,
    BoundedModelMultipleChoiceField,
    DateInput,
    DateTimeInput,
)
from gabinete.models import Directorate
from gabinete.numbers import ChileanIntegerField
from gabinete.upload_stash import UploadStashMixin

from . import services
from .models import (
    Attendee,
    ChecklistTask,
    Event,
    EventStatus,
    LobbyAudience,
    LobbyAudienceAttendee,
    LobbyGift,
    LobbyTrip,
    PrecedenceCategory,
    in_agenda_range,
)

#: The code of the overlap refusal and the name of the «Guardar de todos modos» button.
OVERLAP = "overlap"
CONFIRM_OVERLAP = "confirm_overlap"


class EventForm(BootstrapFormMixin, UploadStashMixin, VersionedFormMixin, forms.ModelForm):
    """Create or edit an activity. Overlaps with confirmed events are shown and must be accepted;
    the programme PDF chosen meanwhile is kept (see upload_stash)."""

    stash_fields = ("programme",)

    directorates = BoundedModelMultipleChoiceField(
        label=_("Direcciones organizadoras"),
        queryset=Directorate.objects.active(),
        required=False,
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "start",
            "end",
            "all_day",
            "place_name",
            "place_address",
            "directorates",
            "is_public",
            "dress_code",
            "notes_for_mayor",
            "programme",
        ]
        widgets = {
            "start": DateTimeInput(),
            "end": DateTimeInput(),
            "notes_for_mayor": forms.Textarea(attrs={"rows": 3}),
            "programme": forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        }

    def __init__(self, *args, proposing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.overlaps: list[Event] = []
        if self.instance.pk:
            self.initial.setdefault("directorates", list(self.instance.directorates.all()))
        if proposing:
            self.fields["notes_for_mayor"].label = _("Antecedentes para el Alcalde")

    def _clean_agenda_instant(self, name: str):
        value = self.cleaned_data.get(name)
        if value is not None and not in_agenda_range(value):
            raise forms.ValidationError(services.agenda_range_message(), code="out_of_range")
        return value

    def clean_start(self):
        return self._clean_agenda_instant("start")

    def clean_end(self):
        return self._clean_agenda_instant("end")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if cleaned.get("all_day"):
                start, end = services.normalise_all_day(start, end)
            if end <= start:
                self.add_error("end", _("La hora de término debe ser posterior a la de inicio."))
            elif self.instance.status != EventStatus.CANCELLED:
                self.overlaps = services.overlapping_confirmed(start, end, exclude_pk=self.instance.pk)
                if self.overlaps and not self.overlap_confirmed:
                    # The template shows this once, at the top of the form, with the list of the
                    # events and the «Guardar de todos modos» button (see `non_field_errors`).
                    raise forms.ValidationError(self.overlap_message, code=OVERLAP)
        return cleaned

    @property
    def overlap_confirmed(self) -> bool:
        """Whether the person pressed «Guardar de todos modos» (the button's name is sent)."""
        return self.is_bound and bool(self.data.get(self.add_prefix(CONFIRM_OVERLAP)))

    @property
    def confirm_overlap_name(self) -> str:
        return self.add_prefix(CONFIRM_OVERLAP)

    @property
    def overlap_pending(self) -> bool:
        """Overlaps were found and not yet accepted: the form shows the overlap warning."""
        return self.is_bound and self.has_error(NON_FIELD_ERRORS, code=OVERLAP)

    @property
    def overlap_message(self) -> str:
        count = len(self.overlaps)
        return ngettext(
            "Esta actividad se superpone con otra actividad confirmada del Alcalde:",
            "Esta actividad se superpone con %(count)d actividades confirmadas del Alcalde:",
            count,
        ) % {"count": count}

    def non_field_errors(self):
        """The form's general errors, without the overlap: that one is the warning at the top."""
        errors = super().non_field_errors()
        return self.error_class(
            [e for e in errors.as_data() if e.code != OVERLAP], error_class="nonfield", renderer=self.renderer
        )

    def event_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in services.EVENT_FIELDS}


class ProposalForm(EventForm):
    """A directorate proposes an activity for the Alcalde (one of its own directorates proposes)."""

    proposing_directorate = forms.ModelChoiceField(label=_("Dirección que propone"), queryset=Directorate.objects.all())

    field_order = ["proposing_directorate"]

    def __init__(self, *args, user=None, **kwargs):
        from .permissions import proposing_directorate_ids

        # Set before the base __init__: the Bootstrap mixin may validate the form right there.
        self._proposer_ids = proposing_directorate_ids(user)
        super().__init__(*args, proposing=True, **kwargs)
        qs = Directorate.objects.filter(pk__in=self._proposer_ids)
        self.fields["proposing_directorate"].queryset = qs
        if len(self._proposer_ids) == 1:
            self.fields["proposing_directorate"].initial = next(iter(self._proposer_ids))
        if self.instance.pk:
            del self.fields["proposing_directorate"]

    def clean_proposing_directorate(self):
        directorate = self.cleaned_data["proposing_directorate"]
        if directorate.pk not in self._proposer_ids:
            raise forms.ValidationError(_("Solo puede proponer actividades por su propia dirección."), code="not_yours")
        return directorate


class TransitionForm(BootstrapFormMixin, forms.Form):
    to_status = forms.ChoiceField(choices=EventStatus.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Observación"), max_length=300, required=False)


class AttendeeForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Attendee
        fields = ["name", "office", "institution", "category", "seniority_since", "is_presiding", "manual_position"]
        widgets = {"seniority_since": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].empty_label = _("Invitado/a (sin categoría)")


class TaskForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ChecklistTask
        fields = ["title", "responsible", "due"]
        widgets = {"due": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, memberships__isnull=False)
            .distinct()
            .order_by("first_name", "last_name")
        )
        self.fields["responsible"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


class PrecedenceCategoryForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = PrecedenceCategory
        fields = ["order", "name", "note", "by_seniority"]


PrecedenceFormSet = forms.modelformset_factory(
    PrecedenceCategory, form=PrecedenceCategoryForm, extra=1, can_delete=False
)


class LobbyAudienceForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = LobbyAudience
        fields = ["date", "place", "subject", "passive_subject"]
        widgets = {"date": DateInput(), "subject": forms.Textarea(attrs={"rows": 3})}


class LobbyAttendeeForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = LobbyAudienceAttendee
        fields = ["name", "represents", "role"]


LobbyAttendeeFormSet = forms.inlineformset_factory(
    LobbyAudience, LobbyAudienceAttendee, form=LobbyAttendeeForm, extra=2, can_delete=True
)


class LobbyTripForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = LobbyTrip
        fields = ["date_start", "date_end", "destination", "purpose", "cost", "paid_by"]
        widgets = {"date_start": DateInput(), "date_end": DateInput(), "purpose": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"cost": ChileanIntegerField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cost"].currency = True  # "$ 845.000" as people write an amount in pesos
        self.fields["cost"].help_text = _("En pesos, por ejemplo 845.000.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_start") and cleaned.get("date_end") and cleaned["date_end"] < cleaned["date_start"]:
            self.add_error("date_end", _("La fecha de regreso debe ser igual o posterior a la de salida."))
        return cleaned


class LobbyGiftForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = LobbyGift
        fields = ["date", "description", "giver", "occasion"]
        widgets = {"date": DateInput()}


LOBBY_FORMS = {"audiencia": LobbyAudienceForm, "viaje": LobbyTripForm, "donativo": LobbyGiftForm}
