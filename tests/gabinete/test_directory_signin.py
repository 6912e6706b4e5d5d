"""Sign-in with the municipal directory (issue 20 point 1), against a real OpenLDAP server.

Every test here signs in through the real sign-in form (the Django test client) against this worker's
own slapd (tests/gabinete/ldap_server.py): its people are Ana (enlaces-aseo), Bruno
(directores-transito, prensa-gabinete), Carla (no mapped group) and Diego (disabled from the start).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from communications.models import SupportStatus
from gabinete.ldap_directory import DirectoryUnavailable, check_directory_accounts, directory_accounts_check
from gabinete.models import Activity, DirectoryAccount, DirectoryGroup, Membership, Role, Team
from gabinete.office.models import Assignment
from tests.communications.factories import SupportRequestFactory
from tests.gabinete.factories import PASSWORD
from tests.gabinete.ldap_server import (  # noqa: F401 — the two fixtures
    configure_directory,
    directory_fixture,
    free_port,
    group_dn,
    ldap_server_fixture,
    person,
)
from tests.protocol.factories import TaskFactory

ROOT = Path(__file__).resolve().parents[2]
WRONG = "El nombre de usuario o la contraseña no son correctos"
DOWN = "El directorio municipal no responde; intente en unos minutos. Las cuentas locales siguen funcionando."
NO_UNIT = "Cuando Gabinete le asigne una dirección y un rol"

pytestmark = pytest.mark.django_db


@pytest.fixture
def mapping(directorates):
    """The table Gabinete keeps in the admin: a group by its name, one by its full DN, one with a team."""
    DirectoryGroup.objects.create(group="enlaces-aseo", directorate=directorates["aseo"], role=Role.LIAISON)
    DirectoryGroup.objects.create(
        group=group_dn("directores-transito").upper(),  # matched whatever the case
        directorate=directorates["transito-y-transporte-publico"],
        role=Role.DIRECTOR,
    )
    DirectoryGroup.objects.create(
        group="prensa-gabinete", directorate=directorates["gabinete-de-alcaldia"], role=Role.GABINETE, team=Team.PRESS
    )


def sign_in(client, uid: str, password: str | None = None):
    return client.post(
        reverse("login"), {"username": uid, "password": password if password is not None else person(uid).password}
    )


def memberships(uid: str) -> set[tuple[str, str, str, bool]]:
    return {
        (m.directorate.slug, m.role, m.team, m.from_directory)
        for m in Membership.objects.filter(user__username=uid).select_related("directorate")
    }


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- signing in -------------------------------------------------------------------------------------


def test_a_directory_person_signs_in_with_name_email_and_the_memberships_of_their_groups(client, directory, mapping):
    response = sign_in(client, "ana.rojas")
    assert response.status_code == 302 and response.url == reverse("gabinete:home")
    ana = get_user_model().objects.get(username="ana.rojas")
    assert (ana.first_name, ana.last_name, ana.email) == ("Ana", "Rojas", "ana.rojas@muniantofagasta.cl")
    assert not ana.has_usable_password(), "the directory checks the password, never a local copy"
    assert memberships("ana.rojas") == {("aseo", Role.LIAISON, "", True)}
    assert DirectoryAccount.objects.get(user=ana).dn == person("ana.rojas").dn
    assert Activity.objects.filter(verb="directory.memberships_synced", object_id=str(ana.pk)).exists()
    page = client.get(reverse("gabinete:home")).text
    assert NO_UNIT not in page


def test_groups_map_by_full_dn_and_with_a_team(client, directory, mapping):
    assert sign_in(client, "bruno.diaz").status_code == 302
    assert memberships("bruno.diaz") == {
        ("transito-y-transporte-publico", Role.DIRECTOR, "", True),
        ("gabinete-de-alcaldia", Role.GABINETE, Team.PRESS, True),
    }


def test_a_wrong_directory_password_gets_the_usual_spanish_message(client, directory, mapping):
    response = sign_in(client, "ana.rojas", "no-es-la-clave")
    assert response.status_code == 200
    assert WRONG in response.text and DOWN not in response.text
    assert not signed_in(client)
    assert not get_user_model().objects.filter(username="ana.rojas").exists()


def test_a_person_in_no_mapped_group_signs_in_to_the_no_directorate_page(client, directory, mapping):
    assert sign_in(client, "carla.soto").status_code == 302
    assert memberships("carla.soto") == set()
    assert NO_UNIT in client.get(reverse("gabinete:home")).text


def test_a_group_change_between_two_sign_ins_moves_the_directory_memberships_and_keeps_hand_made_ones(
    client, directory, mapping, directorates
):
    sign_in(client, "bruno.diaz")
    bruno = get_user_model().objects.get(username="bruno.diaz")
    # Gabinete gives Bruno one more unit by hand in the admin.
    Membership.objects.create(user=bruno, directorate=directorates["operaciones"], role=Role.LIAISON)
    client.logout()

    directory.remove_member("directores-transito", "bruno.diaz")
    directory.add_member("enlaces-aseo", "bruno.diaz")
    directory.set_attribute("bruno.diaz", "sn", "Díaz Araya")
    assert sign_in(client, "bruno.diaz").status_code == 302

    assert memberships("bruno.diaz") == {
        ("aseo", Role.LIAISON, "", True),
        ("gabinete-de-alcaldia", Role.GABINETE, Team.PRESS, True),
        ("operaciones", Role.LIAISON, "", False),
    }
    bruno.refresh_from_db()
    assert bruno.last_name == "Díaz Araya"
    entry = Activity.objects.filter(verb="directory.memberships_synced", object_id=str(bruno.pk)).latest("pk")
    change = entry.changes["memberships"]
    assert "Director/a, Dirección de Tránsito y Transporte Público" in change["before"]
    assert "Enlace, Dirección de Aseo" in change["after"]


def test_a_person_taken_out_of_every_mapped_group_falls_back_to_the_no_directorate_page(client, directory, mapping):
    sign_in(client, "ana.rojas")
    client.logout()
    directory.remove_member("enlaces-aseo", "ana.rojas")
    sign_in(client, "ana.rojas")
    assert memberships("ana.rojas") == set()
    assert NO_UNIT in client.get(reverse("gabinete:home")).text


def test_a_disabled_person_cannot_sign_in(client, directory, mapping):
    response = sign_in(client, "diego.perez")  # employeeType=inactivo, right password
    assert response.status_code == 200 and WRONG in response.text
    assert not signed_in(client)
    assert not get_user_model().objects.filter(username="diego.perez").exists()

    sign_in(client, "ana.rojas")
    client.logout()
    directory.set_attribute("ana.rojas", "employeeType", "inactivo")
    assert sign_in(client, "ana.rojas").status_code == 200
    assert not signed_in(client)


def test_a_person_removed_from_the_directory_cannot_sign_in(client, directory, mapping):
    sign_in(client, "ana.rojas")
    client.logout()
    directory.delete("ana.rojas")
    response = sign_in(client, "ana.rojas")
    assert response.status_code == 200 and WRONG in response.text
    assert not signed_in(client)


def test_axes_still_locks_out_repeated_wrong_directory_passwords(client, directory, mapping, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "ana.rojas", "no-es-la-clave")
    response = sign_in(client, "ana.rojas")  # the right password, too late
    assert response.status_code == 429
    assert not signed_in(client)


# --- the directory down, or not configured ----------------------------------------------------------


@pytest.fixture
def directory_down(ldap_server, settings):
    configure_directory(settings, f"ldap://127.0.0.1:{free_port()}")  # nobody listens there


def test_the_directory_down_says_so_in_spanish_and_local_superusers_still_sign_in(client, directory_down, superuser):
    response = sign_in(client, "ana.rojas")
    assert response.status_code == 200
    assert DOWN in response.text and WRONG not in response.text
    assert not signed_in(client)

    response = client.post(reverse("login"), {"username": "root", "password": "x"})
    assert response.status_code == 302 and signed_in(client)


def test_a_wrong_local_password_while_the_directory_is_up_is_the_usual_message(client, directory, superuser):
    response = client.post(reverse("login"), {"username": "root", "password": "otra"})
    assert WRONG in response.text and DOWN not in response.text
    assert client.post(reverse("login"), {"username": "root", "password": "x"}).status_code == 302


def test_without_a_directory_local_accounts_sign_in_as_before(client, user_factory, settings):
    assert "gabinete.ldap_directory.DirectoryBackend" not in settings.AUTHENTICATION_BACKENDS
    local = user_factory("enlace", "aseo", username="local.enlace")
    response = client.post(reverse("login"), {"username": local.username, "password": PASSWORD})
    assert response.status_code == 302 and signed_in(client)
    client.logout()
    response = sign_in(client, "ana.rojas")
    assert response.status_code == 200 and WRONG in response.text


def test_the_environment_puts_the_directory_after_axes_and_before_local_accounts():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gabinete.settings",
        "LDAP_URL": "ldap://directorio.muniantofagasta.cl",
        "LDAP_BIND_DN": "cn=gabinete,ou=servicios,dc=muniantofagasta,dc=cl",
        "LDAP_BIND_PASSWORD": "secreto",
        "LDAP_USER_SEARCH_BASE": "ou=personas,dc=muniantofagasta,dc=cl",
        "LDAP_USER_FILTER": "(sAMAccountName=%(user)s)",
        "LDAP_DISABLED_FILTER": "(userAccountControl:1.2.840.113556.1.4.803:=2)",
        "LDAP_GROUP_SEARCH_BASE": "ou=grupos,dc=muniantofagasta,dc=cl",
        "LDAP_GROUP_TYPE": "activeDirectory",
        "LDAP_START_TLS": "true",
    }
    script = (
        "import json, ldap; from django.conf import settings as s; "
        "o = s.AUTH_LDAP_CONNECTION_OPTIONS; "
        "print(json.dumps([s.AUTHENTICATION_BACKENDS, s.AUTH_LDAP_USER_SEARCH.filterstr, s.AUTH_LDAP_START_TLS, "
        "o[ldap.OPT_NETWORK_TIMEOUT], o[ldap.OPT_X_TLS_REQUIRE_CERT] == ldap.OPT_X_TLS_DEMAND]))"
    )
    out = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    backends, user_filter, start_tls, timeout, demand = json.loads(out.stdout)
    assert backends == [
        "axes.backends.AxesStandaloneBackend",
        "gabinete.ldap_directory.DirectoryBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    assert user_filter == "(&(sAMAccountName=%(user)s)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))"
    assert start_tls is True and timeout == 5.0 and demand is True


# --- who left the directory -------------------------------------------------------------------------


def test_the_periodic_check_deactivates_who_left_and_gabinete_sees_their_work_to_reassign(
    client, directory, mapping, user_factory, gabinete_user, directorates
):
    for uid in ("ana.rojas", "bruno.diaz", "carla.soto"):
        sign_in(client, uid)
        client.logout()
    people = {u.username: u for u in get_user_model().objects.filter(directory_account__isnull=False)}
    ana, bruno = people["ana.rojas"], people["bruno.diaz"]
    TaskFactory(title="Invitaciones del aniversario", responsible=ana)
    TaskFactory(title="Bandera", responsible=ana, done=True)  # done: nothing to reassign
    Assignment.objects.create(
        title="Plan de invierno",
        directorate=ana.memberships.get().directorate,
        responsible=ana,
        due_date=timezone.localdate(),
        created_by=gabinete_user,
    )
    SupportRequestFactory(directorate=directorates["aseo"], assignee=bruno, status=SupportStatus.ACCEPTED)
    sign_in(client, "ana.rojas")  # Ana's session is open when the check runs
    assert client.get(reverse("gabinete:home")).status_code == 200

    directory.set_attribute("ana.rojas", "employeeType", "inactivo")
    directory.delete("bruno.diaz")
    assert check_directory_accounts.call() == 2

    active = dict(get_user_model().objects.filter(directory_account__isnull=False).values_list("username", "is_active"))
    assert active == {"ana.rojas": False, "bruno.diaz": False, "carla.soto": True}
    reasons = {
        e.target_label: e.changes["reason"]["after"] for e in Activity.objects.filter(verb="directory.account_left")
    }
    assert reasons == {"ana.rojas": "deshabilitada en el directorio", "bruno.diaz": "eliminada del directorio"}
    response = client.get(reverse("gabinete:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login")), "her session ended"
    assert directory_accounts_check() == [], "a second run finds nobody new"

    client.force_login(gabinete_user)
    page = client.get(reverse("gabinete:home")).text
    assert "Reasignar el trabajo de Ana Rojas (dejó el directorio)" in page
    assert "Tareas de protocolo: 1" in page and "Encargos en curso: 1" in page
    assert "Reasignar el trabajo de Bruno Díaz (dejó el directorio)" in page
    assert "Solicitudes de apoyo a su cargo: 1" in page
    assert "Carla Soto (dejó" not in page

    enlace = user_factory("enlace", "aseo")
    client.force_login(enlace)
    assert "Reasignar el trabajo" not in client.get(reverse("gabinete:home")).text, "only Gabinete reassigns"


def test_a_person_who_left_without_open_work_is_not_on_the_desk(client, directory, mapping, gabinete_user):
    sign_in(client, "carla.soto")
    client.logout()
    directory.delete("carla.soto")
    assert check_directory_accounts.call() == 1
    client.force_login(gabinete_user)
    assert "Carla Soto" not in client.get(reverse("gabinete:home")).text


def test_the_check_changes_nothing_while_the_directory_is_down(client, directory, mapping, settings):
    sign_in(client, "ana.rojas")
    configure_directory(settings, f"ldap://127.0.0.1:{free_port()}")
    with pytest.raises(DirectoryUnavailable):
        directory_accounts_check()
    assert get_user_model().objects.get(username="ana.rojas").is_active


def test_the_check_does_nothing_without_a_directory(user_factory):
    assert check_directory_accounts.call() == 0


def test_a_person_back_in_the_directory_signs_in_again(client, directory, mapping):
    sign_in(client, "ana.rojas")
    client.logout()
    directory.set_attribute("ana.rojas", "employeeType", "inactivo")
    directory_accounts_check()
    directory.set_attribute("ana.rojas", "employeeType", "activo")
    assert sign_in(client, "ana.rojas").status_code == 302
    account = DirectoryAccount.objects.get(user__username="ana.rojas")
    assert account.user.is_active and account.left_at is None
