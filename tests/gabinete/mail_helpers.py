"""E-mail in tests, the real way: the outbox delivered as the worker delivers it, a real SMTP server
(aiosmtpd on 127.0.0.1, a free port) that Django's SMTP backend talks to, and a worker process that
can run on the test's clock."""

from __future__ import annotations

import email
import email.policy
import os
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings

from gabinete import mail
from gabinete.models import MailState, OutgoingEmail
from tests.gabinete.job_helpers import ROOT, test_database_url


def deliver_outbox() -> list[OutgoingEmail]:
    """Deliver every queued e-mail now, as the worker does (`mail.deliver`); returns the rows."""
    ids = list(OutgoingEmail.objects.filter(state=MailState.QUEUED).values_list("pk", flat=True))
    for pk in ids:
        mail.deliver(pk)
    return list(OutgoingEmail.objects.filter(pk__in=ids))


def run_queued_tasks(task_path: str) -> int:
    """Run in this process the tasks of `task_path` waiting in the database queue (what the worker
    would do), marking them done; returns how many ran."""
    from django_tasks_db.models import DBTaskResult

    ran = 0
    for result in DBTaskResult.objects.ready().filter(task_path=task_path):
        value = result.task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        result.set_successful(value)
        ran += 1
    return ran


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    """One message the SMTP server accepted: the envelope and the parsed message."""

    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    def attachments(self) -> list[tuple[str, bytes, str]]:
        return [
            (p.get_filename(), p.get_payload(decode=True), p.get_content_type())
            for p in self.message.iter_attachments()
        ]


@dataclass
class SMTPServer:
    """A real SMTP server on 127.0.0.1: it keeps what it accepts, or refuses everything with 550."""

    port: int
    refuse: bool = False
    received: list[Received] = field(default_factory=list)
    controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        if self.refuse:
            return "550 5.7.1 Mensaje rechazado por la política del servidor"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"

    def start(self) -> SMTPServer:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def settings_env(self) -> dict[str, str]:
        return {"GABINETE_TEST_SMTP_PORT": str(self.port)}


def use_smtp(settings_fixture, port: int) -> None:
    """Point Django's SMTP backend (this process) at 127.0.0.1:`port`."""
    settings_fixture.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings_fixture.EMAIL_HOST = "127.0.0.1"
    settings_fixture.EMAIL_PORT = port
    settings_fixture.EMAIL_HOST_USER = ""
    settings_fixture.EMAIL_HOST_PASSWORD = ""
    settings_fixture.EMAIL_USE_TLS = False
    settings_fixture.EMAIL_USE_SSL = False
    settings_fixture.EMAIL_TIMEOUT = 3


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server, with this process's mail backend pointed at it."""
    server = SMTPServer(free_port()).start()
    use_smtp(settings, server.port)
    yield server
    server.stop()


# The worker process: the test settings send mail to memory, so the SMTP backend is set on the settings
# after Django starts; and the clock is the test's (time-machine), so retries and slots agree with it.
_LAUNCHER = """
import os, sys
from datetime import datetime
clock = os.environ.get("GABINETE_TEST_CLOCK")
if clock:
    import time_machine
    time_machine.travel(datetime.fromisoformat(clock), tick=True).start()
import django
django.setup()
from django.conf import settings
port = os.environ.get("GABINETE_TEST_SMTP_PORT")
if port:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", int(port), 3
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
gate = os.environ.get("GABINETE_TEST_GATE")
if gate:  # several processes, ready, wait for the test to open the gate: they act together (a race)
    import time
    open(f"{gate}.{os.getpid()}.ready", "w").close()
    while not os.path.exists(gate):
        time.sleep(0.002)
from django.core.management import execute_from_command_line
execute_from_command_line(["manage.py", *sys.argv[1:]])
"""


def manage_on_clock(
    *args: str, clock: datetime | None = None, smtp_port: int | None = None, gate: str | None = None
) -> subprocess.Popen:
    """`manage.py <args>` in another process on the test's database and media folder, with its clock
    at `clock` (ticking), its e-mail sent to the SMTP server on `smtp_port`, and, with `gate` (a path),
    its command held once Django is ready (it writes `<gate>.<pid>.ready`) until that file exists. The
    test must be transactional so the process sees its rows."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gabinete.settings_test",
        "DATABASE_URL": test_database_url(),
        "GABINETE_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "TASKS_BACKEND": "db",
    }
    if clock is not None:
        env["GABINETE_TEST_CLOCK"] = clock.isoformat()
    if smtp_port is not None:
        env["GABINETE_TEST_SMTP_PORT"] = str(smtp_port)
    if gate is not None:
        env["GABINETE_TEST_GATE"] = gate
    return subprocess.Popen(  # noqa: S603  (our own manage.py)
        [sys.executable, "-c", _LAUNCHER, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def run_worker(*, clock: datetime | None = None, smtp_port: int | None = None, timeout: float = 90) -> str:
    """One `db_worker --batch` run to the end of the queue; returns its output."""
    worker = manage_on_clock(
        "db_worker", "--batch", "--no-startup-delay", "--interval", "0.2", clock=clock, smtp_port=smtp_port
    )
    out, _ = worker.communicate(timeout=timeout)
    assert worker.returncode == 0, out.decode()
    return out.decode()
