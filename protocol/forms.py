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

from . import precedence, services
from .models import (
    Attendee,
    ChecklistTask,
    Event,
    EventStatus,
    LobbyAttendeeRole,
    LobbyAudience,
    LobbyAudienceAttendee,
    LobbyGift,
    LobbyTrip,
    PassiveSubject,
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
    """An attendee of `event` (passed as the instance's event, so one host per event is checked)."""

    class Meta:
        model = Attendee
        fields = [
            "name",
            "office",
            "institution",
            "category",
            "seniority_since",
            "is_presiding",
            "is_host",
            "is_guest_of_honour",
            "manual_position",
        ]
        widgets = {"seniority_since": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].empty_label = _("Invitado/a (sin categoría)")

    @property
    def missing_category_warning(self) -> str:
        """A warning, not a refusal: the office looks like an authority's and no category was chosen."""
        data = self.cleaned_data
        if data.get("category") is None and precedence.looks_like_authority(data.get("office", "")):
            return _(
                "¿Falta la categoría de precedencia? %(name)s (%(office)s) quedó como invitado/a, "
                "después de las autoridades."
            ) % {"name": data["name"], "office": data["office"]}
        return ""


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
        fields = ["scope", "order", "name", "note", "by_seniority"]


PrecedenceFormSet = forms.modelformset_factory(
    PrecedenceCategory, form=PrecedenceCategoryForm, extra=1, can_delete=False
)


class LobbyRecordFormMixin:
    """The passive subject offered are only those whose registers this person keeps; editing a
    published record is a correction and asks its reason (the public register shows it)."""

    def __init__(self, *args, subjects=None, **kwargs):
        super().__init__(*args, **kwargs)
        if subjects is not None:
            self.fields["subject"].queryset = subjects
        self.fields["subject"].empty_label = None if subjects is not None and len(subjects) == 1 else "---------"
        instance = self.instance
        self.is_correction = instance.pk is not None and instance.published_versions().exists()
        if self.is_correction:
            field = self.fields["correction_reason"]
            field.required = True
            field.error_messages["required"] = services.CORRECTION_REASON_REQUIRED
            if instance.is_checked:
                # A new correction gives its own reason; a pending one keeps the one given.
                self.initial["correction_reason"] = ""
        else:
            del self.fields["correction_reason"]


class LobbyAudienceForm(LobbyRecordFormMixin, BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = LobbyAudience
        fields = [
            "subject",
            "date",
            "time",
            "place",
            "modality",
            "on_behalf_of",
            "matter",
            "correction_reason",
        ]
        widgets = {
            "date": DateInput(),
            "time": forms.TimeInput(attrs={"type": "time"}),
            "matter": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "matter": _(
                "La materia específica que se trató (p. ej. «modificación del plan regulador en el sector "
                "La Chimba»), no el título de la actividad."
            ),
        }


class LobbyAttendeeForm(BootstrapFormMixin, forms.ModelForm):
    """An attendee and their side: a paid lobbyist, an unpaid interest manager, or municipal staff.
    «Por definir» stays possible (an audience made from the agenda) but blocks publication."""

    class Meta:
        model = LobbyAudienceAttendee
        fields = ["name", "represents", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offered = [
            LobbyAttendeeRole.LOBBYIST,
            LobbyAttendeeRole.INTEREST_MANAGER,
            LobbyAttendeeRole.MUNICIPAL,
            LobbyAttendeeRole.UNKNOWN,
        ]
        if self.instance.role == LobbyAttendeeRole.OTHER:
            offered.append(LobbyAttendeeRole.OTHER)  # recorded before the art. 8 roles; kept as it is
        self.fields["role"].choices = [("", "---------"), *((r.value, r.label) for r in offered)]
        self.fields["role"].help_text = _(
            "Lobbista: recibe remuneración por gestionar intereses. Gestor/a: no la recibe. "
            "Por la municipalidad: funcionarios y autoridades municipales presentes."
        )


LobbyAttendeeFormSet = forms.inlineformset_factory(
    LobbyAudience, LobbyAudienceAttendee, form=LobbyAttendeeForm, extra=2, can_delete=True
)


class LobbyTripForm(LobbyRecordFormMixin, BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = LobbyTrip
        fields = [
            "subject",
            "date_start",
            "date_end",
            "destination",
            "purpose",
            "cost",
            "paid_by",
            "correction_reason",
        ]
        widgets = {"date_start": DateInput(), "date_end": DateInput(), "purpose": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"cost": ChileanIntegerField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cost"].currency = True  # "$ 845.000" as people write an amount in pesos
        self.fields["cost"].help_text = _(
            "En pesos, por ejemplo 845.000. Déjelo en blanco si aún no se conoce: "
            "el viaje no se publica hasta registrarlo."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_start") and cleaned.get("date_end") and cleaned["date_end"] < cleaned["date_start"]:
            self.add_error("date_end", _("La fecha de regreso debe ser igual o posterior a la de salida."))
        return cleaned


class LobbyGiftForm(LobbyRecordFormMixin, BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = LobbyGift
        fields = ["subject", "date", "kind", "description", "giver", "occasion", "correction_reason"]
        widgets = {"date": DateInput()}


class PassiveSubjectForm(BootstrapFormMixin, VersionedFormMixin, forms.ModelForm):
    """A passive subject of Ley 20.730; the rules (tender ID, decree, period) are the model's."""

    class Meta:
        model = PassiveSubject
        fields = [
            "name",
            "office",
            "position_detail",
            "tender_id",
            "decree",
            "period_start",
            "period_end",
            "keeper",
            "is_public",
        ]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keeper"].queryset = Directorate.objects.active()


LOBBY_FORMS = {"audiencia": LobbyAudienceForm, "viaje": LobbyTripForm, "donativo": LobbyGiftForm}
