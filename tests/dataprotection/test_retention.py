"""The retention job (Ley 21.719, issue 20 point 5): each processing's term and action are editable data
(RetentionRule); the job anonymises or deletes what passed its term, history copies included, keeps what
a law orders to publish, writes each rule applied to the activity log, and has a dry run."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from archive.models import Clipping
from gabinete import periodic, privacy
from gabinete.dataprotection import selectors, services, tasks
from gabinete.dataprotection.models import DataSubjectRequest, RetentionAction, RetentionRule
from gabinete.models import Activity
from protocol.models import AudienceRequest, LobbyAudienceAttendee
from tests.conftest import SANTIAGO
from transparency.models import ACCESS_OPEN_STATES, AccessRequest

pytestmark = pytest.mark.django_db

DATA = {
    "kind": "supresion",
    "requester_name": "Rosa Cortés",
    "email": "rosa@example.invalid",
    "description": "Borren mis datos.",
}


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=SANTIAGO)


def _answered(legal, when: date) -> DataSubjectRequest:
    saved = services.rights_request_submit(data=DATA, channel="web", by=None)
    saved = services.rights_request_answer(request=saved, outcome="acogida", answer="Hecho.", by=legal)
    DataSubjectRequest.objects.filter(pk=saved.pk).update(answered_at=_at(when))
    return saved


@pytest.fixture
def legal(user_factory):
    return user_factory("juridica", "asesoria-juridica", username="abogada")


def test_the_job_on_the_demo_data_erases_what_passed_its_term_and_keeps_what_the_law_publishes(
    directorates, clock, capsys
):
    call_command("seed_demo", "--i-know-this-is-not-production", verbosity=0)
    citizen = Clipping.objects.filter(source="vecino")
    names_before = sorted(citizen.values_list("reporter_name", flat=True))
    attendees_before = sorted(LobbyAudienceAttendee.objects.values_list("name", flat=True))
    answered_audiences = AudienceRequest.objects.exclude(status="recibida")
    open_access = {
        r.pk: (r.requester_name, r.email) for r in AccessRequest.objects.filter(status__in=ACCESS_OPEN_STATES)
    }
    assert citizen.exists() and attendees_before and answered_audiences.exists() and open_access

    # Today nothing is that old.
    assert selectors.retention_plan().total == 0

    clock.move_to(timezone.now() + timedelta(days=3 * 366))
    plan = selectors.retention_plan()
    assert plan.row("archive.Clipping").count == citizen.count()
    assert plan.row("protocol.AudienceRequest").count == answered_audiences.count()
    assert (
        plan.row("transparency.AccessRequest").count
        == AccessRequest.objects.exclude(status__in=ACCESS_OPEN_STATES).count()
    )
    assert plan.row("dataprotection.DataSubjectRequest").count == 1
    assert plan.row("protocol.LobbyAudienceAttendee").count == 0
    assert "Ley 20.730" in plan.row("protocol.LobbyAudienceAttendee").reason

    # The dry run changes nothing.
    call_command("privacy_retention", "--dry-run")
    out = capsys.readouterr().out
    assert f"archive.Clipping: {citizen.count()}" in out and "se anonimizarían" in out
    assert sorted(citizen.values_list("reporter_name", flat=True)) == names_before
    assert not Activity.objects.filter(verb="retentionrule.applied").exists()

    call_command("privacy_retention")
    # Residents' identities are gone from the reports and from their history copies; the reports stay.
    assert citizen.count() == len(names_before)
    assert set(citizen.values_list("reporter_name", "reporter_contact")) == {("", "")}
    history = Clipping.history.filter(source="vecino")
    assert history.exists() and set(history.values_list("reporter_name", flat=True)) == {""}
    # The lobby register keeps what Ley 20.730 orders to publish.
    assert sorted(LobbyAudienceAttendee.objects.values_list("name", flat=True)) == attendees_before
    for request in answered_audiences:
        assert request.requester_name and request.on_behalf_of
        assert (request.email, request.requester_rut, request.postal_address) == ("", "", str(privacy.ERASED))
    # Open access requests are never touched; closed ones lose the requester's identity.
    for pk, (name, email) in open_access.items():
        assert AccessRequest.objects.filter(pk=pk, requester_name=name, email=email).exists()
    closed = AccessRequest.objects.exclude(status__in=ACCESS_OPEN_STATES)
    assert set(closed.values_list("requester_name", "email")) == {(str(privacy.ANONYMOUS), "")}
    # One entry per rule applied, saying how many records.
    entries = {e.changes["processing"]["after"]: e for e in Activity.objects.filter(verb="retentionrule.applied")}
    assert entries["archive.Clipping"].changes["records"]["after"] == len(names_before)
    assert "protocol.LobbyAudienceAttendee" not in entries
    # A second run finds nothing left.
    assert services.retention_apply(by=None).total == 0


def test_a_rule_whose_term_has_not_passed_leaves_the_record(legal, clock):
    clock.move_to(_at(date(2026, 12, 2)))
    saved = _answered(legal, date(2025, 1, 10))
    RetentionRule.objects.filter(processing="dataprotection.DataSubjectRequest").update(months=24)
    assert services.retention_apply(by=None).total == 0
    RetentionRule.objects.filter(processing="dataprotection.DataSubjectRequest").update(months=22)
    assert services.retention_apply(by=None).total == 1
    saved.refresh_from_db()
    assert (saved.requester_name, saved.email, saved.status) == (str(privacy.ANONYMOUS), "", "respondida")


def test_open_requests_are_never_erased_however_old_their_term(legal, clock):
    from transparency import access_requests

    clock.move_to(_at(date(2026, 12, 2)))
    saved = services.rights_request_submit(data=DATA, channel="web", by=None)
    access = access_requests.access_request_submit(
        data={"requester_name": "Rosa Cortés", "email": "rosa@example.invalid", "information": "Decretos."},
        channel="web",
        by=None,
    )
    clock.move_to(_at(date(2031, 1, 1)))
    assert services.retention_apply(by=None).total == 0
    saved.refresh_from_db()
    access.refresh_from_db()
    assert saved.requester_name == access.requester_name == "Rosa Cortés"


def test_an_inactive_rule_is_shown_but_not_applied(legal, clock):
    clock.move_to(_at(date(2026, 12, 2)))
    saved = _answered(legal, date(2020, 1, 10))
    RetentionRule.objects.filter(processing="dataprotection.DataSubjectRequest").update(is_active=False)
    plan = services.retention_apply(by=None)
    assert plan.row("dataprotection.DataSubjectRequest").count == 1
    assert "inactiva" in plan.row("dataprotection.DataSubjectRequest").reason
    saved.refresh_from_db()
    assert saved.requester_name == "Rosa Cortés"


def test_a_delete_rule_deletes_the_records_and_their_history(legal, clock):
    clock.move_to(_at(date(2026, 12, 2)))
    saved = _answered(legal, date(2020, 1, 10))
    RetentionRule.objects.filter(processing="dataprotection.DataSubjectRequest").update(action=RetentionAction.DELETE)
    assert services.retention_apply(by=legal).total == 1
    assert not DataSubjectRequest.objects.filter(pk=saved.pk).exists()
    assert not DataSubjectRequest.history.filter(id=saved.pk).exists()
    entry = Activity.objects.get(verb="retentionrule.applied")
    assert entry.actor == legal and entry.changes["records"]["after"] == 1


def test_what_the_law_orders_to_publish_cannot_be_given_an_erasing_rule():
    rule = RetentionRule(processing="protocol.LobbyAudienceAttendee", months=1, action=RetentionAction.ANONYMISE)
    with pytest.raises(ValidationError, match="solo puede conservarse"):
        rule.clean()
    with pytest.raises(ValidationError, match="No hay un registro"):
        RetentionRule(processing="protocol.Nada", months=1, action=RetentionAction.ANONYMISE).clean()


def test_the_default_rules_exist_and_wait_for_legal():
    rules = {r.processing: r for r in RetentionRule.objects.all()}
    assert {"archive.Clipping", "communications.Journalist", "transparency.AccessRequest"} <= set(rules)
    assert rules["protocol.LobbyAudienceAttendee"].action == RetentionAction.KEEP
    assert not any(r.confirmed for r in rules.values())
    assert all("Jurídica" in r.notes for r in rules.values())


def test_the_periodic_job_is_declared_and_runs_the_retention(legal, clock):
    entries = {e.name: e for e in periodic.declared()}
    assert entries["privacy-retention"].task == "gabinete.dataprotection.tasks.apply_retention"
    clock.move_to(_at(date(2026, 12, 2)))
    _answered(legal, date(2020, 1, 10))
    assert tasks.apply_retention.call() == 1
    assert Activity.objects.get(verb="retentionrule.applied").source == "task"


def test_months_before_keeps_the_day_or_takes_the_last_of_the_month():
    assert selectors.months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert selectors.months_before(date(2026, 1, 15), 24) == date(2024, 1, 15)


def test_the_dry_run_page_is_for_gabinete_and_legal(client, legal, user_factory, clock):
    clock.move_to(_at(date(2026, 12, 2)))
    _answered(legal, date(2020, 1, 10))
    client.force_login(legal)
    page = client.get(reverse("dataprotection:retention")).content.decode()
    assert 'id="retention-total">1<' in page and "por confirmar" in page
    client.force_login(user_factory("director", "aseo"))
    assert client.get(reverse("dataprotection:retention")).status_code == 403
    assert get_user_model().objects.count() >= 2
