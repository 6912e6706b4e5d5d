"""Communications' scale generator and bench pages."""

import pytest
from django.utils import timezone

from communications.models import PressRelease
from gabinete.devtools import bench
from gabinete.devtools.bench import communications as communications_bench


@pytest.mark.date_sensitive
def test_bench_generator_and_pages_at_small_scale(client, db, directorates):
    ctx = bench.ScaleContext(scale=0.002, today=timezone.localdate())
    bench.ensure_bench_users(ctx)
    communications_bench.generate(ctx)
    communications_bench.generate(ctx)  # idempotent
    assert PressRelease.objects.filter(slug__startswith="bench-").count() == 60
    pages = communications_bench.pages(ctx)
    assert {p.target_ms for p in pages} == {30}
    for page in pages:
        response = client.get(page.path)
        assert response.status_code == 200, page.path
        assert response["ETag"]
