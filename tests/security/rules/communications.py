"""Access rules of the communications app: press releases, support requests, media contacts (staff,
namespace `communications:`) and the public news pages, feeds and images (namespace `news:`).

Who may do what follows communications/permissions.py:
- releases, the editor's image upload, the support board and the media contacts: Gabinete's staff
  (role gabinete, any team) and superusers; the Alcalde and the Administrador are not writers;
- support requests: anyone with a unit may ask for support; a request is seen by its directorate and
  by those who see the whole municipality; Gabinete answers it;
- the news pages and feeds are public (no login).
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from tests.security.access import (
    ALL_ACTORS,
    AUTHENTICATED,
    COMUNICACIONES,
    GABINETE_STAFF,
    MEMBERS,
    OWN,
    OWN_ENLACE,
    WHOLE_MUNICIPALITY,
    Rule,
)

#: A 1×1 transparent PNG, stored where the public image view serves release pictures from.
PNG_1X1 = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def setup(world):
    from tests.communications.factories import (
        JournalistFactory,
        OutletFactory,
        PressReleaseFactory,
        PublishedReleaseFactory,
        SupportRequestFactory,
    )

    author = world.users[COMUNICACIONES]
    world.release = PressReleaseFactory(author=author, title="Comunicado de la matriz", slug="matriz-borrador")
    world.release.directorates.set([world.own])
    world.published = PublishedReleaseFactory(author=author, title="Noticia de la matriz", slug="matriz-publicada")
    world.published.directorates.set([world.own])
    world.support = SupportRequestFactory(
        directorate=world.own,
        requested_by=world.users[OWN_ENLACE],
        needed_by=timezone.localdate() + timezone.timedelta(days=10),
    )
    from communications.models import SupportAttachment

    world.support_attachment = SupportAttachment.objects.create(
        request=world.support,
        file=default_storage.save("communications/solicitudes/matriz.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n")),
        original_name="programa.pdf",
        uploaded_by=world.users[OWN_ENLACE],
    )
    world.outlet = OutletFactory(name="Diario de la matriz")
    world.journalist = JournalistFactory(outlet=world.outlet)
    world.image_name = default_storage.save("communications/public/photos/matriz.png", ContentFile(PNG_1X1))


def _news_detail_kwargs(w):
    day = timezone.localtime(w.published.published_at).date()
    return {"year": f"{day.year:04d}", "month": f"{day.month:02d}", "day": f"{day.day:02d}", "slug": w.published.slug}


RULES = [
    # The app's entry: the releases for Gabinete, everyone else the support requests of their unit.
    Rule("communications:index", get=AUTHENTICATED),
    # Press releases: Gabinete's staff only. Editing by someone who is neither the author nor in the
    # press team, and workflow steps the role does not allow, redirect to the release with a message.
    Rule("communications:release-list", get=GABINETE_STAFF),
    Rule("communications:release-create", get=GABINETE_STAFF, post=GABINETE_STAFF),
    Rule("communications:release-detail", kwargs=lambda w: {"pk": w.release.pk}, get=GABINETE_STAFF),
    Rule("communications:release-edit", kwargs=lambda w: {"pk": w.release.pk}, get=GABINETE_STAFF, post=GABINETE_STAFF),
    Rule(
        "communications:release-action",
        kwargs=lambda w: {"pk": w.release.pk, "action": "enviar"},
        get=None,
        post=GABINETE_STAFF,
        data=lambda w: {"version": str(w.release.version)},
    ),
    # Correcting a published release: whoever may write releases posts; the service refuses (with a
    # message) a correction of a draft like this one.
    Rule(
        "communications:release-correct",
        kwargs=lambda w: {"pk": w.release.pk},
        get=None,
        post=GABINETE_STAFF,
        data=lambda w: {"note": "Corrección de la matriz"},
    ),
    # CKEditor's image upload inside the release form (POST only, answers JSON), for every editor
    # (settings.CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME).
    Rule("communications:image-upload", get=None, post=GABINETE_STAFF, fields={"upload": "file"}),
    # Support requests: the list is filtered to the user's units; the board is Gabinete's.
    Rule("communications:support-list", get=AUTHENTICATED),
    Rule("communications:support-board", get=GABINETE_STAFF),
    # Bulk assignment (gabinete/bulk.py): only Gabinete names who takes the requests.
    Rule(
        "communications:support-bulk",
        get=None,
        post=GABINETE_STAFF,
        data=lambda w: {"accion": "asignar-nadie", "seleccion": [w.support.pk]},
    ),
    Rule("communications:support-create", get=MEMBERS, post=MEMBERS),
    Rule("communications:support-detail", kwargs=lambda w: {"pk": w.support.pk}, get=OWN | WHOLE_MUNICIPALITY),
    # Whoever sees the request may post to it; the service refuses (with a message) what the role
    # does not allow, e.g. a comment by the Alcalde or an "accept" by the directorate.
    Rule(
        "communications:support-action",
        kwargs=lambda w: {"pk": w.support.pk, "action": "comment"},
        get=None,
        post=OWN | WHOLE_MUNICIPALITY,
        data=lambda w: {"comment": "Comentario de la matriz"},
    ),
    # Files go both ways (the directorate and Gabinete); seen by whoever sees the request.
    Rule(
        "communications:support-attach",
        kwargs=lambda w: {"pk": w.support.pk},
        get=None,
        post=OWN | GABINETE_STAFF,
        fields={"file": "file"},
    ),
    Rule(
        "communications:support-attachment",
        kwargs=lambda w: {"pk": w.support_attachment.pk},
        get=OWN | WHOLE_MUNICIPALITY,
        download=True,
    ),
    # Gabinete names who of the office takes the request.
    Rule(
        "communications:support-assign",
        kwargs=lambda w: {"pk": w.support.pk},
        get=None,
        post=GABINETE_STAFF,
        data=lambda w: {"assignee": ""},
    ),
    # Media contacts: Gabinete's staff.
    Rule("communications:contact-list", get=GABINETE_STAFF),
    Rule("communications:contacts-csv", get=GABINETE_STAFF, download=True),
    Rule("communications:contacts-vcard", get=GABINETE_STAFF, download=True),
    Rule("communications:outlet-create", get=GABINETE_STAFF, post=GABINETE_STAFF),
    Rule("communications:outlet-edit", kwargs=lambda w: {"pk": w.outlet.pk}, get=GABINETE_STAFF, post=GABINETE_STAFF),
    Rule("communications:journalist-create", get=GABINETE_STAFF, post=GABINETE_STAFF),
    Rule(
        "communications:journalist-edit",
        kwargs=lambda w: {"pk": w.journalist.pk},
        get=GABINETE_STAFF,
        post=GABINETE_STAFF,
    ),
    # Public news (no login): list, release page, feeds, release images.
    Rule("news:list", get=ALL_ACTORS),
    Rule("news:rss", get=ALL_ACTORS),
    Rule("news:atom", get=ALL_ACTORS),
    Rule("news:detail", kwargs=_news_detail_kwargs, get=ALL_ACTORS),
    Rule(
        "news:image",
        kwargs=lambda w: {"name": w.image_name.removeprefix("communications/public/")},
        get=ALL_ACTORS,
        download=True,
        fuzz=False,
    ),
]
