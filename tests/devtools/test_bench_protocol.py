import pytest
from django.utils import timezone

from gabinete.devtools import bench
from gabinete.devtools.bench import protocol as protocol_bench
from protocol.models import Attendee, CalendarFeed, Event


@pytest.mark.django_db
def test_bench_generator_makes_events_over_ten_years_and_is_idempotent(directorates):
    ctx = bench.ScaleContext(scale=0.002, today=timezone.localdate())
    bench.ensure_bench_users(ctx, total=60)
    protocol_bench.generate(ctx)
    assert Event.objects.count() == 80
    assert Attendee.objects.count() == 600
    years = {d.year for d in Event.objects.values_list("start", flat=True)}
    assert len(years) >= 10
    assert CalendarFeed.objects.filter(token=protocol_bench.BENCH_FEED_TOKEN).exists()
    protocol_bench.generate(ctx)
    assert Event.objects.count() == 80
    names = [p.name for p in protocol_bench.pages(ctx)]
    assert "Semana del Alcalde" in names and any(p.target_ms == 50 for p in protocol_bench.pages(ctx))
