"""Issue 21 point 3, the core: every workflow says, for each state where something is still to be done,
what happens now and who acts next; the message after a step is built from it; the answer to a return
is a requirement of the workflow (``Transition(answers=...)``)."""

import importlib

import pytest
from django.db import models

from gabinete.workflow import Next, Tone, Transition, Workflow, _net_changes, all_workflows, workflow_for

#: Every module that declares a workflow (`grep -rn "Workflow(" --include=*.py`).
WORKFLOW_MODULES = [
    "communications.services",
    "indicators.services",
    "protocol.services",
    "transparency.services",
    "transparency.access_requests",
    "gabinete.jobs",
    "gabinete.office.services",
]


def test_every_workflow_declares_the_next_step_of_every_state_that_is_not_final():
    for name in WORKFLOW_MODULES:
        importlib.import_module(name)
    # The project's own (the tests of the mechanism declare small ones of their own).
    workflows = [w for w in all_workflows() if not w.states.__module__.startswith("tests.")]
    assert len(workflows) >= 11
    for workflow in workflows:
        for value in workflow.states.values:
            if workflow.is_final(value):
                continue
            declared = workflow.next_steps.get(value)
            assert declared is not None, f"{workflow.states.__name__}: «{value}» has no next step declared"
            if isinstance(declared, Next):
                assert str(declared.text).startswith(("Ahora", "Queda", "Es ")) and declared.who, (
                    f"{workflow.states.__name__}: «{value}» must say what happens now and who acts"
                )


def test_two_workflows_on_the_same_states_are_told_apart_by_their_model():
    from gabinete.office import services
    from gabinete.office.models import JobDescriptorVersion, ManualVersion

    assert workflow_for(ManualVersion()) is services.MANUAL_VERSION_WORKFLOW
    assert workflow_for(JobDescriptorVersion()) is services.DESCRIPTOR_VERSION_WORKFLOW


class _State(models.TextChoices):
    DRAFT = "t_next_draft", "Borrador"
    SENT = "t_next_sent", "Enviado"
    DONE = "t_next_done", "Listo"


class _Thing:
    def __init__(self, status):
        self.status = status


def _workflow(**kwargs):
    return Workflow(
        states=_State,
        tones={_State.DRAFT: Tone.NEUTRAL, _State.SENT: Tone.WARNING, _State.DONE: Tone.SUCCESS},
        transitions=[
            Transition("send", {_State.DRAFT}, _State.SENT, "Enviar", done="Enviado a revisión."),
            Transition("finish", {_State.SENT}, _State.DONE, "Terminar"),
        ],
        **kwargs,
    )


def test_the_message_says_what_was_done_and_then_what_happens_now():
    workflow = _workflow(
        next_steps={
            _State.DRAFT: Next("Ahora quien escribe debe enviarlo.", "Autor"),
            _State.SENT: lambda thing: Next("Ahora revisa la jefa.", "Jefa"),
        }
    )
    assert workflow.message(_Thing(_State.DRAFT)) == "Guardado. Ahora quien escribe debe enviarlo."
    assert workflow.message(_Thing(_State.SENT), "Enviado a revisión.") == "Enviado a revisión. Ahora revisa la jefa."
    assert workflow.message(_Thing(_State.DONE), "Terminado.") == "Terminado."  # final, nothing declared


def test_a_workflow_refuses_next_steps_for_unknown_states_and_answers_to_unknown_steps():
    with pytest.raises(ValueError, match="unknown states"):
        _workflow(next_steps={"nope": Next("Ahora nada.", "Nadie")})
    with pytest.raises(ValueError, match="answers unknown step"):
        Workflow(
            states=_State,
            tones={_State.DRAFT: Tone.NEUTRAL, _State.SENT: Tone.WARNING, _State.DONE: Tone.SUCCESS},
            transitions=[Transition("send", {_State.DRAFT}, _State.SENT, "Enviar", answers="return")],
        )


def test_a_field_changed_and_changed_back_did_not_change():
    class Entry:
        def __init__(self, changes):
            self.changes = changes

    entries = [
        Entry({"value": {"label": "valor", "before": "80", "after": "82"}, "status": {"before": "a", "after": "b"}}),
        Entry({"value": {"label": "valor", "before": "82", "after": "80"}}),
        Entry({"comment": {"label": "comentario", "before": "", "after": "Dato"}, "reason": "texto"}),
    ]
    assert _net_changes(entries, skip={"status"}) == {"comment": {"label": "comentario", "before": "", "after": "Dato"}}
