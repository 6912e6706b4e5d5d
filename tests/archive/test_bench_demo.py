"""The scale generator and the demo data."""

import pytest
from django.db import connection
from django.utils import timezone

from archive.bench import generate, pages
from archive.demo import seed
from archive.models import Clipping, Forwarding
from archive.selectors import clipping_search
from gabinete import bench, demo


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
        response = client.get(page.path)
        assert response.status_code == 200, page


@pytest.fixture
def demo_ctx(directorates, django_user_model):
    from gabinete.models import Directorate, Membership

    ctx = demo.DemoContext(today=timezone.localdate())
    for username, (first, last, slug, role, team, _position) in demo.DEMO_USERS.items():
        user = django_user_model.objects.create(username=username, first_name=first, last_name=last)
        Membership.objects.create(user=user, directorate=Directorate.objects.get(slug=slug), role=role, team=team)
        ctx.users[username] = user
    return ctx


def test_demo_seeds_a_few_hundred_clippings_once(demo_ctx):
    seed(demo_ctx)
    count = Clipping.objects.count()
    assert 300 <= count <= 400
    assert Clipping.objects.filter(source="vecino").exclude(reporter_contact="").exists()
    assert Clipping.objects.filter(published_on=demo_ctx.today).count() >= 10
    assert Forwarding.objects.filter(status="pendiente", directorate__slug="aseo").exists()
    assert Forwarding.objects.filter(status="respondida").exists()
    assert (
        Clipping.objects.filter(headline__icontains="Antofagasta").exists()
        or Clipping.objects.filter(body__icontains="Antofagasta").exists()
    )
    seed(demo_ctx)
    assert Clipping.objects.count() == count
