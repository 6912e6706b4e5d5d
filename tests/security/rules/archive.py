"""Access rules of the press archive (archive/permissions.py).

- Anyone with a unit (and superusers) searches the archive and exports the results: each sees the
  clippings about, or forwarded to, their own directorate; the whole municipality sees everything.
- Gabinete's staff file, edit, import and forward clippings, and e-mail the daily briefing.
- The daily briefing and the monthly media report: the Alcalde, Gabinete and the Administrador.
- A saved search of an Aseo liaison, shared with Aseo: Aseo and the whole municipality see and follow it;
  only its owner renames, shares or deletes it.
- A forwarding is read by the addressed directorate and the whole municipality; only the addressed
  directorate's director or liaisons answer it (superusers and Gabinete do not answer for them).
"""

from django.core.files.base import ContentFile
from django.utils import timezone

from archive.models import Article, ArticleState, FeedSource, MatchRule, SavedSearch, Story
from tests.archive.factories import ClippingFactory, ForwardingFactory
from tests.security.access import (
    GABINETE_STAFF,
    MEMBERS,
    OWN,
    OWN_ENLACE,
    WHOLE_MUNICIPALITY,
    Rule,
)

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)

#: The clipping, its scan and the forwarding belong to Aseo; the others read them as a whole municipality.
READERS = OWN | WHOLE_MUNICIPALITY


def setup(world):
    gabinete = world.users["gabinete"]
    world.clipping = ClippingFactory(
        headline="Microbasurales en La Chimba", tone="negativo", directorates=[world.own], created_by=gabinete
    )
    world.clipping.attachment.save("scan.png", ContentFile(PNG), save=True)
    world.forwarding = ForwardingFactory(clipping=world.clipping, directorate=world.own, created_by=gabinete)
    world.saved_search = SavedSearch.objects.create(
        name="Microbasurales", owner=world.users["own_enlace"], query={"q": "microbasurales"}, shared_with=world.own
    )
    outlet = world.clipping.outlet
    world.feed_source = FeedSource.objects.create(
        outlet=outlet, url="https://diario.example/rss.xml", created_by=gabinete
    )
    world.match_rule = MatchRule.objects.create(name="Aseo", query="basura", created_by=gabinete)
    world.article = Article.objects.create(
        outlet=outlet,
        url="https://diario.example/noticias/basura",
        title="Basura en La Chimba",
        text="Vecinos reclaman por la basura.",
        state=ArticleState.PENDING,
        story=Story.objects.create(headline="Basura en La Chimba"),
    )
    world.archive_day = timezone.localdate().isoformat()
    today = timezone.localdate()
    world.archive_month = {"year": today.year, "month": today.month}


RULES = [
    # Search and export: scoped by the directorates of the user.
    Rule("archive:index", get=MEMBERS),
    # The forwardings awaiting an answer: every member, each sees those of their own directorate
    # (the whole municipality all of them).
    Rule("archive:forwarding-list", get=MEMBERS),
    # The export is a job (gabinete.jobs): asked for by POST, downloaded from the job's page.
    Rule("archive:export-csv", get=None, post=MEMBERS, fuzz=False),
    # Filing clippings: Gabinete's staff.
    Rule("archive:clipping-create", get=GABINETE_STAFF, post=GABINETE_STAFF),
    Rule("archive:quick-entry", get=GABINETE_STAFF, post=GABINETE_STAFF),
    Rule("archive:import", get=GABINETE_STAFF, post=GABINETE_STAFF),
    Rule("archive:import-template", get=GABINETE_STAFF, download=True),
    # One clipping (about Aseo).
    Rule("archive:clipping-detail", kwargs=lambda w: {"pk": w.clipping.pk}, get=READERS),
    Rule("archive:clipping-update", kwargs=lambda w: {"pk": w.clipping.pk}, get=GABINETE_STAFF, post=GABINETE_STAFF),
    Rule("archive:clipping-attachment", kwargs=lambda w: {"pk": w.clipping.pk}, get=READERS, download=True, fuzz=False),
    Rule("archive:clipping-forward", kwargs=lambda w: {"pk": w.clipping.pk}, get=None, post=GABINETE_STAFF),
    # A forwarding to Aseo: read by Aseo and the whole municipality, answered by Aseo only.
    Rule("archive:forwarding-detail", kwargs=lambda w: {"pk": w.forwarding.pk}, get=READERS, post=OWN),
    # Saved searches: everyone lists and saves their own; one shared with Aseo (its owner: Aseo's liaison).
    Rule("archive:saved-search-list", get=MEMBERS),
    Rule("archive:saved-search-create", get=MEMBERS, post=MEMBERS),
    Rule("archive:saved-search-open", kwargs=lambda w: {"pk": w.saved_search.pk}, get=READERS),
    Rule(
        "archive:saved-search-edit",
        kwargs=lambda w: {"pk": w.saved_search.pk},
        get=frozenset({OWN_ENLACE}),
        post=frozenset({OWN_ENLACE}),
    ),
    Rule(
        "archive:saved-search-share", kwargs=lambda w: {"pk": w.saved_search.pk}, get=None, post=frozenset({OWN_ENLACE})
    ),
    Rule(
        "archive:saved-search-delete",
        kwargs=lambda w: {"pk": w.saved_search.pk},
        get=None,
        post=frozenset({OWN_ENLACE}),
    ),
    Rule("archive:saved-search-follow", kwargs=lambda w: {"pk": w.saved_search.pk}, get=None, post=READERS),
    Rule("archive:saved-search-unfollow", kwargs=lambda w: {"pk": w.saved_search.pk}, get=None, post=READERS),
    # The daily briefing and the monthly media report.
    Rule("archive:briefing", get=WHOLE_MUNICIPALITY),
    Rule("archive:briefing-day", kwargs=lambda w: {"day": w.archive_day}, get=WHOLE_MUNICIPALITY),
    # The PDFs are asked for (POST) and prepared in the background (gabinete.jobs): the job's page has the file.
    Rule(
        "archive:briefing-pdf", kwargs=lambda w: {"day": w.archive_day}, get=None, post=WHOLE_MUNICIPALITY, fuzz=False
    ),
    Rule("archive:briefing-send", kwargs=lambda w: {"day": w.archive_day}, get=None, post=GABINETE_STAFF),
    Rule("archive:report", get=WHOLE_MUNICIPALITY),
    Rule("archive:report-month", kwargs=lambda w: w.archive_month, get=WHOLE_MUNICIPALITY),
    Rule("archive:report-pdf", kwargs=lambda w: w.archive_month, get=None, post=WHOLE_MUNICIPALITY, fuzz=False),
    # E-mailed to its distribution list by a job: Gabinete only, as the briefing.
    Rule("archive:report-send", kwargs=lambda w: w.archive_month, get=None, post=GABINETE_STAFF, fuzz=False),
    # The archive that fills itself: sources, rules and the inbox are Gabinete's.
    Rule("archive:inbox", get=GABINETE_STAFF),
    Rule("archive:inbox-bulk", get=None, post=GABINETE_STAFF),
    Rule("archive:article-detail", kwargs=lambda w: {"pk": w.article.pk}, get=GABINETE_STAFF),
    Rule("archive:article-accept", kwargs=lambda w: {"pk": w.article.pk}, get=None, post=GABINETE_STAFF),
    Rule("archive:article-discard", kwargs=lambda w: {"pk": w.article.pk}, get=None, post=GABINETE_STAFF),
    Rule("archive:source-list", get=GABINETE_STAFF),
    Rule("archive:source-create", get=GABINETE_STAFF, post=GABINETE_STAFF),
    Rule("archive:source-detail", kwargs=lambda w: {"pk": w.feed_source.pk}, get=GABINETE_STAFF),
    Rule(
        "archive:source-update",
        kwargs=lambda w: {"pk": w.feed_source.pk},
        get=GABINETE_STAFF,
        post=GABINETE_STAFF,
    ),
    Rule("archive:source-toggle", kwargs=lambda w: {"pk": w.feed_source.pk}, get=None, post=GABINETE_STAFF, fuzz=False),
    Rule("archive:source-fetch", kwargs=lambda w: {"pk": w.feed_source.pk}, get=None, post=GABINETE_STAFF, fuzz=False),
    Rule("archive:rule-list", get=GABINETE_STAFF),
    Rule("archive:rule-create", get=GABINETE_STAFF, post=GABINETE_STAFF),
    Rule("archive:rule-update", kwargs=lambda w: {"pk": w.match_rule.pk}, get=GABINETE_STAFF, post=GABINETE_STAFF),
]
