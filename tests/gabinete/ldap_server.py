"""A throw-away OpenLDAP server (Debian's slapd) for the directory sign-in tests.

`LdapServer.start()` writes a slapd.conf and an MDB database into a temporary folder, loads a small
municipal directory (a few people, a few groups, the service account Gabinete binds as) and starts
slapd on a free port of 127.0.0.1 (each pytest-xdist worker its own server); `stop()` ends it and
removes the folder. Never the system's slapd on port 389. The tests change the directory between
two sign-ins with `set_attribute`, `add_member`, `remove_member`, `delete`.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import ldap
import ldap.modlist
import pytest

SLAPD = shutil.which("slapd") or "/usr/sbin/slapd"
SLAPADD = shutil.which("slapadd") or "/usr/sbin/slapadd"
SCHEMA_DIR = Path("/etc/ldap/schema")
MODULE_DIR = Path("/usr/lib/ldap")

BASE = "dc=muniantofagasta,dc=cl"
PEOPLE = f"ou=personas,{BASE}"
GROUPS = f"ou=grupos,{BASE}"
ROOT_DN = f"cn=admin,{BASE}"
ROOT_PASSWORD = "raiz-del-directorio"
SERVICE_DN = f"cn=gabinete-lector,ou=servicios,{BASE}"
SERVICE_PASSWORD = "lector-de-gabinete"


def slapd_available() -> bool:
    return Path(SLAPD).exists() and Path(SLAPADD).exists() and (SCHEMA_DIR / "inetorgperson.schema").exists()


@dataclass(frozen=True)
class Person:
    uid: str
    given_name: str
    surname: str
    password: str
    employee_type: str = "activo"

    @property
    def dn(self) -> str:
        return f"uid={self.uid},{PEOPLE}"

    @property
    def email(self) -> str:
        return f"{self.uid}@muniantofagasta.cl"


#: The directory's people. Diego is disabled (employeeType=inactivo) from the start.
PEOPLE_LIST = [
    Person("ana.rojas", "Ana", "Rojas", "clave-ana-2026"),
    Person("bruno.diaz", "Bruno", "Díaz", "clave-bruno-2026"),
    Person("carla.soto", "Carla", "Soto", "clave-carla-2026"),
    Person("diego.perez", "Diego", "Pérez", "clave-diego-2026", employee_type="inactivo"),
]
#: The directory's groups and their members. A groupOfNames needs at least one member: each group also
#: holds the service account, so the tests can take every person out of one.
GROUP_MEMBERS = {
    "enlaces-aseo": ["ana.rojas", "diego.perez"],
    "directores-transito": ["bruno.diaz"],
    "prensa-gabinete": ["bruno.diaz"],
    "funcionarios": ["ana.rojas", "bruno.diaz", "carla.soto", "diego.perez"],
}


def person(uid: str) -> Person:
    return next(p for p in PEOPLE_LIST if p.uid == uid)


def group_dn(name: str) -> str:
    return f"cn={name},{GROUPS}"


def _ldif() -> str:
    entries = [
        f"dn: {BASE}\nobjectClass: dcObject\nobjectClass: organization\ndc: muniantofagasta\no: Municipalidad de Antofagasta",
        f"dn: {PEOPLE}\nobjectClass: organizationalUnit\nou: personas",
        f"dn: {GROUPS}\nobjectClass: organizationalUnit\nou: grupos",
        f"dn: ou=servicios,{BASE}\nobjectClass: organizationalUnit\nou: servicios",
        f"dn: {SERVICE_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n"
        f"cn: gabinete-lector\nuserPassword: {SERVICE_PASSWORD}",
    ]
    for p in PEOPLE_LIST:
        entries.append(
            f"dn: {p.dn}\nobjectClass: inetOrgPerson\nuid: {p.uid}\ncn: {p.given_name} {p.surname}\n"
            f"givenName: {p.given_name}\nsn: {p.surname}\nmail: {p.email}\nemployeeType: {p.employee_type}\n"
            f"userPassword: {p.password}"
        )
    for name, members in GROUP_MEMBERS.items():
        lines = [f"dn: {group_dn(name)}", "objectClass: groupOfNames", f"cn: {name}", f"member: {SERVICE_DN}"]
        lines += [f"member: {person(uid).dn}" for uid in members]
        entries.append("\n".join(lines))
    return "\n\n".join(entries) + "\n"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LdapServer:
    """One slapd of our own, with the directory above loaded."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="gabinete-slapd-"))
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"ldap://127.0.0.1:{self.port}"

    def _write_config(self) -> Path:
        data = self.folder / "data"
        data.mkdir(exist_ok=True)
        schemas = "\n".join(
            f"include {SCHEMA_DIR / name}.schema" for name in ("core", "cosine", "nis", "inetorgperson")
        )
        config = self.folder / "slapd.conf"
        config.write_text(
            f"""{schemas}
pidfile {self.folder}/slapd.pid
argsfile {self.folder}/slapd.args
modulepath {MODULE_DIR}
moduleload back_mdb
database mdb
maxsize 10485760
suffix "{BASE}"
rootdn "{ROOT_DN}"
rootpw {ROOT_PASSWORD}
directory {data}
index objectClass eq
index uid,member eq
"""
        )
        return config

    def start(self, attempts: int = 5) -> LdapServer:
        config = self._write_config()
        ldif = self.folder / "directory.ldif"
        ldif.write_text(_ldif())
        subprocess.run([SLAPADD, "-f", str(config), "-l", str(ldif)], check=True, capture_output=True)
        for _ in range(attempts):
            self.port = free_port()
            # -d 0: stay in the foreground (the test suite owns the process) and log nothing.
            self.process = subprocess.Popen(
                [SLAPD, "-f", str(config), "-h", self.url, "-d", "0"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            if self._wait_ready():
                return self
            self._kill()  # the port was taken meanwhile: another one
        raise RuntimeError(f"slapd no arrancó en {self.folder}")

    def _wait_ready(self, seconds: float = 15.0) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                return False
            try:
                self.connect().unbind_s()
                return True
            except ldap.SERVER_DOWN:
                time.sleep(0.05)
        return False

    def _kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def stop(self) -> None:
        self._kill()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- changing the directory between two sign-ins --------------------------------------------

    def connect(self):
        connection = ldap.initialize(self.url, bytes_mode=False)
        connection.set_option(ldap.OPT_NETWORK_TIMEOUT, 2)
        connection.simple_bind_s(ROOT_DN, ROOT_PASSWORD)
        return connection

    def _modify(self, dn: str, changes: list) -> None:
        connection = self.connect()
        try:
            connection.modify_s(dn, changes)
        finally:
            connection.unbind_s()

    def set_attribute(self, uid: str, attribute: str, value: str) -> None:
        self._modify(person(uid).dn, [(ldap.MOD_REPLACE, attribute, [value.encode()])])

    def add_member(self, group: str, uid: str) -> None:
        self._modify(group_dn(group), [(ldap.MOD_ADD, "member", [person(uid).dn.encode()])])

    def remove_member(self, group: str, uid: str) -> None:
        self._modify(group_dn(group), [(ldap.MOD_DELETE, "member", [person(uid).dn.encode()])])

    def delete(self, uid: str) -> None:
        dn = person(uid).dn
        connection = self.connect()
        try:
            for name, members in GROUP_MEMBERS.items():
                if uid in members:
                    try:
                        connection.modify_s(group_dn(name), [(ldap.MOD_DELETE, "member", [dn.encode()])])
                    except ldap.NO_SUCH_ATTRIBUTE:
                        pass
            connection.delete_s(dn)
        finally:
            connection.unbind_s()

    def restore(self) -> None:
        """Put every person, attribute and group back as loaded (between tests)."""
        connection = self.connect()
        try:
            for p in PEOPLE_LIST:
                entry = {
                    "objectClass": [b"inetOrgPerson"],
                    "uid": [p.uid.encode()],
                    "cn": [f"{p.given_name} {p.surname}".encode()],
                    "givenName": [p.given_name.encode()],
                    "sn": [p.surname.encode()],
                    "mail": [p.email.encode()],
                    "employeeType": [p.employee_type.encode()],
                    "userPassword": [p.password.encode()],
                }
                try:
                    connection.delete_s(p.dn)
                except ldap.NO_SUCH_OBJECT:
                    pass
                connection.add_s(p.dn, ldap.modlist.addModlist(entry))
            for name, members in GROUP_MEMBERS.items():
                values = [SERVICE_DN.encode()] + [person(uid).dn.encode() for uid in members]
                connection.modify_s(group_dn(name), [(ldap.MOD_REPLACE, "member", values)])
        finally:
            connection.unbind_s()


# --- fixtures: a test module that signs in against the directory imports `ldap_server_fixture` and
# `directory_fixture` (they are named `ldap_server` and `directory` for its tests) ------------------


@pytest.fixture(scope="session", name="ldap_server")
def ldap_server_fixture():
    """This worker's own slapd for the whole session (skipped only where slapd is not installed)."""
    if not slapd_available():
        pytest.skip("slapd no está instalado (apt-get install slapd ldap-utils): .ci/run lo instala")
    server = LdapServer().start()
    yield server
    server.stop()


def configure_directory(settings, url: str) -> None:
    """Point the settings at a directory, as gabinete/settings.py does with LDAP_URL."""
    from gabinete.ldap_settings import DIRECTORY_BACKEND, directory_settings

    values = directory_settings(
        url=url,
        bind_dn=SERVICE_DN,
        bind_password=SERVICE_PASSWORD,
        user_search_base=PEOPLE,
        group_search_base=GROUPS,
        timeout=2.0,
    )
    for name, value in values.items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        DIRECTORY_BACKEND,
        "django.contrib.auth.backends.ModelBackend",
    ]


@pytest.fixture(name="directory")
def directory_fixture(ldap_server, settings):
    """The directory as loaded, and the intranet signing in with it."""
    ldap_server.restore()
    configure_directory(settings, ldap_server.url)
    return ldap_server
