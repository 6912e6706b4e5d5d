"""Templates never compare a workflow state to a string literal: they ask a model property
(`release.is_published`) or a value the view passes (`t.is_stopping`), so renaming a stored value
cannot silently break a page."""

import re
from pathlib import Path

import communications.services
import indicators.services
import protocol.services
import transparency.access_requests
import transparency.services
from gabinete import workflow
from gabinete.office import services as office_services

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
#: Every app's templates are converted (the office's last, after its move to its own app).
NOT_CONVERTED_YET: tuple[str, ...] = ()

TAG = re.compile(r"{%\s*(?:if|elif)\s(.*?)%}", re.S)
COMPARISON = re.compile(r"""([\w.]+)\s*(?:==|!=)\s*(['"])([^'"]*)\2|(['"])([^'"]*)\4\s*(?:==|!=)\s*([\w.]+)""")

WORKFLOWS = (
    communications.services.RELEASE_WORKFLOW,
    communications.services.SUPPORT_WORKFLOW,
    transparency.services.PUBLICATION_WORKFLOW,
    transparency.access_requests.ACCESS_REQUEST_WORKFLOW,
    protocol.services.EVENT_WORKFLOW,
    indicators.services.MEASUREMENT_WORKFLOW,
    indicators.services.PROPOSAL_WORKFLOW,
    office_services.MATTER_WORKFLOW,
    office_services.ASSIGNMENT_WORKFLOW,
    office_services.MANUAL_VERSION_WORKFLOW,
    office_services.DESCRIPTOR_VERSION_WORKFLOW,
)


def literal_status_comparisons(text: str, state_values: set[str]) -> list[str]:
    found = []
    for tag in TAG.finditer(text):
        for m in COMPARISON.finditer(tag.group(1)):
            operand, literal = (m.group(1), m.group(3)) if m.group(1) else (m.group(6), m.group(5))
            if operand.split(".")[-1] == "status" or literal in state_values:
                found.append(m.group(0))
    return found


def test_no_template_compares_a_workflow_state_to_a_string_literal():
    state_values = {str(v) for w in WORKFLOWS for v in w.states.values}
    offenders = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name.startswith(NOT_CONVERTED_YET):
            continue
        offenders += [f"{name}: {c}" for c in literal_status_comparisons(path.read_text(), state_values)]
    assert offenders == []


def test_the_guard_finds_the_comparisons_it_is_meant_to_find():
    values = {"publicado", "cancelada"}
    assert literal_status_comparisons('{% if release.status == "publicado" %}', values)
    assert literal_status_comparisons("{% elif t == 'cancelada' %}", values)
    assert literal_status_comparisons("{% if 'x' != m.status %}", values)
    assert not literal_status_comparisons("{% if mode == 'week' %}", values)


def test_every_workflow_state_has_a_tone_in_the_one_scheme():
    for w in WORKFLOWS:
        for value in w.states.values:
            assert workflow.tone_of(value) == w.tones[value]
