"""The core workflow primitive (gabinete.workflow): one table per model, one way to take a step."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.template import Context, Template

from gabinete.workflow import (
    MissingRequirement,
    NotAllowed,
    Tone,
    Transition,
    TransitionError,
    UnknownTransition,
    Workflow,
    WrongState,
    requires_detail,
    tone_of,
)


class DocStatus(models.TextChoices):
    DRAFT = "wf_test_borrador", "Borrador"
    REVIEW = "wf_test_revision", "En revisión"
    DONE = "wf_test_publicado", "Publicado"


def _is_editor(user, doc) -> bool:
    return user.editor


def _has_body(doc, **details) -> list[str]:
    return [] if doc.body else ["El documento no tiene texto: escríbalo antes de enviarlo."]


FLOW = Workflow(
    states=DocStatus,
    tones={DocStatus.DRAFT: Tone.NEUTRAL, DocStatus.REVIEW: Tone.WARNING, DocStatus.DONE: Tone.SUCCESS},
    transitions=[
        Transition("submit", {DocStatus.DRAFT}, DocStatus.REVIEW, "Enviar", needs=_has_body),
        Transition(
            "publish",
            {DocStatus.REVIEW},
            DocStatus.DONE,
            "Publicar",
            allowed=_is_editor,
            refusal="Solo la editora publica.",
            needs=requires_detail("comment", "Escriba un comentario."),
        ),
    ],
)

editor = SimpleNamespace(editor=True)
writer = SimpleNamespace(editor=False)


def doc(status=DocStatus.DRAFT, body="texto"):
    return SimpleNamespace(status=status, body=body)


def test_step_from_the_wrong_state_is_refused_in_spanish_and_leaves_the_state():
    d = doc(DocStatus.DONE)
    with pytest.raises(WrongState) as exc:
        FLOW.apply(d, "submit", by=editor)
    assert isinstance(exc.value, ValidationError) and isinstance(exc.value, TransitionError)
    assert exc.value.text == "Este paso no corresponde: el estado actual es «Publicado»."
    assert d.status == DocStatus.DONE


def test_step_the_person_may_not_take_is_refused_with_the_apps_message():
    d = doc(DocStatus.REVIEW)
    with pytest.raises(NotAllowed) as exc:
        FLOW.apply(d, "publish", by=writer, comment="listo")
    assert isinstance(exc.value, PermissionDenied)
    assert exc.value.text == "Solo la editora publica."
    assert d.status == DocStatus.REVIEW


def test_step_with_a_missing_requirement_is_refused_with_what_is_missing():
    d = doc(body="")
    with pytest.raises(MissingRequirement) as exc:
        FLOW.apply(d, "submit", by=writer)
    assert exc.value.messages == ["El documento no tiene texto: escríbalo antes de enviarlo."]
    assert d.status == DocStatus.DRAFT
    with pytest.raises(MissingRequirement, match="Escriba un comentario"):
        FLOW.apply(doc(DocStatus.REVIEW), "publish", by=editor, comment="  ")


def test_allowed_step_sets_the_state_and_returns_what_the_log_needs():
    d = doc(DocStatus.REVIEW)
    step = FLOW.apply(d, "publish", by=editor, comment="Listo")
    assert d.status == DocStatus.DONE and isinstance(d.status, DocStatus)
    assert (step.name, step.source, step.target, step.by) == ("publish", DocStatus.REVIEW, DocStatus.DONE, editor)
    assert step.details == {"comment": "Listo"}


def test_unknown_step_is_refused():
    with pytest.raises(UnknownTransition, match="Acción desconocida"):
        FLOW.apply(doc(), "borrar", by=editor)


def test_available_lists_only_steps_from_the_current_state_the_person_may_take():
    assert [t.name for t in FLOW.available(doc(), writer)] == ["submit"]
    assert [t.name for t in FLOW.available(doc(DocStatus.REVIEW), writer)] == []
    assert [t.name for t in FLOW.available(doc(DocStatus.REVIEW), editor)] == ["publish"]
    assert FLOW.leading_to(DocStatus.DONE).name == "publish"


def test_a_table_with_an_undeclared_state_or_tone_is_refused_when_declared():
    with pytest.raises(ValueError, match="unknown states"):
        Workflow(
            states=DocStatus,
            tones={s: Tone.NEUTRAL for s in DocStatus},
            transitions=[Transition("x", {"otro"}, DocStatus.DONE, "X")],
        )
    with pytest.raises(ValueError, match="without a tone"):
        Workflow(states=DocStatus, tones={DocStatus.DRAFT: Tone.NEUTRAL}, transitions=[])


def test_status_badge_shows_the_declared_tone_of_each_state():
    assert tone_of(DocStatus.REVIEW) == Tone.WARNING
    assert tone_of("nunca-declarado") == Tone.NEUTRAL
    html = Template('{% include "includes/status_badge.html" with status=s label="Publicado" %}').render(
        Context({"s": DocStatus.DONE})
    )
    assert 'class="badge status-badge tone-success"' in html
    assert 'data-status="wf_test_publicado"' in html and ">Publicado<" in html
