"""Give every lobby record and published version its passive subject (the Alcalde until now).

A migration of its own: PostgreSQL refuses to alter a table in the transaction that wrote rows whose
deferred foreign-key checks are still pending (0006 drops the old column).
"""

from django.db import migrations


def assign_passive_subjects(apps, schema_editor):
    """Until now the register belonged to the Alcalde alone (an audience named him in a text field):
    each name found becomes a passive subject kept by Gabinete, and every record and published version
    is given to it. Trips and gifts had no passive subject: they were the Alcalde's."""
    Directorate = apps.get_model("gabinete", "Directorate")
    PassiveSubject = apps.get_model("protocol", "PassiveSubject")
    models_ = [apps.get_model("protocol", n) for n in ("LobbyAudience", "LobbyTrip", "LobbyGift")]
    Version = apps.get_model("protocol", "LobbyPublishedVersion")
    Audience, Trip, Gift = models_
    if not any(m.objects.exists() for m in models_):
        return
    keeper = (
        Directorate.objects.filter(slug="gabinete-de-alcaldia").first() or Directorate.objects.order_by("pk").first()
    )
    dates = [
        d
        for m, f in ((Audience, "date"), (Trip, "date_start"), (Gift, "date"))
        for d in m.objects.values_list(f, flat=True)
    ]
    start = min(dates)
    names = list(Audience.objects.values_list("passive_subject", flat=True).distinct()) or ["Alcalde de Antofagasta"]
    subjects = {}
    for name in names:
        subjects[name] = PassiveSubject.objects.create(
            name=name or "Alcalde de Antofagasta",
            office="alcalde",
            position_detail="Alcalde de Antofagasta",
            period_start=start,
            keeper=keeper,
        )
    mayor = subjects.get("Alcalde de Antofagasta") or next(iter(subjects.values()))
    for name, subject in subjects.items():
        Audience.objects.filter(passive_subject=name).update(subject=subject)
    for model in models_:
        model.objects.filter(subject__isnull=True).update(subject=mayor)
    registers = {"audiencia": Audience, "viaje": Trip, "donativo": Gift}
    for version in Version.objects.all():
        record = registers[version.register].objects.filter(pk=version.record_id).first()
        version.subject_id = record.subject_id if record else mayor.pk
        version.save(update_fields=["subject"])
    for audience in Audience.objects.filter(on_behalf_of=""):
        represented = audience.attendees.exclude(represents="").values_list("represents", flat=True).first()
        audience.on_behalf_of = represented or "Sin registrar"
        audience.save(update_fields=["on_behalf_of"])
    Gift.objects.filter(occasion="").update(occasion="Sin registrar")


class Migration(migrations.Migration):
    dependencies = [("protocol", "0004_passive_subjects")]

    operations = [migrations.RunPython(assign_passive_subjects, migrations.RunPython.noop)]
