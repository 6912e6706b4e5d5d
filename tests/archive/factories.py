from datetime import timedelta

import factory
from django.utils import timezone

from archive.models import Clipping, Forwarding, Topic
from communications.models import Outlet
from gabinete.models import Directorate
from tests.gabinete.factories import UserFactory


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Diario Local {n}")
    kind = "prensa"
    website = factory.Sequence(lambda n: f"https://diario{n}.cl")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Tema {n}")
    slug = factory.LazyAttribute(lambda t: t.name.lower().replace(" ", "-"))


class ClippingFactory(factory.django.DjangoModelFactory):
    """`directorates=["aseo"]` (slugs) and `topics=[topic]` after creation."""

    class Meta:
        model = Clipping
        skip_postgeneration_save = True

    source = "medio"
    outlet = factory.SubFactory(OutletFactory)
    medium = "prensa"
    published_on = factory.LazyFunction(timezone.localdate)
    headline = factory.Sequence(lambda n: f"Noticia municipal número {n}")
    summary = "Resumen de la nota."
    body = "Texto completo de la nota sobre la comuna."
    tone = "neutro"
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def directorates(self, create, extracted, **kwargs):
        if create and extracted:
            self.directorates.set([Directorate.objects.get(slug=s) if isinstance(s, str) else s for s in extracted])

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class ForwardingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forwarding

    clipping = factory.SubFactory(ClippingFactory)
    directorate = factory.LazyFunction(lambda: Directorate.objects.get(slug="aseo"))
    request = "Informar qué medidas se tomarán."
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=5))
    created_by = factory.SubFactory(UserFactory)
