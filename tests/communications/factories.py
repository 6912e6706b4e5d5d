import factory
from django.utils import timezone

from communications.models import (
    Journalist,
    Outlet,
    OutletKind,
    PressRelease,
    ReleaseStatus,
    SupportKind,
    SupportRequest,
)
from tests.gabinete.factories import UserFactory


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda n: f"Diario {n}")
    kind = OutletKind.PRESS


class JournalistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Journalist

    first_name = factory.Sequence(lambda n: f"Periodista{n}")
    last_name = "Pérez"
    outlet = factory.SubFactory(OutletFactory)
    email = factory.Sequence(lambda n: f"p{n}@medio.example")


class PressReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PressRelease

    title = factory.Sequence(lambda n: f"Comunicado {n}")
    slug = factory.Sequence(lambda n: f"comunicado-{n}")
    lead = "Bajada del comunicado."
    body = "<p>Cuerpo.</p>"
    author = factory.SubFactory(UserFactory)
    status = ReleaseStatus.DRAFT


class PublishedReleaseFactory(PressReleaseFactory):
    status = ReleaseStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))


class SupportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRequest

    kind = SupportKind.COVERAGE
    title = factory.Sequence(lambda n: f"Solicitud {n}")
    needed_by = factory.LazyFunction(lambda: timezone.localdate() + timezone.timedelta(days=5))
    contact_name = "Contacto"
    requested_by = factory.SubFactory(UserFactory)
