"""What communications offers other apps (`communications/public.py`): the outlets archive files
clippings against."""

import pytest

from communications.public import active_outlets, outlet_choices, outlet_for_address

from .factories import OutletFactory

pytestmark = pytest.mark.django_db


def test_an_address_finds_the_outlet_of_its_domain_or_a_subdomain():
    mercurio = OutletFactory(name="El Mercurio de Antofagasta", website="https://www.mercurioantofagasta.cl")
    OutletFactory(name="Sin sitio", website="")

    assert outlet_for_address("https://mercurioantofagasta.cl/2026/11/17/nota") == mercurio
    assert outlet_for_address("https://www.mercurioantofagasta.cl/nota") == mercurio
    assert outlet_for_address("https://deportes.mercurioantofagasta.cl/nota") == mercurio
    assert outlet_for_address("https://falsomercurioantofagasta.cl/nota") is None
    assert outlet_for_address("no es una dirección") is None


def test_new_clippings_are_offered_only_outlets_in_use_but_filters_list_them_all():
    radio = OutletFactory(name="Radio Canal Norte")
    closed = OutletFactory(name="Antofagasta TV", is_active=False)

    assert list(active_outlets()) == [radio]
    assert outlet_choices() == [(closed.pk, "Antofagasta TV"), (radio.pk, "Radio Canal Norte")]
