"""The archive's scale generator and bench pages."""

from django.db import connection
from django.utils import timezone

from archive.models import Clipping, Forwarding
from archive.selectors import clipping_search
from gabinete.devtools import bench
from gabinete.devtools.bench.archive import generate, pages


def test_bench_generator_makes_the_briefing_day_and_searchable_clippings(directorates):
    ctx = bench.ScaleContext(scale=0.002, today=timezone.localdate())
    bench.ensure_bench_users(ctx)
    generate(ctx)
    assert Clipping.objects.count() == 1000
    assert Clipping.objects.filter(published_on=ctx.today).count() == 150
    assert Forwarding.objects.count() == 4
    if connection.vendor == "postgresql":
        assert not Clipping.objects.filter(search_vector__isnull=True).exists()
    else:
        assert not Clipping.objects.filter(search_text="").exists()
    found = clipping_search(user=ctx.user("prensa"), text="pavimentación")
    assert found.count_queryset.exists()
    named = pages(ctx)
    assert {p.target_ms for p in named} >= {100, 50, 5000}
    assert all(p.path.startswith("/archivo/") for p in named)


def test_bench_pages_open_for_their_users(client, directorates):
    ctx = bench.ScaleContext(scale=0.0002, today=timezone.localdate())
    bench.ensure_bench_users(ctx, total=60)
    generate(ctx)
    for page in pages(ctx):
        client.force_login(ctx.users[page.username])
        if page.kind == "pdf":  # prepared in the background: asked for with a POST, answered with the job's page
            response = client.post(page.path)
            assert response.status_code == 302 and "/documentos/" in response["Location"], page
            continue
        response = client.get(page.path)
        assert response.status_code == 200, page
