"""The office moved out of the core app into its own app `office` (issue 14 point 1). A real installation
already holds matters, assignments, manuals with their versions, their history, the permissions granted on
them and the admin's log: this test builds such a database with the old layout (the models in `gabinete`),
migrates it forward, and finds every record with the new models, the permission still granted and the
admin's log entry still pointing at its matter."""

from datetime import date, timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from gabinete.office.models import Assignment, ManualVersion, Matter, ProcedureManual

#: The core layout: the office's models still in `gabinete` (0003_office) and no `office` app yet.
OLD_LAYOUT = [("gabinete", "0004_membership_press_approvers"), ("office", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    state = executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    return state.apps


def _history_row(historical_model, instance, user, when) -> None:
    """The history row simple-history wrote when `instance` was created (type "+")."""
    kept = {field.attname for field in historical_model._meta.concrete_fields}
    values = {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}
    values = {name: value for name, value in values.items() if name in kept}
    historical_model.objects.create(**values, history_date=when, history_type="+", history_user_id=user.pk)


def _content_type(old_apps, model: str):
    content_types = old_apps.get_model("contenttypes", "ContentType").objects
    return content_types.get_or_create(app_label="gabinete", model=model)[0]


@pytest.fixture
def old_layout():
    """The database migrated back to the core layout; migrated forward again afterwards, whatever happened."""
    old_apps = _migrate(OLD_LAYOUT)
    yield old_apps
    _migrate(None)


@pytest.mark.django_db(transaction=True)
def test_migrating_from_the_core_layout_keeps_every_office_record_its_history_and_permissions(old_layout):
    old = old_layout
    now = timezone.now()
    today = timezone.localdate()
    directorate = old.get_model("gabinete", "Directorate").objects.order_by("pk").first()
    if directorate is None:
        directorate = old.get_model("gabinete", "Directorate").objects.create(name="Dirección de Aseo", slug="aseo")
    user = old.get_model("auth", "User").objects.create(username="jefa.antigua")

    Matter_ = old.get_model("gabinete", "Matter")
    matter = Matter_.objects.create(
        directorate_id=directorate.pk, raised_by=user, subject="Cierre de calle Prat", background="Feria navideña."
    )
    _history_row(old.get_model("gabinete", "HistoricalMatter"), matter, user, now)
    assignment = old.get_model("gabinete", "Assignment").objects.create(
        title="Informe de luminarias",
        directorate_id=directorate.pk,
        responsible=user,
        created_by=user,
        assigned_on=today,
        due_date=today + timedelta(days=10),
    )
    _history_row(old.get_model("gabinete", "HistoricalAssignment"), assignment, user, now)
    manual = old.get_model("gabinete", "ProcedureManual").objects.create(
        title="Manual de audiencias", owner=user, review_due_on=date(2027, 11, 18)
    )
    _history_row(old.get_model("gabinete", "HistoricalProcedureManual"), manual, user, now)
    version = old.get_model("gabinete", "ManualVersion").objects.create(
        manual=manual, number=1, change_summary="Primera versión.", created_by=user, body="<p>Paso 1</p>"
    )
    _history_row(old.get_model("gabinete", "HistoricalManualVersion"), version, user, now)

    matter_type = _content_type(old, "matter")
    permission = old.get_model("auth", "Permission").objects.get_or_create(
        content_type=matter_type, codename="change_matter", defaults={"name": "Can change asunto para resolución"}
    )[0]
    user.user_permissions.add(permission)
    log_entry = old.get_model("admin", "LogEntry").objects.create(
        user=user, content_type=matter_type, object_id=str(matter.pk), object_repr=matter.subject, action_flag=1
    )

    _migrate(None)

    found = Matter.objects.get(pk=matter.pk)
    assert found.subject == "Cierre de calle Prat" and found.directorate_id == directorate.pk
    assert found.history.get().history_user_id == user.pk
    assert Assignment.objects.get(pk=assignment.pk).history.get().title == "Informe de luminarias"
    found_manual = ProcedureManual.objects.get(pk=manual.pk)
    assert found_manual.history.count() == 1
    found_version = ManualVersion.objects.get(pk=version.pk)
    assert found_version.manual == found_manual and found_version.body == "<p>Paso 1</p>"
    assert found_version.history.get().number == 1

    # The content type moved with its model (same row), so what pointed at it still does.
    office_type = ContentType.objects.get_for_model(Matter)
    assert (office_type.app_label, office_type.pk) == ("office", matter_type.pk)
    assert not ContentType.objects.filter(app_label="gabinete", model="matter").exists()
    assert get_user_model().objects.get(pk=user.pk).has_perm("office.change_matter")
    assert LogEntry.objects.get(pk=log_entry.pk).get_edited_object() == found
