"""The grounds to deny access (Ley 20.285 art. 21, and the opposition of art. 20) as shipped: Jurídica
keeps them in the admin afterwards. Written by the access requests' migration, and again by the demo
and the tests after a transactional test emptied the database (as the catalogue and the directorates)."""

#: The grounds to deny access (Ley 20.285 art. 21, and the opposition of art. 20), as Jurídica will keep them.
GROUNDS = [
    (
        "art21-1a",
        "Art. 21 N° 1 letra a)",
        "Afecta el debido cumplimiento de las funciones del órgano: antecedentes "
        "necesarios para defensas jurídicas y judiciales, o para la prevención, investigación o persecución de un crimen "
        "o simple delito.",
    ),
    (
        "art21-1b",
        "Art. 21 N° 1 letra b)",
        "Afecta el debido cumplimiento de las funciones del órgano: antecedentes o "
        "deliberaciones previas a la adopción de una resolución, medida o política.",
    ),
    (
        "art21-1c",
        "Art. 21 N° 1 letra c)",
        "Afecta el debido cumplimiento de las funciones del órgano: requerimiento de "
        "carácter genérico, referido a un elevado número de actos o documentos, cuya atención distrae indebidamente a "
        "los funcionarios de sus labores habituales.",
    ),
    (
        "art21-2",
        "Art. 21 N° 2",
        "Afecta los derechos de las personas: su seguridad, su salud, la esfera de su vida "
        "privada o derechos de carácter comercial o económico.",
    ),
    (
        "art21-3",
        "Art. 21 N° 3",
        "Afecta la seguridad de la Nación: la defensa nacional o la mantención del orden "
        "público o la seguridad pública.",
    ),
    (
        "art21-4",
        "Art. 21 N° 4",
        "Afecta el interés nacional: la salud pública, las relaciones internacionales o los "
        "intereses económicos o comerciales del país.",
    ),
    (
        "art21-5",
        "Art. 21 N° 5",
        "Documentos, datos o informaciones que una ley de quórum calificado declaró reservados o secretos.",
    ),
    (
        "art20-oposicion",
        "Art. 20",
        "Oposición del tercero cuyos derechos podrían verse afectados (la entrega queda "
        "impedida salvo resolución del Consejo para la Transparencia).",
    ),
]


def seed_grounds(DenialGround) -> None:
    """Create the shipped grounds that are missing; an existing ground (edited by Jurídica) is kept."""
    for order, (code, reference, text) in enumerate(GROUNDS, start=1):
        DenialGround.objects.get_or_create(code=code, defaults={"order": order, "reference": reference, "text": text})


def ensure_grounds() -> None:
    from .models import DenialGround

    seed_grounds(DenialGround)
