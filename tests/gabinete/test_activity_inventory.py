"""Every service that changes something writes one activity-log entry (issue 14 point 6).

The inventory reads each app's `services.py`: a public function there must call `activity.record()`
(itself or through a private helper of its module) and run under `@activity.service` (simple-history's
acting user), or be listed below with the reason it does not. A new service that forgets the log fails
`test_every_service_records_an_activity_entry`; the other tests run the services for real and look at
the entries they leave.
"""

from __future__ import annotations

import ast
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from gabinete.models import Activity, Directorate, Notification

ROOT = Path(__file__).resolve().parents[2]

#: The folders whose `services.py` the inventory reads; a function is named by the folder's last part
#: (`office.matter_raise` for `gabinete/office/services.py`).
SERVICE_MODULES = [
    "archive",
    "communications",
    "indicators",
    "protocol",
    "transparency",
    "gabinete/office",
    "gabinete/accounts",
    "gabinete/dataprotection",
]

#: Public functions of a services module that change nothing (reads, checks, helpers).
NOT_WRITES = {
    "archive.import_template_csv": "builds the CSV template to download",
    "archive.clipping_import_header_check": "reads an uploaded file's header",
    "archive.match_rule_check": "parses a rule's words (the form and match_rule_save ask it)",
    "archive.saved_search_announce": "the alerts: moves a search's mark and gives notices (no person's change)",
    "archive.saved_searches_announce": "the periodic job of the alerts (saved_search_announce per search)",
    "archive.clipping_import_check": "checks an uploaded file's rows (outside a transaction: a job's progress is seen)",
    "communications.unique_release_slug": "computes a slug",
    "communications.validate_schedule": "checks a date",
    "indicators.compute_value": "computes a value",
    "protocol.agenda_range_message": "a message text",
    "protocol.normalise_all_day": "computes times",
    "protocol.overlapping_confirmed": "a read",
    "protocol.feed_touch": "a calendar application fetching the feed, not a person's change (once an hour)",
    "protocol.lobby_publish": "a step of lobby_record_check, inside its transaction and its entry",
    "protocol.is_municipal_attendee": "a read: whether an agenda attendee is municipal staff",
    "protocol.month_start": "computes a date",
    "protocol.next_month": "computes a date",
    "protocol.lobby_closing_due": "computes a closing's due date",
    "transparency.invalidate_public_cache": "clears a cache",
    "office.next_meeting_date": "a read (the next dispatch meeting's date)",
    "office.version_workflow": "picks the workflow of a version",
    "dataprotection.deadline": "computes a request's due date",
    "accounts.session_register": "notes a session at sign-in (bookkeeping of the sign-in, no person's change)",
    "accounts.session_forget": "drops a signed-out session's row (bookkeeping of the sign-out)",
}


def _is_record_call(node: ast.AST) -> bool:
    """`activity.record(...)`, or a step of a declared workflow (`RELEASE_WORKFLOW.apply(...)`), which
    records the step itself (`gabinete.workflow.Workflow.apply`)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    owner = node.func.value
    return (node.func.attr == "record" and isinstance(owner, ast.Name) and owner.id == "activity") or (
        node.func.attr == "apply" and isinstance(owner, ast.Name) and owner.id.endswith("_WORKFLOW")
    )


def _is_service_decorator(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "service" and getattr(node.value, "id", "") == "activity"


def _module_functions(app: str) -> dict[str, ast.FunctionDef]:
    tree = ast.parse((ROOT / app / "services.py").read_text(encoding="utf-8"))
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def _records(name: str, functions: dict[str, ast.FunctionDef], seen: set[str] | None = None) -> bool:
    """Whether the function calls activity.record(), itself or through a private helper of its module."""
    seen = seen or set()
    seen.add(name)
    for node in ast.walk(functions[name]):
        if _is_record_call(node):
            return True
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id.startswith("_")
            and node.func.id in functions
            and node.func.id not in seen
            and _records(node.func.id, functions, seen)
        ):
            return True
    return False


def _public_services() -> dict[str, tuple[ast.FunctionDef, dict]]:
    found = {}
    for app in SERVICE_MODULES:
        functions = _module_functions(app)
        for name, node in functions.items():
            if not name.startswith("_"):
                found[f"{Path(app).name}.{name}"] = (node, functions)
    return found


def test_every_service_records_an_activity_entry():
    missing, undecorated = [], []
    for qualified, (node, functions) in _public_services().items():
        if qualified in NOT_WRITES:
            continue
        if not _records(node.name, functions):
            missing.append(qualified)
        if not any(_is_service_decorator(d) for d in node.decorator_list):
            undecorated.append(qualified)
    assert not missing, (
        "These services change something without an activity-log entry: call activity.record(...) in them "
        f"(or list them in NOT_WRITES with the reason): {missing}"
    )
    assert not undecorated, (
        f"Decorate these services with @activity.service (transaction + history user): {undecorated}"
    )


def test_the_inventory_lists_only_functions_that_exist():
    services = _public_services()
    stale = sorted(set(NOT_WRITES) - set(services))
    assert not stale, f"Listed but not found in any services.py: {stale}"


# --- the services, run ------------------------------------------------------------------------------


def _last(verb: str) -> Activity:
    return Activity.objects.filter(verb=verb).latest("pk")


def test_archive_services_record_creation_edits_and_forwarding(user_factory):
    from archive import services
    from tests.archive.factories import OutletFactory

    press = user_factory("gabinete", "gabinete-de-alcaldia", team="prensa")
    director = user_factory("director", "aseo")
    aseo = Directorate.objects.get(slug="aseo")
    clipping = services.clipping_create(
        by=press,
        source="medio",
        outlet=OutletFactory(),
        medium="prensa",
        published_on=timezone.localdate(),
        headline="Nuevo plan de reciclaje",
        tone="neutro",
    )
    created = _last("clipping.created")
    assert (created.actor, created.target, created.app, created.source) == (press, clipping, "archive", "command")

    services.clipping_update(clipping=clipping, by=press, expected_version=clipping.version, headline="Plan de aseo")
    changes = _last("clipping.updated").changes
    assert changes["headline"]["before"] == "Nuevo plan de reciclaje"
    assert changes["headline"]["after"] == "Plan de aseo"
    assert "tone" not in changes

    services.forwarding_create(
        clipping=clipping,
        directorate=aseo,
        request="Responder",
        due_on=timezone.localdate() + timedelta(days=3),
        by=press,
    )
    forwarded = _last("forwarding.created")
    assert forwarded.directorate == aseo and forwarded.target == clipping
    assert list(Notification.objects.for_user(director).unread().values_list("activity", flat=True)) == [forwarded.pk]


def test_communications_services_record_writes_and_tell_the_other_side(user_factory):
    from communications import services

    press = user_factory("gabinete", "gabinete-de-alcaldia", team="prensa")
    liaison = user_factory("enlace", "aseo")
    release = services.release_create(by=press, title="Operativo de invierno", lead="Bajada")
    assert _last("release.created").target == release
    services.release_update(release=release, by=press, expected_version=release.version, title="Operativo 2026")
    assert _last("release.updated").changes["title"]["after"] == "Operativo 2026"

    request = services.support_request_create(
        by=liaison,
        directorate=Directorate.objects.get(slug="aseo"),
        kind="cobertura",
        title="Cobertura de la feria",
        needed_by=timezone.localdate() + timedelta(days=5),
        contact_name="Ana",
    )
    requested = _last("support_request.created")
    assert requested.directorate.slug == "aseo"
    assert press in requested.recipients.all() and liaison not in requested.recipients.all()

    services.support_request_comment(request=request, by=press, text="Vamos")
    assert list(_last("support_request.commented").recipients.all()) == [liaison]


def test_a_workflow_step_is_one_entry_with_the_state_before_and_after_for_the_directorate(user_factory):
    from communications import services

    press = user_factory("gabinete", "gabinete-de-alcaldia", team="prensa")
    liaison = user_factory("enlace", "aseo")
    request = services.support_request_create(
        by=liaison,
        directorate=Directorate.objects.get(slug="aseo"),
        kind="cobertura",
        title="Cobertura de la feria",
        needed_by=timezone.localdate() + timedelta(days=5),
        contact_name="Ana",
    )

    services.support_request_transition(request=request, by=press, action="accept")

    step = Activity.objects.get(verb="supportrequest.accept")
    assert (step.actor, step.target, step.directorate.slug) == (press, request, "aseo")
    assert step.changes["status"]["before"] == "Solicitada" and step.changes["status"]["after"] == "Aceptada"
    assert list(step.recipients.all()) == [liaison]
    assert request.history.latest().history_user == press


def test_protocol_services_record_on_the_event(user_factory):
    from protocol import services
    from tests.protocol.factories import EventFactory

    staff = user_factory("gabinete", "gabinete-de-alcaldia", team="protocolo")
    event = EventFactory()
    attendee = services.attendee_add(event=event, by=staff, data={"name": "Gobernadora Regional"})
    services.attendee_remove(attendee=attendee, by=staff)
    task = services.task_add(event=event, by=staff, data={"title": "Bandera"})
    services.task_set_done(task=task, by=staff, done=True)
    services.task_remove(task=task, by=staff)
    verbs = list(Activity.objects.for_object(event).order_by("pk").values_list("verb", flat=True))
    assert verbs == [
        "event.attendee_added",
        "event.attendee_removed",
        "event.task_added",
        "event.task_done",
        "event.task_removed",
    ]
    services.feed_create(by=staff)
    assert _last("calendar_feed.created").app == "protocol"


def test_indicators_services_record_with_the_directorate(user_factory):
    from indicators import services
    from tests.indicators.factories import IndicatorYearFactory, open_period

    gabinete = user_factory("gabinete", "gabinete-de-alcaldia")
    liaison = user_factory("enlace", "aseo")
    aseo = Directorate.objects.get(slug="aseo")
    iy = IndicatorYearFactory()
    services.indicator_year_update(indicator_year=iy, name="", data={"target": Decimal("95")}, by=gabinete)
    assert _last("indicator.year_updated").changes["target"]["after"] == "95"
    measurement = services.measurement_enter(indicator_year=iy, period=open_period(), value="80", by=liaison)
    entered = _last("measurement.entered")
    assert (entered.target, entered.directorate) == (measurement, aseo)


def test_transparency_services_record_and_tell_the_new_responsible(catalogue_for_activity, user_factory):
    from transparency import services
    from transparency.models import Item

    gabinete = user_factory("gabinete", "gabinete-de-alcaldia")
    director = user_factory("director", "aseo")
    item = Item.objects.order_by("pk").first()
    services.item_assign_directorate(
        item=item, directorate=Directorate.objects.get(slug="aseo"), by=gabinete, expected_version=item.version
    )
    assigned = _last("item.directorate_assigned")
    assert assigned.changes["directorate"]["after"] == str(Directorate.objects.get(slug="aseo"))
    assert list(assigned.recipients.all()) == [director]


@pytest.fixture
def catalogue_for_activity(directorates):
    from transparency.catalogue import seed_catalogue
    from transparency.models import Column, Item, Section

    seed_catalogue(Item, Section, Column, Directorate)


# --- the office --------------------------------------------------------------------------------------


def test_office_matter_services_record_and_tell_the_directorate_and_gabinete(user_factory):
    from gabinete.office import services

    gabinete = user_factory("gabinete", "gabinete-de-alcaldia")
    director = user_factory("director", "aseo")
    liaison = user_factory("enlace", "aseo")
    aseo = Directorate.objects.get(slug="aseo")
    matter = services.matter_raise(
        directorate=aseo, subject="Poda de árboles", background="Reclamos", urgency=2, by=liaison
    )
    raised = _last("matter.raised")
    assert (raised.actor, raised.target, raised.app, raised.directorate) == (liaison, matter, "office", aseo)
    assert list(raised.recipients.all()) == [gabinete]

    services.matter_update(matter=matter, data={"subject": "Poda 2026"}, expected_version=matter.version, by=liaison)
    assert _last("matter.updated").changes["subject"] == {
        "label": "materia",
        "before": "Poda de árboles",
        "after": "Poda 2026",
    }

    services.matter_request_info(matter=matter, question="¿Cuántos árboles?", by=gabinete)
    asked = _last("matter.request_info")
    assert asked.changes["status"]["after"] == "Antecedentes solicitados a la dirección"
    assert set(asked.recipients.all()) == {director, liaison}

    services.matter_answer(matter=matter, answer="Cuarenta", by=liaison)
    assert list(_last("matter.answer").recipients.all()) == [gabinete]

    services.matter_decide(matter=matter, decision="aprobado", by=gabinete)
    decided = _last("matter.decide")
    assert decided.changes["status"]["after"] == "Resuelto por el Alcalde"
    assert set(decided.recipients.all()) == {director, liaison}
    assert matter.history.latest().history_user == gabinete


def test_office_assignment_services_record_and_tell_the_responsible(user_factory):
    from gabinete.office import services

    alcalde = user_factory("alcalde", "gabinete-de-alcaldia")
    director = user_factory("director", "aseo")
    assignment = services.assignment_create(
        title="Informe de microbasurales",
        directorate=Directorate.objects.get(slug="aseo"),
        responsible=director,
        due_date=timezone.localdate() + timedelta(days=5),
        by=alcalde,
    )
    created = _last("assignment.created")
    assert (created.target, list(created.recipients.all())) == (assignment, [director])
    services.assignment_add_note(assignment=assignment, text="Mapa listo", by=director)
    assert list(_last("assignment.noted").recipients.all()) == [alcalde]
    services.assignment_close(assignment=assignment, closure_note="Entregado", by=director)
    closed = _last("assignment.close")
    assert closed.changes["status"] == {"label": "estado", "before": "En curso", "after": "Cerrado"}
    assert list(closed.recipients.all()) == [alcalde]


def test_office_document_services_record_on_the_document_and_its_steps_tell_the_owner(user_factory):
    from gabinete.office import services

    gabinete = user_factory("gabinete", "gabinete-de-alcaldia")
    owner = user_factory("gabinete", "gabinete-de-alcaldia")
    reviewer = user_factory("director", "gestion-de-personas")
    manual = services.manual_create(
        title="Manual de correspondencia", owner=owner, review_due_on=timezone.localdate(), by=gabinete
    )
    assert list(_last("manual.created").recipients.all()) == [owner]
    version = services.manual_version_create(manual=manual, change_summary="Primera", body="<p>Paso</p>", by=gabinete)
    assert _last("manual.version_created").target == manual
    services.version_approve(version=version, by=gabinete)
    approved = _last("manualversion.approve")
    assert (approved.target, approved.changes["status"]["after"]) == (version, "Vigente")
    assert list(approved.recipients.all()) == [owner]

    descriptor = services.descriptor_create(
        position="Secretaria", unit="Gabinete", owner=owner, review_due_on=timezone.localdate(), by=gabinete
    )
    fields = {f: "x" for f in services.DESCRIPTOR_VERSION_FIELDS}
    dv = services.descriptor_version_create(descriptor=descriptor, data=fields, by=gabinete)
    services.descriptor_version_submit(version=dv, by=gabinete)
    assert reviewer in _last("jobdescriptorversion.submit").recipients.all()
    services.descriptor_version_review(version=dv, accepted=False, observations="Falta formación", by=reviewer)
    assert set(_last("jobdescriptorversion.return").recipients.all()) == {owner, gabinete}
    report = services.annual_report_record(
        kind="manuales", year=2026, sent_on=timezone.localdate(), sent_by=gabinete, by=gabinete
    )
    assert _last("annual_report.recorded").target == report
