from django.test import Client
from django.utils import timezone

from gabinete.devtools import bench
from gabinete.devtools.bench import indicators as indicators_bench
from indicators.models import Indicator, IndicatorYear, Measurement


def test_bench_generator_makes_scale_data_and_the_pages_answer(directorates):
    ctx = bench.ScaleContext(scale=0.02, today=timezone.localdate())
    bench.ensure_bench_users(ctx, total=60)
    indicators_bench.generate(ctx)
    assert Indicator.objects.count() == 22 * ctx.n(25)
    months = ctx.n(120)
    assert Measurement.objects.count() == 22 * ctx.n(25) * months
    assert IndicatorYear.objects.exists()
    indicators_bench.generate(ctx)  # idempotent
    assert Indicator.objects.count() == 22 * ctx.n(25)
    pages = indicators_bench.pages(ctx)
    assert {p.target_ms for p in pages} >= {100, 20000}
    client = Client()
    for page in pages:
        if page.kind == "pdf":
            continue  # the report PDF has its own test; rendering 22 sections here only costs time
        client.force_login(ctx.users[page.username])
        response = client.get(page.path)
        assert response.status_code == 200, page.path
