"""The inventory of processing (Ley 21.719, issue 20 point 4): every model that holds personal data
declares it beside its fields, and the page lists every declaration."""

import re

import pytest
from django.apps import apps
from django.urls import reverse

from gabinete import privacy

#: Field names that hold personal data wherever they appear.
PERSONAL_FIELD = re.compile(
    r"(^|_)(email|phone|mobile|rut|address|contact|first_name|last_name|username|ip_address|user_agent)$"
    r"|^(requester|reporter)_"
)
#: Models whose `name` is a person's.
PERSON_MODEL = re.compile(r"Attendee|ThirdParty|Recipient|Journalist|PassiveSubject|Person")


def _personal_fields(model) -> list[str]:
    found = []
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) or field.is_relation:
            continue
        if PERSONAL_FIELD.search(field.name) or (field.name == "name" and PERSON_MODEL.search(model.__name__)):
            found.append(field.name)
    return found


def _models():
    return [m for m in apps.get_models() if not m.__name__.startswith("Historical")]


def test_every_model_with_a_personal_data_field_declares_its_processing():
    missing = {
        m._meta.label: fields
        for m in _models()
        if (fields := _personal_fields(m)) and privacy.declaration_of(m) is None
    }
    assert not missing, (
        "These models hold personal-looking fields without a declaration: add `personal_data = "
        f"privacy.Processing(...)` (or privacy.NotPersonal('why')) beside their fields: {missing}"
    )


def test_a_declaration_names_real_fields_and_every_personal_field():
    for model in _models():
        declared = privacy.declaration_of(model)
        if not isinstance(declared, privacy.Processing):
            continue
        names = {f.name for f in model._meta.get_fields()}
        assert set(declared.fields) <= names, (model._meta.label, set(declared.fields) - names)
        assert set(_personal_fields(model)) <= set(declared.fields), (model._meta.label, _personal_fields(model))
        for text in (declared.subjects, declared.purpose, declared.legal_basis, declared.access, declared.retention):
            assert str(text).strip(), model._meta.label


@pytest.mark.django_db
def test_the_inventory_page_lists_every_declaration_to_anyone(client):
    page = client.get(reverse("gabinete:privacy-inventory")).content.decode()
    for entry in privacy.inventory():
        assert f'id="{entry.label.lower().replace(".", "")}"' in page, entry.label
    assert "Ley 20.730, artículo 8" in page and "Ley 20.285, artículos 12 a 17" in page
    assert "Funciones b y d del reglamento de Gabinete" in page
