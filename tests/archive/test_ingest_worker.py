"""The periodic fetch through a real worker process: the due sources' jobs run in `db_worker`, fill
the inbox from the local media site, and a broken source fails alone."""

import pytest
from django.urls import reverse

from archive import tasks
from archive.models import Article, ArticleState, FeedSource
from communications.models import Outlet
from tests.gabinete.job_helpers import manage

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_periodic_fetch_fills_the_inbox_through_the_worker(press_sources, press_rules, site, gabinete_user, client):
    broken = FeedSource.objects.create(
        outlet=Outlet.objects.create(name="Diario Roto", kind="digital", website=site.url("/")),
        url=site.url("/roto/feed.xml"),
        created_by=gabinete_user,
    )
    FeedSource.objects.update(next_fetch_at="2000-01-01T00:00Z")  # due whatever the clock says
    tasks.fetch_due_sources.enqueue()

    worker = manage("db_worker", "--batch", "--no-startup-delay", "--interval", "0.1")
    assert worker.wait(timeout=240) == 0, worker.stdout.read().decode()

    assert Article.objects.filter(source=press_sources["faro"], state=ArticleState.PENDING).count() >= 5
    radio = Article.objects.get(url__contains="/radio/plaza")
    assert radio.story_id == Article.objects.get(url__contains="/faro/plaza-sotomayor").story_id
    broken.refresh_from_db()
    assert broken.failing_since is not None and broken.last_error == "La fuente no es un feed RSS o Atom válido."
    assert FeedSource.objects.get(pk=press_sources["faro"].pk).failing_since is None

    client.force_login(gabinete_user)
    page = client.get(reverse("archive:inbox")).content.decode()
    assert "Alcalde inaugura la remodelada plaza Sotomayor</a>" in page
