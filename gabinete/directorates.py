"""The 22 directorates of the seed regulation (docs/seed/funciones-gabinete.txt), names verbatim.

(slug, name, short name). Slugs are stable identifiers used in URLs and imports: never change them.
"""

DIRECTORATES = [
    ("administracion-municipal", "Administración Municipal", "Administración Municipal"),
    ("administracion-y-finanzas", "Dirección de Administración y Finanzas", "Administración y Finanzas"),
    ("aseo", "Dirección de Aseo", "Aseo"),
    ("asesoria-juridica", "Dirección de Asesoría Jurídica", "Asesoría Jurídica"),
    ("cultura-arte-y-patrimonio", "Dirección de Cultura, Arte y Patrimonio", "Cultura, Arte y Patrimonio"),
    ("desarrollo-comunitario", "Dirección de Desarrollo Comunitario", "Desarrollo Comunitario"),
    ("desarrollo-del-turismo", "Dirección de Desarrollo del Turismo", "Desarrollo del Turismo"),
    ("gabinete-de-alcaldia", "Dirección de Gabinete de Alcaldía", "Gabinete de Alcaldía"),
    ("gestion-de-personas", "Dirección de Gestión de Personas", "Gestión de Personas"),
    (
        "gestion-del-riesgo-de-desastres",
        "Dirección de Gestión del Riesgo de Desastres",
        "Gestión del Riesgo de Desastres",
    ),
    ("inspeccion-general", "Dirección de Inspección General", "Inspección General"),
    ("medio-ambiente-y-ornato", "Dirección de Medio Ambiente y Ornato", "Medio Ambiente y Ornato"),
    ("obras-municipales", "Dirección de Obras Municipales", "Obras Municipales"),
    ("operaciones", "Dirección de Operaciones", "Operaciones"),
    ("secretaria-comunal-de-planificacion", "Dirección de Secretaría Comunal de Planificación", "SECOPLAN"),
    ("secretaria-municipal", "Dirección de Secretaría Municipal", "Secretaría Municipal"),
    ("seguridad-ciudadana", "Dirección de Seguridad Ciudadana", "Seguridad Ciudadana"),
    ("seguridad-publica", "Dirección de Seguridad Pública", "Seguridad Pública"),
    (
        "salud-educacion-e-incorporados",
        "Dirección de Servicio de Salud, Educación y demás incorporados en la Gestión Municipal",
        "Salud, Educación e Incorporados",
    ),
    ("tecnologia-de-informacion", "Dirección de Tecnología de Información", "Tecnología de Información"),
    ("transito-y-transporte-publico", "Dirección de Tránsito y Transporte Público", "Tránsito y Transporte Público"),
    ("control", "Director (s) de Control", "Control"),
]


def ensure_directorates() -> None:
    """Create or update the 22 directorates (the data migration, and tests that flush the database)."""
    from .models import Directorate

    for order, (slug, name, short_name) in enumerate(DIRECTORATES, start=1):
        Directorate.objects.update_or_create(
            slug=slug, defaults={"name": name, "short_name": short_name, "order": order}
        )
