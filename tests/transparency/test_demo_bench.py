from django.utils import timezone

from gabinete import bench
from transparency.models import Publication, Section, Status


def test_demo_seeds_a_year_with_late_corrected_and_in_review(catalogue, user_factory):
    from django.core.management import call_command

    call_command("seed_demo", "--i-know-this-is-not-production", stdout=open("/dev/null", "w"))  # noqa: SIM115
    published = Publication.objects.published()
    assert published.filter(section__slug="planta").count() == 12
    assert published.exclude(late_reason="").exists()
    assert published.filter(corrects__isnull=False).count() == 1
    assert Publication.objects.filter(status=Status.SENT).count() == 1
    count = Publication.objects.count()
    call_command("seed_demo", "--i-know-this-is-not-production", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Publication.objects.count() == count


def test_bench_generator_at_small_scale(catalogue, client):
    ctx = bench.ScaleContext(scale=0.05, today=timezone.localdate())
    bench.ensure_bench_users(ctx, total=60)
    from transparency.bench import generate, pages

    generate(ctx)
    sections = Section.objects.filter(slug__startswith="bench-")
    assert sections.count() == 13  # 13 items × ctx.n(22) = 1 directorate
    assert Publication.objects.filter(section__in=sections).count() == 13 * ctx.n(120)
    for page in pages(ctx):
        if page.username is None:
            assert client.get(page.path).status_code == 200, page.path
