from datetime import timedelta

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
    LobbyTrip,
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


class LobbyAudienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LobbyAudience

    date = factory.LazyFunction(timezone.localdate)
    place = "Despacho del Alcalde"
    subject = "Proyecto inmobiliario"


class LobbyTripFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LobbyTrip

    date_start = factory.LazyFunction(timezone.localdate)
    date_end = factory.LazyAttribute(lambda t: t.date_start)
    destination = "Santiago"
    purpose = "Reunión en la SUBDERE"
    cost = 150_000
    paid_by = "Municipalidad de Antofagasta"


class LobbyGiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LobbyGift

    date = factory.LazyFunction(timezone.localdate)
    description = "Libro conmemorativo"
    giver = "Embajada de Bolivia"
    occasion = "Visita protocolar"
