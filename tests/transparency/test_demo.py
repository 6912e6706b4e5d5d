from transparency.models import Publication, Status


def test_demo_seeds_a_year_with_late_corrected_and_in_review(catalogue, user_factory):
    from django.core.management import call_command

    call_command("seed_demo", "--i-know-this-is-not-production", stdout=open("/dev/null", "w"))  # noqa: SIM115
    published = Publication.objects.published()
    assert published.filter(section__slug="planta").count() == 12
    assert published.exclude(late_reason="").exists()
    assert published.filter(corrects__isnull=False).count() == 1
    assert Publication.objects.filter(status=Status.SENT).count() == 1
    # Each value sits under its own column, whatever columns the catalogue gives the planta.
    planta = published.filter(section__slug="planta").order_by("-period").first()
    first = dict(zip([c["key"] for c in planta.table_columns], planta.table_rows[0], strict=True))
    assert first["cargo"] == "Directora de Gestión de Personas" and first["unidad_monetaria"] == "Pesos"
    from transparency.models import AccessRequest

    assert AccessRequest.objects.filter(status="respondida").count() == 3
    assert AccessRequest.objects.filter(declares_reserved=True).exists()
    count = Publication.objects.count()
    call_command("seed_demo", "--i-know-this-is-not-production", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Publication.objects.count() == count
