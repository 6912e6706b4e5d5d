"""Access rules of the foundation: Mi escritorio, the staff directory, «Quién hizo qué», health check,
accounts, editor."""

from django.core.files.base import ContentFile

from gabinete import lists, notifications
from gabinete.models import ExternalRecipient, Job, JobState, ListPurpose
from tests.security.access import (
    ALL_ACTORS,
    ANONYMOUS,
    AUTHENTICATED,
    GABINETE_STAFF,
    MEMBERS,
    OWN_ENLACE,
    SUPERUSER,
    WHOLE_MUNICIPALITY,
    Rule,
)

#: A requested document is its owner's alone (and a superuser's): gabinete.permissions.jobs_visible_to.
JOB_OWNER = frozenset({OWN_ENLACE, SUPERUSER})


def setup(world):
    owner = world.users[OWN_ENLACE]
    world.done_job = Job.objects.create(owner=owner, kind="devtools.wait", title="Informe", state=JobState.DONE)
    world.done_job.file.save("jobs/matrix/informe.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    world.done_job.filename = "informe.pdf"
    world.done_job.save()
    world.failed_job = Job.objects.create(
        owner=owner, kind="devtools.wait", title="Informe", state=JobState.FAILED, error="Falló"
    )
    (world.notice,) = notifications.notify(users=[owner], kind=notifications.OTHER, title="Aviso", url="/")
    world.briefing_list = lists.list_for(ListPurpose.BRIEFING)
    world.briefing_list.members.add(owner)
    world.list_address = ExternalRecipient.objects.create(
        distribution_list=world.briefing_list, email="matriz@example.invalid"
    )


RULES = [
    Rule("gabinete:home", get=AUTHENTICATED),
    Rule("gabinete:directory", get=MEMBERS),
    # The inventory of processing of personal data (Ley 21.719): public, as the privacy notices point to it.
    Rule("gabinete:privacy-inventory", get=ALL_ACTORS, post=None),
    # Who took personal data out of the intranet (point 8): the superuser alone.
    Rule("gabinete:personal-data-access", get=frozenset({SUPERUSER})),
    # The nómina PDF is asked for (POST) and prepared in the background (gabinete.jobs).
    Rule("gabinete:directory-pdf", get=None, post=MEMBERS),
    Rule("gabinete:healthz", get=ALL_ACTORS, post=None),
    Rule("gabinete:ping", get=ALL_ACTORS, post=None),
    # «Quién hizo qué»: Gabinete, the Alcalde and the Administrador Municipal (gabinete.permissions).
    Rule("gabinete:activity", get=WHOLE_MUNICIPALITY),
    Rule("gabinete:activity-export", get=WHOLE_MUNICIPALITY, download=True),
    # «Mis documentos»: everyone has a list of their own; a document's page and file are its owner's.
    Rule("gabinete:job-list", get=AUTHENTICATED),
    Rule("gabinete:job-detail", kwargs=lambda w: {"pk": w.done_job.pk}, get=JOB_OWNER),
    Rule("gabinete:job-download", kwargs=lambda w: {"pk": w.done_job.pk}, get=JOB_OWNER, download=True, fuzz=False),
    Rule("gabinete:job-retry", kwargs=lambda w: {"pk": w.failed_job.pk}, get=None, post=JOB_OWNER),
    # Notifications: everyone has their own page and preferences; a notice is its person's alone.
    Rule("gabinete:notifications", get=AUTHENTICATED),
    Rule("gabinete:notification-open", kwargs=lambda w: {"pk": w.notice.pk}, get=frozenset({OWN_ENLACE})),
    Rule("gabinete:notification-read-all", get=None, post=AUTHENTICATED),
    Rule("gabinete:notification-preferences", get=AUTHENTICATED, post=AUTHENTICATED),
    # Listas de distribución: Gabinete (gabinete.permissions.can_manage_distribution_lists). Removing a
    # member twice is a 404 for the second allowed actor (the first one removed it).
    Rule("gabinete:list-index", get=GABINETE_STAFF),
    Rule("gabinete:list-detail", kwargs=lambda w: {"purpose": "briefing"}, get=GABINETE_STAFF),
    Rule("gabinete:list-edit", kwargs=lambda w: {"purpose": "briefing"}, get=None, post=GABINETE_STAFF),
    Rule("gabinete:list-add-people", kwargs=lambda w: {"purpose": "briefing"}, get=None, post=GABINETE_STAFF),
    Rule("gabinete:list-add-address", kwargs=lambda w: {"purpose": "briefing"}, get=None, post=GABINETE_STAFF),
    Rule(
        "gabinete:list-remove-person",
        kwargs=lambda w: {"purpose": "briefing", "user_id": w.users[OWN_ENLACE].pk},
        get=None,
        post=GABINETE_STAFF,
        allow_404=True,
        fuzz=False,
    ),
    Rule(
        "gabinete:list-remove-address",
        kwargs=lambda w: {"purpose": "briefing", "pk": w.list_address.pk},
        get=None,
        post=GABINETE_STAFF,
        allow_404=True,
        fuzz=False,
    ),
    # Accounts (django.contrib.auth views).
    Rule(
        "login",
        get=ALL_ACTORS,
        post=ALL_ACTORS,
        fuzz_as=ANONYMOUS,
        data=lambda w: {"username": "nadie", "password": "mala"},
    ),
    Rule("logout", get=None, post=AUTHENTICATED, fuzz=False),
    Rule("password_change", get=AUTHENTICATED, post=AUTHENTICATED),
    Rule("password_change_done", get=AUTHENTICATED),
]
