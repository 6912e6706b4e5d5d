"""The workflow primitive: one declared table of transitions per model, shared by every app.

Each app keeps its own states (a ``TextChoices`` enum next to its model) and its own rules (predicates
from its ``permissions`` module, requirements as Spanish messages); only the machinery lives here:

    RELEASE_WORKFLOW = Workflow(
        states=ReleaseStatus,
        tones={ReleaseStatus.DRAFT: Tone.NEUTRAL, ...},
        transitions=[
            Transition("submit", {ReleaseStatus.DRAFT}, ReleaseStatus.REVIEW, _("Enviar a revisión"),
                       allowed=permissions.can_submit_release),
            ...
        ],
    )

    step = RELEASE_WORKFLOW.apply(release, "submit", by=user)   # checks, sets the state
    release.save(update_fields=["status", ...])
    _record_step(step)                                           # the app's one step-log writer

``apply`` is the one place every step goes through (the activity log hooks in here later). It refuses
with one error family, :class:`TransitionError`, whose members are also Django's own errors so that
views and the access matrix behave as before: a wrong state or a missing requirement is a
``ValidationError`` (the view shows the message), a refused person a ``PermissionDenied`` (403).

Every state also has a tone, declared once by the app that owns the states; the one status badge
(``templates/includes/status_badge.html``, filter ``status_tone``) colours every app's states with the
one scheme of the core stylesheet (``.status-badge.tone-*`` in ``gabinete/static/gabinete/css/app.css``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import activity


class Tone(StrEnum):
    """The colour family of a state, the same in every app."""

    NEUTRAL = "neutral"  # borrador, reemplazado: nothing to do yet, or nothing any more
    WARNING = "warning"  # en revisión, pendiente, propuesta, solicitada: waiting for someone
    INFO = "info"  # aprobado, confirmada, aceptada: decided, not finished
    SUCCESS = "success"  # publicado, validada, realizada: done
    DANGER = "danger"  # devuelto, rechazada, cancelada, retirado: stopped or sent back


#: Tone of every declared state value (filled by each Workflow; unknown values are neutral).
_TONES: dict[str, Tone] = {}


def tone_of(status: object) -> Tone:
    """The tone of a stored state value, as declared by the workflow that owns it."""
    return _TONES.get(str(status), Tone.NEUTRAL)


class TransitionError(Exception):
    """A step that cannot be taken. Catch this to handle every refusal of :meth:`Workflow.apply`."""

    #: Short machine name of the reason ("wrong_state", "not_allowed", "missing", "unknown").
    reason = ""

    @property
    def text(self) -> str:
        """The Spanish message(s) for the person, in one line."""
        if isinstance(self, ValidationError):
            return " ".join(self.messages)
        return str(self)


class UnknownTransition(TransitionError, ValidationError):
    reason = "unknown"


class WrongState(TransitionError, ValidationError):
    reason = "wrong_state"


class MissingRequirement(TransitionError, ValidationError):
    reason = "missing"


class NotAllowed(TransitionError, PermissionDenied):
    reason = "not_allowed"


Predicate = Callable[[Any, Any], bool]
Needs = Callable[..., Iterable[str]]


def always(user: Any, obj: Any) -> bool:
    return True


#: A Spanish text, translated now or lazily (`gettext_lazy`).
Text = str | Promise


def requires_detail(name: str, message: Text) -> Needs:
    """A requirement: the detail `name` (a comment, a reason) must be given and not blank."""

    def needs(obj: Any, **details: Any) -> list[str]:
        return [] if str(details.get(name) or "").strip() else [str(message)]

    return needs


@dataclass(frozen=True)
class Transition:
    """One declared step: from which states, to which state, who may take it, what it needs."""

    name: str
    sources: frozenset[str]
    target: str
    label: Text
    #: ``allowed(user, obj)``: the app's permission predicate.
    allowed: Predicate = always
    #: The Spanish refusal when ``allowed`` says no: a text, or ``refusal(user, obj)`` for a precise one.
    refusal: Text | Callable[[Any, Any], str] = gettext_lazy("Su rol no permite este paso.")
    #: ``needs(obj, **details)``: what is still missing, as Spanish messages (empty when nothing).
    needs: tuple[Needs, ...] = ()
    #: When set, missing requirements are reported on this form field.
    needs_field: str = ""

    def __init__(
        self,
        name: str,
        sources: Iterable[str],
        target: str,
        label: Text,
        *,
        allowed: Predicate = always,
        refusal: Text | Callable[[Any, Any], str] | None = None,
        needs: Needs | Iterable[Needs] = (),
        needs_field: str = "",
    ) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "sources", frozenset(str(s) for s in sources))
        object.__setattr__(self, "target", str(target))
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "allowed", allowed)
        object.__setattr__(self, "refusal", refusal or gettext_lazy("Su rol no permite este paso."))
        object.__setattr__(self, "needs", (needs,) if callable(needs) else tuple(needs))
        object.__setattr__(self, "needs_field", needs_field)

    @property
    def tone(self) -> Tone:
        """The tone of the state this step leads to (views colour the button of a step that stops or sends back)."""
        return tone_of(self.target)

    @property
    def is_stopping(self) -> bool:
        """Whether the step leads to a state of tone danger (reject, cancel, return, withdraw)."""
        return self.tone == Tone.DANGER

    def starts_from(self, status: object) -> bool:
        return str(status) in self.sources

    def missing(self, obj: Any, **details: Any) -> list[str]:
        """The requirements of this step that `obj` (with these details) does not meet yet."""
        return [message for check in self.needs for message in check(obj, **details)]

    def refusal_for(self, user: Any, obj: Any) -> str:
        return str(self.refusal(user, obj) if callable(self.refusal) else self.refusal)


@dataclass(frozen=True)
class Step:
    """What :meth:`Workflow.apply` did, with what the app's step log needs to record it."""

    obj: Any
    transition: Transition
    source: str
    target: str
    by: Any
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.transition.name


class Workflow:
    """The table of transitions of one model's state field, and the one way to move along it."""

    def __init__(
        self,
        *,
        states: type[models.TextChoices],
        transitions: Iterable[Transition],
        tones: Mapping[str, Tone],
        field: str = "status",
        wrong_state: Text | Callable[[Any, Transition | None], str] | None = None,
        notify: Callable[[Any, Transition, Any], Iterable[Any]] | None = None,
    ) -> None:
        self.states = states
        self.field = field
        #: ``notify(obj, transition, by)``: who should hear about a step (the activity entry's recipients,
        #: read by the notifications); nobody when not given.
        self.notify = notify
        self.transitions: dict[str, Transition] = {}
        #: The Spanish refusal of a step that does not start from the current state: a text that may use
        #: %(status)s (the current state's label) and %(target)s (the target's label), or
        #: ``wrong_state(obj, transition) -> str``.
        self.wrong_state = wrong_state or gettext_lazy("Este paso no corresponde: el estado actual es «%(status)s».")
        values = set(states.values)
        for transition in transitions:
            if transition.name in self.transitions:
                raise ValueError(f"Duplicate transition {transition.name!r}")
            unknown = (transition.sources | {transition.target}) - values
            if unknown:
                raise ValueError(f"Transition {transition.name!r} uses unknown states {sorted(unknown)}")
            self.transitions[transition.name] = transition
        missing_tones = values - {str(v) for v in tones}
        if missing_tones:
            raise ValueError(f"States without a tone: {sorted(missing_tones)}")
        for value, tone in tones.items():
            if _TONES.get(str(value), tone) != tone:
                raise ValueError(f"State {value!r} already has tone {_TONES[str(value)]!r}")
            _TONES[str(value)] = Tone(tone)
        self.tones = {str(v): Tone(t) for v, t in tones.items()}

    # --- reading the table ------------------------------------------------------------------------
    def get(self, name: str) -> Transition:
        try:
            return self.transitions[str(name)]
        except KeyError:
            raise UnknownTransition(_("Acción desconocida."), code="unknown") from None

    def leading_to(self, target: str) -> Transition | None:
        """The transition whose target is `target` (for tables that name steps by their target)."""
        return next((t for t in self.transitions.values() if t.target == str(target)), None)

    def status_of(self, obj: Any) -> str:
        return str(getattr(obj, self.field))

    def label(self, value: str) -> str:
        return str(dict(self.states.choices).get(str(value), value))

    def possible(self, obj: Any) -> list[Transition]:
        """The steps that start from `obj`'s current state, whoever takes them."""
        status = self.status_of(obj)
        return [t for t in self.transitions.values() if t.starts_from(status)]

    def available(self, obj: Any, user: Any) -> list[Transition]:
        """The steps `user` may take on `obj` now (requirements are asked for when the step is taken)."""
        return [t for t in self.possible(obj) if t.allowed(user, obj)]

    def wrong_state_message(self, obj: Any, transition: Transition | None) -> str:
        if callable(self.wrong_state):
            return str(self.wrong_state(obj, transition))
        target = self.label(transition.target) if transition else ""
        return str(self.wrong_state) % {"status": self.label(self.status_of(obj)), "target": target}

    # --- taking a step ----------------------------------------------------------------------------
    def check(self, obj: Any, name: str, by: Any, **details: Any) -> Transition:
        """Refuse (TransitionError) unless `by` may take step `name` on `obj` now, with `details`."""
        transition = self.get(name)
        status = self.status_of(obj)
        if not transition.starts_from(status):
            raise WrongState(self.wrong_state_message(obj, transition), code="wrong_state")
        if not transition.allowed(by, obj):
            raise NotAllowed(transition.refusal_for(by, obj))
        missing = transition.missing(obj, **details)
        if missing:
            if transition.needs_field:
                raise MissingRequirement({transition.needs_field: missing}, code="missing")
            raise MissingRequirement(missing, code="missing")
        return transition

    def apply(self, obj: Any, name: str, *, by: Any, **details: Any) -> Step:
        """Check step `name`, set `obj`'s new state (the caller saves it) and return what the log needs."""
        transition = self.check(obj, name, by, **details)
        source = self.status_of(obj)
        setattr(obj, self.field, self.states(transition.target))
        self._record(obj, transition, source, by)
        return Step(obj=obj, transition=transition, source=source, target=transition.target, by=by, details=details)

    def _record(self, obj: Any, transition: Transition, source: str, by: Any) -> None:
        """Every step is one activity-log entry, in the service's transaction (the one place steps are logged)."""
        if not isinstance(obj, models.Model):  # the mechanism's own tests step plain objects
            return
        labels = dict(self.states.choices)
        field_label = str(obj._meta.get_field(self.field).verbose_name)
        activity.record(
            actor=by,
            verb=activity.Verb(f"{obj._meta.model_name}.{transition.name}", transition.label),
            target=obj,
            changes={
                self.field: {
                    "label": field_label,
                    "before": str(labels.get(source, source)),
                    "after": str(labels.get(transition.target, transition.target)),
                }
            },
            recipients=self.notify(obj, transition, by) if self.notify else (),
        )
