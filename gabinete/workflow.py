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

Every non-final state also says what happens now and who acts next (``next_steps={state: Next(...)}``,
or a callable ``next_step(obj) -> Next`` where it depends on the record): views announce it after every
save or step with :meth:`Workflow.announce` («Guardado. Ahora …»), and each record's page shows its
path (``{% workflow_path obj %}``: done steps from the activity log, the current step, the next one and
who takes it). A step that sends back something returned with observations declares
``answers="<the return step>"``: it then needs a reply (detail ``reply``) and a change since the return,
and :meth:`Workflow.return_exchange` gives the observation, the reply and what changed side by side
(``{% return_exchange obj %}``).

Every state also has a tone, declared once by the app that owns the states; the one status badge
(``templates/includes/status_badge.html``, filter ``status_tone``) colours every app's states with the
one scheme of the core stylesheet (``.status-badge.tone-*`` in ``gabinete/static/gabinete/css/app.css``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import activity
from .models import Activity
from .types import StrOrPromise


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


def requires_detail(name: str, message: StrOrPromise) -> Needs:
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
    label: StrOrPromise
    #: ``allowed(user, obj)``: the app's permission predicate.
    allowed: Predicate = always
    #: The Spanish refusal when ``allowed`` says no: a text, or ``refusal(user, obj)`` for a precise one.
    refusal: StrOrPromise | Callable[[Any, Any], StrOrPromise] = gettext_lazy("Su rol no permite este paso.")
    #: ``needs(obj, **details)``: what is still missing, as Spanish messages (empty when nothing).
    needs: tuple[Needs, ...] = ()
    #: When set, missing requirements are reported on this form field.
    needs_field: str = ""
    #: What the person is told once the step is done («Medición enviada a Gabinete.»), before the next step.
    done: StrOrPromise = ""
    #: Details of the step kept in its activity entry, `{detail: label}` (the observations of a return).
    records: Mapping[str, StrOrPromise] = field(default_factory=dict, hash=False, compare=False)
    #: The name of the step that returns with observations, when this step sends the returned item again:
    #: it then needs a reply (detail ``reply``) and a change since the return.
    answers: str = ""

    def __init__(
        self,
        name: str,
        sources: Iterable[str],
        target: str,
        label: StrOrPromise,
        *,
        allowed: Predicate = always,
        refusal: StrOrPromise | Callable[[Any, Any], StrOrPromise] | None = None,
        needs: Needs | Iterable[Needs] = (),
        needs_field: str = "",
        done: StrOrPromise = "",
        records: Mapping[str, StrOrPromise] | None = None,
        answers: str = "",
    ) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "sources", frozenset(str(s) for s in sources))
        object.__setattr__(self, "target", str(target))
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "allowed", allowed)
        object.__setattr__(self, "refusal", refusal or gettext_lazy("Su rol no permite este paso."))
        object.__setattr__(self, "needs", (needs,) if callable(needs) else tuple(needs))
        object.__setattr__(self, "needs_field", needs_field)
        object.__setattr__(self, "done", done)
        object.__setattr__(self, "records", dict(records or {}))
        object.__setattr__(self, "answers", answers)

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


@dataclass(frozen=True)
class Next:
    """What happens now in a state and who acts: the sentence people read after a save or a step
    («Ahora el director o la directora debe enviarlo a Gabinete.») and, short, who takes the next step
    («Director o directora»). A final state may declare one with no `who` («No requiere más pasos.»)."""

    text: StrOrPromise
    who: StrOrPromise = ""


NextStep = Next | Callable[[Any], "Next | None"]


@dataclass(frozen=True)
class PathStep:
    """One done step of a record's path: the state it reached, who took it and when."""

    label: str
    actor: Any
    at: Any


@dataclass(frozen=True)
class Path:
    """A record's path: the steps done (oldest first), where it is now and what comes next."""

    done: list[PathStep]
    current: str
    current_value: str
    next: Next | None


#: The label of the reply a step that answers a return keeps in its activity entry.
REPLY_LABEL = gettext_lazy("Respuesta a las observaciones")
#: The detail that carries the reply.
REPLY = "reply"


@dataclass(frozen=True)
class ReturnExchange:
    """The last return of a record with observations, the reply it got and what changed since."""

    observation: str
    returned_by: Any
    returned_at: Any
    reply: str
    replied_by: Any
    replied_at: Any
    #: ``{field: {"label", "before", "after"}}``: the net change of the record's edits since the return.
    changes: dict[str, dict[str, Any]]

    @property
    def answered(self) -> bool:
        """Whether the item was sent again after the return (the observation is no longer current)."""
        return self.replied_at is not None


#: Every declared workflow (the tests check each one declares its next steps).
_REGISTRY: list[Workflow] = []


def all_workflows() -> list[Workflow]:
    return list(_REGISTRY)


def workflow_for(obj: Any) -> Workflow | None:
    """The workflow whose state field `obj`'s model has (matched by the field's choices)."""
    meta = getattr(obj, "_meta", None)
    if meta is None:
        return None
    declared = [w for w in _REGISTRY if w.model is not None]
    for workflow in declared:
        if isinstance(obj, workflow.model):  # type: ignore[arg-type]
            return workflow
    for workflow in _REGISTRY:
        if workflow.model is not None:
            continue
        try:
            model_field = meta.get_field(workflow.field)
        except Exception:  # noqa: BLE001 — this model has no such field
            continue
        if list(getattr(model_field, "choices", None) or []) == list(workflow.states.choices):
            return workflow
    return None


class Workflow:
    """The table of transitions of one model's state field, and the one way to move along it."""

    def __init__(
        self,
        *,
        states: type[models.TextChoices],
        transitions: Iterable[Transition],
        tones: Mapping[str, Tone],
        field: str = "status",
        wrong_state: StrOrPromise | Callable[[Any, Transition | None], StrOrPromise] | None = None,
        notify: Callable[[Any, Transition, Any], Iterable[Any]] | None = None,
        next_steps: Mapping[str, NextStep] | None = None,
        model: type[models.Model] | None = None,
    ) -> None:
        self.states = states
        #: The model whose records move along this table, where two tables share the same states.
        self.model = model
        #: ``{state: Next(...) or next_step(obj) -> Next}``: what happens now in each state, who acts next.
        self.next_steps = {str(k): v for k, v in (next_steps or {}).items()}
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
            if transition.answers:
                # The answer to a return is one more requirement of the step, checked with the others.
                object.__setattr__(transition, "needs", (*transition.needs, self._answer_needs(transition)))
            self.transitions[transition.name] = transition
        for transition in self.transitions.values():
            if transition.answers and transition.answers not in self.transitions:
                raise ValueError(f"Transition {transition.name!r} answers unknown step {transition.answers!r}")
        unknown_next = set(self.next_steps) - values
        if unknown_next:
            raise ValueError(f"Next steps for unknown states {sorted(unknown_next)}")
        missing_tones = values - {str(v) for v in tones}
        if missing_tones:
            raise ValueError(f"States without a tone: {sorted(missing_tones)}")
        for value, tone in tones.items():
            if _TONES.get(str(value), tone) != tone:
                raise ValueError(f"State {value!r} already has tone {_TONES[str(value)]!r}")
            _TONES[str(value)] = Tone(tone)
        self.tones = {str(v): Tone(t) for v, t in tones.items()}
        _REGISTRY.append(self)

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

    # --- what comes next -------------------------------------------------------------------------
    def is_final(self, value: str) -> bool:
        """Whether no step starts from state `value`."""
        return not any(t.starts_from(value) for t in self.transitions.values())

    def next_step(self, obj: Any) -> Next | None:
        """What happens now with `obj` and who acts next (None: a final state that declares nothing)."""
        declared = self.next_steps.get(self.status_of(obj))
        return declared(obj) if callable(declared) else declared

    def message(self, obj: Any, done: StrOrPromise | None = None) -> str:
        """The one sentence after a save or a step: what was done, then what happens now."""
        upcoming = self.next_step(obj)
        text = str(done or _("Guardado."))
        return f"{text} {upcoming.text}" if upcoming else text

    def announce(self, request: HttpRequest, obj: Any, step: str = "", *, done: StrOrPromise | None = None) -> None:
        """Tell the person what was done (the step's `done`, or «Guardado.» after a save) and what happens
        now. Every view that saves a record with a workflow or takes one of its steps calls this."""
        if done is None and step:
            transition = self.get(step)
            done = transition.done or _("Listo: ahora está «%(state)s».") % {"state": self.label(transition.target)}
        messages.success(request, self.message(obj, done))

    # --- the record's path and its returns --------------------------------------------------------
    def _step_codes(self, obj: Any) -> dict[str, Transition]:
        return {f"{obj._meta.model_name}.{t.name}": t for t in self.transitions.values()}

    def entries(self, obj: Any) -> list[Activity]:
        """The record's activity entries, oldest first (one query, kept on the record for the page)."""
        cached = getattr(obj, "_workflow_entries", None)
        if cached is None:
            cached = list(Activity.objects.for_object(obj).select_related("actor").order_by("created_at", "pk"))
            obj._workflow_entries = cached
        return cached

    def path(self, obj: Any) -> Path:
        """The done steps (from the activity log), the current state and the next step with who."""
        codes = self._step_codes(obj)
        done = []
        for entry in self.entries(obj):
            transition = codes.get(entry.verb)
            if transition is not None:
                done.append(PathStep(self.label(transition.target), entry.actor, entry.created_at))
        status = self.status_of(obj)
        return Path(done=done, current=self.label(status), current_value=status, next=self.next_step(obj))

    def return_exchange(self, obj: Any) -> ReturnExchange | None:
        """The last return of `obj` with its observation, the reply of the step that sent it again (if
        any) and the net change of its edits in between (None: never returned)."""
        answering = next((t for t in self.transitions.values() if t.answers), None)
        if answering is None or not getattr(obj, "pk", None):
            return None
        codes = self._step_codes(obj)
        model = obj._meta.model_name
        return_code, send_code = f"{model}.{answering.answers}", f"{model}.{answering.name}"
        entries = self.entries(obj)
        last_return = next((i for i in range(len(entries) - 1, -1, -1) if entries[i].verb == return_code), None)
        if last_return is None:
            return None
        returned = entries[last_return]
        after = entries[last_return + 1 :]
        sent = next((e for e in after if e.verb == send_code), None)
        window = after[: after.index(sent)] if sent else after
        key = next(iter(self.transitions[answering.answers].records), "")
        observation = (returned.changes.get(key) or {}).get("after") if key else ""
        if not observation and key:
            observation = str(getattr(obj, key, "") or "")
        reply = (sent.changes.get(REPLY) or {}).get("after", "") if sent else ""
        return ReturnExchange(
            observation=str(observation or ""),
            returned_by=returned.actor,
            returned_at=returned.created_at,
            reply=str(reply or ""),
            replied_by=sent.actor if sent else None,
            replied_at=sent.created_at if sent else None,
            changes=_net_changes([e for e in window if e.verb not in codes], skip={self.field}),
        )

    def _answer_needs(self, transition: Transition) -> Needs:
        def needs(obj: Any, **details: Any) -> list[str]:
            exchange = self.return_exchange(obj) if isinstance(obj, models.Model) else None
            if exchange is None or exchange.answered:
                return []
            missing = []
            if not str(details.get(REPLY) or "").strip():
                missing.append(_("Responda a las observaciones antes de enviarlo de nuevo: diga qué corrigió."))
            if not exchange.changes:
                missing.append(
                    _(
                        "Nada cambió desde que se devolvió: corrija lo observado (el valor, el archivo o el texto) antes de enviarlo de nuevo."
                    )
                )
            return missing

        return needs

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
        self._record(obj, transition, source, by, details)
        return Step(obj=obj, transition=transition, source=source, target=transition.target, by=by, details=details)

    def _record(self, obj: Any, transition: Transition, source: str, by: Any, details: Mapping[str, Any]) -> None:
        """Every step is one activity-log entry, in the service's transaction (the one place steps are logged)."""
        if not isinstance(obj, models.Model):  # the mechanism's own tests step plain objects
            return
        labels = dict(self.states.choices)
        field_label = str(cast(models.Field, obj._meta.get_field(self.field)).verbose_name)
        changes: dict[str, Any] = {
            self.field: {
                "label": field_label,
                "before": str(labels.get(source, source)),
                "after": str(labels.get(transition.target, transition.target)),
            }
        }
        kept = dict(transition.records)
        if transition.answers:
            kept[REPLY] = REPLY_LABEL
        for name, label in kept.items():
            text = str(details.get(name) or "").strip()
            if text:
                changes[name] = {"label": str(label), "before": "", "after": text}
        setattr(obj, "_workflow_entries", None)  # noqa: B010 — the page after the step reads the new entry
        activity.record(
            actor=by,
            verb=activity.Verb(f"{obj._meta.model_name}.{transition.name}", transition.label),
            target=obj,
            changes=changes,
            recipients=self.notify(obj, transition, by) if self.notify else (),
        )


def _net_changes(entries: Iterable[Activity], *, skip: set[str]) -> dict[str, dict[str, Any]]:
    """The net before → after of the edits in `entries` (oldest first): a field changed and changed back
    did not change."""
    merged: dict[str, dict[str, Any]] = {}
    for entry in entries:
        for key, change in (entry.changes or {}).items():
            if key in skip or not isinstance(change, dict) or "before" not in change:
                continue
            if key in merged:
                merged[key]["after"] = change.get("after")
            else:
                merged[key] = {
                    "label": change.get("label", key),
                    "before": change.get("before"),
                    "after": change.get("after"),
                }
    return {k: v for k, v in merged.items() if v["before"] != v["after"]}
