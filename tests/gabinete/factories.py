import factory
from django.contrib.auth import get_user_model

from gabinete.models import Directorate, Membership

PASSWORD = "clave-de-prueba-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"persona{n}")
    first_name = factory.Faker("first_name", locale="es_CL")
    last_name = factory.Faker("last_name", locale="es_CL")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    directorate = factory.LazyFunction(lambda: Directorate.objects.get(slug="aseo"))
    role = "enlace"


def make_user(role: str | None = None, slug: str = "aseo", *, team: str = "", **fields):
    """A user with one role in one directorate (no role: a user without any unit)."""
    user = UserFactory(**fields)
    if role:
        Membership.objects.get_or_create(
            user=user, directorate=Directorate.objects.get(slug=slug), role=role, defaults={"team": team}
        )
    return user


def on_list(purpose: str, *addresses: str):
    """Put outside `addresses` on the distribution list of `purpose` (the migration made the three
    lists); returns the list."""
    from gabinete.lists import list_for
    from gabinete.models import ExternalRecipient

    found = list_for(purpose)  # a transactional test before this one may have flushed the migration's rows
    for address in addresses:
        ExternalRecipient.objects.create(distribution_list=found, email=address)
    return found
