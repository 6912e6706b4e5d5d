"""Transparency's scale generator and bench pages."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from gabinete.devtools import bench
from gabinete.devtools.bench.transparency import generate, pages
from gabinete.models import Directorate
from transparency.catalogue import seed_catalogue
from transparency.models import Column, Item, Publication, Section


@pytest.fixture
def catalogue(directorates):
    """The shipped catalogue, and no public page cached by another test."""
    seed_catalogue(Item, Section, Column, Directorate)
    cache.clear()
    yield
    cache.clear()


def test_bench_generator_at_small_scale(catalogue, client):
    ctx = bench.ScaleContext(scale=0.05, today=timezone.localdate())
    bench.ensure_bench_users(ctx, total=60)

    generate(ctx)
    sections = Section.objects.filter(slug__startswith="bench-")
    assert sections.count() == 13  # 13 items × ctx.n(22) = 1 directorate
    assert Publication.objects.filter(section__in=sections).count() == 13 * ctx.n(120)
    for page in pages(ctx):
        if page.username is None:
            assert client.get(page.path).status_code == 200, page.path
