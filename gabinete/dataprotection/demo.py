"""Demo data protection: the retention rules and notices of the data migration (again, if a flush
removed them), and four data subjects' requests — an access request from a person who also asked for
information under Ley 20.285, a portability request near its deadline, an extended rectification
and an answered suppression."""

from __future__ import annotations

import importlib
from datetime import timedelta

from django.apps import apps
from django.utils.translation import gettext as _

from gabinete import demo, privacy

from . import services
from .models import DataSubjectRequest, RetentionRule, RightKind, RightsOutcome

REQUESTS = [
    # (name, e-mail, postal address, RUT, kind, days ago, channel, description)
    (
        "Camila Rojas Pérez",
        "camila.rojas@example.invalid",
        "",
        "",
        RightKind.ACCESS,
        0,
        "web",
        "Quiero saber qué datos míos tiene la Municipalidad: hice una solicitud de transparencia este año.",
    ),
    (
        "Marcela Gómez Vidal",
        "marcela@example.invalid",
        "",
        "",
        RightKind.PORTABILITY,
        27,
        "correo",
        "Solicito una copia de mis datos de la solicitud de audiencia en un formato que pueda reutilizar.",
    ),
    (
        "Pedro Gómez Lillo",
        "",
        "Avenida Argentina 1450, Antofagasta",
        "",
        RightKind.RECTIFICATION,
        20,
        "papel",
        "Mi dirección postal está mal escrita en mi solicitud de acceso: es Avenida Argentina 1450, depto. 32.",
    ),
    (
        "Rosa Cortés",
        "rosa.cortes@example.invalid",
        "",
        "",
        RightKind.SUPPRESSION,
        15,
        "correo",
        "Pido que se elimine mi nombre y teléfono del reporte que envié sobre la plaza de mi sector.",
    ),
]


def ensure_defaults() -> None:
    """The rules, terms and notices the data migration seeds (a demo database flushed without it)."""
    if RetentionRule.objects.exists():
        return
    seed = importlib.import_module("gabinete.dataprotection.migrations.0002_seed_defaults").seed
    seed(apps, None)


@demo.register(order=90)
def seed(ctx: demo.DemoContext) -> None:
    ensure_defaults()
    if DataSubjectRequest.objects.exists():
        return
    gabinete, legal = ctx.users["jefa.gabinete"], ctx.users["juridica"]
    made = []
    for name, email, address, rut, kind, days_ago, channel, description in REQUESTS:
        data = {
            "kind": kind,
            "requester_name": name,
            "email": email,
            "postal_address": address,
            "requester_rut": rut,
            "description": description,
        }
        if channel == "web":
            made.append(services.rights_request_submit(data=data, channel=channel, by=None))
        else:
            made.append(
                services.rights_request_submit(
                    data=data, channel=channel, by=gabinete, received_on=ctx.today - timedelta(days=days_ago)
                )
            )
    services.rights_request_extend(
        request=made[2], reason="Se está revisando el expediente en la Oficina de Partes.", by=legal
    )
    services.rights_request_answer(
        request=made[3],
        outcome=RightsOutcome.GRANTED,
        answer="Se eliminaron su nombre y teléfono del reporte; el reporte queda sin su identidad.",
        by=legal,
    )
    # «Accesos a datos personales» (the superuser's) with what such a week leaves: a ZIP Jurídica handed
    # to its data subject and the press office's export of the media contacts.
    export = services.rights_request_export(request=made[1], by=legal)
    privacy.record_download(
        by=legal, what=_("Copia de los datos de un titular (ZIP)"), target=made[1], rows=export.rows
    )
    contacts = apps.get_model("communications", "Journalist").objects.count()
    privacy.record_download(
        by=ctx.users["prensa"], what=_("Contactos de prensa (CSV)"), rows=contacts, app="communications"
    )
    ctx.say("dataprotection: reglas de conservación, avisos de privacidad y cuatro solicitudes de derechos.")
