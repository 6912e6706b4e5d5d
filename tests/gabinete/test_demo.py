import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from gabinete.demo import DEMO_USERS
from gabinete.models import Membership


@pytest.mark.django_db
def test_seed_demo_creates_one_user_per_role_and_is_idempotent(directorates):
    call_command("seed_demo", "--i-know-this-is-not-production", verbosity=0)
    call_command("seed_demo", "--i-know-this-is-not-production", verbosity=0)
    users = get_user_model().objects.filter(username__in=DEMO_USERS)
    assert users.count() == len(DEMO_USERS)
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"alcalde", "gabinete", "director", "enlace", "juridica", "administrador"}
    assert Membership.objects.filter(user__username__in=DEMO_USERS).count() == len(DEMO_USERS)


@pytest.mark.django_db
def test_holiday_names_are_in_spanish():
    from datetime import date

    from gabinete.business_days import holiday_name

    assert holiday_name(date(2026, 9, 18)) == "Día de la Independencia"
