from datetime import date, time, timedelta

import factory
from django.utils import timezone

from protocol.models import (
    Attendee,
    ChecklistTask,
    Event,
    EventKind,
    EventStatus,
    LobbyAudience,
    LobbyGift,
    LobbyModality,
    LobbyTrip,
    PassiveSubject,
    PassiveSubjectOffice,
)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Actividad {n:03d}")
    kind = EventKind.MEETING
    start = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + timedelta(days=1))
    end = factory.LazyAttribute(lambda e: e.start + timedelta(hours=1))
    status = EventStatus.CONFIRMED
    place_name = "Sala de Concejo"


class AttendeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendee

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Persona {n}")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistTask

    event = factory.SubFactory(EventFactory)
    title = "Invitaciones"


def _gabinete():
    from gabinete.models import Directorate

    return Directorate.objects.get(slug="gabinete-de-alcaldia")


class PassiveSubjectFactory(factory.django.DjangoModelFactory):
    """The Alcalde by default (his registers kept by Gabinete); pass office= and keeper= for others."""

    class Meta:
        model = PassiveSubject

    name = factory.Sequence(lambda n: f"Autoridad {n:02d}")
    office = PassiveSubjectOffice.MAYOR
    period_start = date(2024, 12, 6)
    keeper = factory.LazyFunction(_gabinete)


def the_mayor() -> PassiveSubject:
    """The Alcalde in office (created once per test)."""
    return PassiveSubject.objects.filter(office=PassiveSubjectOffice.MAYOR).first() or PassiveSubjectFactory(
        name="Alcalde de Antofagasta", position_detail="Alcalde de Antofagasta"
    )


class LobbyAudienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LobbyAudience

    subject = factory.LazyFunction(the_mayor)
    date = factory.LazyFunction(timezone.localdate)
    time = time(10, 0)
    place = "Despacho del Alcalde"
    modality = LobbyModality.IN_PERSON
    on_behalf_of = "Inmobiliaria Norte SpA"
    matter = "Proyecto inmobiliario"


class LobbyTripFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LobbyTrip

    subject = factory.LazyFunction(the_mayor)
    date_start = factory.LazyFunction(timezone.localdate)
    date_end = factory.LazyAttribute(lambda t: t.date_start)
    destination = "Santiago"
    purpose = "Reunión en la SUBDERE"
    cost = 150_000
    paid_by = "Municipalidad de Antofagasta"


class LobbyGiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LobbyGift

    subject = factory.LazyFunction(the_mayor)
    kind = "protocolar"
    date = factory.LazyFunction(timezone.localdate)
    description = "Libro conmemorativo"
    giver = "Embajada de Bolivia"
    occasion = "Visita protocolar"
