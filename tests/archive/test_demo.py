"""The demo data (the scale generator is tested in tests/devtools/)."""

import pytest
from django.utils import timezone

from archive.demo import seed
from archive.models import Clipping, Forwarding
from gabinete import demo


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
