"""The team's proposed retention rules, the terms of the data subjects' requests and the privacy notices
of the public forms: every one «por confirmar con Asesoría Jurídica» (editable in the admin)."""

from django.db import migrations

TO_CONFIRM = "Propuesta del equipo: por confirmar con Asesoría Jurídica."

RULES = [
    # (processing, months, action, legal reference, notes)
    (
        "archive.Clipping",
        24,
        "anonimizar",
        "Funciones b y d del reglamento de Gabinete; Ley 21.719 (limitación del plazo de conservación)",
        "Se borran el nombre y el contacto del vecino/a de los reportes ciudadanos 2 años después del reporte; "
        "el reporte queda, sin identidad. " + TO_CONFIRM,
    ),
    (
        "communications.Journalist",
        12,
        "anonimizar",
        "Funciones a y c del reglamento de Gabinete",
        "Un contacto de prensa marcado «no vigente» y sin cambios en 12 meses se anonimiza. " + TO_CONFIRM,
    ),
    (
        "transparency.AccessRequest",
        24,
        "anonimizar",
        "Ley 20.285, arts. 12 a 17 y 24 (amparo)",
        "Desde el vencimiento del plazo legal de una solicitud cerrada: cubre el amparo ante el Consejo para la "
        "Transparencia y un eventual reclamo judicial. Lo pedido y la respuesta quedan (se publican sin identidad). "
        "Confirmar también con las normas de archivo de documentos públicos. " + TO_CONFIRM,
    ),
    (
        "transparency.ThirdParty",
        24,
        "anonimizar",
        "Ley 20.285, art. 20",
        "Los terceros notificados siguen el plazo de su solicitud. " + TO_CONFIRM,
    ),
    (
        "protocol.AudienceRequest",
        24,
        "anonimizar",
        "Ley 20.730, arts. 11 a 13",
        "Solo se borran el correo, la dirección postal y el RUT de solicitudes ya respondidas; el nombre, a quién "
        "representa y la materia quedan porque se publican (igualdad de trato, art. 11). " + TO_CONFIRM,
    ),
    (
        "protocol.LobbyAudienceAttendee",
        0,
        "conservar",
        "Ley 20.730, art. 8: publicación de las audiencias y sus asistentes",
        "Publicación ordenada por ley: no se borra. " + TO_CONFIRM,
    ),
    (
        "protocol.PassiveSubject",
        0,
        "conservar",
        "Ley 20.730, arts. 3 a 9: registro público de sujetos pasivos",
        "Publicación ordenada por ley: no se borra. " + TO_CONFIRM,
    ),
    (
        "dataprotection.DataSubjectRequest",
        24,
        "anonimizar",
        "Ley 21.719 (derechos del titular)",
        "Después de respondida, para acreditar la respuesta ante la Agencia de Protección de Datos Personales. "
        + TO_CONFIRM,
    ),
]

CONTROLLER = (
    "Municipalidad de Antofagasta, Av. Séptimo de Línea 3505, Antofagasta. "
    "Punto de contacto: Gabinete de Alcaldía (datos personales)."
)
RIGHTS = (
    "Puede pedir acceso, rectificación, supresión, oposición, portabilidad o bloqueo temporal de sus datos con el "
    "formulario «Ejercer sus derechos», por carta en la Oficina de Partes o por correo electrónico. Si no recibe "
    "respuesta en plazo, puede reclamar ante la Agencia de Protección de Datos Personales (Ley N° 21.719)."
)

NOTICES = [
    {
        "key": "solicitud-audiencia",
        "title": "Aviso de privacidad: solicitud de audiencia",
        "processing": "protocol.AudienceRequest",
        "purpose": "Responder su solicitud de audiencia dentro de plazo y, si se concede, registrarla en la agenda "
        "pública de lobby.",
        "legal_basis": "Ley N° 20.730, arts. 11 a 13 (obligación legal). Su nombre, a quién representa y la materia "
        "se publican con la respuesta; su correo, dirección y RUT no se publican.",
        "retention": "El correo, la dirección y el RUT se eliminan 2 años después de su solicitud ya respondida; lo "
        "publicado se conserva como ordena la ley (plazo por confirmar con Asesoría Jurídica).",
    },
    {
        "key": "solicitud-acceso",
        "title": "Aviso de privacidad: solicitud de acceso a la información",
        "processing": "transparency.AccessRequest",
        "purpose": "Tramitar y responder su solicitud dentro de plazo y notificarle; estadísticas sin su identidad.",
        "legal_basis": "Ley N° 20.285, arts. 12 a 17 (obligación legal). Lo que pide y la respuesta se publican sin "
        "sus datos.",
        "retention": "Su nombre, correo y dirección se anonimizan 2 años después del plazo legal de la solicitud "
        "cerrada (plazo por confirmar con Asesoría Jurídica).",
    },
    {
        "key": "derechos-datos",
        "title": "Aviso de privacidad: ejercicio de derechos",
        "processing": "dataprotection.DataSubjectRequest",
        "purpose": "Buscar sus datos, responder su solicitud dentro de plazo y acreditar que se respondió.",
        "legal_basis": "Ley N° 21.719 (derechos del titular y deber de responder).",
        "retention": "Se anonimiza 2 años después de respondida (plazo por confirmar con Asesoría Jurídica).",
    },
]


def seed(apps, schema_editor):
    RetentionRule = apps.get_model("dataprotection", "RetentionRule")
    RightsRules = apps.get_model("dataprotection", "RightsRules")
    PrivacyNotice = apps.get_model("dataprotection", "PrivacyNotice")
    for processing, months, action, reference, notes in RULES:
        RetentionRule.objects.get_or_create(
            processing=processing,
            defaults={"months": months, "action": action, "legal_reference": reference, "notes": notes},
        )
    if not RightsRules.objects.exists():
        RightsRules.objects.create()
    for notice in NOTICES:
        PrivacyNotice.objects.get_or_create(
            key=notice["key"], defaults={**notice, "controller": CONTROLLER, "rights": RIGHTS}
        )


class Migration(migrations.Migration):
    dependencies = [("dataprotection", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
